#include "detect/roles/host_behaviour.h"

#include <cctype>

#include "core/text.h"
#include "detect/detector.h"
#include "detect/lateral_movement/admin_action.h"

namespace dragnet {
namespace {

constexpr int64_t kHourUs = 3600LL * 1000000;
constexpr int64_t kDayUs = 24 * kHourUs;

bool IsDirectoryPort(uint64_t port) {
  return port == 88 || port == 389 || port == 636 || port == 3268 || port == 3269;
}

void MergePush(Push& into, const Push& from) {
  into.targets.Merge(from.targets);
  into.days.Merge(from.days);
  into.folder_targets.Merge(from.folder_targets);
}

// Keeps the kMaxPushNames smallest names.
Push* PushSlot(std::map<std::string, Push>& pushes, const std::string& name) {
  auto it = pushes.find(name);
  if (it != pushes.end()) return &it->second;
  if (pushes.size() >= kMaxPushNames) {
    if (name > std::prev(pushes.end())->first) return nullptr;
    pushes.erase(std::prev(pushes.end()));
  }
  return &pushes[name];
}

}  // namespace

std::string PushKey(std::string_view name) {
  size_t slash = name.find_last_of("\\/");
  std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  std::string out;
  for (char c : AsciiLower(base)) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (out.empty() || out.back() != '#') out += '#';
    } else {
      out += c;
    }
  }
  return out;
}

void HostBehaviour::Merge(const HostBehaviour& o) {
  admin_peers.Merge(o.admin_peers);
  exec_peers.Merge(o.exec_peers);
  query_peers.Merge(o.query_peers);
  admin_hours.Merge(o.admin_hours);
  first_admin_us = std::min(first_admin_us, o.first_admin_us);
  last_admin_us = std::max(last_admin_us, o.last_admin_us);
  for (const auto& [name, push] : o.pushes)
    if (Push* slot = PushSlot(pushes, name)) MergePush(*slot, push);
  service_removed_peers.Merge(o.service_removed_peers);
  winrm_peers.Merge(o.winrm_peers);
  bulk_read_peers.Merge(o.bulk_read_peers);
  share_reads += o.share_reads;
  share_read_bytes += o.share_read_bytes;
  clients.Merge(o.clients);
  auth_clients.Merge(o.auth_clients);
  client |= o.client;
}

bool RoleObserver::WantsField(std::string_view log, std::string_view f) {
  bool ends = f == "id.orig_h" || f == "id.resp_h";
  if (log == "conn") return ends || f == "id.resp_p" || f == "orig_bytes" || f == "conn_state" || f == "resp_bytes";
  if (log == "kerberos" || log == "rdp") return ends;
  if (log == "dce_rpc") return ends || f == "endpoint" || f == "operation";
  if (log == "smb_mapping") return ends || f == "path";
  if (log == "smb_files") return ends || f == "path" || f == "action" || f == "name" || f == "size";
  return false;
}

void RoleObserver::Admin(uint32_t org, const Ip& src, const Ip& dst, int64_t ts, uint16_t action) {
  HostBehaviour& b = hosts_[HostKey{org, src}];
  b.client = true;
  if (action == kRemoteQuery) {
    b.query_peers.Insert(dst);
    return;
  }
  b.admin_peers.Insert(dst);
  if (action & kExecActions) b.exec_peers.Insert(dst);
  b.admin_hours.Insert(ts / kHourUs);
  b.first_admin_us = std::min(b.first_admin_us, ts);
  b.last_admin_us = std::max(b.last_admin_us, ts);
}

void RoleObserver::OnRecord(const OrgContext& org, const Record& r) {
  const std::string& log = r.schema().path();
  auto ends = [&](int s, int d) -> std::optional<std::pair<Ip, Ip>> {
    auto src = r.GetIp(s), dst = r.GetIp(d);
    if (!src || !dst || *src == *dst || !org.IsInternal(*src) || !org.IsInternal(*dst)) return std::nullopt;
    return std::pair{*src, *dst};
  };
  int64_t ts = r.ts().micros();
  if (log == "conn") {
    const auto& f = conn_.Resolve(r.schema());
    auto e = ends(f[0], f[1]);
    if (!e) return;
    std::string_view state = r.Text(f[4]);
    if (state == "REJ" || state == "S0" || state == "RSTOS0" || state == "RSTRH" || state == "SH") return;  // no service
    uint64_t port = r.GetCount(f[2]).value_or(0);
    hosts_[HostKey{org.index, e->first}].client = true;
    HostBehaviour& server = hosts_[HostKey{org.index, e->second}];
    server.clients.Insert(e->first);
    if (IsDirectoryPort(port)) server.auth_clients.Insert(e->first);
    if (r.GetCount(f[5]).value_or(0) >= kBulkReadBytes) hosts_[HostKey{org.index, e->first}].bulk_read_peers.Insert(e->second);
    if ((port == 5985 || port == 5986) && r.GetCount(f[3]).value_or(0) > 0) {
      Admin(org.index, e->first, e->second, ts, kWinRm);
      hosts_[HostKey{org.index, e->first}].winrm_peers.Insert(e->second);
    }
  } else if (log == "kerberos") {
    const auto& f = krb_.Resolve(r.schema());
    if (auto e = ends(f[0], f[1])) {
      hosts_[HostKey{org.index, e->first}].client = true;
      hosts_[HostKey{org.index, e->second}].auth_clients.Insert(e->first);
    }
  } else if (log == "dce_rpc") {
    const auto& f = rpc_.Resolve(r.schema());
    auto e = ends(f[0], f[1]);
    if (!e) return;
    if (uint16_t a = ClassifyRpc(r.Text(f[2]), r.Text(f[3]))) Admin(org.index, e->first, e->second, ts, a);
    if (AsciiLower(r.Text(f[3])) == "deleteservice") hosts_[HostKey{org.index, e->first}].service_removed_peers.Insert(e->second);
  } else if (log == "smb_mapping") {
    const auto& f = mapping_.Resolve(r.schema());
    auto e = ends(f[0], f[1]);
    if (e && IsAdminShare(r.Text(f[2]))) Admin(org.index, e->first, e->second, ts, kAdminShare);
  } else if (log == "smb_files") {
    const auto& f = files_.Resolve(r.schema());
    auto e = ends(f[0], f[1]);
    if (!e || !IsAdminShare(r.Text(f[2]))) return;
    std::string_view action = r.Text(f[3]), name = r.Text(f[4]);
    bool write = action.find("WRITE") != std::string_view::npos;
    if (write && IsExecutableName(name)) {
      Admin(org.index, e->first, e->second, ts, kAdminShare | kToolDrop);
      if (Push* p = PushSlot(hosts_[HostKey{org.index, e->first}].pushes, PushKey(name))) {
        p->targets.Insert(e->second);
        p->days.Insert(ts / kDayUs);
        if (name.find_first_of("\\/") != std::string_view::npos) p->folder_targets.Insert(e->second);
      }
    } else if (!write) {
      HostBehaviour& b = hosts_[HostKey{org.index, e->first}];
      b.client = true;
      ++b.share_reads;
      b.share_read_bytes += r.GetCount(f[5]).value_or(0);
    }
  } else if (log == "rdp") {
    const auto& f = rdp_.Resolve(r.schema());
    if (auto e = ends(f[0], f[1])) Admin(org.index, e->first, e->second, ts, kRdp);
  }
}

void RoleObserver::Merge(RoleObserver& other) {
  for (const auto& [key, b] : other.hosts_) hosts_[key].Merge(b);
  other.hosts_.clear();
}

}  // namespace dragnet
