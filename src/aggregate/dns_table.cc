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

bool DnsTable::Charge(uint64_t bytes) {
  if (!budget_.TryCharge(bytes)) return false;
  charged_ += bytes;
  return true;
}

DomainStats* DnsTable::Find(uint32_t org, std::string_view domain) {
  auto it = domains_.find(DomainRef{org, domain});
  if (it != domains_.end()) return &it->second;
  if (!Charge(GrowthBytes(domains_) + StringHeapBytes(domain.size()))) {
    ++drops_.domains_refused;
    return nullptr;
  }
  return &domains_[DomainKey{org, std::string(domain)}];
}

void DnsTable::AddQuery(uint32_t org, const Ip& host, std::string_view name, QueryKind kind, bool nxdomain,
                        uint64_t answer_chars, int64_t ts_us) {
  {
    auto it = hosts_.find(HostKey{org, host});
    if (it == hosts_.end() && Charge(GrowthBytes(hosts_))) it = hosts_.try_emplace(HostKey{org, host}).first;
    if (it != hosts_.end()) {
      ++it->second.queries;
      it->second.nxdomain += nxdomain;
    }
  }
  std::string_view domain = RegisteredDomain(name);
  DomainStats* d = Find(org, domain);
  if (!d) return;
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
  d->subdomain_entropy += ShannonEntropy(sub);
  size_t start = 0;
  while (start <= sub.size() && !sub.empty()) {
    size_t dot = sub.find('.', start);
    size_t end = dot == std::string_view::npos ? sub.size() : dot;
    d->longest_label = std::max<uint32_t>(d->longest_label, static_cast<uint32_t>(end - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  size_t before = d->names.HeapBytes();
  if (d->names.exact() && d->names.Estimate() >= DistinctCounter::kExactMax) {
    // The next new name turns the counter into a sketch: charge for it first.
    if (!Charge(DistinctCounter::kRegisters)) {
      ++drops_.domains_refused;
      return;
    }
  }
  d->names.Add(XXH3_64bits(name.data(), name.size()));
  size_t after = d->names.HeapBytes();
  if (after > before && d->names.exact()) {
    if (!Charge(after - before)) ++drops_.domains_refused;  // counted; the value is already in
  }
  auto h = std::lower_bound(d->hosts.begin(), d->hosts.end(), host,
                            [](const std::pair<Ip, uint64_t>& e, const Ip& ip) { return e.first < ip; });
  if (h != d->hosts.end() && h->first == host) {
    ++h->second;
  } else if (d->hosts.size() < DomainStats::kMaxHosts && Charge(sizeof(std::pair<Ip, uint64_t>))) {
    d->hosts.insert(h, {host, 1});
  } else {
    ++d->hosts_overflow;
  }
  if (d->samples.size() < DomainStats::kMaxSamples || name < d->samples.back()) {
    bool grows = d->samples.size() < DomainStats::kMaxSamples &&
                 std::find(d->samples.begin(), d->samples.end(), name) == d->samples.end();
    if (grows && !Charge(32 + name.size())) return;
    KeepSmallestDistinct(d->samples, std::string(name), DomainStats::kMaxSamples);
  }
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
  if (other.domains_.size() > domains_.size()) {
    std::swap(domains_, other.domains_);
    std::swap(hosts_, other.hosts_);
  }
  auto grow = [&](uint64_t g) {
    budget_.ForceCharge(g);
    charged_ += g;
  };
  for (auto& [key, hd] : other.hosts_) {
    if (!hosts_.contains(key)) grow(GrowthBytes(hosts_));
    HostDns& h = hosts_[key];
    h.queries += hd.queries;
    h.nxdomain += hd.nxdomain;
  }
  for (auto& [key, od] : other.domains_) {
    if (!domains_.contains(key)) grow(GrowthBytes(domains_));
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
    d.subdomain_entropy += od.subdomain_entropy;
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
  charged_ += other.charged_;
  other.charged_ = 0;
  drops_.domains_refused += other.drops_.domains_refused;
}

}  // namespace dragnet
