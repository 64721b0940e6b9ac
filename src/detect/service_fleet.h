// The services behind destinations: per (org, registered domain of a TLS/HTTP
// name), the hosts of the org with a habit there (a series of >= 3
// connections or an hour, as Prevalence counts) -- from name series and from
// the names address series carried. Per-device and
// per-server names (dev3a1.checkin.vendor.com, 17-courier.push.vendor.com)
// make each host look alone by name or address; by registered domain the
// fleet shows. Read by long_connection and rare_destination
// (docs/detectors/long_connection.md, rare_destination.md).
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "aggregate/pair_table.h"
#include "aggregate/prevalence.h"

namespace dragnet {

class ServiceFleet {
 public:
  // Views into `pairs`' names are kept: it must outlive this and not change.
  void Build(const PairTable& pairs);
  // Hosts of `org` using the service of `name` (0 when the name is unknown).
  uint32_t OrgHosts(uint32_t org, std::string_view name) const;
  // Orgs where the service of `name` is fleet routine under `rule`.
  uint32_t FleetOrgs(std::string_view name, const Prevalence& prevalence, const FleetRule& rule) const;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t ServiceId(std::string_view name) const;
  uint32_t Intern(std::string_view name);
  absl::flat_hash_map<std::string_view, uint32_t> by_name_;     // name -> service id
  absl::flat_hash_map<std::string_view, uint32_t> by_service_;  // registered domain -> service id
  std::deque<std::string> services_;                            // stable text of the services
  std::vector<std::vector<OrgUse>> uses_;                       // by service id, ascending org
};

}  // namespace dragnet
