// Beacons in short windows (issue 15, item 2): the minimum span scales with
// the period, so half an hour of a 5-second implant is a schedule while half
// an hour of a 10-minute one is not.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/beacon/beacon_detector.h"
#include "detect/beacon/beacon_score.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using beacon::JudgeSpan;
using beacon::SpanVerdict;

TEST(BeaconSpan, MinimumSpanScalesWithThePeriod) {
  beacon::SpanRule r;  // 3600 s at any period; else >= 600 s, >= 60 periods, >= 60 connections
  EXPECT_EQ(JudgeSpan(1800, 5, 360, r), SpanVerdict::kShort);      // 30 min of a 5 s beacon
  EXPECT_EQ(JudgeSpan(1800, 600, 4, r), SpanVerdict::kTooShort);   // 30 min of a 10 min beacon: 3 check-ins
  EXPECT_EQ(JudgeSpan(1800, 29, 62, r), SpanVerdict::kShort);      // 60 periods of 29 s take 1,740 s: enough ...
  EXPECT_EQ(JudgeSpan(1800, 31, 60, r), SpanVerdict::kTooShort);   // ... 60 periods of 31 s take 1,860 s: not
  EXPECT_EQ(JudgeSpan(1800, 30, 60, r), SpanVerdict::kShort);      // exactly 60 periods and connections
  EXPECT_EQ(JudgeSpan(540, 1, 540, r), SpanVerdict::kTooShort);    // 9 min: under the 10 min floor
  EXPECT_EQ(JudgeSpan(1800, 5, 59, r), SpanVerdict::kTooShort);    // a period from too few connections
  EXPECT_EQ(JudgeSpan(1800, 0, 360, r), SpanVerdict::kTooShort);   // no period estimated
  EXPECT_EQ(JudgeSpan(3600, 600, 7, r), SpanVerdict::kFull);       // an hour qualifies at any period
  r.min_span_periods = 30;
  EXPECT_EQ(JudgeSpan(1800, 59, 31, r), SpanVerdict::kTooShort);   // the connection floor holds
}

TEST(BeaconSpan, InteractiveScheduleNeedsFastRegularAnsweredCheckIns) {
  beacon::Period fast{5, 0.05, 359, 359, 0, 1.0};
  EXPECT_TRUE(beacon::IsInteractiveSchedule(fast, 360, 0));
  EXPECT_FALSE(beacon::IsInteractiveSchedule(fast, 99, 0));     // under a hundred check-ins
  EXPECT_FALSE(beacon::IsInteractiveSchedule(fast, 360, 180));  // half unanswered: failed_c2's
  beacon::Period slow = fast;
  slow.period_s = 60;
  EXPECT_FALSE(beacon::IsInteractiveSchedule(slow, 360, 0));    // a minute is no operator's poll
  beacon::Period ragged = fast;
  ragged.score = 0.6;
  EXPECT_FALSE(beacon::IsInteractiveSchedule(ragged, 360, 0));  // too irregular
}

const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},          {"uid", "string"},        {"id.orig_h", "addr"},  {"id.orig_p", "port"},
    {"id.resp_h", "addr"},   {"id.resp_p", "port"},    {"proto", "enum"},      {"duration", "interval"},
    {"orig_bytes", "count"}, {"resp_bytes", "count"},  {"conn_state", "string"}};

using Row = std::vector<std::string>;

// `count` connections from `host` to `dest`:4444 every `period` seconds
// (+-20 % deterministic jitter) from `t0`.
void Series(std::vector<Row>& rows, double t0, const std::string& host, const std::string& dest, double period,
            int count) {
  for (int i = 0; i < count; ++i) {
    double jitter = 0.2 * period * (((i * 7) % 11) / 10.0 - 0.5);
    double t = t0 + i * period + jitter;
    rows.push_back({fmt::format("{:.6f}", t), fmt::format("C{}x{}", host, i), host, std::to_string(40000 + i % 20000),
                    dest, "4444", "tcp", "0.3", std::to_string(400 + i % 7), "900", "SF"});
  }
}

std::vector<Finding> HuntBeacons(const std::vector<Row>& rows) {
  testing::TempDir dir;
  dir.Write("org/conn.log", testing::TsvLog("conn", kConn, rows));
  return testing::HuntOrg(dir.path() + "/org", {"beacon"}, "10.0.0.0/8");
}

TEST(FastBeacon, HalfAnHourOfAFiveSecondImplantIsFoundATenMinuteOneIsNot) {
  const double t0 = 1700000000;
  std::vector<Row> rows;
  Series(rows, t0, "10.0.0.5", "203.0.113.9", 5, 360);      // 30 min every 5 s
  Series(rows, t0, "10.0.0.6", "198.51.100.7", 600, 4);     // 30 min every 10 min
  Series(rows, t0, "10.0.0.7", "192.0.2.44", 1, 400);       // under 7 min every 1 s: too short
  // The data set spans a day, as a capture of many hosts would.
  Series(rows, t0 - 43200, "10.0.0.9", "192.0.2.80", 20000, 5);
  auto findings = HuntBeacons(rows);
  auto fast = testing::Of(findings, "10.0.0.5", "beacon");
  ASSERT_EQ(fast.size(), 1u);
  EXPECT_GE(fast[0]->score, 0.5);
  EXPECT_NE(fast[0]->evidence_json.find("\"short_series\":true"), std::string::npos);
  EXPECT_NE(fast[0]->evidence_json.find("\"seconds\":5"), std::string::npos);
  EXPECT_TRUE(fast[0]->specific);  // an interactive implant: specific evidence for the host verdict
  EXPECT_NE(fast[0]->evidence_json.find("\"interactive\":true"), std::string::npos);
  EXPECT_TRUE(testing::Of(findings, "10.0.0.6", "beacon").empty());
  EXPECT_TRUE(testing::Of(findings, "10.0.0.7", "beacon").empty());
}

TEST(FastBeacon, AMinuteScheduleIsABeaconButNotAnInteractiveImplant) {
  const double t0 = 1700000000;
  std::vector<Row> rows;
  Series(rows, t0, "10.0.0.5", "203.0.113.9", 60, 240);  // 4 h every minute
  auto findings = HuntBeacons(rows);
  auto minute = testing::Of(findings, "10.0.0.5", "beacon");
  ASSERT_EQ(minute.size(), 1u);
  EXPECT_FALSE(minute[0]->specific);
  EXPECT_EQ(minute[0]->evidence_json.find("interactive"), std::string::npos);
}

TEST(FastBeacon, ADestinationAnotherHostUsesIsNoInteractiveImplant) {
  const double t0 = 1700000000;
  std::vector<Row> rows;
  Series(rows, t0, "10.0.0.5", "203.0.113.9", 5, 360);        // 30 min every 5 s ...
  Series(rows, t0 + 7, "10.0.0.6", "203.0.113.9", 300, 6);    // ... to a server a peer uses too
  auto findings = HuntBeacons(rows);
  auto fast = testing::Of(findings, "10.0.0.5", "beacon");
  ASSERT_EQ(fast.size(), 1u);  // still a beacon, weak evidence
  EXPECT_FALSE(fast[0]->specific);
  EXPECT_EQ(fast[0]->evidence_json.find("interactive"), std::string::npos);
}

TEST(FastBeacon, AFleetKeepingTheSameFastScheduleIsRoutine) {
  const double t0 = 1700000000;
  std::vector<Row> rows;
  for (int h = 0; h < 4; ++h) Series(rows, t0 + h * 3, fmt::format("10.0.0.{}", 20 + h), "203.0.113.50", 5, 360);
  auto findings = HuntBeacons(rows);
  for (int h = 0; h < 4; ++h) EXPECT_TRUE(testing::Of(findings, fmt::format("10.0.0.{}", 20 + h), "beacon").empty());
}

}  // namespace
}  // namespace dragnet
