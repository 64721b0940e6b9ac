// credential_attack against domain controllers (issue 15, items 5 and 6):
// Zerologon bursts, AS-REP roasting without the pre-authentication round, RC4
// downgrade where AES is the org's rule, NTLM spraying by distinct accounts
// whatever the answers -- each with the benign behaviour that looks closest.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/credential_attack/credential_attack_detector.h"
#include "detect/credential_attack/credential_signals.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using testing::HuntOrg;
using testing::Of;
using testing::TempDir;
using testing::TsvLog;
using testing::ZeekFields;
using Rows = std::vector<std::vector<std::string>>;

const ZeekFields& kDceRpc = testing::kDceRpcFields;
const ZeekFields& kKerberos = testing::kKerberosFields;
const ZeekFields& kNtlm = testing::kNtlmFields;

constexpr double kT0 = 1700000000;
constexpr const char* kDc = "10.0.0.10";

std::string Ts(double t) { return fmt::format("{:.6f}", t); }

std::vector<std::string> Rpc(double ts, const std::string& from, const char* endpoint, const char* op) {
  return {Ts(ts), "C1", from, "50000", kDc, "49670", "0.001", "49670", endpoint, op};
}
// A successful AS exchange (a TGT) or TGS, or a failure with its error.
std::vector<std::string> Krb(double ts, const std::string& from, const char* type, const std::string& client,
                             const std::string& service, const char* success, const char* error, const char* cipher) {
  return {Ts(ts), "K1", from, "50000", kDc, "88", type, client, service, success, error, cipher};
}
std::vector<std::string> Tgt(double ts, const std::string& from, const std::string& client, const char* cipher) {
  return Krb(ts, from, "AS", client, "krbtgt/CORP", "T", "-", cipher);
}
std::vector<std::string> Ntlm(double ts, const std::string& from, const std::string& server, const std::string& user,
                              const char* success) {
  return {Ts(ts), "N1", from, "50000", server, "445", user, success};
}
// Ten workstations' morning logons by AES: AES is the org's rule.
void AesMornings(Rows& rows) {
  for (int h = 20; h < 30; ++h)
    rows.push_back(Tgt(kT0 + h, fmt::format("10.0.1.{}", h), fmt::format("user{}/CORP", h), "aes256-cts-hmac-sha1-96"));
}

std::vector<Finding> Hunt(const Rows& rpc, const Rows& krb, const Rows& ntlm) {
  TempDir t;
  if (!rpc.empty()) t.Write("acme/dce_rpc.log", TsvLog("dce_rpc", kDceRpc, rpc));
  if (!krb.empty()) t.Write("acme/kerberos.log", TsvLog("kerberos", kKerberos, krb));
  if (!ntlm.empty()) t.Write("acme/ntlm.log", TsvLog("ntlm", kNtlm, ntlm));
  return HuntOrg(t.path() + "/acme", {"credential_attack"});
}

TEST(DcAttackSignals, PeaksAccountNamesAndNetlogonOperations) {
  EXPECT_EQ(PeakInWindow({0, 1000000, 2000000, 900000000}, 10), 3u);
  EXPECT_EQ(PeakInWindow({}, 10), 0u);
  EXPECT_TRUE(IsNetlogonAuthenticate("NetrServerAuthenticate2"));
  EXPECT_TRUE(IsNetlogonAuthenticate("NetrServerAuthenticate3"));
  EXPECT_FALSE(IsNetlogonAuthenticate("NetrServerReqChallenge"));
  EXPECT_FALSE(IsNetlogonAuthenticate("NetrLogonSamLogonEx"));
  EXPECT_TRUE(IsNetlogonPasswordSet("NetrServerPasswordSet2"));
  EXPECT_TRUE(IsImpossibleAccountName("wwonka:ComeWithM3"));
  EXPECT_FALSE(IsImpossibleAccountName("wwonka"));
  EXPECT_FALSE(IsImpossibleAccountName("first.last"));
}

TEST(DcAttackSignals, SprayingTriesEachAccountOnManyServersTerminalServerUsersDoNot) {
  auto server = [](int s) { return *Ip::Parse(fmt::format("10.0.2.{}", s)); };
  std::vector<NtlmTry> spray, terminal;
  for (uint64_t a = 1; a <= 12; ++a)
    for (int s = 1; s <= 4; ++s) spray.push_back({static_cast<int64_t>(a * 4 + s) * 1000000, a, server(s)});
  for (uint64_t a = 1; a <= 40; ++a)
    for (int s = 1; s <= 2; ++s) terminal.push_back({static_cast<int64_t>(a * 2 + s) * 1000000, a, server(s)});
  std::sort(spray.begin(), spray.end());
  std::sort(terminal.begin(), terminal.end());
  EXPECT_EQ(MaxAccountsOnManyServers(spray, 600, 3), 12u);
  EXPECT_EQ(MaxAccountsOnManyServers(spray, 10, 3), 3u);  // only what fits in ten seconds
  EXPECT_EQ(MaxAccountsOnManyServers(terminal, 600, 3), 0u);
}

TEST(DcAttackSignals, AesIsTheRuleByClientsWithoutTheJudgedHost) {
  KerberosRule org{.aes_hosts = 19, .rc4_only_hosts = 1}, none{};
  EXPECT_TRUE(AesIsTheRule(org, none, 5, 0.9));
  EXPECT_FALSE(AesIsTheRule({.aes_hosts = 3, .rc4_only_hosts = 0}, none, 5, 0.9));   // too few clients to tell
  EXPECT_FALSE(AesIsTheRule({.aes_hosts = 12, .rc4_only_hosts = 8}, none, 5, 0.9));  // a legacy population
  // The judged RC4-only host is left out: it cannot hide the rule it breaks.
  EXPECT_TRUE(AesIsTheRule({.aes_hosts = 9, .rc4_only_hosts = 2}, {.aes_hosts = 0, .rc4_only_hosts = 1}, 5, 0.9));
  EXPECT_FALSE(AesIsTheRule({.aes_hosts = 9, .rc4_only_hosts = 2}, none, 5, 0.9));
}

TEST(DcAttackSignals, RepliesAfterThePreauthenticationRoundOrForOwnAccountsAreNotRoasting) {
  std::vector<std::pair<int64_t, uint64_t>> rc4_as = {{10000000, 1}, {20000000, 2}, {30000000, 3}};
  std::vector<std::pair<int64_t, uint64_t>> asked = {{19000000, 2}, {25000000, 9}};
  auto left = Unauthenticated(rc4_as, {3}, asked, 60);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].second, 1u);
}

TEST(Zerologon, HundredsOfNetlogonAuthenticationsThenAPasswordSetAreFound) {
  Rows rpc;
  double ts = kT0;
  for (int i = 0; i < 300; ++i, ts += 0.05) {
    rpc.push_back(Rpc(ts, "10.0.1.66", "netlogon", "NetrServerReqChallenge"));
    rpc.push_back(Rpc(ts + 0.02, "10.0.1.66", "netlogon", "NetrServerAuthenticate3"));
  }
  rpc.push_back(Rpc(ts + 1, "10.0.1.66", "netlogon", "NetrServerPasswordSet2"));
  auto all = Hunt(rpc, {}, {});
  auto found = Of(all, "10.0.1.66", "credential_attack");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->indicators, std::vector<std::string>{"zerologon"});
  EXPECT_EQ(found[0]->attack, std::vector<std::string>{"T1210"});
  EXPECT_DOUBLE_EQ(found[0]->score, 1.0);
  ASSERT_EQ(found[0]->peers.size(), 1u);
  EXPECT_EQ(found[0]->peers[0].ToString(), kDc);
  EXPECT_NE(found[0]->evidence_json.find("\"password_set\":true"), std::string::npos);
}

TEST(Zerologon, SecureChannelsOfAWholeFleetAndAMachinePasswordChangeAreNot) {
  Rows rpc;
  // Thirty members set up their secure channel at boot, and again after a
  // DC restart hours later; one changes its machine password (every 30 days).
  for (int h = 20; h < 50; ++h)
    for (double at : {kT0 + h, kT0 + 6 * 3600 + h}) {
      rpc.push_back(Rpc(at, fmt::format("10.0.1.{}", h), "netlogon", "NetrServerReqChallenge"));
      rpc.push_back(Rpc(at + 0.01, fmt::format("10.0.1.{}", h), "netlogon", "NetrServerAuthenticate3"));
    }
  rpc.push_back(Rpc(kT0 + 30, "10.0.1.20", "netlogon", "NetrServerPasswordSet2"));
  EXPECT_TRUE(Hunt(rpc, {}, {}).empty());
}

TEST(AsRepRoasting, RepliesWithoutPreauthenticationForOthersAccountsAreFound) {
  Rows krb;
  AesMornings(krb);
  for (int a = 0; a < 3; ++a) krb.push_back(Tgt(kT0 + 100 + a, "10.0.1.66", fmt::format("svc{}/CORP", a), "rc4-hmac"));
  auto all = Hunt({}, krb, {});
  auto found = Of(all, "10.0.1.66", "credential_attack");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->attack, std::vector<std::string>{"T1558.004"});
  EXPECT_DOUBLE_EQ(found[0]->score, 0.75);  // 0.55 + 0.1 for a third account + 0.1 where AES is the rule
  EXPECT_NE(found[0]->evidence_json.find("\"aes_is_the_rule\":true"), std::string::npos);
}

TEST(AsRepRoasting, ATerminalServersLogonsAfterThePreauthenticationRoundAreNot) {
  Rows krb;
  // Legacy RC4 clients on a terminal server: each user is first told to
  // pre-authenticate, then gets a TGT -- the ordinary two-step logon.
  for (int a = 0; a < 8; ++a) {
    std::string user = fmt::format("user{}/CORP", a);
    krb.push_back(Krb(kT0 + 10 * a, "10.0.1.50", "AS", user, "krbtgt/CORP", "F", "KDC_ERR_PREAUTH_REQUIRED", "-"));
    krb.push_back(Tgt(kT0 + 10 * a + 0.2, "10.0.1.50", user, "rc4-hmac"));
  }
  EXPECT_TRUE(Hunt({}, krb, {}).empty());
}

TEST(Rc4Downgrade, AnRc4TgtThenRc4TicketsWhereAesIsTheRuleIsFound) {
  Rows krb;
  AesMornings(krb);
  krb.push_back(Tgt(kT0 + 50, "10.0.1.21", "user21/CORP", "aes256-cts-hmac-sha1-96"));  // its own usual logon
  krb.push_back(Tgt(kT0 + 7200, "10.0.1.21", "user21/CORP", "rc4-hmac"));  // Rubeus asktgt /rc4
  krb.push_back(Krb(kT0 + 7201, "10.0.1.21", "TGS", "user21/CORP", "cifs/fs01.corp", "T", "-", "rc4-hmac"));
  auto all = Hunt({}, krb, {});
  auto found = Of(all, "10.0.1.21", "credential_attack");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->attack, (std::vector<std::string>{"T1550.002", "T1558"}));
  EXPECT_DOUBLE_EQ(found[0]->score, 0.8);  // 0.6 + RC4 tickets after + the host otherwise uses AES
}

TEST(Rc4Downgrade, RC4WhereTheOrgHasNoAesRuleIsNot) {
  Rows krb;
  // Half the org still gets RC4 TGTs (old clients, old domain functional level).
  for (int h = 20; h < 30; ++h)
    krb.push_back(Tgt(kT0 + h, fmt::format("10.0.1.{}", h), fmt::format("user{}/CORP", h),
                      h % 2 ? "rc4-hmac" : "aes256-cts-hmac-sha1-96"));
  krb.push_back(Krb(kT0 + 70, "10.0.1.21", "TGS", "user21/CORP", "cifs/fs01.corp", "T", "-", "rc4-hmac"));
  EXPECT_TRUE(Hunt({}, krb, {}).empty());
}

TEST(NtlmSpraying, DistinctAccountsOnEveryServerAreFoundWhateverTheAnswers) {
  Rows ntlm;
  // Twelve guesses typed 'user:password', each on four servers in two
  // minutes, answered T by a guest fallback: no failure at all.
  for (int a = 0; a < 12; ++a)
    for (int s = 1; s <= 4; ++s)
      ntlm.push_back(Ntlm(kT0 + a * 10 + s, "10.0.9.20", fmt::format("10.0.2.{}", s),
                          fmt::format("user{}:Passw0rd{}", a, a), "T"));
  auto all = Hunt({}, {}, ntlm);
  auto found = Of(all, "10.0.9.20", "credential_attack");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->indicators, std::vector<std::string>{"password-spraying"});
  EXPECT_EQ(found[0]->peers.size(), 4u);
  EXPECT_DOUBLE_EQ(found[0]->score, 0.83);  // 0.7 + 0.3 x 2/20, + 0.1 for names no account can have
}

TEST(NtlmSpraying, ATerminalServersUsersReachingTheirOwnSharesAreNot) {
  Rows ntlm;
  for (int a = 0; a < 40; ++a)
    for (int s = 1; s <= 2; ++s)
      ntlm.push_back(Ntlm(kT0 + a * 5 + s, "10.0.1.50", fmt::format("10.0.2.{}", s), fmt::format("user{}", a), "T"));
  EXPECT_TRUE(Hunt({}, {}, ntlm).empty());
}

}  // namespace
}  // namespace dragnet
