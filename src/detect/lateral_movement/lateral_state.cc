#include "detect/lateral_movement/lateral_state.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "detect/lateral_movement/admin_action.h"

namespace dragnet {
namespace {

constexpr int64_t kDayUs = 86400LL * 1000000;

// Inserts into a sorted vector keeping the `cap` smallest distinct values.
template <typename T>
void KeepSmallest(std::vector<T>& v, const T& value, size_t cap) {
  auto it = std::lower_bound(v.begin(), v.end(), value);
  if (it != v.end() && *it == value) return;
  if (v.size() >= cap) {
    if (it == v.end()) return;
    v.pop_back();
  }
  v.insert(it, value);
}

void AddHour(std::set<int64_t>& hours, int64_t hour) {
  hours.insert(hour);
  if (hours.size() > kMaxHours) hours.erase(std::prev(hours.end()));
}

}  // namespace

void Fold(Contact& c, uint16_t action, uint16_t steps, int64_t ts, std::string_view detail, std::string_view tool) {
  c.steps |= steps;
  if (steps & kStepServiceCreate) c.service_create_us = std::min(c.service_create_us, ts);
  if (steps & kStepServiceDelete) c.service_delete_us = std::min(c.service_delete_us, ts);
  if (steps & kStepTaskRegister) c.task_register_us = std::min(c.task_register_us, ts);
  if (steps & kStepTaskDelete) c.task_delete_us = std::min(c.task_delete_us, ts);
  c.first_us = std::min(c.first_us, ts);
  c.last_us = std::max(c.last_us, ts);
  c.actions |= action;
  ++c.events;
  if (action & kExecActions) {
    // Earliest wins, then the smaller text: merged results do not depend on worker order.
    if (ts < c.first_exec_us || (ts == c.first_exec_us && detail < c.exec_detail)) c.exec_detail = detail;
    c.first_exec_us = std::min(c.first_exec_us, ts);
    c.last_exec_us = std::max(c.last_exec_us, ts);
    ++c.exec_events;
    KeepSmallest(c.exec_days, ts / kDayUs, kMaxContactDays);
  }
  if (!tool.empty()) KeepSmallest(c.tool_names, std::string(tool), kMaxToolNames);
  if (action & kRdp) c.first_rdp_us = std::min(c.first_rdp_us, ts);
}

void MergeContact(Contact& m, const Contact& c) {
  if (c.first_exec_us < m.first_exec_us || (c.first_exec_us == m.first_exec_us && c.exec_detail < m.exec_detail)) {
    m.first_exec_us = c.first_exec_us;
    m.exec_detail = c.exec_detail;
  }
  m.last_exec_us = std::max(m.last_exec_us, c.last_exec_us);
  m.first_us = std::min(m.first_us, c.first_us);
  m.last_us = std::max(m.last_us, c.last_us);
  m.first_rdp_us = std::min(m.first_rdp_us, c.first_rdp_us);
  m.actions |= c.actions;
  m.steps |= c.steps;
  m.service_create_us = std::min(m.service_create_us, c.service_create_us);
  m.service_delete_us = std::min(m.service_delete_us, c.service_delete_us);
  m.task_register_us = std::min(m.task_register_us, c.task_register_us);
  m.task_delete_us = std::min(m.task_delete_us, c.task_delete_us);
  m.events += c.events;
  m.exec_events += c.exec_events;
  for (int64_t d : c.exec_days) KeepSmallest(m.exec_days, d, kMaxContactDays);
  for (const std::string& t : c.tool_names) KeepSmallest(m.tool_names, t, kMaxToolNames);
}

uint8_t ContactTells(const Contact& c, bool files_visible, double quick_s) {
  const auto quick_us = static_cast<int64_t>(quick_s * 1e6);
  auto soon = [&](int64_t made, int64_t deleted) {
    return made != INT64_MAX && deleted != INT64_MAX && deleted >= made && deleted - made <= quick_us;
  };
  uint8_t t = 0;
  // impacket atexec: SchRpcRegisterTask, SchRpcRun, SchRpcDelete within a
  // second; a job for the at service (deprecated since Windows 8) is never
  // how a fleet is run.
  if (((c.steps & kStepTaskRun) && soon(c.task_register_us, c.task_delete_us)) || (c.steps & kStepAtJob))
    t |= kTellAtexec;
  // smbexec: one service per command, its binary path the command line,
  // started and deleted at once; nothing written to a share (known only when
  // the source's file records are in the data: an admin share mapped with no
  // smb_files log could hide the write).
  bool share_visible = !(c.actions & kAdminShare) || files_visible;
  if ((c.steps & kStepServiceStart) && soon(c.service_create_us, c.service_delete_us) && !(c.actions & kToolDrop) &&
      share_visible)
    t |= kTellFilelessService;
  if (c.steps & kStepDispatchInvoke) t |= kTellDcomInvoke;
  // A DLL hijack: a library copied over one a service or a COM server loads,
  // then the service restarted (not created: it exists) or the object
  // activated. Installers copy executables and create their services.
  bool dll = std::any_of(c.tool_names.begin(), c.tool_names.end(),
                         [](const std::string& n) { return FileExtension(n) == "dll"; });
  bool loaded = ((c.steps & kStepServiceStart) && !(c.steps & kStepServiceCreate)) || (c.actions & kWmiExec);
  if (dll && loaded) t |= kTellDllPlanted;
  if (c.steps & kStepWmiMethod) t |= kTellWmiMethod;
  return t;
}

bool LateralState::WantsField(std::string_view log, std::string_view f) {
  bool ends = f == "id.orig_h" || f == "id.resp_h";
  if (log == "dce_rpc") return ends || f == "endpoint" || f == "operation";
  if (log == "smb_mapping") return ends || f == "path";
  if (log == "smb_files") return ends || f == "path" || f == "action" || f == "name";
  if (log == "rdp") return ends;
  if (log == "conn") return ends || f == "id.resp_p" || f == "orig_bytes";
  return false;
}

void LateralState::OnRecord(const OrgContext& org, const Record& r) {
  const std::string& log = r.schema().path();
  if (log == "dce_rpc") {
    const auto& f = rpc_.Resolve(r.schema());
    std::string_view endpoint = r.Text(f[2]), op = r.Text(f[3]);
    uint16_t a = ClassifyRpc(endpoint, op), steps = ClassifyRpcStep(endpoint, op);
    if (a || steps) Touch(org, r, f[0], f[1], a, steps, fmt::format("{} {}", endpoint, op));
  } else if (log == "smb_mapping") {
    const auto& f = mapping_.Resolve(r.schema());
    if (IsAdminShare(r.Text(f[2]))) Touch(org, r, f[0], f[1], kAdminShare, 0, "");
  } else if (log == "smb_files") {
    const auto& f = files_.Resolve(r.schema());
    std::string_view path = r.Text(f[2]), action = r.Text(f[3]), name = r.Text(f[4]);
    MarkFileRecords(org, r, f[0], f[1]);
    if (!IsAdminShare(path)) return;
    bool drop = action.find("WRITE") != std::string_view::npos && IsExecutableName(name);
    size_t slash = path.find_last_of("\\/");
    std::string_view share = slash == std::string_view::npos ? path : path.substr(slash + 1);
    size_t name_slash = name.find_last_of("\\/");
    std::string_view base = name_slash == std::string_view::npos ? name : name.substr(name_slash + 1);
    Touch(org, r, f[0], f[1], drop ? kAdminShare | kToolDrop : kAdminShare, 0,
          drop ? fmt::format("{} written to {}", name, share) : "", drop ? base : std::string_view());
  } else if (log == "rdp") {
    const auto& f = rdp_.Resolve(r.schema());
    Touch(org, r, f[0], f[1], kRdp, 0, "");
  } else if (log == "conn") {
    const auto& f = conn_.Resolve(r.schema());
    auto port = r.GetCount(f[2]);
    if (!port || (*port != 5985 && *port != 5986) || r.GetCount(f[3]).value_or(0) == 0) return;
    Touch(org, r, f[0], f[1], kWinRm, 0, fmt::format("WinRM (port {})", *port));
  }
}

void LateralState::Touch(const OrgContext& org, const Record& r, int src_field, int dst_field, uint16_t action,
                         uint16_t steps, std::string_view detail, std::string_view tool) {
  auto src = r.GetIp(src_field), dst = r.GetIp(dst_field);
  if (!src || !dst || *src == *dst || !org.IsInternal(*src) || !org.IsInternal(*dst)) return;
  Source& s = sources_[HostKey{org.index, *src}];
  if (action != kRemoteQuery && action != 0) AddHour(s.hours, r.ts().micros() / 3600000000LL);
  auto it = s.peers.find(*dst);
  if (it == s.peers.end()) {
    if (s.peers.size() >= kMaxPeersPerSource) {
      ++s.dropped;
      return;
    }
    it = s.peers.emplace(*dst, Contact{}).first;
  }
  Fold(it->second, action, steps, r.ts().micros(), detail, tool);
}

void LateralState::MarkFileRecords(const OrgContext& org, const Record& r, int src_field, int dst_field) {
  auto src = r.GetIp(src_field), dst = r.GetIp(dst_field);
  if (!src || !dst || !org.IsInternal(*src) || !org.IsInternal(*dst)) return;
  sources_[HostKey{org.index, *src}].file_records = true;
}

void LateralState::Merge(DetectorState& other_base) {
  auto& other = static_cast<LateralState&>(other_base);
  for (auto& [key, o] : other.sources_) {
    Source& s = sources_[key];
    s.dropped += o.dropped;
    s.file_records |= o.file_records;
    for (int64_t h : o.hours) AddHour(s.hours, h);
    for (auto& [peer, c] : o.peers) {
      auto it = s.peers.find(peer);
      if (it != s.peers.end()) {
        MergeContact(it->second, c);
      } else if (s.peers.size() >= kMaxPeersPerSource) {
        s.dropped += c.events;
      } else {
        s.peers.emplace(peer, std::move(c));
      }
    }
  }
  other.sources_.clear();
}

}  // namespace dragnet
