// HostBehaviour: what one internal host did towards (and received from) the
// org's other internal hosts, as role inference (host_roles.h) needs it; and
// RoleObserver, which folds conn, kerberos, dce_rpc, smb_mapping, smb_files
// and rdp records into it, one per worker, merged after reading.
//
// Contract: only records with both ends inside the org count. State grows
// with hosts, never with records: every set keeps at most kRoleSetMax values
// (the smallest, so the kept values and every count up to the cap are the same
// whatever the record order or worker split), and at most kMaxPushNames
// executable names per source.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "ingest/record.h"

namespace dragnet {

struct OrgContext;

inline constexpr size_t kRoleSetMax = 64;     // counts saturate here: role thresholds are at most this
inline constexpr size_t kMaxPushNames = 32;   // executable names kept per source
inline constexpr uint64_t kBulkReadBytes = 1'000'000'000;  // one connection reading this much is a bulk read

// An executable's name as a push key: lower case, folders dropped, each run
// of digits one '#'.
std::string PushKey(std::string_view file_name);

// The smallest kRoleSetMax distinct values seen (sorted).
template <typename T>
class BoundedSet {
 public:
  void Insert(const T& v) {
    auto it = std::lower_bound(values_.begin(), values_.end(), v);
    if (it != values_.end() && *it == v) return;
    if (values_.size() >= kRoleSetMax) {
      if (it == values_.end()) return;
      values_.pop_back();
    }
    values_.insert(it, v);
  }
  void Merge(const BoundedSet& o) {
    for (const T& v : o.values_) Insert(v);
  }
  size_t size() const { return values_.size(); }
  const std::vector<T>& values() const { return values_; }

 private:
  std::vector<T> values_;
};

// One executable name written to peers' admin shares.
struct Push {
  BoundedSet<Ip> targets;
  BoundedSet<int64_t> days;  // UTC days (epoch / 86400)
  // Targets where it went into a folder of its own under the share
  // (ADMIN$\VendorDir\agent.exe), as software agents install; attack tools
  // (PsExec, Impacket, Metasploit, Cobalt Strike) drop theirs in the share's root.
  BoundedSet<Ip> folder_targets;
};

struct HostBehaviour {
  // As a source of administration.
  BoundedSet<Ip> admin_peers;   // admin share, code run, RDP or WinRM
  BoundedSet<Ip> exec_peers;    // code run (tool written, service, task, WMI/DCOM, WinRM)
  BoundedSet<Ip> query_peers;   // read-only administration (svcctl queries, winreg, WMI login)
  BoundedSet<int64_t> admin_hours;  // epoch hours with administration (not queries)
  int64_t first_admin_us = INT64_MAX, last_admin_us = INT64_MIN;
  // Lower-case executable name, digit runs as '#' (PAExec-1040-host08.exe and
  // PAExec-977-host08.exe are one tool) -> where and when (smallest names kept).
  std::map<std::string, Push> pushes;
  BoundedSet<Ip> service_removed_peers;  // peers it deleted a service on (svcctl DeleteService)
  BoundedSet<Ip> winrm_peers;   // WinRM sessions with payload (configuration management fans out this way)
  uint64_t share_reads = 0, share_read_bytes = 0;  // files read over admin shares
  BoundedSet<Ip> bulk_read_peers;  // peers it read at least kBulkReadBytes from in one connection
  // As a server.
  BoundedSet<Ip> clients;       // internal hosts that connected to it (conn)
  BoundedSet<Ip> auth_clients;  // Kerberos/LDAP clients (kerberos log, conn to 88/389/636/3268/3269)
  bool client = false;          // it started some internal contact

  void Merge(const HostBehaviour& o);
};

class RoleObserver {
 public:
  void OnRecord(const OrgContext& org, const Record& r);
  void Merge(RoleObserver& other);
  static bool WantsField(std::string_view log, std::string_view field);
  const absl::flat_hash_map<HostKey, HostBehaviour>& behaviours() const { return hosts_; }
  // Test access: the behaviour of one host (created when missing).
  HostBehaviour& At(uint32_t org, const Ip& host) { return hosts_[HostKey{org, host}]; }

 private:
  void Admin(uint32_t org, const Ip& src, const Ip& dst, int64_t ts, uint16_t action);
  absl::flat_hash_map<HostKey, HostBehaviour> hosts_;
  FieldSet<6> conn_{{"id.orig_h", "id.resp_h", "id.resp_p", "orig_bytes", "conn_state", "resp_bytes"}};
  FieldSet<2> krb_{{"id.orig_h", "id.resp_h"}};
  FieldSet<4> rpc_{{"id.orig_h", "id.resp_h", "endpoint", "operation"}};
  FieldSet<3> mapping_{{"id.orig_h", "id.resp_h", "path"}};
  FieldSet<6> files_{{"id.orig_h", "id.resp_h", "path", "action", "name", "size"}};
  FieldSet<2> rdp_{{"id.orig_h", "id.resp_h"}};
};

}  // namespace dragnet
