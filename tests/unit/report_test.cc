// The HTML report: self-contained (no external resource), and a per-org
// report (--split-by-org) holds nothing of any other organisation -- no
// name, no host, no infrastructure only others used.
#include <gtest/gtest.h>

#include <set>

#include <fmt/format.h>

#include "detect/registry.h"
#include "hunt/hunt.h"
#include "report/html_report.h"
#include "sim/simulate.h"
#include "test_util.h"
#include "world_util.h"

namespace dragnet {
namespace {

TEST(HtmlReport, SelfContainedAndPerOrgReportsHoldNothingOfOtherOrgs) {
  testing::TempDir t;
  SimulateOptions sim = testing::SmallWorld(t.path(), 12, 24, 5);
  ASSERT_TRUE(Simulate(sim).ok());
  HuntOptions o;
  o.threads = 2;
  o.intel_paths = {sim.out_dir + "/intel"};
  auto report = testing::HuntRoot(sim.out_dir, o);
  ASSERT_NE(report, nullptr);
  const HuntReport& r = *report;
  ASSERT_FALSE(r.campaigns.empty());

  std::string all = HtmlReport(r);
  // Offline: no scheme-qualified resource is loaded (links in text are escaped data, not src/href).
  EXPECT_EQ(all.find("src=\"http"), std::string::npos);
  EXPECT_EQ(all.find("href=\"http"), std::string::npos);
  EXPECT_EQ(all.find("@import"), std::string::npos);
  EXPECT_NE(all.find("class=\"graph\""), std::string::npos);

  // What each org's findings name.
  std::map<std::string, std::set<std::string>> names_of;
  for (const Finding& f : r.findings)
    for (const auto& i : f.indicators) names_of[f.org].insert(i);
  for (const auto& mine : r.orgs) {
    HtmlReportOptions ho;
    ho.only_org = mine.name;
    std::string page = HtmlReport(r, ho);
    std::set<std::string> own = names_of[mine.name];
    for (const auto& other : r.orgs) {
      if (other.name == mine.name) continue;
      if (mine.name.find(other.name) == std::string::npos) {
        EXPECT_EQ(page.find(other.name), std::string::npos) << other.name << " in " << mine.name << "'s report";
      }
      for (const auto& value : names_of[other.name]) {
        if (own.count(value)) continue;  // shared infrastructure this org's own findings name too
        auto ip = Ip::Parse(value);
        if (ip && ip->IsPrivate()) continue;  // address plans overlap: its own hosts may carry the same text
        if (value.size() < 6) continue;
        // A kill chain's stage labels are detector names, which every report's data health lists.
        auto names = RegisteredDetectorNames();
        if (std::find(names.begin(), names.end(), value) != names.end()) continue;
        EXPECT_EQ(page.find(value), std::string::npos) << value << " (" << other.name << ") in " << mine.name;
      }
    }
  }
}


Finding Made(const std::string& org, const char* host, double score, const std::string& summary) {
  Finding f;
  f.org = org;
  f.host = *Ip::Parse(host);
  f.detector = "dns_tunnel";
  f.score = score;
  f.summary = summary;
  f.evidence_json = R"({"queries_over_time":{"bin_seconds":60,"start":1714953600,"counts":[3,0,5]}})";
  return f;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, KeepsTheHighestScoresAndDrawsTheirEvidence) {
  HuntReport r;
  // "a-org" sorts first but scores lowest: neither alphabetical order nor
  // table order decides what is kept or detailed.
  for (int i = 0; i < 5; ++i) r.findings.push_back(Made("a-org", "10.0.0.1", 0.1, fmt::format("low-{}", i)));
  r.findings.push_back(Made("z-org", "10.0.0.2", 0.9, "high-one"));
  r.findings.push_back(Made("z-org", "10.0.0.3", 0.8, "high-two"));
  HtmlReportOptions o;
  o.max_rows = 4;
  o.max_detailed = 1;
  std::string page = HtmlReport(r, o);
  EXPECT_NE(page.find("7 findings (the 4 highest-scoring shown"), std::string::npos);
  EXPECT_NE(page.find("high-one"), std::string::npos);
  EXPECT_NE(page.find("high-two"), std::string::npos);
  std::string tables = page.substr(page.find("id=\"organisations\""));
  EXPECT_EQ(Count(tables, "low-"), 2u);  // two of the five lowest fill the cap
  // The most urgent organisation comes first, in "act first" and in the sections.
  EXPECT_LT(page.find("href=\"#org-z-org\""), page.find("href=\"#org-a-org\""));
  EXPECT_LT(tables.find("id=\"org-z-org\""), tables.find("id=\"org-a-org\""));
  EXPECT_EQ(Count(page, "<details>"), 1u);
  size_t details = page.find("<details>");
  EXPECT_LT(page.find("high-one"), details);
  EXPECT_LT(details, page.find("high-two"));
  // The DNS query timeline is drawn, labelled with its bin width.
  EXPECT_NE(page.find("queries per minute"), std::string::npos);
}

}  // namespace
}  // namespace dragnet
