#include "detect/service_fleet.h"

#include <algorithm>
#include <tuple>

#include <absl/container/flat_hash_set.h>

#include "core/text.h"
#include "intel/public_suffix.h"

namespace dragnet {

std::vector<ParamBinding> SoftwareRuleBindings(const std::string& prefix, FleetSoftwareRule& rule) {
  return {
      {prefix + "several.min_hosts", &rule.several.min_hosts, "hosts of an org that make its use of a service several",
       NumberRange::AtLeast(1)},
      {prefix + "several.share", &rule.several.share, "share of an org's hosts that make its use of a service several",
       NumberRange::Unit()},
      {prefix + "min_orgs", &rule.min_orgs, "orgs using a service on several hosts that make it fleet software",
       NumberRange::AtLeast(1)},
      {prefix + "orgs_share", &rule.orgs_share, "share of the orgs using a service that must use it on several hosts",
       NumberRange::Unit()},
  };
}

uint32_t SeveralHostOrgs(const Prevalence& prevalence, std::span<const OrgUse> uses, const FleetSoftwareRule& rule) {
  return prevalence.FleetOrgs(uses, rule.several);
}

bool IsFleetSoftware(const Prevalence& prevalence, std::span<const OrgUse> uses, const FleetSoftwareRule& rule) {
  if (uses.empty()) return false;
  uint32_t several = SeveralHostOrgs(prevalence, uses, rule);
  return several >= rule.min_orgs && several >= rule.orgs_share * static_cast<double>(uses.size());
}

uint32_t ServiceFleet::Intern(std::string_view name) {
  if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
  std::string lower = AsciiLower(name);
  std::string_view reg = RegisteredDomain(lower);
  std::string service = reg.empty() ? lower : std::string(reg);
  auto [it, fresh] = by_service_.try_emplace(service, static_cast<uint32_t>(services_.size()));
  if (fresh) {
    services_.push_back(std::move(service));
    // Re-key on the stored text (the local string dies here).
    uint32_t id = it->second;
    by_service_.erase(it);
    by_service_.emplace(std::string_view(services_.back()), id);
    by_name_.emplace(name, id);
    return id;
  }
  by_name_.emplace(name, it->second);
  return it->second;
}

void ServiceFleet::Build(const Aggregates& a) {
  const PairTable& pairs = a.pairs();
  by_name_.clear();
  by_service_.clear();
  services_.clear();
  // Only habits count (as in Prevalence): series with a few connections or
  // an hour of duration. One-off visits are most pairs and say nothing of a
  // fleet's software.
  auto habit = [](const PairSeries& s) {
    return s.conns >= Prevalence::kMinScorableConnections ||
           s.closed_seconds() + s.open_duration >= Prevalence::kMinScorableSeconds;
  };
  absl::flat_hash_set<std::tuple<uint32_t, uint32_t, Ip>> seen;  // (service, org, host)
  pairs.ForEachName([&](const NamePairKey& k, const PairSeries& s) {
    if (habit(s) && !a.IsResolver(k.org, k.host)) seen.emplace(Intern(k.name), k.org, k.host);
  });
  pairs.ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
    if (habit(s) && s.traits && !s.traits->name.empty() && !a.IsResolver(k.org, k.host)) seen.emplace(Intern(s.traits->name), k.org, k.host);
  });
  std::vector<std::tuple<uint32_t, uint32_t, Ip>> sorted(seen.begin(), seen.end());
  std::sort(sorted.begin(), sorted.end());
  uses_.assign(services_.size(), {});
  for (const auto& [service, org, host] : sorted) {
    auto& u = uses_[service];
    if (u.empty() || u.back().org != org) u.push_back(OrgUse{org, 0});
    ++u.back().hosts;
  }
}

uint32_t ServiceFleet::ServiceId(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? kNone : it->second;
}

uint32_t ServiceFleet::OrgHosts(uint32_t org, std::string_view name) const {
  uint32_t id = ServiceId(name);
  if (id == kNone) return 0;
  const auto& u = uses_[id];
  auto it = std::lower_bound(u.begin(), u.end(), org, [](const OrgUse& e, uint32_t o) { return e.org < o; });
  return it != u.end() && it->org == org ? it->hosts : 0;
}

uint32_t ServiceFleet::FleetOrgs(std::string_view name, const Prevalence& prevalence, const FleetRule& rule) const {
  uint32_t id = ServiceId(name);
  return id == kNone ? 0 : prevalence.FleetOrgs(uses_[id], rule);
}

uint32_t ServiceFleet::SoftwareOrgs(std::string_view name, const Prevalence& prevalence,
                                    const FleetSoftwareRule& rule) const {
  uint32_t id = ServiceId(name);
  return id == kNone ? 0 : SeveralHostOrgs(prevalence, uses_[id], rule);
}

bool ServiceFleet::FleetSoftware(std::string_view name, const Prevalence& prevalence,
                                 const FleetSoftwareRule& rule) const {
  uint32_t id = ServiceId(name);
  return id != kNone && IsFleetSoftware(prevalence, uses_[id], rule);
}

}  // namespace dragnet
