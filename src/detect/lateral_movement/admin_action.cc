#include "detect/lateral_movement/admin_action.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace dragnet {
namespace {

bool OneOf(std::string_view value, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

// IDispatch Invoke. Zeek's table has no IDispatch: it logs the interface as
// "unknown-" and its UUID, and Invoke (opnum 6 in [MS-OAUT]) as "unknown-6".
bool IsDispatchInvoke(std::string_view endpoint, std::string_view operation) {
  if (endpoint == "IDispatch") return operation == "Invoke" || operation == "unknown-6";
  return endpoint == "unknown-00020400-0000-0000-c000-000000000046" && operation == "unknown-6";
}

}  // namespace

uint16_t ClassifyRpc(std::string_view endpoint, std::string_view operation) {
  // Endpoint and operation names as Zeek's DCE_RPC analyzer spells them
  // (base/protocols/dce-rpc/consts.zeek).
  if (endpoint == "svcctl") {
    if (OneOf(operation, {"CreateServiceW", "CreateServiceA", "CreateServiceWOW64W", "CreateServiceWOW64A",
                          "ChangeServiceConfigW", "ChangeServiceConfigA", "StartServiceW", "StartServiceA"}))
      return kServiceExec;
    return kRemoteQuery;
  }
  if (endpoint == "atsvc" || endpoint == "ITaskSchedulerService" || endpoint == "sasec") {
    if (OneOf(operation, {"NetrJobAdd", "SchRpcRegisterTask", "SchRpcRun", "SASetAccountInformation"}))
      return kTaskExec;
    return kRemoteQuery;
  }
  // IDispatch Invoke over DCOM runs an automation object's method on the
  // peer: MMC20.Application ExecuteShellCommand, ShellWindows ShellExecute.
  if (IsDispatchInvoke(endpoint, operation)) return kWmiExec;
  if (endpoint == "IRemoteSCMActivator" || endpoint == "ISystemActivator")
    return operation == "RemoteCreateInstance" || operation == "RemoteGetClassObject" ? kWmiExec : 0;
  if (endpoint == "IWbemServices")
    return operation.starts_with("ExecMethod") || operation.starts_with("PutInstance") ? kWmiExec : kRemoteQuery;
  if (endpoint == "IWbemLevel1Login" || endpoint == "winreg") return kRemoteQuery;
  return 0;
}

uint16_t ClassifyRpcStep(std::string_view endpoint, std::string_view operation) {
  if (endpoint == "svcctl") {
    if (operation.starts_with("CreateService")) return kStepServiceCreate;
    if (operation.starts_with("StartService")) return kStepServiceStart;
    return operation == "DeleteService" ? kStepServiceDelete : 0;
  }
  if (endpoint == "ITaskSchedulerService") {
    if (operation == "SchRpcRegisterTask") return kStepTaskRegister;
    if (operation == "SchRpcRun") return kStepTaskRun;
    return operation == "SchRpcDelete" ? kStepTaskDelete : 0;
  }
  if (endpoint == "atsvc") return operation == "NetrJobAdd" ? kStepAtJob : 0;
  if (endpoint == "IWbemServices") return operation.starts_with("ExecMethod") ? kStepWmiMethod : 0;
  if (IsDispatchInvoke(endpoint, operation)) return kStepDispatchInvoke;
  return 0;
}

std::string DescribeTells(uint8_t t) {
  std::string out;
  using Words = std::pair<uint8_t, const char*>;
  for (auto [bit, words] :
       {Words{kTellAtexec, "remote task run at once (atexec: registered, run, deleted; or an at job)"},
        Words{kTellFilelessService, "fileless service (created, started, deleted; nothing written)"},
        Words{kTellDcomInvoke, "DCOM automation (IDispatch Invoke)"}, Words{kTellWmiMethod, "WMI method executed"},
        Words{kTellDllPlanted, "DLL planted and loaded (a service restarted or a DCOM/WMI object activated)"},
        Words{kTellWinRmLateral, "WinRM from a workstation to a workstation and to the DC"}})
    if (t & bit) out += (out.empty() ? "" : ", ") + std::string(words);
  return out;
}

std::vector<std::string_view> AttackOfTells(uint8_t t) {
  std::vector<std::string_view> out;
  if (t & kTellDcomInvoke) out.push_back("T1021.003");
  if (t & kTellDllPlanted) out.push_back("T1574.001");
  return out;
}

bool IsAdminShare(std::string_view share_path) {
  size_t slash = share_path.find_last_of("\\/");
  std::string_view share = slash == std::string_view::npos ? share_path : share_path.substr(slash + 1);
  if (share.size() == 2 && share[1] == '$' && std::isalpha(static_cast<unsigned char>(share[0]))) return true;
  return AsciiLower(share) == "admin$";
}

bool IsExecutableName(std::string_view name) {
  std::string ext = FileExtension(name);
  return OneOf(ext, {"exe", "dll", "sys", "bat", "cmd", "ps1", "vbs", "js", "hta", "msi", "scr"});
}

bool LooksRandomName(std::string_view file_name) {
  size_t slash = file_name.find_last_of("\\/");
  std::string_view stem = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  if (size_t dot = stem.rfind('.'); dot != std::string_view::npos) stem = stem.substr(0, dot);
  if (stem.size() < 6 || stem.size() > 24) return false;
  size_t letters = 0, digits = 0, vowels = 0, case_changes = 0, kind_changes = 0;
  bool all_hex = true;
  int last_case = 0, last_kind = 0;  // case: 1 lower, 2 upper; kind: 1 letter, 2 digit
  for (char ch : stem) {
    auto c = static_cast<unsigned char>(ch);
    if (!std::isalnum(c)) return false;
    all_hex &= std::isxdigit(c) != 0;
    int kind = std::isdigit(c) ? 2 : 1;
    if (last_kind && kind != last_kind) ++kind_changes;
    last_kind = kind;
    if (kind == 2) {
      ++digits;
      continue;
    }
    ++letters;
    if (std::string_view("aeiouAEIOU").find(ch) != std::string_view::npos) ++vowels;
    int cs = std::isupper(c) ? 2 : 1;
    if (last_case && cs != last_case) ++case_changes;
    last_case = cs;
  }
  double vowel_share = letters ? static_cast<double>(vowels) / static_cast<double>(letters) : 0;
  if (letters >= 6 && case_changes >= 3 && vowel_share < 0.3) return true;  // xKqTbWzR
  if (all_hex && stem.size() >= 8 && digits >= 2 && letters >= 2) return true;  // 3f9a0c1e
  return digits >= 2 && letters >= 2 && kind_changes >= 4;                      // a7x9k2m4
}

std::string DescribeActions(uint16_t a) {
  std::string out;
  for (auto [bit, words] : {std::pair<uint16_t, const char*>{kAdminShare, "admin share"}, {kToolDrop, "tool written"},
                            {kServiceExec, "service run"}, {kTaskExec, "scheduled task"}, {kWmiExec, "WMI/DCOM"},
                            {kWinRm, "WinRM"}, {kRdp, "RDP"}, {kRemoteQuery, "remote queries"}})
    if (a & bit) out += (out.empty() ? "" : ", ") + std::string(words);
  return out;
}

std::vector<std::string_view> AttackOfActions(uint16_t a) {
  std::vector<std::string_view> out;
  if (a & kAdminShare) out.push_back("T1021.002");
  if (a & kToolDrop) out.push_back("T1570");
  if (a & kServiceExec) out.push_back("T1569.002");
  if (a & kTaskExec) out.push_back("T1053.005");
  if (a & kWmiExec) out.push_back("T1047");
  if (a & kWinRm) out.push_back("T1021.006");
  if (a & kRdp) out.push_back("T1021.001");
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace dragnet
