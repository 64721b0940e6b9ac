#include "detect/roles/host_roles.h"

#include <algorithm>

#include <fmt/format.h>

namespace dragnet {

const char* RoleName(HostRole r) {
  switch (r) {
    case kRoleDeployment: return "deployment_server";
    case kRoleAdmin: return "admin_host";
    case kRoleScanner: return "vulnerability_scanner";
    case kRoleBackup: return "backup_server";
    case kRoleDomainController: return "domain_controller";
    case kRoleServer: return "server";
    case kRoleWorkstation: return "workstation";
  }
  return "?";
}

std::vector<HostRole> AllRoles() {
  return {kRoleDeployment, kRoleAdmin,  kRoleScanner,    kRoleBackup,
          kRoleDomainController, kRoleServer, kRoleWorkstation};
}

std::string DescribeRoles(uint16_t roles) {
  std::string out;
  for (HostRole r : AllRoles())
    if (roles & r) out += (out.empty() ? "" : ", ") + std::string(RoleName(r));
  return out;
}

uint16_t HostRoles::Of(uint32_t org, const Ip& host) const {
  const HostRoleFacts* f = Facts(org, host);
  return f ? f->roles : 0;
}

const HostRoleFacts* HostRoles::Facts(uint32_t org, const Ip& host) const {
  auto it = hosts_.find(HostKey{org, host});
  return it == hosts_.end() ? nullptr : &it->second;
}

std::vector<Ip> HostRoles::HostsWith(uint32_t org, HostRole role) const {
  std::vector<Ip> out;
  for (const auto& [key, facts] : hosts_)
    if (key.org == org && (facts.roles & role)) out.push_back(key.host);
  return out;
}

std::vector<uint32_t> HostRoles::Orgs() const {
  std::vector<uint32_t> out;
  for (const auto& [key, facts] : hosts_)
    if (out.empty() || out.back() != key.org) out.push_back(key.org);
  return out;
}

void HostRoles::Set(uint32_t org, const Ip& host, HostRoleFacts facts) { hosts_[HostKey{org, host}] = std::move(facts); }

void HostRoles::WriteOrg(JsonWriter& w, uint32_t org, size_t max_hosts) const {
  w.BeginObject();
  for (HostRole r : AllRoles()) {
    std::vector<Ip> hosts = HostsWith(org, r);
    w.Key(RoleName(r)).BeginObject();
    w.Key("count").Uint(hosts.size());
    w.Key("hosts").BeginArray();
    for (size_t i = 0; i < hosts.size() && i < max_hosts; ++i) w.String(hosts[i].ToString());
    w.EndArray();
    if (hosts.size() > max_hosts) w.Key("more").Uint(hosts.size() - max_hosts);
    w.EndObject();
  }
  w.EndObject();
}

namespace {

// The executable pushed to the most targets (ties: the smaller name).
const std::pair<const std::string, Push>* WidestPush(const HostBehaviour& b) {
  const std::pair<const std::string, Push>* best = nullptr;
  for (const auto& entry : b.pushes)
    if (!best || entry.second.targets.size() > best->second.targets.size()) best = &entry;
  return best;
}

// The executable installed, into a folder of its own under ADMIN$, on the
// most targets whose service it left in place (ties: the smaller name).
std::pair<const std::string*, size_t> WidestAgentInstall(const HostBehaviour& b) {
  std::pair<const std::string*, size_t> best{nullptr, 0};
  for (const auto& [name, push] : b.pushes) {
    size_t kept = 0;
    for (const Ip& t : push.folder_targets.values())
      kept += !std::binary_search(b.service_removed_peers.values().begin(), b.service_removed_peers.values().end(), t);
    if (kept > best.second) best = {&name, kept};
  }
  return best;
}

HostRoleFacts Infer(const HostBehaviour& b, const RoleParams& p) {
  HostRoleFacts f;
  auto add = [&](HostRole r, const std::string& why) {
    f.roles |= r;
    f.reason += (f.reason.empty() ? "" : "; ") + why;
  };
  if (const auto* push = WidestPush(b); push && push->second.targets.size() >= p.deploy_min_targets)
    add(kRoleDeployment, fmt::format("pushes {} to {} hosts on {} day(s)", push->first, push->second.targets.size(),
                                     push->second.days.size()));
  // A software agent installed the way vendors install theirs (backup guest
  // helpers, management clients): a named folder of its own, a service that
  // stays. Attack tools drop into the share's root and remove their service.
  if (auto [agent, kept] = WidestAgentInstall(b); agent && kept >= p.agent_min_targets && !(f.roles & kRoleDeployment))
    add(kRoleDeployment, fmt::format("installs {} as a kept service on {} hosts", *agent, kept));
  if (b.winrm_peers.size() >= p.deploy_min_targets)
    add(kRoleDeployment, fmt::format("manages {} hosts over WinRM", b.winrm_peers.size()));
  double span_s = b.last_admin_us > b.first_admin_us ? static_cast<double>(b.last_admin_us - b.first_admin_us) / 1e6 : 0;
  if (b.admin_peers.size() >= p.admin_min_peers && b.admin_hours.size() >= p.admin_min_hours &&
      span_s >= p.admin_min_span_s)
    add(kRoleAdmin, fmt::format("administers {} peers in {} hours", b.admin_peers.size(), b.admin_hours.size()));
  if (b.query_peers.size() >= p.scanner_min_peers && b.exec_peers.size() == 0)
    add(kRoleScanner, fmt::format("queries {} peers, runs nothing", b.query_peers.size()));
  bool share_backup = (b.share_reads >= p.backup_min_files || static_cast<double>(b.share_read_bytes) >= p.backup_min_bytes) &&
                      b.exec_peers.size() == 0;
  if (share_backup)
    add(kRoleBackup, fmt::format("reads {} files ({} bytes) over admin shares", b.share_reads, b.share_read_bytes));
  else if (b.bulk_read_peers.size() >= p.backup_min_peers)
    add(kRoleBackup, fmt::format("reads 1 GB+ in one connection from {} peers", b.bulk_read_peers.size()));
  if (b.auth_clients.size() >= p.dc_min_clients)
    add(kRoleDomainController, fmt::format("Kerberos/LDAP for {} clients", b.auth_clients.size()));
  if (b.clients.size() >= p.server_min_clients || (f.roles & kRoleDomainController))
    add(kRoleServer, fmt::format("{} internal clients", b.clients.size()));
  if (f.roles == 0 && b.client) f.roles = kRoleWorkstation;
  return f;
}

}  // namespace

HostRoles InferRoles(const absl::flat_hash_map<HostKey, HostBehaviour>& behaviours, const RoleParams& p) {
  HostRoles out;
  for (const auto& [key, b] : behaviours) {
    HostRoleFacts f = Infer(b, p);
    if (f.roles) out.Set(key.org, key.host, std::move(f));
  }
  return out;
}

std::vector<ParamBinding> Bindings(RoleParams& p) {
  const NumberRange capped = NumberRange::Whole(1, static_cast<double>(kRoleSetMax));
  return {
      {"deploy_min_targets", &p.deploy_min_targets, "targets one executable name is pushed to: deployment server",
       NumberRange::Whole(2, static_cast<double>(kRoleSetMax))},
      {"agent_min_targets", &p.agent_min_targets,
       "targets one executable is installed on into its own ADMIN$ folder, service kept: deployment server",
       NumberRange::Whole(2, static_cast<double>(kRoleSetMax))},
      {"admin_min_peers", &p.admin_min_peers, "peers administered (admin share, code, RDP, WinRM): admin host ...",
       capped},
      {"admin_min_hours", &p.admin_min_hours, "... in at least this many distinct hours ...", capped},
      {"admin_min_span_s", &p.admin_min_span_s, "... spread over at least this many seconds", NumberRange::Positive()},
      {"scanner_min_peers", &p.scanner_min_peers, "peers queried (svcctl, winreg) with nothing run: scanner",
       NumberRange::Whole(2, static_cast<double>(kRoleSetMax))},
      {"backup_min_files", &p.backup_min_files, "files read over admin shares, nothing run: backup server ...",
       NumberRange::AtLeast(1)},
      {"backup_min_bytes", &p.backup_min_bytes, "... or this many bytes of them", NumberRange::Positive()},
      {"backup_min_peers", &p.backup_min_peers, "... or peers it read 1 GB+ from in one connection", capped},
      {"dc_min_clients", &p.dc_min_clients, "distinct Kerberos/LDAP clients: domain controller", capped},
      {"server_min_clients", &p.server_min_clients, "distinct internal clients: server", capped},
  };
}

}  // namespace dragnet
