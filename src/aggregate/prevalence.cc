#include "aggregate/prevalence.h"

#include <algorithm>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

namespace dragnet {
namespace {

template <typename V>
uint32_t FindCount(const std::vector<std::pair<V, uint32_t>>& v, const V& key) {
  auto it = std::lower_bound(v.begin(), v.end(), key, [](const auto& e, const V& k) { return e.first < k; });
  return it != v.end() && it->first == key ? it->second : 0;
}

}  // namespace

void Prevalence::Build(const PairTable& pairs, const absl::flat_hash_set<std::pair<uint32_t, Ip>>& host_set) {
  // Only destinations some detector could score need counts: those of a
  // series with a few connections or an hour of duration.
  auto scorable = [](const PairSeries& s) {
    return s.conns >= kMinScorableConnections || s.closed_seconds() + s.open_duration >= kMinScorableSeconds;
  };
  ip_id_.clear();
  name_id_.clear();
  hosts_by_id_org_.clear();
  totals_.clear();
  pairs.ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
    if (scorable(s) && ip_id_.try_emplace(k.dest, static_cast<uint32_t>(totals_.size())).second) totals_.emplace_back();
  });
  pairs.ForEachName([&](const NamePairKey& k, const PairSeries& s) {
    if (scorable(s) && name_id_.try_emplace(std::string_view(k.name), static_cast<uint32_t>(totals_.size())).second)
      totals_.emplace_back();
  });
  auto count = [&](uint32_t id, uint32_t org) {
    if (hosts_by_id_org_[{id, org}]++ == 0) ++totals_[id].orgs;
    ++totals_[id].hosts;
  };
  pairs.ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
    if (s.conns == 0 && !s.traits) return;
    auto it = ip_id_.find(k.dest);
    if (it != ip_id_.end()) count(it->second, k.org);
  });
  pairs.ForEachName([&](const NamePairKey& k, const PairSeries&) {
    auto it = name_id_.find(std::string_view(k.name));
    if (it != name_id_.end()) count(it->second, k.org);
  });
  // The (id, org) counts in order, so a destination's orgs are one range.
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> flat;
  flat.reserve(hosts_by_id_org_.size());
  for (const auto& [key, n] : hosts_by_id_org_) flat.emplace_back(key.first, key.second, n);
  std::sort(flat.begin(), flat.end());
  uses_.clear();
  use_begin_.assign(totals_.size() + 1, 0);
  for (const auto& [id, org, n] : flat) {
    uses_.push_back(OrgUse{org, n});
    ++use_begin_[id + 1];
  }
  for (size_t i = 1; i < use_begin_.size(); ++i) use_begin_[i] += use_begin_[i - 1];
  std::vector<std::pair<uint32_t, Ip>> hosts(host_set.begin(), host_set.end());
  std::sort(hosts.begin(), hosts.end());
  org_size_.clear();
  for (const auto& [org, host] : hosts) {
    if (org_size_.empty() || org_size_.back().first != org) org_size_.push_back({org, 0});
    ++org_size_.back().second;
  }
  total_hosts_ = static_cast<uint32_t>(hosts.size());
}

uint32_t Prevalence::OrgHosts(uint32_t org, const Ip& dest) const {
  auto id = ip_id_.find(dest);
  if (id == ip_id_.end()) return 0;
  auto it = hosts_by_id_org_.find(std::make_pair(id->second, org));
  return it == hosts_by_id_org_.end() ? 0 : it->second;
}
uint32_t Prevalence::OrgHosts(uint32_t org, std::string_view name) const {
  auto id = name_id_.find(name);
  if (id == name_id_.end()) return 0;
  auto it = hosts_by_id_org_.find(std::make_pair(id->second, org));
  return it == hosts_by_id_org_.end() ? 0 : it->second;
}
DestPrevalence Prevalence::Global(const Ip& dest) const {
  auto id = ip_id_.find(dest);
  return id == ip_id_.end() ? DestPrevalence{} : totals_[id->second];
}
DestPrevalence Prevalence::Global(std::string_view name) const {
  auto id = name_id_.find(name);
  return id == name_id_.end() ? DestPrevalence{} : totals_[id->second];
}
uint32_t Prevalence::OrgSize(uint32_t org) const { return FindCount(org_size_, org); }

std::span<const OrgUse> Prevalence::ByOrg(const Ip& dest) const {
  auto id = ip_id_.find(dest);
  if (id == ip_id_.end()) return {};
  return std::span<const OrgUse>(uses_).subspan(use_begin_[id->second], use_begin_[id->second + 1] - use_begin_[id->second]);
}
std::span<const OrgUse> Prevalence::ByOrg(std::string_view name) const {
  auto id = name_id_.find(name);
  if (id == name_id_.end()) return {};
  return std::span<const OrgUse>(uses_).subspan(use_begin_[id->second], use_begin_[id->second + 1] - use_begin_[id->second]);
}

uint32_t Prevalence::FleetOrgs(std::span<const OrgUse> uses, const FleetRule& rule) const {
  uint32_t n = 0;
  for (const OrgUse& u : uses)
    if (u.hosts >= rule.min_hosts && u.hosts >= rule.share * OrgSize(u.org)) ++n;
  return n;
}

}  // namespace dragnet
