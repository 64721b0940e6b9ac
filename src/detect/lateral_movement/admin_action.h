// What one SMB, DCE-RPC, RDP or WinRM record does to the host it reaches, as
// the lateral_movement detector counts it: pure functions of Zeek's field
// values, unit-tested on their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dragnet {

// Bit flags: one contact can do several.
enum AdminAction : uint16_t {
  kAdminShare = 1 << 0,   // ADMIN$ or a drive's C$ mapped (IPC$ is not: every client maps it)
  kToolDrop = 1 << 1,     // an executable or script written to an admin share (T1570)
  kServiceExec = 1 << 2,  // svcctl service created, reconfigured or started (T1569.002)
  kTaskExec = 1 << 3,     // remote scheduled task / at job registered or run (T1053.005)
  kWmiExec = 1 << 4,      // WMI method executed or a DCOM object activated remotely (T1047)
  kWinRm = 1 << 5,        // a WinRM session with payload (T1021.006)
  kRdp = 1 << 6,          // an RDP session (T1021.001)
  kRemoteQuery = 1 << 7,  // read-only administration: service manager queries, remote registry, WMI login
};
// The actions that run code on the peer.
constexpr uint16_t kExecActions = kToolDrop | kServiceExec | kTaskExec | kWmiExec | kWinRm;

// A dce_rpc record's action from its `endpoint` and `operation` (0: none of ours).
uint16_t ClassifyRpc(std::string_view endpoint, std::string_view operation);

// The steps of remote execution one contact went through, finer than the
// actions: which tool did it shows in which steps it took and in how long
// (docs/detectors/lateral_movement.md, "Method tells").
enum ExecStep : uint16_t {
  kStepServiceCreate = 1 << 0,   // svcctl CreateService*
  kStepServiceStart = 1 << 1,    // svcctl StartService*
  kStepServiceDelete = 1 << 2,   // svcctl DeleteService
  kStepTaskRegister = 1 << 3,    // ITaskSchedulerService SchRpcRegisterTask
  kStepTaskRun = 1 << 4,         // ITaskSchedulerService SchRpcRun
  kStepTaskDelete = 1 << 5,      // ITaskSchedulerService SchRpcDelete
  kStepAtJob = 1 << 6,           // atsvc NetrJobAdd: a job for the deprecated at service
  kStepWmiMethod = 1 << 7,       // IWbemServices ExecMethod*: a WMI method run (Win32_Process Create)
  kStepDispatchInvoke = 1 << 8,  // IDispatch Invoke: an automation object driven over DCOM
};
// A dce_rpc record's steps (0: none).
uint16_t ClassifyRpcStep(std::string_view endpoint, std::string_view operation);

// Tells: steps that name an attack tool's way of running code rather than a
// fleet tool's. Computed per contact (ContactTells) except kTellWinRmLateral,
// which needs the hosts' roles.
enum ExecTell : uint8_t {
  kTellAtexec = 1 << 0,           // task registered, run and deleted within seconds, or an at job (impacket atexec)
  kTellFilelessService = 1 << 1,  // service created, started and deleted within seconds, no file written (smbexec)
  kTellDcomInvoke = 1 << 2,       // IDispatch Invoke on the peer (MMC20.Application, ShellWindows)
  kTellWmiMethod = 1 << 3,        // a WMI method executed on the peer (wmiexec, Invoke-WmiMethod)
  kTellWinRmLateral = 1 << 4,     // WinRM from a workstation to another workstation and to the DC
  kTellDllPlanted = 1 << 5,       // a DLL written to an admin share, then loaded: a service restarted, a DCOM/WMI object
};
// The tells in words: "atexec-style task (registered, run, deleted), WMI method".
std::string DescribeTells(uint8_t tells);
// The ATT&CK ids the tells add to the actions' (DCOM: T1021.003).
std::vector<std::string_view> AttackOfTells(uint8_t tells);
// Whether an SMB share path (`\\HOST\ADMIN$`, `\\10.0.0.5\c$`) is an administrative share.
bool IsAdminShare(std::string_view share_path);
// Whether a file name is something that runs (.exe, .dll, .bat, .ps1, .vbs, .sys, ...).
bool IsExecutableName(std::string_view name);
// Whether an executable's name looks machine-made rather than named by a
// vendor: its stem (the name without folders and extension) is 6 to 24
// letters and digits only and reads like random draws -- mixed case with few
// vowels ("xKqTbWzR", impacket's and Metasploit's PsExec), a long hex run
// with digits and letters ("3f9a0c1e77"), or letters and digits interleaved
// ("a7x9k2m4"). Vendor tools ("PSEXESVC", "ccmsetup", "PDQDeployRunner-1",
// "AgentInstaller") do not.
bool LooksRandomName(std::string_view file_name);
// The actions in words, in kill-chain order: "admin share, tool written, service run".
std::string DescribeActions(uint16_t actions);
// The ATT&CK ids an action set stands for, sorted.
std::vector<std::string_view> AttackOfActions(uint16_t actions);

}  // namespace dragnet
