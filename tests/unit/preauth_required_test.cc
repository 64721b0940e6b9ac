// credential_attack: the KDC asking for pre-authentication is not a failed logon.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/credential_attack/credential_attack_detector.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

const testing::ZeekFields& kKerberos = testing::kKerberosFields;

using Row = std::vector<std::string>;

std::vector<Finding> HuntKerberos(const std::vector<Row>& rows) {
  testing::TempDir dir;
  dir.Write("org/kerberos.log", testing::TsvLog("kerberos", kKerberos, rows));
  return testing::HuntOrg(dir.path() + "/org", {"credential_attack"});
}

Row AsFailure(double ts, const std::string& host, int account, const char* error) {
  return {fmt::format("{:.6f}", ts), fmt::format("K{}", static_cast<int64_t>(ts * 10)), host, "50000", "10.0.0.10",
          "88", "AS", fmt::format("user{}/CORP", account), "krbtgt/CORP", "F", error, "-"};
}

TEST(PreauthRequired, IsTheFirstStepOfEveryLogonNotAFailure) {
  EXPECT_TRUE(IsPreauthRequired("KDC_ERR_PREAUTH_REQUIRED"));
  EXPECT_FALSE(IsPreauthRequired("KDC_ERR_PREAUTH_FAILED"));
  std::vector<Row> lines;
  for (int i = 0; i < 40; ++i) {  // a terminal server: forty people log on, each first told to pre-authenticate
    lines.push_back(AsFailure(1700000000 + i * 5, "10.0.0.50", i, "KDC_ERR_PREAUTH_REQUIRED"));
    lines.push_back(AsFailure(1700000000 + i * 5 + 1, "10.0.0.66", i, "KDC_ERR_PREAUTH_FAILED"));  // spraying
  }
  auto findings = HuntKerberos(lines);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.66");
}

}  // namespace
}  // namespace dragnet
