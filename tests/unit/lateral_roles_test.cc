// Host roles learnt from behaviour (detect/roles/) and the lateral_movement
// detector's routine and one-finding-per-source judgement, on small worlds
// built here record by record.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <fmt/format.h>

#include "detect/lateral_movement/admin_action.h"
#include "detect/lateral_movement/lateral_movement_detector.h"
#include "detect/roles/host_behaviour.h"
#include "detect/roles/host_roles.h"
#include "ingest/zeek_reader.h"
#include "intel/warninglist.h"
#include "lateral_world.h"

namespace dragnet {
namespace {

using namespace lateral_test;  // NOLINT: the shared small-org helpers

TEST(HostRoles, DeploymentAdminScannerBackupDcAndWorkstation) {
  World w;
  // Deployment: one agent installer pushed to 12 machines, run as a service.
  for (int i = 0; i < 12; ++i) w.PsExec(kT0 + 3 * kHour + i * 30, "10.0.0.10", Host(100 + i), "AgentSetup.exe");
  // Admin host: RDP and WinRM to four servers in five different hours.
  for (int h = 0; h < 5; ++h) {
    w.Rdp(kT0 + (9 + h) * kHour, "10.0.0.20", Server(h % 4 + 1));
    w.Conn(kT0 + (9 + h) * kHour + 600, "10.0.0.20", Server((h + 1) % 4 + 1), 5985);
  }
  // Scanner: service manager and registry queries on 25 hosts, nothing run.
  for (int i = 0; i < 25; ++i) {
    w.Mapping(kT0 + 2 * kHour + i, "10.0.0.30", Host(i + 1), "ADMIN$");
    w.Rpc(kT0 + 2 * kHour + i, "10.0.0.30", Host(i + 1), "svcctl", "OpenSCManagerW");
    w.Rpc(kT0 + 2 * kHour + i, "10.0.0.30", Host(i + 1), "winreg", "BaseRegOpenKey");
  }
  // Backup: 150 files read from the file server's C$.
  for (int i = 0; i < 150; ++i)
    w.File(kT0 + kHour + i, "10.0.0.40", Server(9), "FILE_OPEN", "C$", fmt::format("Shares\\doc{}.docx", i));
  // Domain controller: Kerberos for six clients; a workstation among them.
  for (int i = 0; i < 6; ++i) w.Kerberos(kT0 + i, Host(i + 1), "10.0.0.2");
  Outcome o = Analyse(w);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.10")), kRoleDeployment);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.20")), kRoleAdmin);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.30")), kRoleScanner);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.40")), kRoleBackup);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.2")), kRoleDomainController | kRoleServer);
  EXPECT_EQ(o.roles.Of(0, A(Host(3))), kRoleWorkstation);
  EXPECT_NE(o.roles.Facts(0, A("10.0.0.10"))->reason.find("agentsetup.exe to 12 hosts"), std::string::npos);
  EXPECT_EQ(o.roles.HostsWith(0, kRoleDeployment), std::vector<Ip>{A("10.0.0.10")});
  // The deployment server's push is routine: nothing reported.
  EXPECT_TRUE(o.Of("10.0.0.10").empty());
  for (int i = 0; i < 12; ++i) EXPECT_TRUE(o.Of(Host(100 + i)).empty());
}

TEST(HostRoles, FleetToolsWinRmFleetsAndImageBackups) {
  World w;
  // PAExec names its service binary after the launching process: one tool.
  for (int i = 0; i < 12; ++i)
    w.PsExec(kT0 + 3 * kHour + i * 30, "10.0.0.11", Host(100 + i), fmt::format("PAExec-{}-deploy08.exe", 1000 + 37 * i));
  // Configuration management over WinRM to fifteen machines in minutes.
  for (int i = 0; i < 15; ++i) w.Conn(kT0 + 4 * kHour + i * 20, "10.0.0.12", Host(150 + i), 5986);
  // An image backup: its agent pushed to three servers, then gigabytes read from each.
  for (int i = 0; i < 3; ++i) {
    w.PsExec(kT0 + kHour + i * 60, "10.0.0.13", Server(20 + i), "VeeamGuestHelper.exe");
    w.Conn(kT0 + kHour + i * 60 + 30, "10.0.0.13", Server(20 + i), 2500, 100000, 27'000'000'000ULL);
  }
  Outcome o = Analyse(w);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.11")), kRoleDeployment);
  EXPECT_NE(o.roles.Facts(0, A("10.0.0.11"))->reason.find("paexec-#-deploy#.exe to 12 hosts"), std::string::npos);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.12")), kRoleDeployment);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.13")), kRoleBackup);
  EXPECT_TRUE(o.findings.empty());  // all three routine
  EXPECT_EQ(PushKey("ADMIN$\\PAExec-1040-SEA-DEPLOY8.exe"), "paexec-#-sea-deploy#.exe");
}

TEST(HostRoles, AnAgentInstalledIntoItsOwnFolderWithoutConnIsRoutine) {
  // Without conn.log there is no bulk read to tell an image backup: its guest
  // agent installed into a folder of its own, the service left in place, is.
  World w;
  for (int i = 0; i < 3; ++i)
    w.PsExec(kT0 + 21 * kHour + i * 300, "10.0.0.13", Server(20 + i), "VeeamVssSupport\\VeeamGuestHelper.exe");
  // PsExec's binary in the share's root: an attack tool, not an agent.
  for (int i = 0; i < 3; ++i) w.PsExec(kT0 + 5 * kHour + i * 120, "10.0.0.50", Server(30 + i));
  // The same folder install whose services are removed again: a tool, not an agent.
  for (int i = 0; i < 3; ++i) {
    w.PsExec(kT0 + 7 * kHour + i * 120, "10.0.0.51", Server(40 + i), "Tools\\svc.exe");
    w.Rpc(kT0 + 7 * kHour + i * 120 + 5, "10.0.0.51", Server(40 + i), "svcctl", "DeleteService");
  }
  Outcome o = Analyse(w);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.13")), kRoleDeployment);
  EXPECT_NE(o.roles.Facts(0, A("10.0.0.13"))->reason.find("veeamguesthelper.exe as a kept service on 3 hosts"),
            std::string::npos);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.50")) & kRoleDeployment, 0);
  EXPECT_EQ(o.roles.Of(0, A("10.0.0.51")) & kRoleDeployment, 0);
  std::set<std::string> flagged;
  for (const Finding& f : o.findings)
    if (f.score >= 0.4) flagged.insert(f.host.ToString());
  EXPECT_EQ(flagged.count("10.0.0.13"), 0u);
  EXPECT_EQ(flagged.count("10.0.0.50"), 1u);
  EXPECT_EQ(flagged.count("10.0.0.51"), 1u);
  // The threshold is the parameter.
  RoleObserver observer;
  auto state = NewLateralMovementDetector()->NewState();
  w.Read(observer, *state);
  RoleParams p;
  p.agent_min_targets = 4;
  EXPECT_EQ(InferRoles(observer.behaviours(), p).Of(0, A("10.0.0.13")) & kRoleDeployment, 0);
}

TEST(HostRoles, MergedBehaviourDoesNotDependOnTheSplit) {
  // More peers than a set keeps, seen by two workers in different orders:
  // the merged sets are the smallest values, whoever saw what.
  HostBehaviour one, a, b;
  for (int i = 0; i < 150; ++i) {
    Ip peer = A(fmt::format("10.0.{}.{}", i % 3, i));
    one.clients.Insert(peer);
    (i % 2 ? a : b).clients.Insert(peer);
  }
  HostBehaviour ab = a, ba = b;
  ab.Merge(b);
  ba.Merge(a);
  EXPECT_EQ(ab.clients.values(), one.clients.values());
  EXPECT_EQ(ba.clients.values(), one.clients.values());
  EXPECT_EQ(one.clients.size(), kRoleSetMax);
}

TEST(HostRoles, ThresholdsAreTheParameters) {
  World w;
  for (int i = 0; i < 9; ++i) w.PsExec(kT0 + i * 30, "10.0.0.10", Host(100 + i), "AgentSetup.exe");
  RoleObserver observer;
  auto state = NewLateralMovementDetector()->NewState();
  w.Read(observer, *state);
  EXPECT_EQ(InferRoles(observer.behaviours(), RoleParams{}).Of(0, A("10.0.0.10")) & kRoleDeployment, 0);  // 9 < 10
  RoleParams p;
  p.deploy_min_targets = 9;
  EXPECT_EQ(InferRoles(observer.behaviours(), p).Of(0, A("10.0.0.10")) & kRoleDeployment, kRoleDeployment);
}

TEST(LateralRoutine, OneFindingPerSourceWhenTheSourceIsNotHostile) {
  World w;
  // RDP to six new peers within minutes (a brute force or a help desk): one
  // finding on the source, its targets listed inside, none of their own.
  for (int i = 0; i < 6; ++i) w.Rdp(kT0 + i * 60, "10.0.0.50", Host(i + 1));
  Outcome o = Analyse(w);
  ASSERT_EQ(o.findings.size(), 1u);
  const Finding& f = o.findings[0];
  EXPECT_EQ(f.host, A("10.0.0.50"));
  EXPECT_EQ(f.peers.size(), 6u);
  EXPECT_NE(f.evidence_json.find("\"hostile\":false"), std::string::npos);
  EXPECT_NE(f.evidence_json.find("\"last_ts\""), std::string::npos);
}

TEST(LateralRoutine, HostilePsExecFromAWorkstationGivesEveryTargetAFinding) {
  World w;
  for (int i = 0; i < 4; ++i) w.PsExec(kT0 + 10 * kHour + i * 60, "10.0.1.50", Host(i + 1));
  Outcome o = Analyse(w);
  ASSERT_EQ(o.Of("10.0.1.50").size(), 1u);
  EXPECT_GE(o.Of("10.0.1.50")[0]->score, 0.75);
  EXPECT_NE(o.Of("10.0.1.50")[0]->evidence_json.find("\"hostile\":true"), std::string::npos);
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(o.Of(Host(i + 1)).size(), 1u) << Host(i + 1);
    EXPECT_EQ(o.Of(Host(i + 1))[0]->peers, std::vector<Ip>{A("10.0.1.50")});
  }
}

TEST(LateralRoutine, TheSameRelationOnSeveralDaysIsRoutine) {
  World once, daily;
  for (int i = 0; i < 4; ++i) once.PsExec(kT0 + 10 * kHour + i * 60, "10.0.1.60", Host(i + 1));
  for (int day = 0; day < 3; ++day)
    for (int i = 0; i < 4; ++i) daily.PsExec(kT0 + day * 24 * kHour + 10 * kHour + i * 60, "10.0.1.60", Host(i + 1));
  LateralMovementParams p;
  p.min_score = 0;  // show what routine scores
  Outcome a = Analyse(once, p), b = Analyse(daily, p);
  ASSERT_EQ(a.Of("10.0.1.60").size(), 1u);
  EXPECT_GE(a.Of("10.0.1.60")[0]->score, 0.75);
  ASSERT_EQ(b.Of("10.0.1.60").size(), 1u);
  EXPECT_LE(b.Of("10.0.1.60")[0]->score, p.routine_max_score);
  EXPECT_NE(b.Of("10.0.1.60")[0]->evidence_json.find("routine_reason"), std::string::npos);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(b.Of(Host(i + 1)).empty());  // routine: no target findings
}

TEST(LateralRoutine, ARandomToolNameIsHostileEvenFromAHostThatAdministeredBefore) {
  World w;
  w.Mapping(kT0, "10.0.1.70", Server(1), "C$");  // administered something hours before
  for (int i = 0; i < 3; ++i) w.PsExec(kT0 + 5 * kHour + i * 60, "10.0.1.70", Host(i + 1), "xKqTbWzR.exe");
  Outcome o = Analyse(w);
  ASSERT_EQ(o.Of("10.0.1.70").size(), 1u);
  EXPECT_NE(o.Of("10.0.1.70")[0]->evidence_json.find("machine-made tool name xKqTbWzR.exe"), std::string::npos);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(o.Of(Host(i + 1)).size(), 1u);
  World named;
  named.Mapping(kT0, "10.0.1.70", Server(1), "C$");
  for (int i = 0; i < 3; ++i) named.PsExec(kT0 + 5 * kHour + i * 60, "10.0.1.70", Host(i + 1), "PSEXESVC.exe");
  Outcome n = Analyse(named);
  ASSERT_EQ(n.Of("10.0.1.70").size(), 1u);  // still reported, but its targets not on their own
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(n.Of(Host(i + 1)).empty());
}

TEST(LateralRoutine, ATargetThatMovesOnGetsItsOwnFinding) {
  World w;
  for (int i = 0; i < 6; ++i) w.Rdp(kT0 + i * 60, "10.0.0.50", Host(i + 1));
  w.Rpc(kT0 + kHour, Host(2), Server(7), "ITaskSchedulerService", "SchRpcRegisterTask");  // then moves on
  Outcome o = Analyse(w);
  ASSERT_EQ(o.Of(Host(2)).size(), 1u);
  EXPECT_NE(o.Of(Host(2))[0]->evidence_json.find("moved_on_ts"), std::string::npos);
  EXPECT_TRUE(o.Of(Host(3)).empty());
}

TEST(LateralRoutine, RandomLookingNames) {
  EXPECT_TRUE(LooksRandomName("xKqTbWzR.exe"));
  EXPECT_TRUE(LooksRandomName("ADMIN$\\3f9a0c1e77.exe"));
  EXPECT_TRUE(LooksRandomName("a7x9k2m4.exe"));
  EXPECT_FALSE(LooksRandomName("PSEXESVC.exe"));
  EXPECT_FALSE(LooksRandomName("ccmsetup.exe"));
  EXPECT_FALSE(LooksRandomName("AgentInstaller.msi"));
  EXPECT_FALSE(LooksRandomName("PDQDeployRunner-1.exe"));
  EXPECT_FALSE(LooksRandomName("KB5034441.msu"));
  EXPECT_FALSE(LooksRandomName("x64Setup.exe"));
}

}  // namespace
}  // namespace dragnet
