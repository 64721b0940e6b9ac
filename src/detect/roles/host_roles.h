// Host roles learnt from behaviour, per organisation (issue 14 item 2): which
// hosts push software to many others (deployment server), administer many
// servers across the window (admin host), sweep hosts with read-only
// administration (vulnerability scanner), read admin shares in bulk (backup
// server), answer Kerberos/LDAP for many clients (domain controller), serve
// many internal clients (file/app server), or do none of that (workstation).
//
// Contract: roles come only from the org's own records (no addresses, names
// or subnets known in advance) through HostBehaviour, which RoleObserver
// folds record by record; InferRoles is a pure function of those behaviours
// and RoleParams, so the same data give the same roles whatever the thread
// count. Detectors read the result through AnalysisContext::roles (null when
// the hunt ran no detector that asked for roles). The org config's `admins`
// networks stay an explicit override inside each detector.
// docs/detectors/host_roles.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "core/host_key.h"
#include "core/json_writer.h"
#include "detect/parameters.h"
#include "detect/roles/host_behaviour.h"

namespace dragnet {

// Bit flags: a host can hold several roles (a domain controller is a server too).
enum HostRole : uint16_t {
  kRoleDeployment = 1 << 0,        // pushes the same executable to many targets
  kRoleAdmin = 1 << 1,             // routinely administers many peers across the window
  kRoleScanner = 1 << 2,           // read-only administration of many hosts, runs nothing
  kRoleBackup = 1 << 3,            // bulk reads over admin shares, runs nothing
  kRoleDomainController = 1 << 4,  // Kerberos/LDAP server for many clients
  kRoleServer = 1 << 5,            // many internal clients
  kRoleWorkstation = 1 << 6,       // none of the above
};
// The roles whose job is to administer others: their remote execution is routine.
constexpr uint16_t kAdministeringRoles = kRoleDeployment | kRoleAdmin | kRoleScanner | kRoleBackup;

// Role names in run.json and findings, in a fixed order.
const char* RoleName(HostRole r);
std::vector<HostRole> AllRoles();
// "deployment, admin" for a set of roles ("" for none).
std::string DescribeRoles(uint16_t roles);

struct RoleParams {
  uint32_t deploy_min_targets = 10;  // one executable name pushed to (or WinRM sessions with) at least this many targets
  uint32_t agent_min_targets = 2;    // one executable installed into its own folder of ADMIN$ as a service left in place
  uint32_t admin_min_peers = 3;      // administered (admin share, code, RDP, WinRM) at least this many peers ...
  uint32_t admin_min_hours = 3;      // ... in at least this many distinct hours ...
  double admin_min_span_s = 7200;    // ... spread over at least this long
  uint32_t scanner_min_peers = 20;   // remote queries to at least this many peers, code run on none
  uint32_t backup_min_files = 100;   // files read over admin shares (or backup_min_bytes of them), nothing run
  double backup_min_bytes = 1e9;
  uint32_t backup_min_peers = 2;     // ... or peers it read 1 GB+ from in one connection (image backups)
  uint32_t dc_min_clients = 5;       // distinct Kerberos/LDAP clients
  uint32_t server_min_clients = 10;  // distinct internal clients on any service
};
std::vector<ParamBinding> Bindings(RoleParams& p);

// One host's roles and why.
struct HostRoleFacts {
  uint16_t roles = 0;
  std::string reason;  // "pushes ccmsetup.exe to 30 hosts; 40 clients" (evidence for findings)
};

class HostRoles {
 public:
  // Roles of a host (0 when it was never seen in the records roles read).
  uint16_t Of(uint32_t org, const Ip& host) const;
  bool Has(uint32_t org, const Ip& host, uint16_t roles) const { return (Of(org, host) & roles) != 0; }
  const HostRoleFacts* Facts(uint32_t org, const Ip& host) const;
  // Hosts of `org` holding `role`, in address order.
  std::vector<Ip> HostsWith(uint32_t org, HostRole role) const;
  // The orgs that have any host with a role, in index order.
  std::vector<uint32_t> Orgs() const;
  void Set(uint32_t org, const Ip& host, HostRoleFacts facts);
  // run.json: per org, per role, the count and the hosts (address order; at
  // most `max_hosts` listed, the rest counted in "more").
  void WriteOrg(JsonWriter& w, uint32_t org, size_t max_hosts = 200) const;

 private:
  std::map<HostKey, HostRoleFacts> hosts_;  // ordered: deterministic listings
};

// Roles from the behaviours RoleObserver collected (all workers merged).
HostRoles InferRoles(const absl::flat_hash_map<HostKey, HostBehaviour>& behaviours, const RoleParams& p);

}  // namespace dragnet
