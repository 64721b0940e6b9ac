// The scan detector's notice.log and dhcp.log path (issue 15, items 3 and 5):
// Zeek's own scan notices and a DHCP address scan become the source's one
// scan finding, Zeek's message quoted; notices of other kinds, a client
// renewing its lease and a few requests never do.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "zeek_log_util.h"
#include "detect/scan/scan_notices.h"
#include "detect/zeek_notice.h"

namespace dragnet {
namespace {

using testing::HuntOrg;
using testing::Of;
using testing::TempDir;
using testing::TsvLog;

const std::vector<std::pair<std::string, std::string>> kNotice = {
    {"ts", "time"}, {"note", "enum"}, {"msg", "string"}, {"sub", "string"},
    {"src", "addr"}, {"dst", "addr"}, {"p", "port"},     {"n", "count"}};
const std::vector<std::pair<std::string, std::string>> kDhcp = {
    {"ts", "time"}, {"client_addr", "addr"}, {"server_addr", "addr"}, {"requested_addr", "addr"},
    {"msg_types", "vector[string]"}};
const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},        {"uid", "string"},     {"id.orig_h", "addr"}, {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"proto", "enum"},     {"conn_state", "string"}};

constexpr double kT0 = 1700000000;

std::string Ts(double t) { return fmt::format("{:.6f}", t); }

TEST(ScanNotices, NoteKindsCountsAndDhcpScore) {
  EXPECT_TRUE(IsScanNote("Scan::Address_Scan"));
  EXPECT_TRUE(IsScanNote("Scan::Port_Scan"));
  EXPECT_TRUE(IsScanNote("ICMP::ICMPAddressScan"));
  EXPECT_TRUE(IsScanNote("ICMP::AddressMaskScan"));
  EXPECT_FALSE(IsScanNote("SSL::Invalid_Server_Cert"));
  EXPECT_FALSE(IsScanNote("ICMP::ICMPAsymPayload"));
  EXPECT_FALSE(IsScanNote("SSH::Password_Guessing"));
  EXPECT_EQ(NoticeCount(40, "whatever 25"), 40u);
  EXPECT_EQ(NoticeCount(std::nullopt, "147.32.83.156 scanned at least 25 unique hosts on port 23/tcp in 1m14s"), 25u);
  EXPECT_EQ(NoticeCount(std::nullopt, "10.0.0.1 scanned something"), 0u);
  EXPECT_EQ(DhcpScanScore(0.9), 0);
  EXPECT_DOUBLE_EQ(DhcpScanScore(1), 0.5);
  EXPECT_DOUBLE_EQ(DhcpScanScore(10), 0.65);
  EXPECT_DOUBLE_EQ(DhcpScanScore(1e6), 0.8);
}

TEST(ScanNotices, ZeekScanNoticesAreOneFindingPerSource) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  // An inside host sweeping the Internet on two ports (Zeek's sub "remote"),
  // then an inside ICMP sweep of 255 hosts; a certificate notice and a
  // sweep of 5 hosts (under min_hosts) of another host are no scan finding.
  for (int i = 0; i < 3; ++i)
    rows.push_back({Ts(kT0 + i), "Scan::Address_Scan",
                    fmt::format("10.0.0.7 scanned at least 25 unique hosts on port {}/tcp in 1m{}s", i ? 23 : 2323, i),
                    "remote", "10.0.0.7", "-", i ? "23" : "2323", "-"});
  rows.push_back({Ts(kT0 + 10), "ICMP::ICMPAddressScan", "10.0.0.8 performed ICMP address scan on 255 hosts", "-",
                  "10.0.0.8", "-", "-", "255"});
  rows.push_back({Ts(kT0 + 11), "ICMP::ICMPAddressScan", "10.0.0.8 performed ICMP address scan on 5 hosts", "-",
                  "10.0.0.8", "-", "-", "5"});
  rows.push_back({Ts(kT0 + 12), "SSL::Invalid_Server_Cert", "unable to get local issuer certificate", "-", "10.0.0.9",
                  "192.0.2.1", "443", "-"});
  rows.push_back({Ts(kT0 + 13), "ICMP::ICMPAddressScan", "10.0.0.10 performed ICMP address scan on 5 hosts", "-",
                  "10.0.0.10", "-", "-", "5"});
  t.Write("acme/notice.log", TsvLog("notice", kNotice, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"scan"}, "10.0.0.0/8");
  ASSERT_EQ(findings.size(), 2u);
  auto telnet = Of(findings, "10.0.0.7", "scan");
  ASSERT_EQ(telnet.size(), 1u);
  // Outbound ("remote" victims): 0.5 + 0.15 log10(25 / 10).
  EXPECT_DOUBLE_EQ(telnet[0]->score, 0.56);
  EXPECT_EQ(telnet[0]->indicators, (std::vector<std::string>{"horizontal-scan", "zeek-notice"}));
  EXPECT_NE(telnet[0]->summary.find("Zeek notice Scan::Address_Scan '10.0.0.7 scanned at least 25 unique hosts on "
                                    "port 2323/tcp in 1m0s' (remote), 3 notices"),
            std::string::npos)
      << telnet[0]->summary;
  EXPECT_NE(telnet[0]->evidence_json.find("\"direction\":\"outbound\""), std::string::npos);
  auto sweep = Of(findings, "10.0.0.8", "scan");
  ASSERT_EQ(sweep.size(), 1u);
  // Internal: 0.3 + 0.15 log10(255 / 10).
  EXPECT_DOUBLE_EQ(sweep[0]->score, 0.511);
  EXPECT_NE(sweep[0]->evidence_json.find(
                "\"zeek_notices\":[{\"note\":\"ICMP::ICMPAddressScan\",\"notices\":2,\"count\":255,"),
            std::string::npos)
      << sweep[0]->evidence_json;
}

TEST(ScanNotices, NoticeJoinsTheSourcesConnScanFinding) {
  TempDir t;
  std::vector<std::vector<std::string>> conn;
  for (int i = 0; i < 40; ++i)
    conn.push_back({Ts(kT0 + i * 0.1), "C1", "10.0.0.7", "40000", fmt::format("198.51.100.{}", i + 1), "23", "tcp", "S0"});
  t.Write("acme/conn.log", TsvLog("conn", kConn, conn));
  t.Write("acme/notice.log",
          TsvLog("notice", kNotice,
                 {{Ts(kT0 + 5), "Scan::Address_Scan", "10.0.0.7 scanned at least 25 unique hosts on port 23/tcp in 4s",
                   "remote", "10.0.0.7", "-", "23", "-"}}));
  auto findings = HuntOrg(t.path() + "/acme", {"scan"}, "10.0.0.0/8");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].indicators, (std::vector<std::string>{"horizontal-scan", "zeek-notice"}));
  EXPECT_NE(findings[0].summary.find("probed port 23 on 40 hosts"), std::string::npos) << findings[0].summary;
  EXPECT_NE(findings[0].summary.find("; Zeek notice Scan::Address_Scan"), std::string::npos) << findings[0].summary;
  EXPECT_NE(findings[0].evidence_json.find("\"failed_probes\":40"), std::string::npos);
  EXPECT_NE(findings[0].evidence_json.find(",\"zeek_notices\":[{"), std::string::npos) << findings[0].evidence_json;
}

TEST(ScanNotices, DhcpAddressScanButNotLeaseRenewals) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  // One client REQUESTs 12 consecutive addresses at one instant.
  for (int i = 0; i < 12; ++i)
    rows.push_back({Ts(kT0), "192.168.1.30", "192.168.1.1", fmt::format("192.168.1.{}", 105 + i), "REQUEST,ACK"});
  // Another renews its one lease every 5 minutes all day; a third asks for 9
  // addresses (under min_dhcp_addresses); a server's ACK alone is no request.
  for (int i = 0; i < 288; ++i)
    rows.push_back({Ts(kT0 + i * 300), "192.168.1.40", "192.168.1.1", "192.168.1.40", "REQUEST,ACK"});
  for (int i = 0; i < 9; ++i)
    rows.push_back({Ts(kT0 + i), "192.168.1.50", "192.168.1.1", fmt::format("192.168.1.{}", 150 + i), "REQUEST,NAK"});
  for (int i = 0; i < 20; ++i)
    rows.push_back({Ts(kT0 + i), "192.168.1.60", "192.168.1.1", fmt::format("192.168.1.{}", 200 + i), "ACK"});
  t.Write("acme/dhcp.log", TsvLog("dhcp", kDhcp, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"scan"}, "192.168.1.0/24");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.host.ToString(), "192.168.1.30");
  EXPECT_EQ(f.indicators, (std::vector<std::string>{"dhcp-scan"}));
  EXPECT_DOUBLE_EQ(f.score, RoundScore(0.5 + 0.15 * std::log10(1.2)));
  EXPECT_NE(f.summary.find("REQUESTed 12 distinct addresses by DHCP within 5 min (192.168.1.105 to 192.168.1.116"),
            std::string::npos)
      << f.summary;
  EXPECT_NE(f.evidence_json.find("\"dhcp_requests\":{\"requests\":12,\"peak_addresses\":12,"), std::string::npos)
      << f.evidence_json;
  // The same whatever the threads.
  EXPECT_EQ(HuntOrg(t.path() + "/acme", {"scan"}, "192.168.1.0/24", {}, 1)[0].ToJson(), f.ToJson());
}

}  // namespace
}  // namespace dragnet
