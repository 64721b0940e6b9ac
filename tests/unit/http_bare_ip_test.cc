// http_bare_ip: HTTP fetches from many external addresses naming no host.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/http_bare_ip/http_bare_ip_detector.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using Row = std::vector<std::string>;

TEST(HttpBareIpScore, BreadthOnALogScale) {
  HttpBareIpParams p;
  EXPECT_EQ(HttpBareIpScore(19, p), 0);
  EXPECT_DOUBLE_EQ(HttpBareIpScore(20, p), 0.35);
  EXPECT_DOUBLE_EQ(HttpBareIpScore(200, p), 0.6);
  EXPECT_DOUBLE_EQ(HttpBareIpScore(5000, p), 0.6);
}

const std::vector<std::pair<std::string, std::string>> kHttp = {
    {"ts", "time"},        {"uid", "string"},     {"id.orig_h", "addr"}, {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"host", "string"},    {"uri", "string"}};

// `n` fetches by `host`, each from its own address, the Host header `how`:
// "none" (unset), "ip" (the address) or "name".
void Fetch(std::vector<Row>& rows, const std::string& host, int n, const std::string& how, int base) {
  for (int i = 0; i < n; ++i) {
    std::string dest = fmt::format("198.{}.{}.{}", 18 + base, i / 250, 1 + i % 250);
    std::string header = how == "none" ? "-" : how == "ip" ? dest : fmt::format("cdn{}.example.com", i);
    rows.push_back({fmt::format("{:.6f}", 1700000000.0 + i * 30), fmt::format("C{}x{}", base, i), host, "40000", dest,
                    "80", header, "/mod.bin"});
  }
}

TEST(HttpBareIp, ABotsFanOutIsFoundBrowsingAndAFleetAreNot) {
  testing::TempDir dir;
  std::vector<Row> rows;
  Fetch(rows, "10.0.0.5", 240, "none", 0);  // the bot: 240 peers, no Host header
  Fetch(rows, "10.0.0.6", 30, "ip", 1);     // a smaller one with addresses in Host
  Fetch(rows, "10.0.0.7", 300, "name", 2);  // browsing: every request names its site
  Fetch(rows, "10.0.0.8", 10, "none", 3);   // a few bare fetches: under min_addresses
  dir.Write("org/http.log", testing::TsvLog("http", kHttp, rows));
  auto findings = testing::HuntOrg(dir.path() + "/org", {"http_bare_ip"}, "10.0.0.0/8");
  ASSERT_EQ(findings.size(), 2u);
  auto bot = testing::Of(findings, "10.0.0.5", "http_bare_ip");
  ASSERT_EQ(bot.size(), 1u);
  EXPECT_NE(bot[0]->evidence_json.find("\"addresses\":240"), std::string::npos) << bot[0]->evidence_json;
  EXPECT_DOUBLE_EQ(bot[0]->score, 0.6);
  EXPECT_EQ(bot[0]->severity, Severity::kLow);  // weak alone: the host verdict keeps it low
  EXPECT_EQ(testing::Of(findings, "10.0.0.6", "http_bare_ip").size(), 1u);

  // Three hosts of the org doing it: the org's software, none reported.
  Fetch(rows, "10.0.0.9", 25, "none", 4);
  dir.Write("org/http.log", testing::TsvLog("http", kHttp, rows));
  EXPECT_TRUE(testing::HuntOrg(dir.path() + "/org", {"http_bare_ip"}, "10.0.0.0/8").empty());
}

}  // namespace
}  // namespace dragnet
