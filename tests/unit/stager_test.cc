// stager: an executable from a bare external address, then a session back.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/stager/stager_detector.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;
using Row = std::vector<std::string>;

const Fields kFiles = {{"ts", "time"},       {"fuid", "string"},     {"uid", "string"},        {"id.orig_h", "addr"},
                       {"id.orig_p", "port"}, {"id.resp_h", "addr"}, {"id.resp_p", "port"},    {"source", "string"},
                       {"mime_type", "string"}, {"is_orig", "bool"}, {"seen_bytes", "count"},  {"sha1", "string"}};
const Fields kHttp = {{"ts", "time"},       {"uid", "string"},       {"id.orig_h", "addr"}, {"id.orig_p", "port"},
                      {"id.resp_h", "addr"}, {"id.resp_p", "port"},  {"host", "string"},    {"uri", "string"}};
const Fields kConn = {{"ts", "time"},          {"uid", "string"},        {"id.orig_h", "addr"},
                      {"id.orig_p", "port"},   {"id.resp_h", "addr"},    {"id.resp_p", "port"},
                      {"proto", "enum"},       {"duration", "interval"}, {"orig_bytes", "count"},
                      {"resp_bytes", "count"}, {"conn_state", "string"}};

std::string Ts(double ts) { return fmt::format("{:.6f}", ts); }
std::string Id(char kind, double ts) { return fmt::format("{}{}", kind, static_cast<int>(ts) % 1000); }

Row FilesRow(double ts, const std::string& client, const std::string& server, const char* mime) {
  return {Ts(ts), Id('F', ts), Id('C', ts), client, "49000", server, "80", "HTTP", mime, "F", "7168", "-"};
}

Row HttpRow(double ts, const std::string& client, const std::string& server, const char* host) {
  return {Ts(ts), Id('C', ts), client, "49000", server, "80", host, "/a"};
}

Row ConnRow(double ts, const std::string& client, const std::string& server, int port, double duration,
            uint64_t received = 200000) {
  return {Ts(ts), Id('C', ts), client, "49001", server, std::to_string(port), "tcp", fmt::format("{}", duration),
          "2000", std::to_string(received), "SF"};
}

std::vector<Finding> Hunt(const testing::TempDir& dir) { return testing::HuntOrg(dir.path() + "/org", {"stager"}); }

TEST(Stager, ExecutableFromABareAddressThenASessionIsFound) {
  const double t = 1700000000;
  testing::TempDir dir;
  dir.Write("org/files.log",
            testing::TsvLog("files", kFiles,
                {FilesRow(t, "10.0.0.5", "203.0.113.7", "application/x-dosexec"),         // stager + session
                 FilesRow(t + 5, "10.0.0.6", "198.51.100.20", "application/x-dosexec"),   // named: an installer
                 FilesRow(t + 9, "10.0.0.8", "192.0.2.30", "application/x-dosexec"),      // bare, no session
                 FilesRow(t + 12, "10.0.0.9", "192.0.2.31", "text/html")}));              // not a program
  dir.Write("org/http.log",
            testing::TsvLog("http", kHttp,
                {HttpRow(t, "10.0.0.5", "203.0.113.7", "-"), HttpRow(t + 5, "10.0.0.6", "198.51.100.20",
                                                                       "download.vendor.example"),
                 HttpRow(t + 9, "10.0.0.8", "192.0.2.30", "192.0.2.30")}));
  dir.Write("org/conn.log",
            testing::TsvLog("conn", kConn,
                {ConnRow(t - 1, "10.0.0.5", "203.0.113.7", 80, 0.2), ConnRow(t + 40, "10.0.0.5", "203.0.113.7", 4444, 250),
                 ConnRow(t + 4, "10.0.0.6", "198.51.100.20", 80, 0.3), ConnRow(t + 50, "10.0.0.6", "198.51.100.20", 443, 300),
                 ConnRow(t + 8, "10.0.0.8", "192.0.2.30", 80, 0.2)}));
  auto findings = Hunt(dir);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.5");
  EXPECT_DOUBLE_EQ(findings[0].score, 0.8);
  EXPECT_NE(findings[0].summary.find("then held a 4 min session with it"), std::string::npos) << findings[0].summary;
  EXPECT_EQ(findings[1].host.ToString(), "10.0.0.8");  // a literal address as Host is no name
  EXPECT_DOUBLE_EQ(findings[1].score, 0.55);
}

// No executable captured (a one-sided capture, a stage loaded in memory): a
// fetch by address, then a session on another, non-web port of the address.
TEST(Stager, AFetchByAddressThenASessionOnAnotherPortIsFound) {
  const double t = 1700000000;
  testing::TempDir dir;
  std::vector<Row> http, conn;
  auto fetch_then = [&](const std::string& client, const std::string& server, const char* host, double after,
                        int port, double duration, uint64_t received) {
    http.push_back(HttpRow(t, client, server, host));
    conn.push_back(ConnRow(t - 0.5, client, server, 80, 0.4, 313));
    conn.push_back(ConnRow(t + after, client, server, port, duration, received));
  };
  fetch_then("10.0.0.5", "203.0.113.7", "-", 48, 4433, 257, 1151667);        // OTRF campaign-02's shape
  fetch_then("10.0.0.6", "198.51.100.20", "-", 48, 443, 257, 1151667);       // the session on 443: browsing
  fetch_then("10.0.0.7", "198.51.100.21", "-", 48, 80, 257, 1151667);        // the same port: a long download
  fetch_then("10.0.0.8", "192.0.2.30", "-", 48, 5678, 257, 2000);            // nothing carried
  fetch_then("10.0.0.9", "192.0.2.31", "-", 1200, 4444, 257, 1151667);       // 20 min later: unrelated
  fetch_then("10.0.0.10", "192.0.2.32", "updates.example.com", 48, 4444, 257, 1151667);  // named
  fetch_then("10.0.0.11", "192.0.2.33", "-", 48, 4444, 30, 1151667);         // half a minute: no session
  dir.Write("org/http.log", testing::TsvLog("http", kHttp, http));
  dir.Write("org/conn.log", testing::TsvLog("conn", kConn, conn));
  auto findings = Hunt(dir);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.5");
  EXPECT_DOUBLE_EQ(findings[0].score, 0.6);
  EXPECT_NE(findings[0].summary.find("then held a 4 min session with it on port 4433"), std::string::npos)
      << findings[0].summary;
  EXPECT_NE(findings[0].evidence_json.find("\"session_port\":4433"), std::string::npos) << findings[0].evidence_json;
  EXPECT_DOUBLE_EQ(StagerScore(false, false), 0);
}

TEST(Stager, ExecutableMimeTypes) {
  EXPECT_TRUE(IsExecutableMime("application/x-dosexec"));
  EXPECT_TRUE(IsExecutableMime("application/x-executable"));
  EXPECT_FALSE(IsExecutableMime("application/zip"));
  EXPECT_FALSE(IsExecutableMime(""));
}

TEST(Stager, RealMetasploitStagersOfTheOtrfLab) {
  std::string data = testing::SharedData();
  std::string root = data + "/zeek/otrf-lsass";
  if (data.empty() || !std::filesystem::exists(root)) GTEST_SKIP() << "../shared/data/zeek/otrf-lsass absent";
  HuntOptions options;
  for (int i = 1; i <= 7; ++i) {
    std::string name = fmt::format("campaign-0{}", i);
    std::string home = i <= 4 ? "192.168.1.0/24" : "192.168.56.0/24";
    options.orgs.push_back(OrgSource{name, {root + "/" + name}, {*Cidr::Parse(home)}, {}, {}});
  }
  options.detectors = {"stager"};
  Diagnostics diag(false);
  auto report = RunHunt(options, diag);
  ASSERT_TRUE(report.ok()) << report.status().message();
  // Every campaign fetched a PE from the handler (10.0.5.13 / 10.0.5.14) by address, then held the
  // Meterpreter session -- but 02 (Procdump), whose capture holds no executable in files.log: three
  // HTTP responses from 10.0.5.13:80 by address, then a 257 s session carrying 1.15 MB on :4433.
  std::vector<std::string> found;
  for (const Finding& f : (*report)->findings) {
    found.push_back(f.org);
    EXPECT_TRUE(f.indicators[0] == "10.0.5.13" || f.indicators[0] == "10.0.5.14") << f.indicators[0];
  }
  EXPECT_EQ(found, (std::vector<std::string>{"campaign-01", "campaign-02", "campaign-03", "campaign-04",
                                             "campaign-05", "campaign-06", "campaign-07"}));
}

}  // namespace
}  // namespace dragnet
