// Trait usage: how many hosts of the whole run (every org) used each trait
// a campaign member holds, and which -- the over-correlation limit and the
// fleet rules of correlate/campaigns.h read it. One pass over the pair
// table, the DNS table and the client tables per batch of new traits.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "aggregate/aggregates.h"
#include "core/host_key.h"
#include "correlate/campaigns.h"
#include "correlate/traits.h"

namespace dragnet {

// Distinct hosts (all orgs) that used a trait, with when, stopping at a cap.
struct Usage {
  absl::flat_hash_map<HostKey, std::pair<int64_t, int64_t>> hosts;  // first, last use (0: unknown)
  std::set<uint32_t> orgs;
  bool saturated = false;
  bool counted = false;
  void Add(uint32_t org, const Ip& host, size_t cap, int64_t first = 0, int64_t last = 0);
  uint32_t count(size_t cap) const { return saturated ? static_cast<uint32_t>(cap + 1) : static_cast<uint32_t>(hosts.size()); }
  // Hosts per org (ascending org), counting no host `skip` names (a
  // resolver asks for its clients' names).
  std::vector<OrgUse> ByOrg(const std::function<bool(const HostKey&)>& skip = nullptr) const;
  // Orgs in whose fleet the trait is routine (prevalence.h FleetRule).
  uint32_t FleetOrgs(const Prevalence& prevalence, const FleetRule& rule) const;
};

// Software a fleet runs rather than an actor's tool: a client fingerprint,
// user agent, certificate, issuer or service (registered domain) that is
// fleet software under CampaignParams::software (IsFleetSoftware, the rule
// the detectors' modifiers share). Resolvers do not count as users.
bool FleetSoftware(const Trait& t, const Usage& u, const Aggregates& a, const CampaignParams& p);

// How many hosts of the whole run use each trait of interest, and which,
// for the traits not counted yet (kept across rounds: a round's sweep reads
// the users collected here, with no pass of its own).
class TraitCounter {
 public:
  // `a` may be null (only the members' own traits count).
  TraitCounter(const Aggregates* a, size_t cap) : a_(a), cap_(cap) {}

  // `members` maps each member host to something with a `traits` set.
  template <class Members>
  void Count(const Members& members) {
    std::vector<std::pair<HostKey, const Trait*>> held;
    for (const auto& [id, m] : members)
      for (const Trait& t : m.traits) held.emplace_back(id, &t);
    Count(held);
  }
  // The members' own traits (they count for them), then every user of the
  // new ones in the aggregates.
  void Count(const std::vector<std::pair<HostKey, const Trait*>>& held);
  // The usage of a counted trait.
  const Usage& Of(const Trait& t) const { return usage_.at(t); }

 private:
  static uint64_t NetKey(const Ip& ip) {
    return ip.is_v4() ? (uint64_t{1} << 63) | (ip.v4() >> 8) : ip.hi() >> 16;
  }
  const Aggregates* a_;
  size_t cap_;
  std::map<Trait, Usage> usage_;
};

}  // namespace dragnet
