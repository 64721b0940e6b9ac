// Data health per organisation (issue 15, item 3): which detectors can run on
// the log types that arrived, the console's short block naming only the orgs
// that need a look, and the report's sections naming only an org's own data.
// The hunt's run.json `health` is pinned by tests/golden/data_health.
#include <gtest/gtest.h>

#include <cstdio>

#include "detect/detector.h"
#include "hunt/hunt.h"
#include "report/health_report.h"
#include "report/html_report.h"

namespace dragnet {
namespace {

std::map<std::string, LogHealth> Arrived(std::initializer_list<const char*> logs) {
  std::map<std::string, LogHealth> out;
  for (const char* l : logs) out[l].records = 10;
  return out;
}

DetectorSpec Spec(std::vector<std::string> required, std::vector<std::string> optional) {
  DetectorSpec s;
  s.name = "d";
  s.logs_required = std::move(required);
  s.logs_optional = std::move(optional);
  s.without_logs = "What it misses.";
  return s;
}

TEST(Health, CoverageFromTheSpecsLogs) {
  DetectorSpec needs_conn = Spec({"conn"}, {"ssl"});
  EXPECT_EQ(CoverageOf(needs_conn, Arrived({"conn", "ssl"})).coverage, Coverage::kFull);
  DetectorCoverage partial = CoverageOf(needs_conn, Arrived({"conn"}));
  EXPECT_EQ(partial.coverage, Coverage::kPartial);
  EXPECT_EQ(partial.why, "without ssl. What it misses.");
  DetectorCoverage none = CoverageOf(needs_conn, Arrived({"ssl", "dns"}));
  EXPECT_EQ(none.coverage, Coverage::kNone);
  EXPECT_EQ(none.why, "needs conn, which did not arrive. What it misses.");
  EXPECT_EQ(none.lacking, std::vector<std::string>{"conn"});
  DetectorSpec any_of = Spec({}, {"conn", "ldap"});
  EXPECT_EQ(CoverageOf(any_of, Arrived({"ldap_search"})).coverage, Coverage::kPartial);  // ldap served by ldap_search
  EXPECT_EQ(CoverageOf(any_of, Arrived({"dns"})).why, "needs one of conn, ldap, none arrived. What it misses.");
  // A log that arrived with malformed lines only did not arrive.
  std::map<std::string, LogHealth> broken;
  broken["conn"].malformed = 5;
  EXPECT_EQ(CoverageOf(needs_conn, broken).coverage, Coverage::kNone);
  EXPECT_TRUE(LogServes("ldap_search", "ldap"));
  EXPECT_FALSE(LogServes("ldapx", "ldap"));
  EXPECT_FALSE(LogServes("dns", "dhcp"));
}

FileResult File(const std::string& org, const std::string& log) {
  FileResult f{org + "/" + log + ".log", org, {}};
  f.stats.log_path = log;
  f.stats.records = 5;
  return f;
}

// A protocol's own log (rdp) is written only when the protocol was used: its
// absence is no fault; a traffic-wide one (ssl) most orgs sent is missing.
TEST(Health, MissingMeansTheBaseAndTrafficWideLogsOnly) {
  std::vector<FileResult> files = {File("a", "conn"), File("a", "dns"), File("a", "ssl"), File("a", "rdp"),
                                   File("b", "conn"), File("b", "dns"), File("b", "ssl"), File("b", "rdp"),
                                   File("c", "conn"), File("c", "dns"), File("d", "ssl")};
  HealthObserver times(4);
  DetectorSpec rdp_reader = Spec({"rdp"}, {});
  auto health = BuildHealth({"a", "b", "c", "d"}, files, times, {&rdp_reader});
  ASSERT_EQ(health.size(), 4u);
  EXPECT_TRUE(health[0].missing.empty());
  EXPECT_EQ(health[2].missing, std::vector<std::string>{"ssl"});
  EXPECT_EQ(health[3].missing, (std::vector<std::string>{"conn", "dns"}));
  ASSERT_EQ(health[2].detectors.size(), 1u);
  EXPECT_EQ(health[2].detectors[0].coverage, Coverage::kNone);  // said in its coverage...
  EXPECT_FALSE(health[2].detectors[0].for_missing);              // ...not as a fault
}

OrgHealth Org(const std::string& name, std::vector<std::string> missing, std::vector<DataGap> gaps) {
  OrgHealth h;
  h.org = name;
  h.swept = true;
  h.logs = Arrived({"dns", "ssl"});
  h.missing = std::move(missing);
  h.gaps = std::move(gaps);
  DetectorCoverage none{"failed_c2", Coverage::kNone, "needs conn, which did not arrive.", {"conn"}, true};
  DetectorCoverage unrelated{"encryption", Coverage::kNone, "needs smb_files, which did not arrive.", {"smb_files"}, false};
  h.detectors = {none, unrelated};
  return h;
}

std::string Console(const std::vector<OrgHealth>& health) {
  std::FILE* f = std::tmpfile();
  PrintHealthSummary(f, health);
  std::rewind(f);
  std::string out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  std::fclose(f);
  return out;
}

TEST(Health, ConsoleNamesOnlyTheOrgsThatNeedALook) {
  constexpr int64_t kHour = 3'600'000'000;
  int64_t t0 = 1704067200LL * 1'000'000;
  OrgHealth whole = Org("whole", {}, {});
  std::vector<OrgHealth> health = {Org("nossl", {"conn"}, {}), whole, Org("holey", {}, {{t0 + 2 * kHour, t0 + 7 * kHour}})};
  health[2].detectors.clear();
  std::string out = Console(health);
  EXPECT_NE(out.find("data health: 2 of 3 swept orgs need a look"), std::string::npos) << out;
  EXPECT_NE(out.find("  nossl: no conn; so cannot run: failed_c2\n"), std::string::npos) << out;  // not encryption
  EXPECT_NE(out.find("  holey: 5 h without a record from 2024-01-01T02:00:00Z\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("whole"), std::string::npos) << out;
  EXPECT_EQ(Console({whole}),
            "data health: 1 swept org, none lacks a log type that matters or has a gap of 2 h or more\n");
}

TEST(Health, ReportSectionsNameOnlyTheOrgsOwnData) {
  HuntReport r;
  r.health = {Org("acme", {"conn"}, {}), Org("globex", {}, {})};
  r.health[1].logs["rdp"].records = 3;
  std::string all = HtmlReport(r);
  EXPECT_NE(all.find("<section id=\"health\"><h2>Data health</h2>"), std::string::npos);
  EXPECT_NE(all.find("id=\"health-acme\""), std::string::npos);
  EXPECT_NE(all.find("<b>Missing log types:</b> conn"), std::string::npos);
  EXPECT_NE(all.find("<th data-num=\"1\">rdp</th>"), std::string::npos);
  HtmlReportOptions only;
  only.only_org = "acme";
  std::string page = HtmlReport(r, only);
  EXPECT_NE(page.find("id=\"health-acme\""), std::string::npos);
  EXPECT_EQ(page.find("globex"), std::string::npos);
  EXPECT_EQ(page.find(">rdp<"), std::string::npos);  // a log type only another org has
}

}  // namespace
}  // namespace dragnet
