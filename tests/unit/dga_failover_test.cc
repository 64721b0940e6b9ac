// dga: a DGA's failover -- a few dead random-looking names asked again and again.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"

namespace dragnet {
namespace {

std::string DnsLog(const std::vector<std::string>& lines) {
  std::string s =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
      "#open\t2024-01-01-00-00-00\n"
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype_name\trcode_name\tanswers\n"
      "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring\tstring\tvector[string]\n";
  for (const auto& l : lines) s += l + "\n";
  return s;
}

std::string Query(double ts, const std::string& host, const std::string& name, const char* rcode) {
  return fmt::format("{:.6f}\tD{}\t{}\t5353\t10.0.0.2\t53\tudp\t{}\tA\t{}\t-", ts, static_cast<int64_t>(ts * 10), host,
                     name, rcode);
}

std::vector<Finding> HuntDga(const std::vector<std::string>& lines) {
  testing::TempDir dir;
  dir.Write("org/dns.log", DnsLog(lines));
  HuntOptions options;
  options.orgs = {OrgSource{"org", {dir.path() + "/org"}, {}, {}, {}}};
  options.threads = 1;
  options.detectors = {"dga"};
  Diagnostics diag(false);
  auto report = RunHunt(options, diag);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? (*report)->findings : std::vector<Finding>{};
}

TEST(DgaFailover, AFewDeadRandomNamesAskedThousandsOfTimesAreFound) {
  const std::vector<std::string> dead = {"qxvkzjwpthrm.com", "zkwqpxvtrjhm.net", "vbxqzkjwtmpr.org"};
  std::vector<std::string> lines;
  double t = 1700000000;
  for (int i = 0; i < 400; ++i)  // no reply seen: rcode unset
    lines.push_back(Query(t + i * 9, "10.0.0.5", dead[i % 3], "-"));
  for (int i = 0; i < 60; ++i)  // the same names, too few times to mean anything
    lines.push_back(Query(t + i * 60 + 1, "10.0.0.6", dead[i % 3], "NXDOMAIN"));
  std::sort(lines.begin(), lines.end());
  auto findings = HuntDga(lines);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.5");
  EXPECT_NE(findings[0].summary.find("asked 400 times for 3 random-looking domains"), std::string::npos)
      << findings[0].summary;
  EXPECT_GE(findings[0].score, 0.5);
}

// The org's resolver (10.0.0.2: the server its clients ask) repeats its
// clients' lookups upstream: the client is the finding, not the resolver.
TEST(DgaFailover, TheResolverRepeatingItsClientsLookupsIsNotTheHost) {
  const std::vector<std::string> dead = {"qxvkzjwpthrm.com", "zkwqpxvtrjhm.net", "vbxqzkjwtmpr.org"};
  std::vector<std::string> lines;
  for (int i = 0; i < 400; ++i) {
    lines.push_back(Query(1700000000 + i * 9, "10.0.0.5", dead[i % 3], "-"));
    std::string upstream = Query(1700000000 + i * 9 + 0.01, "10.0.0.2", dead[i % 3], "-");
    lines.push_back(upstream.replace(upstream.find("10.0.0.2\t53"), 11, "9.9.9.9\t53"));
  }
  std::sort(lines.begin(), lines.end());
  auto findings = HuntDga(lines);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.5");
}

TEST(DgaFailover, NamesThatResolveAreNotFailures) {
  std::vector<std::string> lines;
  for (int i = 0; i < 400; ++i)
    lines.push_back(Query(1700000000 + i * 9, "10.0.0.5", "qxvkzjwpthrm.com", "NOERROR"));
  EXPECT_TRUE(HuntDga(lines).empty());
}

}  // namespace
}  // namespace dragnet
