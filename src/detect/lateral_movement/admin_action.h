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
