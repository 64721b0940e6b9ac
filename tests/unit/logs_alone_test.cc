// Connections from ssl and http records when conn.log is missing (or never
// saw them): beacons and rare destinations from application logs alone,
// counted once when conn.log is there too.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "aggregate/pair_table.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using Row = std::vector<std::string>;

const std::vector<std::pair<std::string, std::string>> kSsl = {
    {"ts", "time"},        {"uid", "string"},        {"id.orig_h", "addr"},  {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"},    {"version", "string"}, {"server_name", "string"}};
const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},        {"uid", "string"},     {"id.orig_h", "addr"},     {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"proto", "enum"},         {"duration", "interval"},
    {"orig_bytes", "count"}, {"resp_bytes", "count"}, {"conn_state", "string"}};
const std::vector<std::pair<std::string, std::string>> kHttp = {
    {"ts", "time"},        {"uid", "string"},     {"id.orig_h", "addr"}, {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"trans_depth", "count"}, {"host", "string"},
    {"uri", "string"}};

constexpr double kT0 = 1700000000;
constexpr int kBeats = 720;  // every 120 s for 24 h

std::string Uid(int i) { return fmt::format("CB{:06d}", i); }

// The bot's TLS sessions to one address, no server name (a bare-address C2).
std::vector<Row> BotSsl() {
  std::vector<Row> rows;
  for (int i = 0; i < kBeats; ++i)
    rows.push_back({fmt::format("{:.6f}", kT0 + i * 120 + (i % 7)), Uid(i), "10.0.0.5",
                    std::to_string(50000 + i % 10000), "203.0.113.9", "443", "TLSv10", "-"});
  return rows;
}

// The conn records of the same sessions (same uids, started a moment earlier).
std::vector<Row> BotConn() {
  std::vector<Row> rows;
  for (int i = 0; i < kBeats; ++i)
    rows.push_back({fmt::format("{:.6f}", kT0 + i * 120 + (i % 7) - 0.05), Uid(i), "10.0.0.5",
                    std::to_string(50000 + i % 10000), "203.0.113.9", "443", "tcp", "0.8", "310", "2400", "SF"});
  return rows;
}

// Browsing of the other hosts: a few irregular sessions, so the org has peers.
std::vector<Row> OtherSsl() {
  std::vector<Row> rows;
  for (int h = 10; h < 16; ++h)
    for (int i = 0; i < 5; ++i)
      rows.push_back({fmt::format("{:.6f}", kT0 + h * 977 + i * i * 1301), fmt::format("CO{}x{}", h, i),
                      fmt::format("10.0.0.{}", h), "51000", "198.51.100.20", "443", "TLSv12", "www.example.org"});
  return rows;
}

std::string Field(const Finding& f, const std::string& key) {
  std::string needle = "\"" + key + "\":";
  size_t at = f.evidence_json.find(needle);
  if (at == std::string::npos) return "";
  size_t end = f.evidence_json.find_first_of(",}", at + needle.size());
  return f.evidence_json.substr(at + needle.size(), end - at - needle.size());
}

TEST(LogsAlone, SslOnlyBeaconIsFoundAndSaysWhereItsConnectionsCameFrom) {
  testing::TempDir dir;
  std::vector<Row> ssl = BotSsl();
  for (Row& r : OtherSsl()) ssl.push_back(r);
  dir.Write("org/ssl.log", testing::TsvLog("ssl", kSsl, ssl));
  auto findings = testing::HuntOrg(dir.path() + "/org", {"beacon", "rare_destination"}, "10.0.0.0/8");
  auto beacons = testing::Of(findings, "10.0.0.5", "beacon");
  ASSERT_EQ(beacons.size(), 1u);
  EXPECT_EQ(Field(*beacons[0], "destination"), "\"203.0.113.9\"");
  EXPECT_EQ(Field(*beacons[0], "connections_from"), "\"ssl\"");
  EXPECT_EQ(Field(*beacons[0], "connections"), std::to_string(kBeats));
  auto rare = testing::Of(findings, "10.0.0.5", "rare_destination");
  ASSERT_EQ(rare.size(), 1u);
  EXPECT_EQ(Field(*rare[0], "connections_from"), "\"ssl\"");
  EXPECT_NE(beacons[0]->summary.find("connections from ssl.log only"), std::string::npos) << beacons[0]->summary;
  EXPECT_TRUE(testing::Of(findings, "10.0.0.10", "beacon").empty());
}

TEST(LogsAlone, WithConnPresentTheSameSessionsCountOnce) {
  testing::TempDir dir;
  dir.Write("org/ssl.log", testing::TsvLog("ssl", kSsl, BotSsl()));
  dir.Write("org/conn.log", testing::TsvLog("conn", kConn, BotConn()));
  for (int threads : {1, 2}) {
    auto findings = testing::HuntOrg(dir.path() + "/org", {"beacon"}, "10.0.0.0/8", {}, threads);
    auto beacons = testing::Of(findings, "10.0.0.5", "beacon");
    ASSERT_EQ(beacons.size(), 1u) << threads;
    EXPECT_EQ(Field(*beacons[0], "connections"), std::to_string(kBeats)) << threads;
    EXPECT_EQ(Field(*beacons[0], "connections_from"), "") << threads;  // conn.log's
    EXPECT_EQ(Field(*beacons[0], "median_bytes"), "310") << threads;
  }
}

TEST(LogsAlone, HttpOnlyConnectionsCountOncePerConnection) {
  // Every 10 minutes for 12 h one connection carrying two requests
  // (trans_depth 1 and 2): 72 connections, not 144.
  testing::TempDir dir;
  std::vector<Row> rows;
  for (int i = 0; i < 72; ++i)
    for (int depth : {1, 2})
      rows.push_back({fmt::format("{:.6f}", kT0 + i * 600 + depth), Uid(i), "10.0.0.6", "52000", "192.0.2.77", "80",
                      std::to_string(depth), "-", "/gate.php"});
  dir.Write("org/http.log", testing::TsvLog("http", kHttp, rows));
  auto findings = testing::HuntOrg(dir.path() + "/org", {"beacon"}, "10.0.0.0/8");
  auto beacons = testing::Of(findings, "10.0.0.6", "beacon");
  ASSERT_EQ(beacons.size(), 1u);
  EXPECT_EQ(Field(*beacons[0], "connections"), "72");
  EXPECT_EQ(Field(*beacons[0], "connections_from"), "\"http\"");
}

TEST(LogsAlone, AppLogNames) {
  EXPECT_EQ(AppLogNames(0), "");
  EXPECT_EQ(AppLogNames(kAppLogSsl), "ssl");
  EXPECT_EQ(AppLogNames(kAppLogHttp), "http");
  EXPECT_EQ(AppLogNames(kAppLogSsl | kAppLogHttp), "ssl+http");
}

}  // namespace
}  // namespace dragnet
