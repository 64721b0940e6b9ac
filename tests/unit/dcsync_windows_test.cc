// credential_attack DCSync on short windows: a domain controller is learnt
// only when it answers Kerberos or a partner's pull, and a 20-minute window
// holds one pull of a pair of DCs. Without data long enough to show the pull
// back (reciprocity_s), a pull from a host not seen as a DC is low ("not
// enough data") unless the requester translated names first (DRSCrackNames,
// the DCSync tools) or is a user's Kerberos client (a workstation).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/credential_attack/credential_attack_detector.h"
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

constexpr double kT0 = 1700000000;
constexpr const char* kDc1 = "10.0.0.10";  // answers Kerberos
constexpr const char* kDc2 = "10.0.0.11";  // its replication partner, answers no Kerberos
constexpr const char* kDesk = "10.0.1.50";

std::vector<std::string> Drs(double ts, const std::string& from, const std::string& to, const char* op) {
  return {fmt::format("{:.6f}", ts), "C1", from, "50000", to, "49667", "0.001", "49667", "drsuapi", op};
}
std::vector<std::string> Tgt(double ts, const std::string& from, const std::string& client) {
  return {fmt::format("{:.6f}", ts), "K1", from, "50000", kDc1, "88", "AS", client, "krbtgt/CORP", "T", "-",
          "aes256-cts-hmac-sha1-96"};
}
// Workstations' machine accounts logging on to kDc1 every `every_s` over `span_s`.
Rows MachineLogons(double span_s, double every_s) {
  Rows rows;
  for (double t = 0; t <= span_s; t += every_s)
    rows.push_back(Tgt(kT0 + t, "10.0.1.20", "WS20$/CORP"));
  return rows;
}

// The DCSync findings on `host` (copies: the hunt's findings die here).
std::vector<Finding> DcSync(const Rows& rpc, const Rows& krb, const std::string& host) {
  TempDir t;
  t.Write("acme/dce_rpc.log", TsvLog("dce_rpc", kDceRpc, rpc));
  t.Write("acme/kerberos.log", TsvLog("kerberos", kKerberos, krb));
  std::vector<Finding> all = HuntOrg(t.path() + "/acme", {"credential_attack"});
  std::vector<Finding> out;
  for (const Finding* f : Of(all, host, "credential_attack"))
    if (f->indicators == std::vector<std::string>{"dcsync"}) out.push_back(*f);
  return out;
}

TEST(DcSyncWindows, UserPrincipalsAreNotMachineAccounts) {
  EXPECT_TRUE(IsUserPrincipal("alice/CORP.LOCAL"));
  EXPECT_TRUE(IsUserPrincipal("svc_backup"));
  EXPECT_FALSE(IsUserPrincipal("WS01$/CORP.LOCAL"));
  EXPECT_FALSE(IsUserPrincipal("DC02$"));
  EXPECT_FALSE(IsUserPrincipal("-"));
  EXPECT_FALSE(IsUserPrincipal(""));
}

TEST(DcSyncWindows, APeerDomainControllersPullInTwentyMinutesIsLowForLackOfData) {
  Rows rpc = {Drs(kT0 + 600, kDc2, kDc1, "DRSBind"), Drs(kT0 + 600.1, kDc2, kDc1, "DRSGetNCChanges")};
  auto found = DcSync(rpc, MachineLogons(1200, 60), kDc2);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kLow);
  EXPECT_DOUBLE_EQ(found[0].score, 0.4);
  EXPECT_NE(found[0].summary.find("not enough data to know whether 10.0.0.11 is a domain controller"),
            std::string::npos)
      << found[0].summary;
  EXPECT_NE(found[0].evidence_json.find("\"data_span_seconds\":1200"), std::string::npos) << found[0].evidence_json;
}

TEST(DcSyncWindows, ThePeerOnThreeHoursAnswersItsPartnerAndIsQuiet) {
  Rows rpc;
  for (int h = 0; h < 3; ++h) {
    rpc.push_back(Drs(kT0 + h * 3600 + 600, kDc2, kDc1, "DRSGetNCChanges"));
    rpc.push_back(Drs(kT0 + h * 3600 + 3000, kDc1, kDc2, "DRSGetNCChanges"));
  }
  EXPECT_TRUE(DcSync(rpc, MachineLogons(3 * 3600, 300), kDc2).empty());
}

TEST(DcSyncWindows, PullsNeverAnsweredOverThreeHoursAreHigh) {
  // Enough data for a DC to have shown itself: a host that never answers is not one.
  Rows rpc;
  for (int h = 0; h < 3; ++h) rpc.push_back(Drs(kT0 + h * 3600 + 600, kDc2, kDc1, "DRSGetNCChanges"));
  auto found = DcSync(rpc, MachineLogons(3 * 3600, 300), kDc2);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kHigh);
  EXPECT_DOUBLE_EQ(found[0].score, 0.95);
}

TEST(DcSyncWindows, CrackNamesThenGetNcChangesFromADeskIsHighInTwentyMinutes) {
  Rows rpc = {Drs(kT0 + 600, kDesk, kDc1, "DRSBind"), Drs(kT0 + 600.2, kDesk, kDc1, "DRSCrackNames"),
              Drs(kT0 + 600.4, kDesk, kDc1, "DRSGetNCChanges")};
  auto found = DcSync(rpc, MachineLogons(1200, 60), kDesk);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kHigh);
  EXPECT_NE(found[0].summary.find("DRSCrackNames"), std::string::npos) << found[0].summary;
  EXPECT_NE(found[0].evidence_json.find("\"crack_names_first\":true"), std::string::npos);
}

TEST(DcSyncWindows, CrackNamesOnlyAfterThePullDoesNotSettleIt) {
  Rows rpc = {Drs(kT0 + 600, kDesk, kDc1, "DRSGetNCChanges"), Drs(kT0 + 700, kDesk, kDc1, "DRSCrackNames")};
  auto found = DcSync(rpc, MachineLogons(1200, 60), kDesk);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kLow);
}

TEST(DcSyncWindows, AUsersKerberosClientPullingIsHighInTwentyMinutes) {
  Rows krb = MachineLogons(1200, 60);
  krb.push_back(Tgt(kT0 + 100, kDesk, "alice/CORP"));
  auto found = DcSync({Drs(kT0 + 600, kDesk, kDc1, "DRSGetNCChanges")}, krb, kDesk);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kHigh);
  EXPECT_NE(found[0].evidence_json.find("\"user_kerberos_client\":true"), std::string::npos);
}

}  // namespace
}  // namespace dragnet
