// The services behind destinations: per (org, registered domain of a TLS/HTTP
// name), the hosts of the org with a habit there (a series of >= 3
// connections or an hour, as Prevalence counts) -- from name series and from
// the names address series carried. Per-device and
// per-server names (dev3a1.checkin.vendor.com, 17-courier.push.vendor.com)
// make each host look alone by name or address; by registered domain the
// fleet shows. Read by long_connection and rare_destination
// (docs/detectors/long_connection.md, rare_destination.md).
//
// The fleet-software rule lives here too: the campaigns' trait limits
// (correlate/trait_usage.h) and the detectors' modifiers (modifiers.h) read
// the same FleetSoftwareRule, so "software a fleet runs" means one thing.
#pragma once

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "aggregate/aggregates.h"
#include "aggregate/pair_table.h"
#include "aggregate/prevalence.h"
#include "detect/parameters.h"

namespace dragnet {

// Software a fleet runs rather than an actor's tool (an OS's push client, a
// VPN concentrator's certificate, an agent's cloud): on several hosts of an
// org (`several`: >= min_hosts and >= share of the org's hosts) in >=
// min_orgs orgs, and in at least `orgs_share` of the orgs using it. A
// campaign's implant sits on one host of each victim org and never counts;
// a lone Mac's push session is still the fleet's software when most orgs
// run it on several hosts. docs/detectors/modifiers.md, docs/campaigns.md.
struct FleetSoftwareRule {
  FleetRule several{2, 0.02};
  uint32_t min_orgs = 3;    // >= 1
  double orgs_share = 0.5;  // [0, 1]; above 1 the rule never holds
};

// The rule's four parameters, named `prefix` + "several.min_hosts",
// "several.share", "min_orgs", "orgs_share": every detector that weighs
// services by it declares them the same way.
std::vector<ParamBinding> SoftwareRuleBindings(const std::string& prefix, FleetSoftwareRule& rule);

// Orgs where several hosts use it and whether that makes it fleet software
// under `rule`. `uses`: one entry per org using it, ascending org, with its
// hosts (resolvers left out: an org whose resolver alone used it has 0).
uint32_t SeveralHostOrgs(const Prevalence& prevalence, std::span<const OrgUse> uses, const FleetSoftwareRule& rule);
bool IsFleetSoftware(const Prevalence& prevalence, std::span<const OrgUse> uses, const FleetSoftwareRule& rule);

class ServiceFleet {
 public:
  // Views into the pair table's names are kept: `a` must outlive this and
  // not change. The org's resolvers are no users (they connect on behalf of
  // clients, and a C2 name would look like two hosts' habit).
  void Build(const Aggregates& a);
  // Hosts of `org` using the service of `name` (0 when the name is unknown).
  uint32_t OrgHosts(uint32_t org, std::string_view name) const;
  // Orgs where the service of `name` is fleet routine under `rule`.
  uint32_t FleetOrgs(std::string_view name, const Prevalence& prevalence, const FleetRule& rule) const;
  // Orgs where several hosts use the service of `name` (SeveralHostOrgs),
  // and whether it is fleet software under `rule`.
  uint32_t SoftwareOrgs(std::string_view name, const Prevalence& prevalence, const FleetSoftwareRule& rule) const;
  bool FleetSoftware(std::string_view name, const Prevalence& prevalence, const FleetSoftwareRule& rule) const;

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
