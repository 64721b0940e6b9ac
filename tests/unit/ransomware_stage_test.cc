// Unit tests of the ransomware stages' pure parts: what an SMB/DCE-RPC record
// does (lateral_movement), the lateral and exfiltration formulas, and the
// kill chain's incident building.
#include <gtest/gtest.h>

#include "correlate/kill_chain.h"
#include "detect/exfiltration/exfiltration_detector.h"
#include "detect/lateral_movement/admin_action.h"
#include "detect/lateral_movement/lateral_movement_detector.h"

namespace dragnet {
namespace {

TEST(AdminAction, RpcOperations) {
  EXPECT_EQ(ClassifyRpc("svcctl", "CreateServiceW"), kServiceExec);
  EXPECT_EQ(ClassifyRpc("svcctl", "StartServiceW"), kServiceExec);
  EXPECT_EQ(ClassifyRpc("svcctl", "OpenSCManagerW"), kRemoteQuery);  // the credentialed scanner
  EXPECT_EQ(ClassifyRpc("ITaskSchedulerService", "SchRpcRegisterTask"), kTaskExec);
  EXPECT_EQ(ClassifyRpc("atsvc", "NetrJobAdd"), kTaskExec);
  EXPECT_EQ(ClassifyRpc("IRemoteSCMActivator", "RemoteCreateInstance"), kWmiExec);
  EXPECT_EQ(ClassifyRpc("IWbemServices", "ExecMethod"), kWmiExec);
  EXPECT_EQ(ClassifyRpc("IWbemServices", "ExecQuery"), kRemoteQuery);
  EXPECT_EQ(ClassifyRpc("winreg", "BaseRegOpenKey"), kRemoteQuery);
  // What every workstation does with its domain controller is no administration.
  EXPECT_EQ(ClassifyRpc("lsarpc", "LsarLookupSids3"), 0);
  EXPECT_EQ(ClassifyRpc("netlogon", "NetrLogonSamLogonEx"), 0);
  EXPECT_EQ(ClassifyRpc("drsuapi", "DRSGetNCChanges"), 0);
}

TEST(AdminAction, SharesAndTools) {
  EXPECT_TRUE(IsAdminShare("\\\\FS01\\ADMIN$"));
  EXPECT_TRUE(IsAdminShare("\\\\10.0.0.5\\c$"));
  EXPECT_TRUE(IsAdminShare("\\\\SRV\\D$"));
  EXPECT_FALSE(IsAdminShare("\\\\FS01\\IPC$"));
  EXPECT_FALSE(IsAdminShare("\\\\FS01\\Shared"));
  EXPECT_FALSE(IsAdminShare("\\\\FS01\\print$"));
  EXPECT_TRUE(IsExecutableName("PSEXESVC.exe"));
  EXPECT_TRUE(IsExecutableName("Temp\\x.PS1"));
  EXPECT_FALSE(IsExecutableName("Shares\\report.docx"));
  EXPECT_EQ(DescribeActions(kAdminShare | kToolDrop | kServiceExec), "admin share, tool written, service run");
  std::vector<std::string_view> ids = AttackOfActions(kAdminShare | kServiceExec | kRdp);
  EXPECT_EQ(ids, (std::vector<std::string_view>{"T1021.001", "T1021.002", "T1569.002"}));
}

TEST(LateralScore, HandComputed) {
  LateralMovementParams p;
  EXPECT_DOUBLE_EQ(LateralScore(1, 0, false, 0, false, p), 0.3);   // one admin job is no spread
  EXPECT_DOUBLE_EQ(LateralScore(2, 0, false, 0, false, p), 0.45);
  EXPECT_DOUBLE_EQ(LateralScore(2, 0, true, 0, false, p), 0.5);    // PsExec'd onto two new peers
  EXPECT_DOUBLE_EQ(LateralScore(5, 0, true, 0, false, p), 0.95);   // ... onto five
  EXPECT_DOUBLE_EQ(LateralScore(5, 0, true, 0, true, p), 0.475);   // ... by the IT team's routine admin
  EXPECT_DOUBLE_EQ(LateralScore(0, 3, false, 0, false, p), 0);     // RDP below the fan-out
  EXPECT_DOUBLE_EQ(LateralScore(0, 6, false, 0, false, p), 0.6);
  EXPECT_DOUBLE_EQ(LateralScore(1.5, 0, true, 0, false, p), 0.375);  // one new peer and one managed
}

TEST(ExfiltrationScore, LogVolume) {
  ExfiltrationParams p;
  EXPECT_DOUBLE_EQ(ExfiltrationVolumeScore(199'000'000, p), 0);
  EXPECT_DOUBLE_EQ(ExfiltrationVolumeScore(200'000'000, p), 0.5);
  EXPECT_DOUBLE_EQ(ExfiltrationVolumeScore(2'000'000'000, p), 0.735);  // 0.5 + 0.4 log(10) / log(50)
  EXPECT_DOUBLE_EQ(ExfiltrationVolumeScore(10'000'000'000, p), 0.9);
  EXPECT_DOUBLE_EQ(ExfiltrationVolumeScore(90'000'000'000, p), 0.9);
}

Finding Stage(const std::string& org, const std::string& host, const std::string& detector, int64_t ts_s,
              std::vector<std::string> peers = {}, double score = 0.8) {
  Finding f;
  f.org = org;
  f.host = *Ip::Parse(host);
  f.detector = detector;
  f.score = score;
  f.ts_first = Timestamp(ts_s * 1000000);
  f.ts_last = Timestamp((ts_s + 60) * 1000000);
  f.summary = detector + " on " + host;
  for (const auto& p : peers) f.peers.push_back(*Ip::Parse(p));
  return f;
}

// The detectors whose findings are specific (DetectorSpec::specific).
const SpecificDetectors kSpecific = {"credential_attack", "encryption", "exfiltration", "intel"};

TEST(KillChain, LinksStagesThroughPeers) {
  std::vector<Finding> findings = {
      Stage("acme", "10.0.0.5", "intel", 1000),
      Stage("acme", "10.0.0.5", "lateral_movement", 5000, {"10.0.0.20", "10.0.0.30"}),
      Stage("acme", "10.0.0.30", "lateral_movement", 5100, {"10.0.0.5"}),
      Stage("acme", "10.0.0.5", "credential_attack", 7000),
      Stage("acme", "10.0.0.30", "exfiltration", 9000, {"10.0.0.20"}),
      Stage("acme", "10.0.0.30", "encryption", 12000, {"10.0.0.20"}, 0.95),
      // Not part of it: another org, another unlinked implant, a weak stage.
      Stage("globex", "10.0.0.30", "encryption", 500),
      Stage("acme", "10.0.0.99", "beacon", 200),
      Stage("acme", "10.0.0.77", "lateral_movement", 300, {}, 0.3),
  };
  std::vector<Finding> chains = BuildKillChains(findings, kSpecific);
  ASSERT_EQ(chains.size(), 1u);
  const Finding& k = chains[0];
  EXPECT_EQ(k.org, "acme");
  EXPECT_EQ(k.host.ToString(), "10.0.0.5");  // where the earliest stage began
  EXPECT_EQ(k.detector, "kill_chain");
  // The lateral movement (weak on its own) links 10.0.0.5 to 10.0.0.30 but is
  // no stage: it is listed as a weak link.
  EXPECT_EQ(k.indicators, (std::vector<std::string>{"implant", "credential theft", "exfiltration", "encryption"}));
  EXPECT_NE(k.evidence_json.find(R"("weak_links":[{"stage":"spread")"), std::string::npos) << k.evidence_json;
  EXPECT_EQ(k.severity, Severity::kCritical);  // specific stages corroborating each other
  EXPECT_EQ(k.ts_first.micros(), 1000 * 1000000LL);
  EXPECT_DOUBLE_EQ(k.score, 1.0);  // 0.95 + 0.02 per further stage, at most 1
  ASSERT_EQ(k.peers.size(), 1u);   // 10.0.0.30 (10.0.0.20 has no finding of its own)
  EXPECT_NE(k.summary.find("3.1 h before encryption"), std::string::npos) << k.summary;
}

TEST(KillChain, AnImplantAloneIsNoIncident) {
  std::vector<Finding> findings = {Stage("acme", "10.0.0.5", "beacon", 1000), Stage("acme", "10.0.0.5", "dga", 2000)};
  EXPECT_TRUE(BuildKillChains(findings, kSpecific).empty());
  findings.push_back(Stage("acme", "10.0.0.5", "exfiltration", 3000));
  // Two independent weak implant signals make a medium stage; with the
  // exfiltration, two strong stages.
  EXPECT_EQ(BuildKillChains(findings, kSpecific).size(), 1u);
}

TEST(KillChain, WeakStagesBuildNoChain) {
  // A beacon, a lateral movement from that host and a long connection on its
  // target: every stage is a single weak signal (WRCCDC's resolver "chain").
  std::vector<Finding> findings = {
      Stage("acme", "10.0.0.5", "beacon", 1000, {}, 0.9),
      Stage("acme", "10.0.0.5", "lateral_movement", 5000, {"10.0.0.30"}, 0.9),
      Stage("acme", "10.0.0.30", "long_connection", 6000, {}, 0.9),
  };
  EXPECT_TRUE(BuildKillChains(findings, kSpecific).empty());
  // The same findings from detectors declared specific are strong stages.
  EXPECT_EQ(BuildKillChains(findings, {"beacon", "lateral_movement", "long_connection"}).size(), 1u);
  // One strong stage and weak ones: still no chain (two strong stages needed).
  findings[0].detector = "intel";
  EXPECT_TRUE(BuildKillChains(findings, kSpecific).empty());
}

}  // namespace
}  // namespace dragnet
