// Remote execution beyond PsExec (issue 15 item 6): each method's tell --
// atexec's task registered, run and deleted at once, smbexec's fileless
// service, DCOM automation, a WMI method, WinRM from a desk to a desk and the
// DC -- makes a source that never administered anything hostile on one peer
// (two for WinRM), and the benign counterpart of each stays below min_score.
#include <gtest/gtest.h>

#include <algorithm>

#include "detect/lateral_movement/admin_action.h"
#include "detect/lateral_movement/lateral_state.h"
#include "lateral_world.h"

namespace dragnet {
namespace {

using namespace lateral_test;  // NOLINT: the shared small-org helpers

constexpr const char* kDesk = "10.0.1.50";
constexpr const char* kDc = "10.0.0.2";

// A domain controller the roles can learn (Kerberos for six desks), the desks
// among its clients.
void AddDc(World& w) {
  for (int i = 0; i < 6; ++i) w.Kerberos(kT0 + i, Host(i + 1), kDc);
  w.Kerberos(kT0 + 7, kDesk, kDc);
}

void Atexec(World& w, int64_t ts, const std::string& src, const std::string& dst, int64_t delete_after_s = 0) {
  w.Rpc(ts, src, dst, "ITaskSchedulerService", "SchRpcRegisterTask");
  w.Rpc(ts, src, dst, "ITaskSchedulerService", "SchRpcRun");
  w.Rpc(ts, src, dst, "ITaskSchedulerService", "SchRpcGetLastRunInfo");
  w.Rpc(ts + delete_after_s, src, dst, "ITaskSchedulerService", "SchRpcDelete");
}

void SmbExec(World& w, int64_t ts, const std::string& src, const std::string& dst) {
  w.Mapping(ts, src, dst, "IPC$");
  for (int c = 0; c < 3; ++c)
    for (const char* op : {"OpenSCManagerW", "CreateServiceW", "StartServiceW", "DeleteService"})
      w.Rpc(ts + 20 * c + 1, src, dst, "svcctl", op);
}

const Finding& Only(const Outcome& o, const std::string& host) {
  auto found = o.Of(host);
  EXPECT_EQ(found.size(), 1u) << host;
  static const Finding none;
  return found.empty() ? none : *found[0];
}

bool Has(const Finding& f, const std::string& text) { return f.evidence_json.find(text) != std::string::npos; }

TEST(LateralMethods, AtexecOnOnePeerIsHostileAndItsTargetSpecific) {
  World w;
  Atexec(w, kT0 + 10 * kHour, kDesk, Server(1));
  Outcome o = Analyse(w);
  const Finding& f = Only(o, kDesk);
  EXPECT_DOUBLE_EQ(f.score, 0.6);
  EXPECT_TRUE(f.specific);
  EXPECT_TRUE(Has(f, "\"hostile\":true"));
  EXPECT_TRUE(Has(f, "remote task run at once"));
  const Finding& t = Only(o, Server(1));
  EXPECT_DOUBLE_EQ(t.score, 0.54);
  EXPECT_TRUE(t.specific);  // an attack tool's tell in what was run on it
  EXPECT_TRUE(std::count(f.attack.begin(), f.attack.end(), "T1053.005"));
}

TEST(LateralMethods, ATaskLeftToItsScheduleOrDeletedLaterIsNoTell) {
  World registered, slow;
  registered.Rpc(kT0 + 10 * kHour, kDesk, Server(1), "ITaskSchedulerService", "SchRpcRegisterTask");
  Atexec(slow, kT0 + 10 * kHour, kDesk, Server(1), 600);  // deleted ten minutes later: beyond quick_s
  EXPECT_TRUE(Analyse(registered).findings.empty());
  EXPECT_TRUE(Analyse(slow).findings.empty());
  LateralMovementParams p;
  p.quick_s = 900;
  EXPECT_EQ(Analyse(slow, p).Of(kDesk).size(), 1u);  // the window is the parameter
}

TEST(LateralMethods, AnAtJobIsATell) {
  World w;
  w.Rpc(kT0 + 10 * kHour, kDesk, Server(1), "atsvc", "NetrJobAdd");
  Outcome o = Analyse(w);
  EXPECT_TRUE(Only(o, kDesk).specific);
}

TEST(LateralMethods, SmbexecFilelessServiceIsHostile) {
  World w;
  SmbExec(w, kT0 + 10 * kHour, kDesk, Host(2));
  Outcome o = Analyse(w);
  const Finding& f = Only(o, kDesk);
  EXPECT_GE(f.score, 0.5);
  EXPECT_TRUE(Has(f, "fileless service"));
  EXPECT_EQ(o.Of(Host(2)).size(), 1u);
  // Metasploit's psexec with a command for the service binary: ADMIN$ mapped,
  // nothing written there, and the file records (the svcctl pipe opened)
  // show that a write would have shown.
  World msf;
  msf.Mapping(kT0 + 10 * kHour, kDesk, Host(3), "ADMIN$");
  msf.File(kT0 + 10 * kHour, kDesk, Host(3), "FILE_OPEN", "IPC$", "\\\\svcctl");
  for (const char* op : {"OpenSCManagerW", "CreateServiceW", "StartServiceW", "DeleteService"})
    msf.Rpc(kT0 + 10 * kHour + 1, kDesk, Host(3), "svcctl", op);
  Outcome m = Analyse(msf);
  EXPECT_TRUE(Only(m, kDesk).specific);
}

TEST(LateralMethods, PsExecOnOnePeerIsNoTellEvenWithoutFileRecords) {
  World psexec, unseen;
  psexec.PsExec(kT0 + 10 * kHour, kDesk, Server(1));
  psexec.Rpc(kT0 + 10 * kHour + 5, kDesk, Server(1), "svcctl", "DeleteService");
  // ADMIN$ mapped, no smb_files rows: the write could be hidden, so no "fileless".
  unseen.Mapping(kT0 + 10 * kHour, kDesk, Server(1), "ADMIN$");
  for (const char* op : {"CreateServiceW", "StartServiceW", "DeleteService"})
    unseen.Rpc(kT0 + 10 * kHour + 2, kDesk, Server(1), "svcctl", op);
  EXPECT_TRUE(Analyse(psexec).findings.empty());
  EXPECT_TRUE(Analyse(unseen).findings.empty());
}

TEST(LateralMethods, DcomAutomationIsHostileAndNamesT1021003) {
  World w, activation;
  w.Rpc(kT0 + 10 * kHour, kDesk, Host(3), "IRemoteSCMActivator", "RemoteCreateInstance");
  w.Rpc(kT0 + 10 * kHour + 1, kDesk, Host(3), "IDispatch", "GetIDsOfNames");
  w.Rpc(kT0 + 10 * kHour + 1, kDesk, Host(3), "IDispatch", "Invoke");
  Outcome o = Analyse(w);
  const Finding& f = Only(o, kDesk);
  EXPECT_TRUE(f.specific);
  EXPECT_TRUE(Has(f, "DCOM automation"));
  EXPECT_TRUE(std::count(f.attack.begin(), f.attack.end(), "T1021.003"));
  // An activation alone (as any WMI or DCOM client does first) is no tell.
  activation.Rpc(kT0 + 10 * kHour, kDesk, Host(3), "IRemoteSCMActivator", "RemoteCreateInstance");
  EXPECT_TRUE(Analyse(activation).findings.empty());
}

TEST(LateralMethods, AServiceDllHijackIsATell) {
  // OTRF empire_shell_dcerpc_smb_service_dll_hijack: wlbsctrl.dll copied into
  // C$\Windows\System32, then `sc stop IKEEXT` and `sc start IKEEXT`.
  World w;
  w.Mapping(kT0 + 10 * kHour, kDesk, Host(4), "C$");
  w.File(kT0 + 10 * kHour, kDesk, Host(4), "FILE_WRITE", "C$", "Windows\\System32\\wlbsctrl.dll");
  w.Rpc(kT0 + 10 * kHour + 30, kDesk, Host(4), "svcctl", "ControlService");
  w.Rpc(kT0 + 10 * kHour + 40, kDesk, Host(4), "svcctl", "StartServiceW");
  Outcome o = Analyse(w);
  const Finding& f = Only(o, kDesk);
  EXPECT_TRUE(f.specific);
  EXPECT_TRUE(Has(f, "DLL planted"));
  EXPECT_TRUE(std::count(f.attack.begin(), f.attack.end(), "T1574.001"));
  // An installer copied and run as a new service (a deployment, PsExec) is no hijack.
  World install;
  install.PsExec(kT0 + 10 * kHour, kDesk, Host(4), "AgentHelper.dll");
  EXPECT_TRUE(Analyse(install).findings.empty());
}

TEST(LateralMethods, ATellOnAServerTheItTeamManagesStillCounts) {
  World w;
  // Two admins RDP to the server: a managed peer, which weighs half ...
  w.Rdp(kT0 + 8 * kHour, "10.0.5.10", Server(4));
  w.Rdp(kT0 + 9 * kHour, "10.0.5.11", Server(4));
  // ... but DCOM automation driven on it from a desk is no way to manage it.
  w.Rpc(kT0 + 10 * kHour, kDesk, Server(4), "IRemoteSCMActivator", "RemoteCreateInstance");
  w.Rpc(kT0 + 10 * kHour + 1, kDesk, Server(4), "IDispatch", "Invoke");
  Outcome o = Analyse(w);
  EXPECT_DOUBLE_EQ(Only(o, kDesk).score, 0.6);
  // PsExec there from a desk is one admin job on a managed server: nothing.
  World psexec;
  psexec.Rdp(kT0 + 8 * kHour, "10.0.5.10", Server(4));
  psexec.Rdp(kT0 + 9 * kHour, "10.0.5.11", Server(4));
  psexec.PsExec(kT0 + 10 * kHour, kDesk, Server(4));
  EXPECT_TRUE(Analyse(psexec).Of(kDesk).empty());
}

TEST(LateralMethods, AWmiMethodIsHostileUnlessTheSourceAdministersRoutinely) {
  World w, admin;
  w.Rpc(kT0 + 10 * kHour, kDesk, Server(2), "IWbemServices", "ExecMethod");
  Outcome o = Analyse(w);
  EXPECT_TRUE(Only(o, kDesk).specific);
  // The IT admin (RDP to four servers in five hours) running the same method.
  for (int h = 0; h < 5; ++h) admin.Rdp(kT0 + (9 + h) * kHour, "10.0.0.20", Server(h % 4 + 1));
  admin.Rpc(kT0 + 15 * kHour, "10.0.0.20", Server(2), "IWbemServices", "ExecMethod");
  admin.Rpc(kT0 + 15 * kHour, "10.0.0.20", Server(5), "IWbemServices", "ExecMethod");
  EXPECT_TRUE(Analyse(admin).findings.empty());
}

TEST(LateralMethods, WinRmFromADeskToADeskAndTheDc) {
  World w;
  AddDc(w);
  for (int c = 0; c < 3; ++c) {
    w.Conn(kT0 + 10 * kHour + 60 * c, kDesk, Host(2), 5985);
    w.Conn(kT0 + 10 * kHour + 600 + 60 * c, kDesk, kDc, 5985);
  }
  Outcome o = Analyse(w);
  EXPECT_EQ(o.roles.Of(0, A(kDc)) & kRoleDomainController, kRoleDomainController);
  const Finding& f = Only(o, kDesk);
  EXPECT_DOUBLE_EQ(f.score, 0.65);
  EXPECT_TRUE(f.specific);
  EXPECT_TRUE(Has(f, "WinRM from a workstation to a workstation and to the DC"));
  EXPECT_EQ(o.Of(Host(2)).size(), 1u);  // targets of a hostile source
  EXPECT_FALSE(o.Of(Host(2))[0]->specific);  // ... weak on their own: WinRM is no tool's tell
}

// The simulator's remote_exec_winrm as written since the targets are desks:
// TLS WinRM (5986, conn only) to a desk, then to a DC that two admin hosts
// manage (it weighs half): still the tell on two new peers, and hostile.
TEST(LateralMethods, WinRmOverTlsToADeskAndAManagedDc) {
  World w;
  AddDc(w);
  for (const char* admin : {"10.0.0.20", "10.0.0.21"})
    for (int d = 0; d < 3; ++d) w.Rdp(kT0 + d * 24 * kHour + 9 * kHour, admin, kDc);
  for (int c = 0; c < 3; ++c) w.Conn(kT0 + 10 * kHour + 40 * c, kDesk, Host(2), 5986);
  for (int c = 0; c < 4; ++c) w.Conn(kT0 + 10 * kHour + 200 + 40 * c, kDesk, kDc, 5986);
  Outcome o = Analyse(w);
  const Finding& f = Only(o, kDesk);
  EXPECT_TRUE(Has(f, "\"managed_exec_peers\":1"));
  EXPECT_TRUE(Has(f, "\"hostile\":true"));
  EXPECT_TRUE(Has(f, "WinRM from a workstation to a workstation and to the DC"));
  EXPECT_GE(f.score, 0.5);
  // Without the DC among its peers the same desk is no finding.
  World no_dc;
  AddDc(no_dc);
  for (int c = 0; c < 3; ++c) no_dc.Conn(kT0 + 10 * kHour + 40 * c, kDesk, Host(2), 5986);
  EXPECT_TRUE(Analyse(no_dc).findings.empty());
}

TEST(LateralMethods, WinRmToOnePeerToDesksOrFromTheAdminIsNotReported) {
  World one, desks, servers, dc_and_server, admin;
  for (World* w : {&one, &desks, &servers, &dc_and_server, &admin}) AddDc(*w);
  one.Conn(kT0 + 10 * kHour, kDesk, kDc, 5985);
  // A rarely busy IT admin's desk reaching two desks: no tell without the DC.
  desks.Conn(kT0 + 10 * kHour, kDesk, Host(2), 5985);
  desks.Conn(kT0 + 10 * kHour + 600, kDesk, Host(3), 5985);
  // Two servers nobody logs on to as a desk: no workstation, no DC among them.
  servers.Conn(kT0 + 10 * kHour, kDesk, Server(1), 5985);
  servers.Conn(kT0 + 10 * kHour + 60, kDesk, Server(2), 5985);
  // The DC and a file server (ten clients): an IT admin's desk that is rarely
  // busy does this too.
  for (int i = 0; i < 10; ++i) dc_and_server.Conn(kT0 + i, Host(20 + i), Server(3), 445);
  dc_and_server.Conn(kT0 + 10 * kHour, kDesk, kDc, 5985);
  dc_and_server.Conn(kT0 + 10 * kHour + 600, kDesk, Server(3), 5985);
  for (int h = 0; h < 5; ++h) admin.Rdp(kT0 + (9 + h) * kHour, "10.0.1.40", Server(h % 4 + 1));
  admin.Conn(kT0 + 15 * kHour, "10.0.1.40", Host(2), 5985);
  admin.Conn(kT0 + 15 * kHour + 60, "10.0.1.40", kDc, 5985);
  EXPECT_TRUE(Analyse(one).findings.empty());
  EXPECT_TRUE(Analyse(desks).findings.empty());
  EXPECT_TRUE(Analyse(servers).findings.empty());
  Outcome ds = Analyse(dc_and_server);
  EXPECT_EQ(ds.roles.Of(0, A(Server(3))) & kRoleServer, kRoleServer);
  EXPECT_TRUE(ds.findings.empty());
  EXPECT_TRUE(Analyse(admin).findings.empty());
}

TEST(LateralMethods, TellsFromMergedContactsDoNotDependOnTheSplit) {
  Contact whole, a, b;
  int64_t t = kT0 * 1000000;
  Fold(whole, kTaskExec, kStepTaskRegister, t, "ITaskSchedulerService SchRpcRegisterTask", "");
  Fold(whole, kTaskExec, kStepTaskRun, t + 100, "ITaskSchedulerService SchRpcRun", "");
  Fold(whole, kRemoteQuery, kStepTaskDelete, t + 200, "", "");
  Fold(a, kTaskExec, kStepTaskRegister, t, "ITaskSchedulerService SchRpcRegisterTask", "");
  Fold(b, kTaskExec, kStepTaskRun, t + 100, "ITaskSchedulerService SchRpcRun", "");
  Fold(b, kRemoteQuery, kStepTaskDelete, t + 200, "", "");
  EXPECT_EQ(ContactTells(a, true, 60), 0);
  MergeContact(b, a);
  EXPECT_EQ(ContactTells(b, true, 60), kTellAtexec);
  EXPECT_EQ(ContactTells(whole, true, 60), kTellAtexec);
  EXPECT_EQ(ClassifyRpcStep("svcctl", "CreateServiceWOW64W"), kStepServiceCreate);
  EXPECT_EQ(ClassifyRpcStep("IDispatch", "Invoke"), kStepDispatchInvoke);
  EXPECT_EQ(ClassifyRpc("IDispatch", "GetIDsOfNames"), 0);
  // Stock Zeek knows no IDispatch: the UUID and the opnum.
  EXPECT_EQ(ClassifyRpcStep("unknown-00020400-0000-0000-c000-000000000046", "unknown-6"), kStepDispatchInvoke);
  EXPECT_EQ(ClassifyRpc("unknown-00020400-0000-0000-c000-000000000046", "unknown-5"), 0);
}

}  // namespace
}  // namespace dragnet
