#include "aggregate/prevalence.h"

#include <algorithm>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

namespace dragnet {
namespace {

// (key, org, host) triples -> counts per (key, org) and per key.
template <typename Key>
Prevalence::Table<Key> Count(std::vector<std::tuple<Key, uint32_t, Ip>>& triples) {
  std::sort(triples.begin(), triples.end());
  triples.erase(std::unique(triples.begin(), triples.end()), triples.end());
  Prevalence::Table<Key> t;
  for (size_t i = 0; i < triples.size();) {
    const Key& key = std::get<0>(triples[i]);
    DestPrevalence total;
    while (i < triples.size() && std::get<0>(triples[i]) == key) {
      uint32_t org = std::get<1>(triples[i]);
      uint32_t hosts = 0;
      for (; i < triples.size() && std::get<0>(triples[i]) == key && std::get<1>(triples[i]) == org; ++i) ++hosts;
      t.per_org.push_back({key, org, hosts});
      ++total.orgs;
      total.hosts += hosts;
    }
    t.totals.push_back({key, total});
  }
  return t;
}

template <typename Key>
uint32_t FindOrgHosts(const Prevalence::Table<Key>& t, const Key& key, uint32_t org) {
  auto it = std::lower_bound(t.per_org.begin(), t.per_org.end(), std::make_pair(key, org),
                             [](const auto& e, const std::pair<Key, uint32_t>& k) {
                               return std::tie(e.key, e.org) < std::tie(k.first, k.second);
                             });
  return it != t.per_org.end() && it->key == key && it->org == org ? it->hosts : 0;
}

template <typename Key>
DestPrevalence FindTotal(const Prevalence::Table<Key>& t, const Key& key) {
  auto it = std::lower_bound(t.totals.begin(), t.totals.end(), key,
                             [](const auto& e, const Key& k) { return e.key < k; });
  return it != t.totals.end() && it->key == key ? it->counts : DestPrevalence{};
}

template <typename V>
uint32_t FindCount(const std::vector<std::pair<V, uint32_t>>& v, const V& key) {
  auto it = std::lower_bound(v.begin(), v.end(), key, [](const auto& e, const V& k) { return e.first < k; });
  return it != v.end() && it->first == key ? it->second : 0;
}

}  // namespace

void Prevalence::Build(const PairTable& pairs, const absl::flat_hash_set<std::pair<uint32_t, Ip>>& host_set) {
  // Only destinations some detector could score need counts: those of a
  // series with a few connections or an hour of duration. Most pairs are
  // one-off visits; leaving their destinations out keeps the sort small.
  auto scorable = [](const PairSeries& s) {
    return s.conns >= kMinScorableConnections || s.duration + s.open_duration >= kMinScorableSeconds;
  };
  absl::flat_hash_set<Ip> dest_ips;
  absl::flat_hash_set<std::string_view> dest_names;
  pairs.ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
    if (scorable(s)) dest_ips.insert(k.dest);
  });
  pairs.ForEachName([&](const NamePairKey& k, const PairSeries& s) {
    if (scorable(s)) dest_names.insert(k.name);
  });

  std::vector<std::tuple<Ip, uint32_t, Ip>> ips;
  std::vector<std::tuple<std::string_view, uint32_t, Ip>> names;
  pairs.ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
    if (dest_ips.contains(k.dest) && (s.conns > 0 || s.traits)) ips.emplace_back(k.dest, k.org, k.host);
  });
  pairs.ForEachName([&](const NamePairKey& k, const PairSeries&) {
    if (dest_names.contains(std::string_view(k.name))) names.emplace_back(k.name, k.org, k.host);
  });
  std::vector<std::pair<uint32_t, Ip>> hosts(host_set.begin(), host_set.end());
  ip_ = Count(ips);
  name_ = Count(names);
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  org_size_.clear();
  for (const auto& [org, host] : hosts) {
    if (org_size_.empty() || org_size_.back().first != org) org_size_.push_back({org, 0});
    ++org_size_.back().second;
  }
  total_hosts_ = static_cast<uint32_t>(hosts.size());
}

uint32_t Prevalence::OrgHosts(uint32_t org, const Ip& dest) const { return FindOrgHosts(ip_, dest, org); }
uint32_t Prevalence::OrgHosts(uint32_t org, std::string_view name) const { return FindOrgHosts(name_, name, org); }
DestPrevalence Prevalence::Global(const Ip& dest) const { return FindTotal(ip_, dest); }
DestPrevalence Prevalence::Global(std::string_view name) const { return FindTotal(name_, name); }
uint32_t Prevalence::OrgSize(uint32_t org) const { return FindCount(org_size_, org); }

}  // namespace dragnet
