// exfiltration: with too little of an org's data there is no baseline of its
// routine uploads, and an upload without staging is reported low, saying so.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/exfiltration/exfiltration_detector.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

TEST(ExfiltrationBaseline, CapOnlyWithoutStagingAndWithTooLittleData) {
  ExfiltrationParams p;
  EXPECT_DOUBLE_EQ(ExfiltrationBaselineCap(0.8, 1200, false, p), 0.45);  // 20 minutes: capped
  EXPECT_DOUBLE_EQ(ExfiltrationBaselineCap(0.4, 1200, false, p), 0.4);   // never raised
  EXPECT_DOUBLE_EQ(ExfiltrationBaselineCap(0.8, 1200, true, p), 0.8);    // staging is evidence of its own
  EXPECT_DOUBLE_EQ(ExfiltrationBaselineCap(0.8, 43200, false, p), 0.45);  // half a day: still capped
  EXPECT_DOUBLE_EQ(ExfiltrationBaselineCap(0.8, 72000, false, p), 0.8);   // 20 hours: a baseline
}

const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},           {"uid", "string"},         {"id.orig_h", "addr"},     {"id.orig_p", "port"},
    {"id.resp_h", "addr"},    {"id.resp_p", "port"},     {"proto", "enum"},         {"service", "string"},
    {"duration", "interval"}, {"orig_bytes", "count"},   {"resp_bytes", "count"},   {"conn_state", "string"}};

using Row = std::vector<std::string>;

Row Conn(double ts, const std::string& orig, const std::string& resp, int port, uint64_t sent, uint64_t received) {
  return {fmt::format("{:.6f}", ts), fmt::format("C{}", static_cast<int64_t>(ts)), orig, "50000", resp,
          std::to_string(port), "tcp", "-", "300.0", std::to_string(sent), std::to_string(received), "SF"};
}

// A 1 GB upload to a destination nobody else uses at t0 + 30 min, among
// ordinary web traffic of a few hosts; `history_s` of earlier data before it;
// with `staging` the uploader first pulls 2 GB from a file server.
std::vector<Finding> Hunt(double history_s, bool staging) {
  const double t0 = 1714953600 + history_s;
  std::vector<Row> rows;
  for (int h = 0; h < 4; ++h)
    for (double t = t0 - history_s; t < t0 + 3600; t += 600)
      rows.push_back(Conn(t + h, fmt::format("10.0.1.{}", 10 + h), "192.0.2.80", 443, 20000, 400000));
  if (staging) rows.push_back(Conn(t0 + 600, "10.0.1.10", "10.0.0.20", 445, 30000000, 2000000000));
  rows.push_back(Conn(t0 + 1800, "10.0.1.10", "203.0.113.50", 443, 1000000000, 1000000));
  rows.push_back(Conn(t0 + 3600, "10.0.1.13", "192.0.2.80", 443, 20000, 400000));  // the data ends here
  std::sort(rows.begin(), rows.end());
  testing::TempDir dir;
  dir.Write("org/conn.log", testing::TsvLog("conn", kConn, rows));
  return testing::HuntOrg(dir.path() + "/org", {"exfiltration"}, "10.0.0.0/8");
}

TEST(ExfiltrationBaseline, AnHourOfDataIsNotEnoughToCallAnUploadUnusual) {
  auto all = Hunt(0, false);
  auto findings = testing::Of(all, "10.0.1.10", "exfiltration");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_LE(findings[0]->score, 0.45);
  EXPECT_EQ(findings[0]->severity, Severity::kLow);
  EXPECT_NE(findings[0]->summary.find("not enough data to judge it: 60 min of this org's logs"), std::string::npos)
      << findings[0]->summary;
  EXPECT_NE(findings[0]->evidence_json.find("\"short_baseline_s\":3600"), std::string::npos)
      << findings[0]->evidence_json;
}

TEST(ExfiltrationBaseline, TheSameUploadAfterADayOfRoutineIsMedium) {
  auto all = Hunt(20 * 3600, false);
  auto findings = testing::Of(all, "10.0.1.10", "exfiltration");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_GE(findings[0]->score, 0.5);
  EXPECT_EQ(findings[0]->summary.find("not enough data"), std::string::npos) << findings[0]->summary;
  EXPECT_EQ(findings[0]->evidence_json.find("short_baseline_s"), std::string::npos);
}

TEST(ExfiltrationBaseline, StagingIsEvidenceEvenInAShortWindow) {
  auto all = Hunt(0, true);
  auto findings = testing::Of(all, "10.0.1.10", "exfiltration");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_GE(findings[0]->score, 0.5);
  EXPECT_EQ(findings[0]->summary.find("not enough data"), std::string::npos) << findings[0]->summary;
}

}  // namespace
}  // namespace dragnet
