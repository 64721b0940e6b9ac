// The scan detector (issue 15, item 5) on logs built in code: horizontal and
// vertical scans as one finding per source with its targets, a routine
// nightly scanner scored low but reported, AD enumeration bursts; web
// browsing, a few blocked connections and ordinary directory lookups never.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "zeek_log_util.h"
#include "detect/scan/scan_detector.h"
#include "detect/scan/scan_peaks.h"

namespace dragnet {
namespace {

using testing::HuntOrg;
using testing::Of;
using testing::TempDir;
using testing::TsvLog;

const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},          {"uid", "string"},       {"id.orig_h", "addr"},      {"id.orig_p", "port"},
    {"id.resp_h", "addr"},   {"id.resp_p", "port"},   {"proto", "enum"},          {"conn_state", "string"},
    {"orig_bytes", "count"}, {"resp_bytes", "count"}};
const std::vector<std::pair<std::string, std::string>> kDceRpc = {
    {"ts", "time"},        {"uid", "string"},     {"id.orig_h", "addr"},    {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"endpoint", "string"}, {"operation", "string"}};

constexpr double kT0 = 1700000000;  // 2023-11-14T22:13:20Z

std::vector<std::string> Conn(double ts, const std::string& from, const std::string& to, int port,
                              const std::string& state, const std::string& orig_bytes = "0",
                              const std::string& resp_bytes = "0") {
  return {fmt::format("{:.6f}", ts), "C1", from, "40000", to, std::to_string(port), "tcp", state, orig_bytes,
          resp_bytes};
}

TEST(Scan, FailedProbesAndEnumerationCalls) {
  EXPECT_TRUE(IsFailedProbe("S0", std::nullopt, std::nullopt));
  EXPECT_TRUE(IsFailedProbe("REJ", 0, 0));
  EXPECT_TRUE(IsFailedProbe("RSTO", 0, 0));    // connect scan: handshake, then reset
  EXPECT_FALSE(IsFailedProbe("RSTO", 300, 0));  // a client that sent something
  EXPECT_FALSE(IsFailedProbe("SF", 200, 5000));
  EXPECT_EQ(EnumerationKind("samr", "SamrEnumerateUsersInDomain"), 1);
  EXPECT_EQ(EnumerationKind("samr", "SamrConnect2"), 0);
  EXPECT_EQ(EnumerationKind("lsarpc", "LsarLookupSids2"), 2);
  EXPECT_EQ(EnumerationKind("drsuapi", "DRSCrackNames"), 3);
  EXPECT_EQ(EnumerationKind("drsuapi", "DRSGetNCChanges"), 0);
  EXPECT_EQ(EnumerationKind("srvsvc", "NetrSessionEnum"), 4);
}

TEST(Scan, ScoreByDirectionVolumeAndKinds) {
  EXPECT_EQ(ScanScore(0.9, 0.5, 0, ScanDirection::kOutbound), 0);
  EXPECT_DOUBLE_EQ(ScanScore(1, 0, 0, ScanDirection::kOutbound), 0.5);
  EXPECT_DOUBLE_EQ(ScanScore(1, 0, 0, ScanDirection::kInternal), 0.3);
  EXPECT_DOUBLE_EQ(ScanScore(10, 0, 0, ScanDirection::kInternal), 0.45);
  EXPECT_DOUBLE_EQ(ScanScore(1000, 0, 0, ScanDirection::kInternal), 0.6);  // the volume part's cap
  EXPECT_DOUBLE_EQ(ScanScore(10, 1, 0, ScanDirection::kInbound), 0.5);     // 0.25 + 0.15, both kinds +0.1
  EXPECT_DOUBLE_EQ(ScanScore(0, 0, 1, ScanDirection::kInbound), 0.5);      // enumeration: any direction
}

TEST(Scan, HorizontalAndVerticalScansAreOneFindingPerSource) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  // A workstation sweeps port 445 of 300 inside hosts in two minutes (a
  // third answer with a reset), then 40 ports of one server.
  for (int i = 0; i < 300; ++i)
    rows.push_back(Conn(kT0 + i * 0.4, "10.0.0.99", fmt::format("10.0.{}.{}", 1 + i / 200, 1 + i % 200), 445,
                        i % 3 ? "S0" : "REJ"));
  for (int port = 1; port <= 40; ++port) rows.push_back(Conn(kT0 + 300 + port * 0.1, "10.0.0.99", "10.0.9.9", port, "REJ"));
  // A browser: 60 web servers answered, 5 blocked.
  for (int i = 0; i < 60; ++i)
    rows.push_back(Conn(kT0 + i, "10.0.0.5", fmt::format("93.184.{}.{}", i / 200, 1 + i % 200), 443, "SF", "900", "40000"));
  for (int i = 0; i < 5; ++i) rows.push_back(Conn(kT0 + i, "10.0.0.5", fmt::format("198.51.100.{}", i), 443, "S0"));
  t.Write("acme/conn.log", TsvLog("conn", kConn, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"scan"});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.host.ToString(), "10.0.0.99");
  EXPECT_EQ(f.indicators, (std::vector<std::string>{"horizontal-scan", "vertical-scan"}));
  EXPECT_EQ(f.attack, (std::vector<std::string>{"T1018", "T1046"}));
  EXPECT_EQ(f.peers.size(), 256u);  // the first 256 of 301 targets
  // 0.3 + 0.15 log10(300 / 10) = 0.522, both kinds +0.1
  EXPECT_DOUBLE_EQ(f.score, 0.622);
  EXPECT_NE(f.summary.find("port 445 on 300 hosts within 5 min (horizontal scan); probed 40 ports of 10.0.9.9"),
            std::string::npos)
      << f.summary;
  EXPECT_NE(f.evidence_json.find("\"hosts_total\":301"), std::string::npos);
  EXPECT_NE(f.evidence_json.find("\"ports\":[{\"port\":445,\"hosts\":300}"), std::string::npos) << f.evidence_json;
}

// Past the per-day cap (1,024 probes kept) and split over files read by
// different workers, the findings are the same whatever the threads.
TEST(Scan, SameFindingsWhateverTheThreadsPastTheCap) {
  TempDir t;
  for (int file = 0; file < 4; ++file) {
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < 1500; ++i)
      rows.push_back(Conn(kT0 + (i * 4 + file) * 0.01, "10.0.0.99", fmt::format("10.0.{}.{}", i % 6, 1 + i % 250),
                          1 + (i * 4 + file) % 300, "REJ"));
    t.Write("acme/conn-" + std::to_string(file) + ".log", TsvLog("conn", kConn, rows));
  }
  const std::vector<std::pair<std::string, std::string>> all = {{"scan.min_score", "0"}};
  auto one = HuntOrg(t.path() + "/acme", {"scan"}, "", all, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_NE(one[0].evidence_json.find("\"failed_probes\":6000"), std::string::npos);
  // 6,000 distinct (host, port) probes, the earliest 4,096 kept: 750 hosts, 300 ports.
  EXPECT_NE(one[0].summary.find("6,000 failed probes of 750 hosts on 300 ports"), std::string::npos)
      << one[0].summary;
  for (int threads : {2, 4}) {
    auto other = HuntOrg(t.path() + "/acme", {"scan"}, "", all, threads);
    ASSERT_EQ(other.size(), 1u);
    EXPECT_EQ(other[0].ToJson(), one[0].ToJson()) << "threads " << threads;
  }
}

TEST(Scan, RetriesToADeadServiceDoNotHideALaterSweep) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  // All morning an application retries a dead server 5,000 times, then the
  // host sweeps port 445 of 300 hosts: retries are one (host, port).
  for (int i = 0; i < 5000; ++i) rows.push_back(Conn(kT0 + i * 2, "10.0.0.99", "10.0.5.5", 8080, "S0"));
  for (int i = 0; i < 300; ++i)
    rows.push_back(Conn(kT0 + 20000 + i * 0.4, "10.0.0.99", fmt::format("10.0.{}.{}", 1 + i / 200, 1 + i % 200), 445,
                        "REJ"));
  t.Write("acme/conn.log", TsvLog("conn", kConn, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"scan"});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].summary.find("port 445 on 300 hosts"), std::string::npos) << findings[0].summary;
}

TEST(Scan, RoutineNightlyScannerIsScoredLowButReported) {
  // The same sweep of 300 hosts, every night at 02:00 for four nights, then
  // once only: the one-off keeps its score, the routine one halves it.
  auto sweep = [](int nights) {
    std::vector<std::vector<std::string>> rows;
    for (int night = 0; night < nights; ++night)
      for (int i = 0; i < 300; ++i)
        rows.push_back(Conn(1700013600 + night * 86400 + i * 0.4, "10.0.0.40",
                            fmt::format("10.0.{}.{}", 1 + i / 200, 1 + i % 200), 445, "REJ"));
    return rows;
  };
  TempDir routine, once;
  routine.Write("acme/conn.log", TsvLog("conn", kConn, sweep(4)));
  once.Write("acme/conn.log", TsvLog("conn", kConn, sweep(1)));
  auto lots = HuntOrg(routine.path() + "/acme", {"scan"}, "", {{"scan.min_hosts", "5"}});
  auto one = HuntOrg(once.path() + "/acme", {"scan"}, "", {{"scan.min_hosts", "5"}});
  ASSERT_EQ(lots.size(), 1u);
  ASSERT_EQ(one.size(), 1u);
  // 0.3 + 0.15 log10(300 / 5) = 0.567
  EXPECT_DOUBLE_EQ(one[0].score, 0.567);
  EXPECT_EQ(one[0].summary.find("routine scanner?"), std::string::npos);
  EXPECT_DOUBLE_EQ(lots[0].score, 0.284);
  EXPECT_EQ(lots[0].severity, Severity::kLow);
  EXPECT_NE(lots[0].summary.find("routine scanner? it scanned on 4 days of the run"), std::string::npos)
      << lots[0].summary;
}

TEST(Scan, DirectoryEnumerationBurstNotOrdinaryLookups) {
  TempDir t;
  std::vector<std::vector<std::string>> rows;
  auto call = [](double ts, const std::string& from, const std::string& endpoint, const std::string& op) {
    return std::vector<std::string>{fmt::format("{:.6f}", ts), "C1", from, "50000", "10.0.0.10", "445", endpoint, op};
  };
  // SharpHound-like: users, groups, members and SIDs in a minute.
  for (int i = 0; i < 20; ++i) rows.push_back(call(kT0 + i, "10.0.0.77", "samr", "SamrGetMembersInAlias"));
  for (int i = 0; i < 20; ++i) rows.push_back(call(kT0 + 20 + i, "10.0.0.77", "lsarpc", "LsarLookupSids2"));
  // A workstation resolving a few SIDs for a permissions dialog, and its logons.
  for (int i = 0; i < 5; ++i) rows.push_back(call(kT0 + i, "10.0.0.6", "lsarpc", "LsarLookupSids2"));
  for (int i = 0; i < 50; ++i) rows.push_back(call(kT0 + i, "10.0.0.6", "netlogon", "NetrLogonSamLogonEx"));
  t.Write("acme/dce_rpc.log", TsvLog("dce_rpc", kDceRpc, rows));
  auto findings = HuntOrg(t.path() + "/acme", {"scan"});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.host.ToString(), "10.0.0.77");
  EXPECT_EQ(f.indicators, std::vector<std::string>{"ad-enumeration"});
  EXPECT_EQ(f.attack, (std::vector<std::string>{"T1069.002", "T1087.002"}));
  // 0.5 + 0.15 log10(40 / 30)
  EXPECT_DOUBLE_EQ(f.score, 0.519);
  EXPECT_NE(f.evidence_json.find("\"enumeration\":{\"samr\":20,\"lsarpc\":20}"), std::string::npos)
      << f.evidence_json;
}

}  // namespace
}  // namespace dragnet
