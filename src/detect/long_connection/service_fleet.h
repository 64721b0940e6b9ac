// The services behind addresses: per (org, registered domain of the TLS/HTTP
// name an address carried), the hosts of the org that held a series to an
// address under it. A push service gives each client its own address under
// per-server names (17-courier.push.vendor.com); by address or by name each
// client looks alone, by registered domain the fleet shows.
// docs/detectors/long_connection.md.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "aggregate/pair_table.h"
#include "aggregate/prevalence.h"

namespace dragnet {

class ServiceFleet {
 public:
  void Build(const PairTable& pairs);
  // The registered domain of `name` (the name itself when it has none).
  static std::string ServiceOf(std::string_view name);
  // Hosts of `org` using the service; orgs where it is fleet routine.
  uint32_t OrgHosts(uint32_t org, const std::string& service) const;
  uint32_t FleetOrgs(const std::string& service, const Prevalence& prevalence, const FleetRule& rule) const;

 private:
  std::map<std::string, std::map<uint32_t, uint32_t>> hosts_;  // service -> org -> hosts
};

}  // namespace dragnet
