#include "detect/lateral_movement/admin_action.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "core/text.h"

namespace dragnet {
namespace {

bool OneOf(std::string_view value, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), value) != set.end();
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
  if (endpoint == "IRemoteSCMActivator" || endpoint == "ISystemActivator")
    return operation == "RemoteCreateInstance" || operation == "RemoteGetClassObject" ? kWmiExec : 0;
  if (endpoint == "IWbemServices")
    return operation.starts_with("ExecMethod") || operation.starts_with("PutInstance") ? kWmiExec : kRemoteQuery;
  if (endpoint == "IWbemLevel1Login" || endpoint == "winreg") return kRemoteQuery;
  return 0;
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
