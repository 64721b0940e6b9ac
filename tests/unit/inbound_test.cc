// Both directions across the border (issue 15 item 4): the inbound detector
// (web-shell polling, long inbound sessions; only for orgs that turn inbound
// analysis on) and border_admin (admin protocols crossing the border).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "detect/border/border_ports.h"
#include "detect/border/inbound_detector.h"
#include "detect/border/inbound_state.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},          {"uid", "string"},          {"id.orig_h", "addr"},  {"id.orig_p", "port"},
    {"id.resp_h", "addr"},   {"id.resp_p", "port"},      {"proto", "enum"},      {"service", "string"},
    {"duration", "interval"}, {"orig_bytes", "count"},   {"resp_bytes", "count"}, {"conn_state", "string"}};
const std::vector<std::pair<std::string, std::string>> kHttp = {
    {"ts", "time"},        {"uid", "string"},    {"id.orig_h", "addr"}, {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"host", "string"},    {"user_agent", "string"}};

using Row = std::vector<std::string>;
const double kT0 = 1700000000;

Row Conn(double ts, const std::string& orig, const std::string& resp, int port, const std::string& service,
         double duration, const char* state = "SF") {
  return {fmt::format("{:.6f}", ts), fmt::format("C{}", static_cast<int64_t>(ts * 10) % 100000000), orig,
          std::to_string(40000 + static_cast<int>(ts) % 20000), resp, std::to_string(port), "tcp", service,
          fmt::format("{:.3f}", duration), "400", "1200", state};
}

Row Http(double ts, const std::string& orig, const std::string& resp, int port, const std::string& host,
         const std::string& agent) {
  return {fmt::format("{:.6f}", ts), "Cx", orig, "40000", resp, std::to_string(port), host, agent};
}

struct Logs {
  std::vector<Row> conn, http;
};

std::vector<Finding> Hunt(Logs logs, bool inbound, const std::vector<std::string>& detectors) {
  std::sort(logs.conn.begin(), logs.conn.end());
  std::sort(logs.http.begin(), logs.http.end());
  testing::TempDir dir;
  dir.Write("acme/conn.log", testing::TsvLog("conn", kConn, logs.conn));
  if (!logs.http.empty()) dir.Write("acme/http.log", testing::TsvLog("http", kHttp, logs.http));
  HuntOptions o;
  OrgSource org{"acme", {dir.path() + "/acme"}, {*Cidr::Parse("10.0.0.0/8")}, {}, {}};
  org.inbound = inbound;
  o.orgs = {org};
  o.threads = 2;
  o.org_affinity = false;  // states merged across workers
  o.detectors = detectors;
  Diagnostics d(false);
  auto r = RunHunt(o, d);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? (*r)->findings : std::vector<Finding>{};
}

// A web shell's operator: one outside address, HTTP every ~3 minutes for 4 h,
// no Host header, an agent no browser sends.
void WebShell(Logs& logs, const std::string& client, const std::string& server, const std::string& agent,
              double offset = 0) {
  for (int i = 0; i < 80; ++i) {
    double t = kT0 + offset + i * 180 + (i % 7) * 3;
    logs.conn.push_back(Conn(t, client, server, 80, "http", 0.4));
    logs.http.push_back(Http(t + 0.1, client, server, 80, "-", agent));
  }
}

TEST(InboundScore, PollAndSessionRamps) {
  InboundParams p;
  EXPECT_EQ(InboundPollScore(0.5, true, true, p), 0);  // not regular enough
  EXPECT_DOUBLE_EQ(InboundPollScore(1.0, false, false, p), 0.45);
  EXPECT_DOUBLE_EQ(InboundPollScore(1.0, true, true, p), 0.65);
  EXPECT_EQ(InboundSessionScore(7 * 3600.0, p), 0);
  EXPECT_DOUBLE_EQ(InboundSessionScore(8 * 3600.0, p), 0.3);
  EXPECT_DOUBLE_EQ(InboundSessionScore(28 * 3600.0, p), 0.375);
  EXPECT_DOUBLE_EQ(InboundSessionScore(96 * 3600.0, p), 0.45);
  EXPECT_TRUE(IsNonBrowserAgent(""));
  EXPECT_TRUE(IsNonBrowserAgent("curl/8.0"));
  EXPECT_FALSE(IsNonBrowserAgent("Mozilla/5.0 (Windows NT 10.0)"));
}

TEST(BorderPorts, ServiceThenRegisteredPort) {
  EXPECT_EQ(AdminProtocolOf(445, "-"), AdminProtocol::kSmb);
  EXPECT_EQ(AdminProtocolOf(8445, "smb,gssapi"), AdminProtocol::kSmb);
  EXPECT_EQ(AdminProtocolOf(5985, "http"), AdminProtocol::kWinRm);
  EXPECT_EQ(AdminProtocolOf(3389, "ssl"), AdminProtocol::kRdp);
  EXPECT_EQ(AdminProtocolOf(135, "dce_rpc"), AdminProtocol::kRpc);
  EXPECT_EQ(AdminProtocolOf(22, "http"), AdminProtocol::kNone);  // a web server on 22 is no SSH
  EXPECT_EQ(AdminProtocolOf(443, "ssl"), AdminProtocol::kNone);
  EXPECT_EQ(AdminProtocolOf(636, ""), AdminProtocol::kLdap);
}

TEST(Inbound, WebShellPollingIsFoundOnlyWithTheOption) {
  Logs logs;
  WebShell(logs, "198.51.100.7", "10.0.0.5", "xQz-agent/0.1");
  for (int i = 0; i < 40; ++i)  // ordinary browsing visitors, once each
    logs.conn.push_back(Conn(kT0 + i * 97, fmt::format("203.0.113.{}", i + 1), "10.0.0.5", 80, "http", 0.3));
  auto on = Hunt(logs, true, {"inbound"});
  ASSERT_EQ(on.size(), 1u);
  const Finding& f = on[0];
  EXPECT_EQ(f.host.ToString(), "10.0.0.5");
  EXPECT_EQ(f.indicators, std::vector<std::string>{"198.51.100.7"});
  EXPECT_EQ(f.severity, Severity::kMedium) << f.summary;  // specific: no Host and an odd agent
  EXPECT_NE(f.evidence_json.find("\"shape\":\"polling\""), std::string::npos) << f.evidence_json;
  EXPECT_NE(f.summary.find("xQz-agent/0.1"), std::string::npos) << f.summary;
  EXPECT_TRUE(Hunt(logs, false, {"inbound"}).empty());
}

TEST(Inbound, PollingWithAHostHeaderAndABrowserAgentIsWeak) {
  Logs logs;
  for (int i = 0; i < 80; ++i) {
    double t = kT0 + i * 180;
    logs.conn.push_back(Conn(t, "198.51.100.7", "10.0.0.5", 80, "http", 0.4));
    logs.http.push_back(Http(t + 0.1, "198.51.100.7", "10.0.0.5", 80, "www.acme.example", "Mozilla/5.0 (X11)"));
  }
  auto on = Hunt(logs, true, {"inbound"});
  ASSERT_EQ(on.size(), 1u);
  EXPECT_EQ(on[0].severity, Severity::kLow);
}

TEST(Inbound, APublicServerPolledByManyOutsideAddressesIsQuiet) {
  Logs logs;
  for (int c = 1; c <= 4; ++c)  // uptime checks, feed readers: several pollers of one server port
    WebShell(logs, fmt::format("198.51.100.{}", c), "10.0.0.5", fmt::format("poller-{}", c), c * 11);
  EXPECT_TRUE(Hunt(logs, true, {"inbound"}).empty());
}

TEST(Inbound, ABusyPublicServerIsLeftOutWhateverTheWorkerSplit) {
  Logs logs;
  WebShell(logs, "198.51.100.7", "10.0.0.5", "xQz-agent/0.1");
  for (uint32_t i = 0; i < kMaxInboundClients + 50; ++i)  // more distinct visitors than the state keeps per port
    logs.conn.push_back(
        Conn(kT0 + i, fmt::format("100.{}.{}.{}", 100 + i / 62500, i / 250 % 250, 1 + i % 250), "10.0.0.5", 80, "http", 0.3));
  WebShell(logs, "198.51.100.8", "10.0.0.6", "yQz-agent/0.2");  // another server, quiet port
  auto on = Hunt(logs, true, {"inbound"});
  ASSERT_EQ(on.size(), 1u);
  EXPECT_EQ(on[0].host.ToString(), "10.0.0.6");
}

TEST(Inbound, OneAddressPollingManyServersIsMonitoring) {
  Logs logs;
  for (int s = 1; s <= 3; ++s) WebShell(logs, "198.51.100.9", fmt::format("10.0.0.{}", s), "monitor/2.0", s * 13);
  EXPECT_TRUE(Hunt(logs, true, {"inbound"}).empty());
}

TEST(Inbound, ASessionOpenForDaysFromOneOutsideAddress) {
  Logs logs;
  logs.conn.push_back(Conn(kT0, "198.51.100.20", "10.0.0.6", 22, "ssh", 3 * 86400.0));
  logs.conn.push_back(Conn(kT0 + 60, "198.51.100.21", "10.0.0.6", 22, "ssh", 30.0));  // a short one: nothing
  auto on = Hunt(logs, true, {"inbound"});
  ASSERT_EQ(on.size(), 1u);
  EXPECT_EQ(on[0].indicators, std::vector<std::string>{"198.51.100.20"});
  EXPECT_EQ(on[0].severity, Severity::kLow);
  EXPECT_NE(on[0].evidence_json.find("\"shape\":\"long_session\""), std::string::npos) << on[0].evidence_json;
  EXPECT_TRUE(Hunt(logs, false, {"inbound"}).empty());
}

TEST(BorderAdmin, OutboundSmbFromAWorkstationToARareAddressIsMedium) {
  Logs logs;
  logs.conn.push_back(Conn(kT0, "10.0.0.31", "198.51.100.40", 445, "smb", 12.0));
  logs.conn.push_back(Conn(kT0 + 5, "10.0.0.32", "198.51.100.41", 22, "ssh", 40.0));    // SSH out: weak
  logs.conn.push_back(Conn(kT0 + 9, "10.0.0.33", "198.51.100.42", 445, "", 0, "S0"));  // never answered
  auto f = Hunt(logs, false, {"border_admin"});
  auto smb = testing::Of(f, "10.0.0.31", "border_admin");
  ASSERT_EQ(smb.size(), 1u);
  EXPECT_EQ(smb[0]->severity, Severity::kMedium) << smb[0]->summary;
  EXPECT_NE(smb[0]->evidence_json.find("\"protocol\":\"SMB\""), std::string::npos);
  auto ssh = testing::Of(f, "10.0.0.32", "border_admin");
  ASSERT_EQ(ssh.size(), 1u);
  EXPECT_EQ(ssh[0]->severity, Severity::kLow);
  EXPECT_TRUE(testing::Of(f, "10.0.0.33", "border_admin").empty());
}

TEST(BorderAdmin, InboundToAWorkstationIsWeakAndToAPublicServiceQuiet) {
  Logs logs;
  logs.conn.push_back(Conn(kT0, "198.51.100.50", "10.0.0.40", 3389, "rdp", 600.0));
  for (int c = 1; c <= 6; ++c)  // an SSH server the world logs into
    logs.conn.push_back(Conn(kT0 + c * 30, fmt::format("203.0.113.{}", c), "10.0.0.41", 22, "ssh", 60.0));
  auto f = Hunt(logs, false, {"border_admin"});
  auto rdp = testing::Of(f, "10.0.0.40", "border_admin");
  ASSERT_EQ(rdp.size(), 1u);
  EXPECT_EQ(rdp[0]->severity, Severity::kLow);
  EXPECT_NE(rdp[0]->evidence_json.find("\"direction\":\"inbound\""), std::string::npos);
  EXPECT_TRUE(testing::Of(f, "10.0.0.41", "border_admin").empty());
}

TEST(BorderAdmin, AHostSpeakingAProtocolToTheWholeInternetIsLeftOut) {
  Logs logs;
  for (int i = 0; i < 70; ++i)  // SMB to 70 outside addresses: past the 64 kept, whatever the worker split
    logs.conn.push_back(Conn(kT0 + i, "10.0.0.60", fmt::format("198.51.{}.{}", 100 + i / 50, 1 + i % 50), 445, "smb", 1.0));
  logs.conn.push_back(Conn(kT0 + 99, "10.0.0.61", "198.51.100.1", 445, "smb", 1.0));  // one of them, from a desk
  auto f = Hunt(logs, false, {"border_admin"});
  EXPECT_TRUE(testing::Of(f, "10.0.0.60", "border_admin").empty());
  ASSERT_EQ(testing::Of(f, "10.0.0.61", "border_admin").size(), 1u);  // the crowded host does not count as a user
}

// The config key turns inbound analysis on for one org, --inbound for all.
TEST(InboundConfig, ConfigKeyForOneOrgAndFlagForAll) {
  Logs logs;
  WebShell(logs, "198.51.100.7", "10.0.0.5", "xQz-agent/0.1");
  std::sort(logs.conn.begin(), logs.conn.end());
  testing::TempDir t;
  for (const char* org : {"acme", "globex"}) {
    t.Write(fmt::format("root/{}/conn.log", org), testing::TsvLog("conn", kConn, logs.conn));
    t.Write(fmt::format("root/{}/http.log", org), testing::TsvLog("http", kHttp, logs.http));
  }
  t.Write("orgs.ini", "[org acme]\nhome = 10.0.0.0/8\ninbound = yes\n[org globex]\nhome = 10.0.0.0/8\n");
  auto inbound_orgs = [&](const std::string& extra) {
    std::string out = t.path() + "/out";
    std::string cmd = std::string(DRAGNET_BINARY) + " hunt " + t.path() + "/root --config " + t.path() +
                      "/orgs.ini --detectors inbound --quiet --no-progress --out " + out + " " + extra +
                      " > /dev/null 2>&1";
    EXPECT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0) << cmd;
    std::string findings = testing::ReadWhole(out + "/findings.jsonl");
    std::string orgs;
    for (const char* org : {"acme", "globex"})
      if (findings.find(fmt::format("\"org\":\"{}\",\"host\":\"10.0.0.5\",\"detector\":\"inbound\"", org)) !=
          std::string::npos)
        orgs += std::string(orgs.empty() ? "" : ",") + org;
    return orgs;
  };
  EXPECT_EQ(inbound_orgs(""), "acme");
  EXPECT_EQ(inbound_orgs("--inbound"), "acme,globex");
}

TEST(InboundConfig, PerOrgKey) {
  auto c = ParseOrgConfig("o.ini", "[org a]\ninbound = yes\n[org b]\nhome = 10.0.0.0/8\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->orgs.at("a").inbound);
  EXPECT_FALSE(c->orgs.at("b").inbound);
  auto bad = ParseOrgConfig("o.ini", "[org a]\ninbound = maybe\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("o.ini:2"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace dragnet
