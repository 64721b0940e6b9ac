// failed_c2: steady unanswered attempts to one rare external address.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/failed_c2/failed_c2_detector.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

TEST(FailedC2Score, GatesAndWeights) {
  FailedC2Params p;
  FailedC2Input steady{600, 600, 3600, 1.0, false};
  EXPECT_DOUBLE_EQ(FailedC2Score(steady, p), 0.85);  // full volume, full coverage, odd port
  FailedC2Input web = steady;
  web.usual_web_port = true;
  EXPECT_DOUBLE_EQ(FailedC2Score(web, p), 0.7);
  FailedC2Input few = steady;
  few.attempts = few.connections = 19;
  EXPECT_EQ(FailedC2Score(few, p), 0);
  FailedC2Input answered = steady;
  answered.connections = 700;  // 600 of 700 unanswered: under 0.9
  EXPECT_EQ(FailedC2Score(answered, p), 0);
  FailedC2Input burst = steady;
  burst.span_seconds = 60;
  EXPECT_EQ(FailedC2Score(burst, p), 0);
  FailedC2Input bunched = steady;
  bunched.coverage = 0.3;
  EXPECT_EQ(FailedC2Score(bunched, p), 0);
  FailedC2Input minimal{20, 20, 300, 0.5, false};
  EXPECT_DOUBLE_EQ(FailedC2Score(minimal, p), 0.625);  // 0.4 + 0 volume + 0.075 + 0.15
}

TEST(FailedC2Score, SteadyKnockScalesWithTheRate) {
  FailedC2Params p;
  FailedC2Input fast{719, 719, 498, 1.0, false};  // slips test18: every 0.69 s for 8.3 min
  EXPECT_TRUE(IsSteadyKnock(fast, p));
  FailedC2Input slow{100, 100, 3000, 0.9, false};  // every 30 s for 50 min
  EXPECT_TRUE(IsSteadyKnock(slow, p));
  FailedC2Input few = slow;
  few.attempts = few.connections = 99;  // 20 minutes of a 12 s retry: a finding, not yet specific
  EXPECT_GT(FailedC2Score(few, p), 0);
  EXPECT_FALSE(IsSteadyKnock(few, p));
  FailedC2Input web = fast;
  web.usual_web_port = true;  // blocked software retries on 80/443 too
  EXPECT_FALSE(IsSteadyKnock(web, p));
  FailedC2Input patchy = fast;
  patchy.coverage = 0.7;
  EXPECT_FALSE(IsSteadyKnock(patchy, p));
  FailedC2Input burst = fast;
  burst.span_seconds = 120;  // under min_span_seconds: no finding at all
  EXPECT_FALSE(IsSteadyKnock(burst, p));
}

TEST(FailedC2Score, CoverageOfTheSpan) {
  std::vector<uint32_t> steady;
  for (uint32_t t = 0; t <= 1000; t += 10) steady.push_back(t);
  EXPECT_DOUBLE_EQ(SpanCoverage(steady), 1.0);
  std::vector<uint32_t> two_bursts = {0, 1, 2, 3, 997, 998, 999, 1000};
  EXPECT_DOUBLE_EQ(SpanCoverage(two_bursts), 0.2);
  EXPECT_EQ(SpanCoverage({}), 0);
}

// conn.log fields with conn_state and proto.
const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},       {"uid", "string"},        {"id.orig_h", "addr"},   {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"},    {"proto", "enum"},       {"duration", "interval"},
    {"orig_bytes", "count"}, {"resp_bytes", "count"}, {"conn_state", "string"}};

using Row = std::vector<std::string>;

Row Conn(double ts, const std::string& orig, const std::string& resp, int port, const char* proto,
         const char* state) {
  bool answered = std::string_view(state) == "SF";
  return {fmt::format("{:.6f}", ts), fmt::format("C{}", static_cast<int64_t>(ts * 10)), orig,
          std::to_string(40000 + static_cast<int>(ts) % 20000), resp, std::to_string(port), proto,
          answered ? "1.5" : "-", answered ? "300" : "0", answered ? "900" : "0", state};
}

std::vector<Finding> HuntFailedC2(const std::vector<Row>& rows) {
  testing::TempDir dir;
  dir.Write("org/conn.log", testing::TsvLog("conn", kConn, rows));
  return testing::HuntOrg(dir.path() + "/org", {"failed_c2"});
}

TEST(FailedC2, SteadyKnockingOnADeadAddressIsFoundAndTheRestIsNot) {
  const double t0 = 1700000000;
  std::vector<Row> lines;
  for (int i = 0; i < 360; ++i) {
    double t = t0 + i * 10;
    lines.push_back(Conn(t, "10.0.0.5", "203.0.113.9", 4444, "tcp", "REJ"));    // the dead C2: 1 h, every 10 s
    lines.push_back(Conn(t + 1, "10.0.0.7", "198.51.100.3", 123, "udp", "S0"));  // blocked NTP over UDP
  }
  for (int i = 0; i < 50; ++i)
    lines.push_back(Conn(t0 + i * 0.5, "10.0.0.8", "192.0.2.44", 8443, "tcp", "S0"));  // a 25 s retry burst
  for (int i = 0; i < 120; ++i)  // a server that answers one time in five
    lines.push_back(Conn(t0 + i * 30, "10.0.0.9", "192.0.2.80", 9000, "tcp", i % 5 ? "S0" : "SF"));
  std::sort(lines.begin(), lines.end());
  auto findings = HuntFailedC2(lines);
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.host.ToString(), "10.0.0.5");
  EXPECT_EQ(f.indicators, std::vector<std::string>{"203.0.113.9"});
  EXPECT_EQ(f.attack, std::vector<std::string>{"T1571"});
  EXPECT_NE(f.summary.find("port 4444 360 times"), std::string::npos) << f.summary;
  EXPECT_NE(f.evidence_json.find("\"unanswered\":360"), std::string::npos) << f.evidence_json;
  EXPECT_TRUE(f.specific);  // 360 steady attempts on 4444 that no other host makes
  EXPECT_NE(f.evidence_json.find("\"steady\":true"), std::string::npos) << f.evidence_json;
}

TEST(FailedC2, AnAddressMostOfTheOrgKnocksOnIsSoftwareNotAnImplant) {
  const double t0 = 1700000000;
  std::vector<Row> lines;
  for (int h = 1; h <= 6; ++h)  // six hosts retry a blocked vendor endpoint alike
    for (int i = 0; i < 100; ++i)
      lines.push_back(Conn(t0 + i * 36 + h, fmt::format("10.0.1.{}", h), "192.0.2.200", 8883, "tcp", "S0"));
  std::sort(lines.begin(), lines.end());
  EXPECT_TRUE(HuntFailedC2(lines).empty());
}

TEST(FailedC2, RealRatWhoseC2Rejects) {
  std::string data = testing::SharedData();
  if (data.empty()) GTEST_SKIP() << "../shared/data absent";
  std::string dir = data + "/zeek/slips/test18-malicious-ctu-sme-11-win/zeek-labeled";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " absent";
  HuntOptions options;
  options.orgs = {OrgSource{"ctu", {dir}, {}, {}, {}}};
  options.detectors = {"failed_c2"};
  Diagnostics diag(false);
  auto report = RunHunt(options, diag);
  ASSERT_TRUE(report.ok()) << report.status().message();
  // The labelled infected Windows host retries its C2 (port 5888, REJ) ~700 times in 8 minutes.
  ASSERT_EQ((*report)->findings.size(), 1u);
  EXPECT_EQ((*report)->findings[0].host.ToString(), "192.168.1.107");
  EXPECT_EQ((*report)->findings[0].indicators[0], "66.63.168.35");
  EXPECT_TRUE((*report)->findings[0].specific);  // hundreds of attempts in minutes: a steady knock
}

}  // namespace
}  // namespace dragnet
