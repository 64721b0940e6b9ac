// credential_attack: the KDC asking for pre-authentication is not a failed logon.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/credential_attack/credential_attack_detector.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"

namespace dragnet {
namespace {

std::vector<Finding> HuntKerberos(const std::vector<std::string>& lines) {
  std::string log =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tkerberos\n"
      "#open\t2024-01-01-00-00-00\n"
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\trequest_type\tclient\tservice\tsuccess\t"
      "error_msg\tcipher\n"
      "#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tbool\tstring\tstring\n";
  for (const auto& l : lines) log += l + "\n";
  testing::TempDir dir;
  dir.Write("org/kerberos.log", log);
  HuntOptions options;
  options.orgs = {OrgSource{"org", {dir.path() + "/org"}, {}, {}, {}}};
  options.threads = 1;
  options.detectors = {"credential_attack"};
  Diagnostics diag(false);
  auto report = RunHunt(options, diag);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? (*report)->findings : std::vector<Finding>{};
}

std::string AsFailure(double ts, const std::string& host, int account, const char* error) {
  return fmt::format("{:.6f}\tK{}\t{}\t50000\t10.0.0.10\t88\tAS\tuser{}/CORP\tkrbtgt/CORP\tF\t{}\t-", ts,
                     static_cast<int64_t>(ts * 10), host, account, error);
}

TEST(PreauthRequired, IsTheFirstStepOfEveryLogonNotAFailure) {
  EXPECT_TRUE(IsPreauthRequired("KDC_ERR_PREAUTH_REQUIRED"));
  EXPECT_FALSE(IsPreauthRequired("KDC_ERR_PREAUTH_FAILED"));
  std::vector<std::string> lines;
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
