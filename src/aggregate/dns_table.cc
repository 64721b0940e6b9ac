#include "aggregate/dns_table.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>

#include "core/smallest.h"
#include "intel/public_suffix.h"

namespace dragnet {

QueryKind QueryKindFromName(std::string_view q) {
  if (q == "A" || q == "AAAA" || q == "1" || q == "28") return QueryKind::kAddress;
  if (q == "TXT" || q == "16") return QueryKind::kTxt;
  if (q == "NULL" || q == "10") return QueryKind::kNull;
  if (q == "CNAME" || q == "5") return QueryKind::kCname;
  if (q == "MX" || q == "15") return QueryKind::kMx;
  return QueryKind::kOther;
}

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<uint32_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0, n = static_cast<double>(s.size());
  for (uint32_t c : counts)
    if (c) {
      double p = c / n;
      h -= p * std::log2(p);
    }
  return h;
}

uint64_t StableHash(uint32_t org, std::string_view domain) {
  return XXH3_64bits_withSeed(domain.data(), domain.size(), org);
}

uint64_t DnsTable::Cost(const DomainKey& k, const DomainStats& d) {
  // Distinct names: 8 bytes a hash while exact, the sketch's registers (and
  // at most 64 hashes' worth) after; samples by count, not by their text.
  uint64_t names = d.names.exact() ? 8 * std::min<uint64_t>(static_cast<uint64_t>(d.names.Estimate()), 64) : 512;
  return (sizeof(DomainMap::value_type) + 1) * 3 / 2 + StringHeapBytes(k.domain.size()) + names +
         d.hosts.size() * sizeof(std::pair<Ip, uint64_t>) + d.samples.size() * 96;
}

DomainStats* DnsTable::Find(uint32_t org, std::string_view domain) {
  auto it = domains_.find(DomainRef{org, domain});
  if (it != domains_.end()) return &it->second;
  if (ledger_.level(org) && ledger_.Refuses(org, StableHash(org, domain))) return nullptr;
  auto [slot, fresh] = domains_.try_emplace(DomainKey{org, std::string(domain)});
  ledger_.Add(org, static_cast<int64_t>(Cost(slot->first, slot->second)));
  return &slot->second;
}

void DnsTable::AddQuery(uint32_t org, const Ip& host, std::string_view name, QueryKind kind, bool nxdomain,
                        uint64_t answer_chars, int64_t ts_us) {
  {
    auto [it, fresh] = hosts_.try_emplace(HostKey{org, host});
    if (fresh) ledger_.AddFixed(org, kHostCost);
    ++it->second.queries;
    it->second.nxdomain += nxdomain;
  }
  std::string_view domain = RegisteredDomain(name);
  DomainStats* d = Find(org, domain);
  if (!d) {
    ++ledger_.drops(org).dns_queries;
    return;
  }
  uint64_t names_before = d->names.exact() ? static_cast<uint64_t>(d->names.Estimate()) : 64;
  size_t hosts_before = d->hosts.size(), samples_before = d->samples.size();
  ++d->queries;
  d->nxdomain += nxdomain;
  ++d->kinds[static_cast<size_t>(kind)];
  d->first_us = std::min(d->first_us, ts_us);
  d->last_us = std::max(d->last_us, ts_us);
  d->activity.Add(ts_us);
  d->answer_chars += answer_chars;
  std::string_view sub = name.size() > domain.size() + 1 ? name.substr(0, name.size() - domain.size() - 1)
                                                         : std::string_view();
  d->subdomain_chars += sub.size();
  d->subdomain_entropy_ub += static_cast<uint64_t>(std::llround(ShannonEntropy(sub) * 1e6));
  size_t start = 0;
  while (start <= sub.size() && !sub.empty()) {
    size_t dot = sub.find('.', start);
    size_t end = dot == std::string_view::npos ? sub.size() : dot;
    d->longest_label = std::max<uint32_t>(d->longest_label, static_cast<uint32_t>(end - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  d->names.Add(XXH3_64bits(name.data(), name.size()));
  auto h = std::lower_bound(d->hosts.begin(), d->hosts.end(), host,
                            [](const std::pair<Ip, uint64_t>& e, const Ip& ip) { return e.first < ip; });
  if (h != d->hosts.end() && h->first == host) {
    ++h->second;
  } else if (d->hosts.size() < DomainStats::kMaxHosts) {
    d->hosts.insert(h, {host, 1});
  } else {
    ++d->hosts_overflow;
  }
  if (d->samples.size() < DomainStats::kMaxSamples || name < d->samples.back())
    KeepSmallestDistinct(d->samples, std::string(name), DomainStats::kMaxSamples);
  // What grew: distinct names (to 64, then the sketch's flat 512 bytes), hosts, samples.
  uint64_t names_after = d->names.exact() ? static_cast<uint64_t>(d->names.Estimate()) : 64;
  int64_t grown = static_cast<int64_t>(8 * (std::min<uint64_t>(names_after, 64) - std::min<uint64_t>(names_before, 64)) +
                                       (d->hosts.size() - hosts_before) * sizeof(std::pair<Ip, uint64_t>) +
                                       (d->samples.size() - samples_before) * 96);
  if (grown) ledger_.Add(org, grown);
}

static void KeepAddress(DomainStats& d, const Ip& a) {
  for (uint8_t i = 0; i < d.address_count; ++i)
    if (d.addresses[i] == a) return;
  if (d.address_count < d.addresses.size()) {
    d.addresses[d.address_count++] = a;
  } else if (a < d.addresses.back()) {
    d.addresses.back() = a;
  } else {
    return;
  }
  std::sort(d.addresses.begin(), d.addresses.begin() + d.address_count);
}

void DnsTable::AddAnswer(uint32_t org, std::string_view name, const Ip& address) {
  auto it = domains_.find(DomainRef{org, RegisteredDomain(name)});
  if (it != domains_.end()) KeepAddress(it->second, address);
}

void DnsTable::AddDirect(uint32_t org, std::string_view name) {
  DomainStats* d = Find(org, RegisteredDomain(name));
  if (d) ++d->direct;
}

void DnsTable::Merge(DnsTable& other) {
  // The ledger's bytes are recounted after the last merge.
  if (other.domains_.size() > domains_.size()) {
    std::swap(domains_, other.domains_);
    std::swap(hosts_, other.hosts_);
  }
  for (auto& [key, hd] : other.hosts_) {
    HostDns& h = hosts_[key];
    h.queries += hd.queries;
    h.nxdomain += hd.nxdomain;
  }
  for (auto& [key, od] : other.domains_) {
    auto [it, fresh] = domains_.try_emplace(key);
    if (fresh) {
      it->second = std::move(od);
      continue;
    }
    DomainStats& d = it->second;
    d.queries += od.queries;
    d.nxdomain += od.nxdomain;
    d.direct += od.direct;
    for (size_t k = 0; k < kQueryKinds; ++k) d.kinds[k] += od.kinds[k];
    d.names.Merge(od.names);
    d.subdomain_chars += od.subdomain_chars;
    d.subdomain_entropy_ub += od.subdomain_entropy_ub;
    d.longest_label = std::max(d.longest_label, od.longest_label);
    d.answer_chars += od.answer_chars;
    for (uint8_t i = 0; i < od.address_count; ++i) KeepAddress(d, od.addresses[i]);
    d.first_us = std::min(d.first_us, od.first_us);
    d.last_us = std::max(d.last_us, od.last_us);
    d.activity.Merge(od.activity);
    d.hosts_overflow += od.hosts_overflow;
    for (const auto& [ip, n] : od.hosts) {
      auto h = std::lower_bound(d.hosts.begin(), d.hosts.end(), ip,
                                [](const std::pair<Ip, uint64_t>& e, const Ip& a) { return e.first < a; });
      if (h != d.hosts.end() && h->first == ip) h->second += n;
      else if (d.hosts.size() < DomainStats::kMaxHosts) d.hosts.insert(h, {ip, n});
      else d.hosts_overflow += n;
    }
    for (auto& s : od.samples) KeepSmallestDistinct(d.samples, std::move(s), DomainStats::kMaxSamples);
  }
  other.domains_.clear();
  other.hosts_.clear();
}

void DnsTable::EvictBelowLevels() {
  for (auto it = domains_.begin(); it != domains_.end();) {
    const DomainKey& k = it->first;
    if (ledger_.level(k.org) && ledger_.Refuses(k.org, StableHash(k.org, k.domain))) {
      ledger_.Add(k.org, -static_cast<int64_t>(Cost(k, it->second)));
      ledger_.drops(k.org).dns_queries += it->second.queries;
      domains_.erase(it++);
    } else {
      ++it;
    }
  }
}

void DnsTable::AddRankCosts(std::vector<RankCosts>& costs, std::vector<uint64_t>& fixed, bool ranked) const {
  for (const auto& [k, d] : domains_) {
    if (k.org >= costs.size()) costs.resize(k.org + 1, RankCosts{});
    costs[k.org][ranked ? HashRank(StableHash(k.org, k.domain)) : 0] += Cost(k, d);
  }
  for (const auto& [k, h] : hosts_) {
    if (k.org >= fixed.size()) fixed.resize(k.org + 1, 0);
    fixed[k.org] += kHostCost;
  }
}

}  // namespace dragnet
