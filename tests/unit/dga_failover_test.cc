// dga: a DGA's failover -- a few dead random-looking names asked again and again.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

const std::vector<std::pair<std::string, std::string>> kDns = {
    {"ts", "time"},       {"uid", "string"},  {"id.orig_h", "addr"},   {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"proto", "enum"},   {"query", "string"},
    {"qtype_name", "string"}, {"rcode_name", "string"}, {"answers", "vector[string]"}};

using Row = std::vector<std::string>;

// A query of `host` to `server` (the org's resolver 10.0.0.2 unless said).
Row Query(double ts, const std::string& host, const std::string& name, const char* rcode,
          const std::string& server = "10.0.0.2") {
  return {fmt::format("{:.6f}", ts), fmt::format("D{}", static_cast<int64_t>(ts * 10)), host, "5353", server, "53",
          "udp", name, "A", rcode, "-"};
}

std::vector<Finding> HuntDga(const std::vector<Row>& rows) {
  testing::TempDir dir;
  dir.Write("org/dns.log", testing::TsvLog("dns", kDns, rows));
  return testing::HuntOrg(dir.path() + "/org", {"dga"});
}

TEST(DgaFailover, AFewDeadRandomNamesAskedThousandsOfTimesAreFound) {
  const std::vector<std::string> dead = {"qxvkzjwpthrm.com", "zkwqpxvtrjhm.net", "vbxqzkjwtmpr.org"};
  std::vector<Row> lines;
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
  std::vector<Row> lines;
  for (int i = 0; i < 400; ++i) {
    lines.push_back(Query(1700000000 + i * 9, "10.0.0.5", dead[i % 3], "-"));
    lines.push_back(Query(1700000000 + i * 9 + 0.01, "10.0.0.2", dead[i % 3], "-", "9.9.9.9"));
  }
  std::sort(lines.begin(), lines.end());
  auto findings = HuntDga(lines);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.5");
}

TEST(DgaFailover, NamesThatResolveAreNotFailures) {
  std::vector<Row> lines;
  for (int i = 0; i < 400; ++i)
    lines.push_back(Query(1700000000 + i * 9, "10.0.0.5", "qxvkzjwpthrm.com", "NOERROR"));
  EXPECT_TRUE(HuntDga(lines).empty());
}

}  // namespace
}  // namespace dragnet
