// The brute_force detector (issue 15, item 5) on logs built in code: RDP
// connection bursts, SSH failures (a success after them the worst case),
// Kerberos pre-authentication failures across accounts (spraying), NTLM
// failures; ordinary logons, typos and PREAUTH_REQUIRED never reported.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "zeek_log_util.h"
#include "correlate/kill_chain.h"
#include "detect/brute_force/brute_force_detector.h"

namespace dragnet {
namespace {

using testing::HuntOrg;
using testing::Of;
using testing::TempDir;
using testing::TsvLog;
using testing::ZeekFields;

const std::vector<std::pair<std::string, std::string>> kRdp = {
    {"ts", "time"}, {"uid", "string"}, {"id.orig_h", "addr"}, {"id.orig_p", "port"}, {"id.resp_h", "addr"},
    {"id.resp_p", "port"}, {"cookie", "string"}, {"result", "string"}};
const std::vector<std::pair<std::string, std::string>> kSsh = {
    {"ts", "time"}, {"uid", "string"}, {"id.orig_h", "addr"}, {"id.orig_p", "port"}, {"id.resp_h", "addr"},
    {"id.resp_p", "port"}, {"auth_success", "bool"}, {"auth_attempts", "count"}};
const std::vector<std::pair<std::string, std::string>> kKerberos = {
    {"ts", "time"}, {"uid", "string"}, {"id.orig_h", "addr"}, {"id.orig_p", "port"}, {"id.resp_h", "addr"},
    {"id.resp_p", "port"}, {"request_type", "string"}, {"client", "string"}, {"success", "bool"},
    {"error_msg", "string"}};
const ZeekFields& kNtlm = testing::kNtlmFields;

constexpr double kT0 = 1700000000;

std::vector<std::string> Row(double ts, const std::string& from, const std::string& to, int port,
                             std::vector<std::string> rest) {
  std::vector<std::string> row = {fmt::format("{:.6f}", ts), "C1", from, "50000", to, std::to_string(port)};
  row.insert(row.end(), rest.begin(), rest.end());
  return row;
}

TEST(BruteForce, RdpBurstOnManyHostsIsOneFindingNamingItsTargets) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  // 25 connections to each of three hosts in four minutes, some with a
  // scanner cookie; an administrator's three sessions to a server in a day.
  for (int target = 1; target <= 3; ++target)
    for (int i = 0; i < 25; ++i)
      rows.push_back(Row(kT0 + i * 10 + target, "10.0.0.66", "10.0.1." + std::to_string(target), 3389,
                         {i == 0 ? "nmap" : "-", "encrypted"}));
  for (int i = 0; i < 3; ++i) rows.push_back(Row(kT0 + i * 3600, "10.0.0.5", "10.0.2.1", 3389, {"alice", "Success"}));
  t.Write("acme/rdp.log", TsvLog("rdp", kRdp, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"brute_force"});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.host.ToString(), "10.0.0.66");
  EXPECT_EQ(f.indicators, std::vector<std::string>{"brute-force"});
  EXPECT_EQ(f.attack, std::vector<std::string>{"T1110.001"});
  ASSERT_EQ(f.peers.size(), 3u);
  EXPECT_EQ(f.peers[0].ToString(), "10.0.1.1");
  EXPECT_NE(f.summary.find("75 RDP logon attempts against 3 hosts"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("tool cookies nmap"), std::string::npos) << f.summary;
  EXPECT_NE(f.evidence_json.find("\"targets_total\":3"), std::string::npos);
  // 0.5 + 0.1 log10(25/20) + 0.05 log2(3) + 0.05 (tool cookie)
  EXPECT_DOUBLE_EQ(f.score, 0.639);
}

TEST(BruteForce, SuccessAfterSshFailuresIsTheWorstCaseInboundNoiseIsNot) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  // Two outside sources guess 12 passwords each on the SSH server (4
  // connections of 3 attempts); the first then gets in.
  for (int i = 0; i < 4; ++i) {
    rows.push_back(Row(kT0 + i * 20, "203.0.113.7", "10.0.0.22", 22, {"F", "3"}));
    rows.push_back(Row(kT0 + i * 20 + 1, "198.51.100.9", "10.0.0.22", 22, {"F", "3"}));
  }
  rows.push_back(Row(kT0 + 100, "203.0.113.7", "10.0.0.22", 22, {"T", "1"}));
  // An insider with a few typos, then a logon.
  for (int i = 0; i < 3; ++i) rows.push_back(Row(kT0 + i * 5, "10.0.0.8", "10.0.0.22", 22, {"F", "1"}));
  rows.push_back(Row(kT0 + 20, "10.0.0.8", "10.0.0.22", 22, {"T", "1"}));
  t.Write("acme/ssh.log", TsvLog("ssh", kSsh, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"brute_force"}, "10.0.0.0/8");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  // The org's host is the target the guessing worked on; the outside source is the indicator.
  EXPECT_EQ(f.host.ToString(), "10.0.0.22");
  EXPECT_EQ(f.indicators, (std::vector<std::string>{"brute-force", "203.0.113.7"}));
  EXPECT_DOUBLE_EQ(f.score, 0.9);
  EXPECT_NE(f.summary.find("then logged on successfully (SSH to 10.0.0.22)"), std::string::npos) << f.summary;
  EXPECT_NE(f.evidence_json.find("\"direction\":\"inbound\""), std::string::npos);
  EXPECT_NE(f.evidence_json.find("\"peak_failures_in_window\":12"), std::string::npos);
}

TEST(BruteForce, KerberosPreauthFailuresAcrossAccountsAreSpraying) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 15; ++i)
    rows.push_back(Row(kT0 + i * 8, "10.0.0.50", "10.0.0.10", 88,
                       {"AS", "user" + std::to_string(i) + "/CORP", "F", "KDC_ERR_PREAUTH_FAILED"}));
  // Every logon starts with an AS-REQ refused for want of pre-authentication.
  for (int i = 0; i < 40; ++i)
    rows.push_back(Row(kT0 + i, "10.0.0.60", "10.0.0.10", 88,
                       {"AS", "svc" + std::to_string(i) + "/CORP", "F", "KDC_ERR_PREAUTH_REQUIRED"}));
  t.Write("acme/kerberos.log", TsvLog("kerberos", kKerberos, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"brute_force"});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.host.ToString(), "10.0.0.50");
  EXPECT_EQ(f.indicators, std::vector<std::string>{"password-spraying"});
  EXPECT_EQ(f.attack, (std::vector<std::string>{"T1110.001", "T1110.003"}));
  EXPECT_NE(f.summary.find("15 failed logons on 15 accounts"), std::string::npos) << f.summary;
  EXPECT_NE(f.evidence_json.find("\"accounts_total\":15,\"sample_accounts\":[{\"account\":\"user0/CORP\","
                                 "\"failures\":1,\"first\":\"2023-11-14T22:13:20Z\",\"last\":\"2023-11-14T22:13:20Z\"},"
                                 "{\"account\":\"user1/CORP\""),
            std::string::npos)
      << f.evidence_json;
}

TEST(BruteForce, NtlmFailuresFromTheLockoutCountOnAndNullSessionsNever) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 12; ++i) rows.push_back(Row(kT0 + i * 30, "10.0.0.51", "10.0.0.20", 445, {"administrator", "F"}));
  for (int i = 0; i < 9; ++i) rows.push_back(Row(kT0 + i * 30, "10.0.0.52", "10.0.0.20", 445, {"bob", "F"}));
  // A scanner's anonymous sessions are no logon, failed or not.
  for (int i = 0; i < 30; ++i) rows.push_back(Row(kT0 + i, "10.0.0.53", "10.0.0.20", 445, {"-", "T"}));
  t.Write("acme/ntlm.log", TsvLog("ntlm", kNtlm, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"brute_force"});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.51");
  EXPECT_NE(findings[0].summary.find("12 NTLM logon attempts against 1 host"), std::string::npos)
      << findings[0].summary;
  // Spread out over more than the window, the same twelve are no burst.
  TempDir slow;
  rows.clear();
  for (int i = 0; i < 12; ++i) rows.push_back(Row(kT0 + i * 120, "10.0.0.51", "10.0.0.20", 445, {"administrator", "F"}));
  slow.Write("acme/ntlm.log", TsvLog("ntlm", kNtlm, rows));
  EXPECT_TRUE(HuntOrg(slow.path() + "/acme", {"brute_force"}).empty());
}

TEST(BruteForce, ABusyClientsOrdinaryLogonsDoNotHideALaterBurst) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  // A terminal server's 10,000 users log on over the morning, then it fails
  // 15 times for administrator within a minute.
  for (int i = 0; i < 10000; ++i)
    rows.push_back(Row(kT0 + i * 2, "10.0.0.70", "10.0.0.20", 445, {"user" + std::to_string(i), "T"}));
  for (int i = 0; i < 15; ++i) rows.push_back(Row(kT0 + 30000 + i * 4, "10.0.0.70", "10.0.0.20", 445, {"administrator", "F"}));
  t.Write("acme/ntlm.log", TsvLog("ntlm", kNtlm, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"brute_force"});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].summary.find("15 failed logons within 10 min"), std::string::npos) << findings[0].summary;
}

TEST(BruteForce, ScoreAndToolCookies) {
  BruteForceParams p;
  BurstSummary none;
  EXPECT_EQ(BruteForceScore(none, 5, true, false, p), 0);
  BurstSummary s;
  s.burst_us = 1;
  s.peak_failures = 10;
  EXPECT_DOUBLE_EQ(BruteForceScore(s, 1, false, false, p), 0.5);
  EXPECT_DOUBLE_EQ(BruteForceScore(s, 1, false, true, p), 0.4);
  s.peak_failures = 1000;  // two decades past the threshold: the volume part's cap
  EXPECT_DOUBLE_EQ(BruteForceScore(s, 1, false, false, p), 0.7);
  s.peak_accounts = 10;
  EXPECT_DOUBLE_EQ(BruteForceScore(s, 64, false, false, p), 0.95);
  s.success_us = 2;
  EXPECT_DOUBLE_EQ(BruteForceScore(s, 64, false, false, p), 1.0);
  EXPECT_TRUE(IsToolRdpCookie("nessus"));
  EXPECT_TRUE(IsToolRdpCookie("rdp_logon_screen.nbin"));
  EXPECT_FALSE(IsToolRdpCookie("administrator"));
}

// Past the per-source cap (8,192 attempts kept) and split over files read by
// different workers, the findings are the same whatever the threads.
TEST(BruteForce, SameFindingsWhateverTheThreadsPastTheCap) {
  TempDir t;
  for (int file = 0; file < 4; ++file) {
    std::vector<std::vector<std::string>> rdp, ntlm;
    for (int i = 0; i < 6000; ++i)
      rdp.push_back(Row(kT0 + (i * 4 + file) * 0.05, "10.0.0.66", "10.0.1." + std::to_string(1 + i % 40), 3389,
                        {i % 7 ? "-" : "nmap", "encrypted"}));
    for (int i = 0; i < 50; ++i)
      ntlm.push_back(Row(kT0 + 2000 + file * 50 + i, "10.0.0.67", "10.0.0.20", 445, {"user" + std::to_string(i), "F"}));
    t.Write("acme/rdp-" + std::to_string(file) + ".log", TsvLog("rdp", kRdp, rdp));
    t.Write("acme/ntlm-" + std::to_string(file) + ".log", TsvLog("ntlm", kNtlm, ntlm));
  }
  auto one = HuntOrg(t.path() + "/acme", {"brute_force", "scan"}, "", {}, 1);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_NE(one[0].evidence_json.find("\"attempts_kept\":8192"), std::string::npos);
  EXPECT_NE(one[0].summary.find("24,000 RDP logon attempts against 40 hosts"), std::string::npos) << one[0].summary;
  for (int threads : {2, 4}) {
    auto other = HuntOrg(t.path() + "/acme", {"brute_force", "scan"}, "", {}, threads);
    ASSERT_EQ(other.size(), one.size());
    for (size_t i = 0; i < one.size(); ++i) EXPECT_EQ(other[i].ToJson(), one[i].ToJson()) << "threads " << threads;
  }
}

TEST(BruteForce, IsTheKillChainsCredentialTheftStageScanItsRecon) {
  Finding f;
  f.detector = "brute_force";
  EXPECT_EQ(StageOf(f), Stage::kCredentialTheft);
  f.detector = "scan";
  EXPECT_EQ(StageOf(f), Stage::kRecon);
}

}  // namespace
}  // namespace dragnet
