// The behavioural state under its cap (issue items 4 and 5): outputs are
// byte-identical whatever the threads, capped or not, and one organisation
// flooding unique keys takes nothing from the others' analysis.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "core/file_io.h"
#include "hunt/orgs.h"
#include "report/html_report.h"
#include "report/run_report.h"
#include "report/stix_bundle.h"
#include "test_util.h"
#include "world_util.h"

namespace dragnet {
namespace {

// What a hunt publishes: findings.jsonl, campaigns.json, stix-bundle.json.
std::string Outputs(const HuntReport& r, const std::string& dir) {
  std::string path = dir + "/findings.jsonl";
  EXPECT_TRUE(WriteFindingsJsonl(path, r.findings).ok());
  return testing::ReadWhole(path) + "\n--\n" + CampaignsJson(r.campaigns) + "\n--\n" +
         StixBundle(r.findings, r.campaigns);
}

std::unique_ptr<HuntReport> Hunt(const std::vector<std::string>& roots, int threads, uint64_t cap,
                                 bool affinity = true) {
  auto orgs = DiscoverOrgs(roots, {}, {});
  EXPECT_TRUE(orgs.ok()) << orgs.status().message();
  if (!orgs.ok()) return nullptr;
  HuntOptions options;
  options.orgs = *orgs;
  options.threads = threads;
  options.org_affinity = affinity;
  options.aggregates.memory_cap_bytes = cap;
  Diagnostics diag(false);
  auto report = RunHunt(options, diag);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? std::move(*report) : nullptr;
}

// Empty when equal, else the first differing line of each (failures stay readable).
std::string Diff(const std::string& a, const std::string& b) {
  if (a == b) return "";
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  auto line = [&](const std::string& s) {
    size_t begin = s.rfind('\n', at == 0 ? 0 : at - 1);
    begin = begin == std::string::npos ? 0 : begin + 1;
    size_t from = std::max(begin, at > 300 ? at - 300 : 0);
    return s.substr(begin, 80) + " ... " + s.substr(from, 400);
  };
  return "first difference:\n  " + line(a) + "\nvs\n  " + line(b);
}

uint64_t Held(const HuntReport& r) {
  uint64_t n = 0;
  for (const OrgStateReport& o : r.state.orgs) n += o.held_bytes;
  return n;
}

// Item 4: 1, 2 and 4 threads, each four times (twice with and twice without
// org affinity, i.e. adopted and merged states), uncapped and with a cap a third of what
// the world needs: the three outputs are byte-identical within each cap.
TEST(StateCap, OutputsAreByteIdenticalWhateverTheThreads) {
  testing::TempDir t;
  SimulateOptions sim = testing::SmallWorld(t.path(), 6, 6, 11);
  ASSERT_TRUE(Simulate(sim).ok());
  const uint64_t kUncapped = uint64_t{1} << 30;
  auto base = Hunt({sim.out_dir}, 1, kUncapped);
  ASSERT_TRUE(base);
  EXPECT_TRUE(base->state.incomplete().empty());
  EXPECT_EQ(base->state.dropped(), base->state.samples_dropped);
  // A third of the state the world needs, as the org part of the cap.
  const uint64_t capped = Held(*base) / 3 / 7 * 8;
  for (uint64_t cap : {kUncapped, capped}) {
    std::string first;
    std::unique_ptr<HuntReport> reference;
    for (int threads : {1, 2, 4})
      for (int run = 0; run < 4; ++run) {
        bool affinity = run % 2 == 0;
        auto r = Hunt({sim.out_dir}, threads, cap, affinity);
        ASSERT_TRUE(r);
        std::string out = Outputs(*r, t.path());
        if (first.empty()) {
          first = out;
          reference = std::move(r);
          continue;
        }
        EXPECT_EQ(Diff(out, first), "") << "cap " << cap << ", " << threads << " threads, run " << run;
        // Drops are part of the promise too: the same per org.
        ASSERT_EQ(r->state.orgs.size(), reference->state.orgs.size());
        for (size_t o = 0; o < r->state.orgs.size(); ++o) {
          EXPECT_EQ(r->state.orgs[o].level, reference->state.orgs[o].level);
          EXPECT_EQ(r->state.orgs[o].held_bytes, reference->state.orgs[o].held_bytes);
          EXPECT_EQ(r->state.orgs[o].drops.total(), reference->state.orgs[o].drops.total());
        }
      }
    if (cap == capped) {
      // The cap bit: some org was sampled, and its records counted.
      EXPECT_FALSE(reference->state.incomplete().empty());
      EXPECT_GT(reference->state.pairs_refused + reference->state.domains_refused, 0u);
      EXPECT_LE(Held(*reference), OrgStateCap(cap));
    }
  }
}

// A junk org: `pairs` connections from one host to as many unique external
// addresses, and `names` queries of as many unique registered domains.
void WriteJunkOrg(const std::string& dir, int pairs, int names) {
  const char* kHead = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n";
  std::string conn = std::string(kHead) +
                     "#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration"
                     "\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\n#types\ttime\tstring\taddr\tport\taddr"
                     "\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\n";
  uint64_t x = 88172645463325252ull;
  auto next = [&] {  // xorshift: the same junk every run
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int i = 0; i < pairs; ++i) {
    uint32_t a = static_cast<uint32_t>(next());
    conn += fmt::format("{}.000000\tCJ{}\t10.9.{}.{}\t40000\t{}.{}.{}.{}\t443\ttcp\t-\t1.0\t100\t200\tSF\tT\tF\n",
                        1714953600 + i % 20000, i, (i >> 8) & 3, i & 255, 100 + (a >> 24) % 100, (a >> 16) & 255,
                        (a >> 8) & 255, a & 255);
  }
  std::string dns = std::string(kHead) +
                    "#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype\tqtype_name"
                    "\trcode\trcode_name\tanswers\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tstring"
                    "\tcount\tstring\tvector[string]\n";
  for (int i = 0; i < names; ++i)
    dns += fmt::format("{}.000000\tDJ{}\t10.9.0.{}\t50000\t10.9.0.2\t53\tudp\tw{:x}.junk{:x}.com\t1\tA\t0\tNOERROR\t-\n",
                       1714953600 + i % 20000, i, i & 255, next() & 0xffff, next());
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(WriteFile(dir + "/conn.log", conn).ok());
  ASSERT_TRUE(WriteFile(dir + "/dns.log", dns).ok());
}

// The findings of every org but `skip`, as findings.jsonl lines.
std::string FindingsOf(const HuntReport& r, const std::string& skip, const std::string& dir) {
  std::vector<Finding> kept;
  for (const Finding& f : r.findings)
    if (f.org != skip) kept.push_back(f);
  std::string path = dir + "/kept.jsonl";
  EXPECT_TRUE(WriteFindingsJsonl(path, kept).ok());
  return testing::ReadWhole(path);
}

// Item 5: five real orgs hunted alone (uncapped), then with a junk org
// flooding unique destinations and names under a cap the real orgs fit in
// many times over but the junk does not: the real orgs lose nothing, the
// junk org is sampled, and run.json, the console and the report say so.
TEST(StateCap, OneOrgCannotStarveTheOthers) {
  testing::TempDir t;
  SimulateOptions sim = testing::SmallWorld(t.path(), 5, 6, 7);
  ASSERT_TRUE(Simulate(sim).ok());
  std::string junk_root = t.path() + "/junk";
  WriteJunkOrg(junk_root + "/zz-junk", 120000, 120000);
  const uint64_t kUncapped = uint64_t{1} << 30;
  auto alone = Hunt({sim.out_dir}, 2, kUncapped);
  auto whole = Hunt({sim.out_dir, junk_root}, 2, kUncapped);  // the same input, nothing dropped
  ASSERT_TRUE(alone && whole);
  ASSERT_FALSE(alone->findings.empty());
  EXPECT_TRUE(whole->state.incomplete().empty());
  uint64_t largest = 0;
  for (const OrgStateReport& o : alone->state.orgs) largest = std::max(largest, o.held_bytes);
  // Each of the 6 orgs' equal share is twice the largest real org's need;
  // the junk org needs far more (about 120k pairs and 120k domains).
  const uint64_t cap = largest * 2 * 6 / 7 * 8;
  // What each real org is found to have done (not the scores: those count
  // the orgs hunted, "of_orgs").
  auto what = [](const HuntReport& r) {
    std::set<std::string> out;
    for (const Finding& f : r.findings)
      if (f.org != "zz-junk") out.insert(f.org + " " + f.host.ToString() + " " + f.detector + " " + f.summary.substr(0, 40));
    return out;
  };
  std::string first;  // all outputs, the junk org's too: the same whatever the threads
  for (int threads : {1, 2, 4}) {
    auto both = Hunt({sim.out_dir, junk_root}, threads, cap);
    ASSERT_TRUE(both);
    std::string out = Outputs(*both, t.path());
    if (first.empty()) first = out;
    EXPECT_EQ(Diff(out, first), "") << threads << " threads";
    // The cap took nothing from the real orgs: their findings are those of
    // the uncapped hunt of the same input, byte for byte...
    EXPECT_EQ(Diff(FindingsOf(*both, "zz-junk", t.path()), FindingsOf(*whole, "zz-junk", t.path())), "")
        << threads << " threads";
    EXPECT_EQ(Diff(CampaignsJson(both->campaigns), CampaignsJson(whole->campaigns)), "");
    // ... and each real org still has every finding it had when hunted
    // without the junk org.
    std::set<std::string> now = what(*both);
    for (const std::string& f : what(*alone)) EXPECT_TRUE(now.contains(f)) << f << " lost with the junk org";
    // Only the junk org is incomplete, with its drops counted.
    std::vector<const OrgStateReport*> incomplete = both->state.incomplete();
    ASSERT_EQ(incomplete.size(), 1u);
    EXPECT_EQ(incomplete[0]->org, "zz-junk");
    EXPECT_GT(incomplete[0]->drops.ip_pair_records, 0u);
    EXPECT_GT(incomplete[0]->drops.dns_queries, 0u);
    for (const OrgStateReport& o : both->state.orgs) {
      if (o.org != "zz-junk") {
        EXPECT_EQ(o.drops.total(), o.drops.samples) << o.org;
      }
    }
    if (threads != 2) continue;
    Diagnostics diag(false);
    std::string run_json = RunJson(*both, diag);
    EXPECT_NE(run_json.find(fmt::format("{{\"org\":\"zz-junk\",\"incomplete\":true")), std::string::npos) << run_json;
    EXPECT_NE(run_json.find(fmt::format("\"pair_records\":{}", incomplete[0]->drops.ip_pair_records)), std::string::npos);
    EXPECT_NE(run_json.find(fmt::format("\"dns_queries\":{}", incomplete[0]->drops.dns_queries)), std::string::npos);
    EXPECT_EQ(run_json.find("\"incomplete\":true", run_json.find("\"incomplete\":true") + 1), std::string::npos)
        << "one org incomplete";
    std::string console_path = t.path() + "/console.txt";
    std::FILE* f = std::fopen(console_path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    PrintConsoleSummary(f, *both, diag);
    std::fclose(f);
    std::string console = testing::ReadWhole(console_path);
    EXPECT_NE(console.find("incomplete: zz-junk passed its fair share of the state cap"), std::string::npos) << console;
    std::string html = HtmlReport(*both);
    EXPECT_NE(html.find("Incomplete analysis of zz-junk:"), std::string::npos);
    HtmlReportOptions other;
    other.only_org = both->state.orgs.front().org;
    EXPECT_EQ(HtmlReport(*both, other).find("Incomplete analysis"), std::string::npos) << "not in another org's report";
  }
}

}  // namespace
}  // namespace dragnet

#include "detect/dga/dga_score.h"

namespace dragnet {
namespace {

// A dns.log of NXDOMAIN queries: (host, name) per line.
std::string DnsLog(const std::vector<std::pair<std::string, std::string>>& queries) {
  std::string out =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n#fields\tts\tuid\t"
      "id.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype\tqtype_name\trcode\trcode_name\tanswers\n"
      "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tstring\tcount\tstring\tvector[string]\n";
  for (size_t i = 0; i < queries.size(); ++i)
    out += fmt::format("{}.000000\tD{}\t{}\t50000\t10.0.0.2\t53\tudp\t{}\t1\tA\t3\tNXDOMAIN\t-\n", 1714953600 + i, i,
                       queries[i].first, queries[i].second);
  return out;
}

// Item 4, the DGA detector: a host's mean label score is exactly halfway
// between two printed values (label scores are rounded to 1/1000, 40 of
// them sum to an odd number of 1/2000s), so a floating-point sum in
// hash-map order rounds either way. The same org hunted alone and beside
// orgs of other sizes (other table capacities, so other iteration orders)
// must print the same evidence and score.
TEST(StateCap, DgaMeanDoesNotDependOnHashOrder) {
  // Random labels of letters and digits, scored; pick 40 DGA-like ones whose scores sum
  // to k/1000 with k = 20 (mod 40): the mean is then x.xxx5 exactly.
  uint64_t x = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  std::vector<std::pair<std::string, long>> pool;  // label, score in 1/1000
  while (pool.size() < 4000) {
    std::string label;
    size_t length = 7 + next() % 10;
    for (size_t i = 0; i < length; ++i) label += "abcdefghijklmnopqrstuvwxyzetaoin0123456789"[next() % 42];
    double s = dga::LabelScore(dga::Features(label));
    if (s >= 0.7) pool.emplace_back(label, std::lround(s * 1000));
  }
  // Eight hosts, each with its own 40 domains: eight chances for an order
  // to round the other way.
  std::vector<std::pair<std::string, std::string>> dga;
  for (size_t host = 0; host < 8; ++host) {
    std::vector<std::string> chosen;
    long sum = 0;
    size_t i = host * 300;
    for (; chosen.size() < 39; ++i) {
      chosen.push_back(pool[i].first);
      sum += pool[i].second;
    }
    for (; i < pool.size() && chosen.size() < 40; ++i)
      if ((sum + pool[i].second) % 40 == 20) chosen.push_back(pool[i].first);
    ASSERT_EQ(chosen.size(), 40u);
    for (const std::string& l : chosen) dga.emplace_back(fmt::format("10.0.0.{}", 7 + host), l + ".com");
  }
  testing::TempDir t;
  t.Write("a/acme/dns.log", DnsLog(dga));
  std::string reference;
  for (int filler : {0, 7, 60, 300, 1500, 5000}) {
    std::vector<std::pair<std::string, std::string>> other;
    for (int i = 0; i < filler; ++i) other.emplace_back("10.1.0.9", fmt::format("www.site{}.org", i));
    std::vector<std::string> roots = {t.path() + "/a"};
    if (filler) {
      t.Write(fmt::format("f{}/filler/dns.log", filler), DnsLog(other));
      roots.push_back(t.path() + fmt::format("/f{}", filler));
    }
    for (int threads : {1, 2}) {
      auto r = Hunt(roots, threads, uint64_t{1} << 30);
      ASSERT_TRUE(r);
      std::string found;
      for (const Finding& f : r->findings)
        if (f.detector == "dga") found += fmt::format("{} {}\n", f.score, f.evidence_json.substr(0, 90));
      ASSERT_EQ(std::count(found.begin(), found.end(), '\n'), 8);
      if (reference.empty()) reference = found;
      EXPECT_EQ(found, reference) << filler << " filler domains, " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace dragnet
