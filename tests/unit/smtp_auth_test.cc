// brute_force reads SMTP authentication refusals (issue 15, item 5): a burst
// of mails refused for their credentials is guessing; a mail client flushing
// its outbox with a stale password (four refusals in seconds) is not.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/brute_force/brute_force_detector.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using testing::HuntOrg;
using testing::Of;
using testing::TempDir;
using testing::TsvLog;

const std::vector<std::pair<std::string, std::string>> kSmtp = {
    {"ts", "time"},          {"uid", "string"},      {"id.orig_h", "addr"},    {"id.orig_p", "port"},
    {"id.resp_h", "addr"},   {"id.resp_p", "port"},  {"trans_depth", "count"}, {"helo", "string"},
    {"mailfrom", "string"},  {"last_reply", "string"}};

constexpr double kT0 = 1700000000;

std::vector<std::string> Mail(double ts, const std::string& from, int depth, const std::string& sender,
                              const std::string& reply) {
  return {fmt::format("{:.6f}", ts), "S1", from, "50000", "80.75.42.226", "25", std::to_string(depth),
          "[0.0.0.0]", sender, reply};
}

std::vector<Finding> Hunt(const std::vector<std::vector<std::string>>& rows) {
  TempDir t;
  t.Write("acme/smtp.log", TsvLog("smtp", kSmtp, rows));
  return HuntOrg(t.path() + "/acme", {"brute_force"}, "10.0.0.0/8");
}

TEST(SmtpAuth, RefusedCredentialsAreTheRepliesThatSaySo) {
  EXPECT_TRUE(IsSmtpAuthFailure("535 5.7.8 Authentication credentials invalid"));
  EXPECT_TRUE(IsSmtpAuthFailure("535 Incorrect authentication data"));
  EXPECT_TRUE(IsSmtpAuthFailure("554 5.7.1 bad smtp-auth user"));
  EXPECT_FALSE(IsSmtpAuthFailure("530 5.7.0 Authentication required"));  // never tried
  EXPECT_FALSE(IsSmtpAuthFailure("454 4.7.0 Temporary authentication failure"));
  EXPECT_FALSE(IsSmtpAuthFailure("550 5.1.1 user unknown"));
  EXPECT_FALSE(IsSmtpAuthFailure("250 2.0.0 OK"));
  EXPECT_FALSE(IsSmtpAuthFailure("-"));
}

TEST(SmtpAuth, ABurstOfRefusedCredentialsIsBruteForce) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 12; ++i)
    rows.push_back(Mail(kT0 + 5 * i, "10.1.11.101", 1 + i % 5, fmt::format("user{}@example.at", i % 3),
                        "554 5.7.1 bad smtp-auth user"));
  rows.push_back(Mail(kT0 + 100, "10.1.11.50", 1, "alice@example.com", "250 2.0.0 OK"));
  auto all = Hunt(rows);
  auto found = Of(all, "10.1.11.101", "brute_force");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->indicators, std::vector<std::string>{"brute-force"});
  EXPECT_NE(found[0]->summary.find("SMTP"), std::string::npos);
  EXPECT_NE(found[0]->evidence_json.find("\"SMTP\":{\"attempts\":12,\"failures\":12"), std::string::npos);
  EXPECT_EQ(all.size(), 1u);
}

TEST(SmtpAuth, FourRefusalsInSecondsAreAStalePasswordNotGuessing) {
  // slips test9/test14: four mails in 9 s on one connection, each refused.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 4; ++i)
    rows.push_back(Mail(kT0 + 2.5 * i, "10.1.11.101", 2 + i, "aon.913289727@aon.at", "554 5.7.1 bad smtp-auth user"));
  EXPECT_TRUE(Hunt(rows).empty());
}

}  // namespace
}  // namespace dragnet
