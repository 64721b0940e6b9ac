#include "detect/lateral_movement/lateral_state.h"

#include <algorithm>

#include <fmt/format.h>

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

void Fold(Contact& c, uint16_t action, int64_t ts, std::string_view detail, std::string_view tool) {
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
  m.events += c.events;
  m.exec_events += c.exec_events;
  for (int64_t d : c.exec_days) KeepSmallest(m.exec_days, d, kMaxContactDays);
  for (const std::string& t : c.tool_names) KeepSmallest(m.tool_names, t, kMaxToolNames);
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
    if (uint16_t a = ClassifyRpc(endpoint, op)) Touch(org, r, f[0], f[1], a, fmt::format("{} {}", endpoint, op));
  } else if (log == "smb_mapping") {
    const auto& f = mapping_.Resolve(r.schema());
    if (IsAdminShare(r.Text(f[2]))) Touch(org, r, f[0], f[1], kAdminShare, "");
  } else if (log == "smb_files") {
    const auto& f = files_.Resolve(r.schema());
    std::string_view path = r.Text(f[2]), action = r.Text(f[3]), name = r.Text(f[4]);
    if (!IsAdminShare(path)) return;
    bool drop = action.find("WRITE") != std::string_view::npos && IsExecutableName(name);
    size_t slash = path.find_last_of("\\/");
    std::string_view share = slash == std::string_view::npos ? path : path.substr(slash + 1);
    size_t name_slash = name.find_last_of("\\/");
    std::string_view base = name_slash == std::string_view::npos ? name : name.substr(name_slash + 1);
    Touch(org, r, f[0], f[1], drop ? kAdminShare | kToolDrop : kAdminShare,
          drop ? fmt::format("{} written to {}", name, share) : "", drop ? base : std::string_view());
  } else if (log == "rdp") {
    const auto& f = rdp_.Resolve(r.schema());
    Touch(org, r, f[0], f[1], kRdp, "");
  } else if (log == "conn") {
    const auto& f = conn_.Resolve(r.schema());
    auto port = r.GetCount(f[2]);
    if (!port || (*port != 5985 && *port != 5986) || r.GetCount(f[3]).value_or(0) == 0) return;
    Touch(org, r, f[0], f[1], kWinRm, fmt::format("WinRM (port {})", *port));
  }
}

void LateralState::Touch(const OrgContext& org, const Record& r, int src_field, int dst_field, uint16_t action,
                         std::string_view detail, std::string_view tool) {
  auto src = r.GetIp(src_field), dst = r.GetIp(dst_field);
  if (!src || !dst || *src == *dst || !org.IsInternal(*src) || !org.IsInternal(*dst)) return;
  Source& s = sources_[HostKey{org.index, *src}];
  if (action != kRemoteQuery) AddHour(s.hours, r.ts().micros() / 3600000000LL);
  auto it = s.peers.find(*dst);
  if (it == s.peers.end()) {
    if (s.peers.size() >= kMaxPeersPerSource) {
      ++s.dropped;
      return;
    }
    it = s.peers.emplace(*dst, Contact{}).first;
  }
  Fold(it->second, action, r.ts().micros(), detail, tool);
}

void LateralState::Merge(DetectorState& other_base) {
  auto& other = static_cast<LateralState&>(other_base);
  for (auto& [key, o] : other.sources_) {
    Source& s = sources_[key];
    s.dropped += o.dropped;
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
