#include "detect/long_connection/service_fleet.h"

#include <set>
#include <tuple>
#include <vector>

#include "core/text.h"
#include "intel/public_suffix.h"

namespace dragnet {

std::string ServiceFleet::ServiceOf(std::string_view name) {
  std::string lower = AsciiLower(name);
  std::string_view reg = RegisteredDomain(lower);
  return reg.empty() ? lower : std::string(reg);
}

void ServiceFleet::Build(const PairTable& pairs) {
  std::set<std::tuple<std::string, uint32_t, Ip>> seen;
  pairs.ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
    if (s.traits && !s.traits->name.empty()) seen.emplace(ServiceOf(s.traits->name), k.org, k.host);
  });
  hosts_.clear();
  for (const auto& [service, org, host] : seen) ++hosts_[service][org];
}

uint32_t ServiceFleet::OrgHosts(uint32_t org, const std::string& service) const {
  auto it = hosts_.find(service);
  if (it == hosts_.end()) return 0;
  auto o = it->second.find(org);
  return o == it->second.end() ? 0 : o->second;
}

uint32_t ServiceFleet::FleetOrgs(const std::string& service, const Prevalence& prevalence,
                                 const FleetRule& rule) const {
  auto it = hosts_.find(service);
  if (it == hosts_.end()) return 0;
  std::vector<OrgUse> uses;
  for (const auto& [org, n] : it->second) uses.push_back(OrgUse{org, n});
  return prevalence.FleetOrgs(uses, rule);
}

}  // namespace dragnet
