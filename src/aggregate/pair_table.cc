#include "aggregate/pair_table.h"

#include <algorithm>
#include <cmath>

#include <xxhash.h>

namespace dragnet {
namespace {

constexpr size_t kMaxAddresses = 8;


}  // namespace

uint64_t StableHash(uint32_t org, const Ip& host, const Ip& dest) {
  uint64_t b[5] = {org, host.hi(), host.lo(), dest.hi(), dest.lo()};
  return XXH3_64bits(b, sizeof(b));
}

uint64_t StableHash(uint32_t org, const Ip& host, std::string_view name) {
  uint64_t b[3] = {org, host.hi(), host.lo()};
  return XXH3_64bits_withSeed(name.data(), name.size(), XXH3_64bits(b, sizeof(b)));
}

uint64_t PairTable::Cost(const PairSeries& s) {
  // Table slots at an average load of 2/3; samples by count (not capacity:
  // a merged series must not cost less than a worker's part of it).
  uint64_t c = (sizeof(IpPairMap::value_type) + 1) * 3 / 2 + s.samples.size() * sizeof(ConnSample);
  if (s.traits)  // + typical heap text: a name, a fingerprint, a URI pattern
    c += sizeof(PairTraits) + 96 + s.traits->app_samples.size() * sizeof(ConnSample);
  return c;
}

uint64_t PairTable::NameKeyCost(const NamePairKey& k) {
  return (sizeof(NamePairMap::value_type) - sizeof(IpPairMap::value_type)) * 3 / 2 + StringHeapBytes(k.name.size());
}

PairSeries* PairTable::ByIp(uint32_t org, const Ip& host, const Ip& dest) {
  IpPairKey key{org, host, dest};
  auto it = by_ip_.find(key);
  if (it != by_ip_.end()) return &it->second;
  if (ledger_.level(org) && ledger_.Refuses(org, StableHash(org, host, dest))) return nullptr;
  PairSeries& s = by_ip_[key];
  ledger_.Add(org, static_cast<int64_t>(Cost(s)));
  return &s;
}

PairSeries* PairTable::ByName(uint32_t org, const Ip& host, std::string_view name) {
  auto it = by_name_.find(NamePairRef{org, host, name});
  if (it != by_name_.end()) return &it->second;
  if (ledger_.level(org) && ledger_.Refuses(org, StableHash(org, host, name))) return nullptr;
  auto [slot, fresh] = by_name_.try_emplace(NamePairKey{org, host, std::string(name)});
  ledger_.Add(org, static_cast<int64_t>(Cost(slot->second) + NameKeyCost(slot->first)));
  return &slot->second;
}

template <typename Samples>
void PairTable::Offer(uint32_t org, Samples& samples, const ConnSample& c) {
  if (samples.size() < max_samples_) {
    if (samples.size() == samples.capacity()) {
      // Grow by doubling up to the cap (not InlinedVector's own rule, which
      // could reserve past it).
      samples.reserve(std::min<size_t>(max_samples_, std::max<size_t>(8, samples.capacity() * 2)));
    }
    samples.push_back(c);
    ledger_.Add(org, sizeof(ConnSample));
    if (samples.size() == max_samples_) std::make_heap(samples.begin(), samples.end());
    return;
  }
  ++ledger_.drops(org).samples;
  // At the cap the samples are a max-heap: keep the smallest, whatever came first.
  if (max_samples_ == 0 || !(c < samples.front())) return;
  std::pop_heap(samples.begin(), samples.end());
  samples.back() = c;
  std::push_heap(samples.begin(), samples.end());
}

void PairTable::AddConn(uint32_t org, PairSeries& s, int64_t ts_us, uint64_t orig_bytes, uint64_t resp_bytes,
                        double duration, bool open) {
  ++s.conns;
  s.first_us = std::min(s.first_us, ts_us);
  s.last_us = std::max(s.last_us, ts_us);
  s.orig_bytes += orig_bytes;
  s.resp_bytes += resp_bytes;
  if (open) {
    ++s.open_conns;
    s.open_duration = std::max(s.open_duration, duration);
    return;  // an open connection is logged again (or closed) later: not a new start
  }
  s.duration_us += static_cast<uint64_t>(std::llround(std::clamp(duration, 0.0, 1e12) * 1e6));
  uint64_t ts = ts_us > 0 ? static_cast<uint64_t>(ts_us) / 1000000 : 0;
  Offer(org, s.samples,
        ConnSample{static_cast<uint32_t>(std::min<uint64_t>(ts, UINT32_MAX)),
                   static_cast<uint32_t>(std::min<uint64_t>(orig_bytes, UINT32_MAX)),
                   static_cast<uint32_t>(std::clamp(duration, 0.0, 4e9))});
}

void PairTable::AddUnanswered(PairSeries& s, uint16_t port) {
  if (s.unanswered < UINT32_MAX) ++s.unanswered;
  if (s.unanswered == 1) {
    s.unanswered_port = port;
  } else if (port != s.unanswered_port) {
    s.unanswered_ports_vary = true;
    s.unanswered_port = std::min(s.unanswered_port, port);
  }
}

PairTraits* PairTable::Traits(uint32_t org, PairSeries& s) {
  if (!s.traits) {
    uint64_t before = Cost(s);
    s.traits = std::make_unique<PairTraits>();
    ledger_.Add(org, static_cast<int64_t>(Cost(s) - before));
  }
  return s.traits.get();
}

void PairTable::AddAppConn(uint32_t org, PairSeries& s, int64_t ts_us, AppLog log) {
  PairTraits* t = Traits(org, s);
  ++t->app_conns;
  t->app_first_us = std::min(t->app_first_us, ts_us);
  t->app_last_us = std::max(t->app_last_us, ts_us);
  t->app_logs |= log;
  uint64_t ts = ts_us > 0 ? static_cast<uint64_t>(ts_us) / 1000000 : 0;
  Offer(org, t->app_samples, ConnSample{static_cast<uint32_t>(std::min<uint64_t>(ts, UINT32_MAX)), 0, 0});
}

void PairTable::PromoteAppSamples() {
  auto promote = [this](IpPairMap& m) {
    for (auto& [k, s] : m) {
      PairTraits* t = s.traits.get();
      if (!t || t->app_conns == 0) continue;
      if (s.conns == 0) {
        s.samples.assign(t->app_samples.begin(), t->app_samples.end());
        s.conns = t->app_conns;
        s.first_us = t->app_first_us;
        s.last_us = t->app_last_us;
        t->samples_from = t->app_logs;
      } else {
        ledger_.Add(k.org, -static_cast<int64_t>(t->app_samples.size() * sizeof(ConnSample)));
      }
      t->app_samples = {};
    }
  };
  promote(by_ip_);
  for (auto& part : adopted_) promote(part->by_ip);
}

std::string AppLogNames(uint8_t bits) {
  std::string out;
  if (bits & kAppLogSsl) out = "ssl";
  if (bits & kAppLogHttp) out += out.empty() ? "http" : "+http";
  return out;
}

void PairTable::Fold(uint32_t org, PairSeries& into, PairSeries& from) {
  into.conns += from.conns;
  into.open_conns += from.open_conns;
  into.duration_us += from.duration_us;
  into.open_duration = std::max(into.open_duration, from.open_duration);
  into.orig_bytes += from.orig_bytes;
  into.resp_bytes += from.resp_bytes;
  into.first_us = std::min(into.first_us, from.first_us);
  into.last_us = std::max(into.last_us, from.last_us);
  if (from.unanswered) {
    if (into.unanswered == 0) {
      into.unanswered_port = from.unanswered_port;
    } else if (into.unanswered_port != from.unanswered_port) {
      into.unanswered_ports_vary = true;
      into.unanswered_port = std::min(into.unanswered_port, from.unanswered_port);
    }
    into.unanswered_ports_vary |= from.unanswered_ports_vary;
    into.unanswered = static_cast<uint32_t>(std::min<uint64_t>(uint64_t{into.unanswered} + from.unanswered, UINT32_MAX));
  }
  for (const ConnSample& c : from.samples) Offer(org, into.samples, c);
  if (from.traits) {
    if (!into.traits) {
      into.traits = std::move(from.traits);
    } else {
      PairTraits& a = *into.traits;
      PairTraits& b = *from.traits;
      KeepSmallestText(a.name, b.name);
      KeepSmallestText(a.cert, b.cert);
      KeepSmallestText(a.uri_pattern, b.uri_pattern);
      KeepSmallestId(a.ja3, b.ja3);
      KeepSmallestId(a.user_agent, b.user_agent);
      a.http_requests += b.http_requests;
      a.http_without_host += b.http_without_host;
      a.http_bare += b.http_bare;
      a.named += b.named;
      a.mime_mismatch += b.mime_mismatch;
      a.ntp += b.ntp;
      for (const Ip& ip : b.addresses) AddAddress(a, ip);
      for (const ConnSample& c : b.app_samples) Offer(org, a.app_samples, c);
      a.app_conns += b.app_conns;
      a.app_first_us = std::min(a.app_first_us, b.app_first_us);
      a.app_last_us = std::max(a.app_last_us, b.app_last_us);
      a.app_logs |= b.app_logs;
      a.samples_from |= b.samples_from;
    }
  }
}

void PairTable::Merge(PairTable& other) {
  // Insert the smaller table into the larger one. The ledger's bytes are
  // recounted after the last merge (OrgLedger::ResetBytes); only the samples
  // past the cap are counted here.
  if (other.by_ip_.size() + other.by_name_.size() > by_ip_.size() + by_name_.size()) {
    std::swap(by_ip_, other.by_ip_);
    std::swap(by_name_, other.by_name_);
  }
  for (auto& [key, series] : other.by_ip_) {
    auto [it, fresh] = by_ip_.try_emplace(key);
    if (fresh) it->second = std::move(series);
    else Fold(key.org, it->second, series);
  }
  for (auto& [key, series] : other.by_name_) {
    auto [it, fresh] = by_name_.try_emplace(key);
    if (fresh) it->second = std::move(series);
    else Fold(key.org, it->second, series);
  }
  other.by_ip_.clear();
  other.by_name_.clear();
}

void PairTable::EvictBelowLevels() {
  auto evict_ip = [&](IpPairMap& m) {
    for (auto it = m.begin(); it != m.end();) {
      const IpPairKey& k = it->first;
      if (ledger_.level(k.org) && ledger_.Refuses(k.org, StableHash(k.org, k.host, k.dest))) {
        ledger_.Add(k.org, -static_cast<int64_t>(Cost(it->second)));
        ledger_.drops(k.org).ip_pair_records += it->second.conns;
        m.erase(it++);
      } else {
        ++it;
      }
    }
  };
  auto evict_name = [&](NamePairMap& m) {
    for (auto it = m.begin(); it != m.end();) {
      const NamePairKey& k = it->first;
      if (ledger_.level(k.org) && ledger_.Refuses(k.org, StableHash(k.org, k.host, k.name))) {
        ledger_.Add(k.org, -static_cast<int64_t>(Cost(it->second) + NameKeyCost(k)));
        ledger_.drops(k.org).name_pair_records += it->second.conns;
        m.erase(it++);
      } else {
        ++it;
      }
    }
  };
  evict_ip(by_ip_);
  evict_name(by_name_);
  for (auto& part : adopted_) {
    evict_ip(part->by_ip);
    evict_name(part->by_name);
  }
}

void PairTable::AddRankCosts(std::vector<RankCosts>& costs, bool ranked) const {
  auto add = [&](uint32_t org, uint8_t rank, uint64_t bytes) {
    if (org >= costs.size()) costs.resize(org + 1, RankCosts{});
    costs[org][rank] += bytes;
  };
  ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
    add(k.org, ranked ? HashRank(StableHash(k.org, k.host, k.dest)) : 0, Cost(s));
  });
  ForEachName([&](const NamePairKey& k, const PairSeries& s) {
    add(k.org, ranked ? HashRank(StableHash(k.org, k.host, k.name)) : 0, Cost(s) + NameKeyCost(k));
  });
}

uint64_t PairTable::samples_dropped() const {
  uint64_t n = 0;
  for (const OrgDrops& d : ledger_.all_drops()) n += d.samples;
  return n;
}

void PairTable::SortSamples() {
  auto sort = [](auto& map) {
    for (auto& [k, s] : map) std::sort(s.samples.begin(), s.samples.end());
  };
  sort(by_ip_);
  sort(by_name_);
  for (auto& part : adopted_) {
    sort(part->by_ip);
    sort(part->by_name);
  }
}

void PairTable::Adopt(PairTable& other) {
  auto part = std::make_unique<Part>();
  part->by_ip = std::move(other.by_ip_);
  part->by_name = std::move(other.by_name_);
  adopted_.push_back(std::move(part));
  for (auto& p : other.adopted_) adopted_.push_back(std::move(p));
  other.adopted_.clear();
}

std::vector<const IpPairMap*> PairTable::ip_parts() const {
  std::vector<const IpPairMap*> out = {&by_ip_};
  for (const auto& p : adopted_) out.push_back(&p->by_ip);
  return out;
}

std::vector<const NamePairMap*> PairTable::name_parts() const {
  std::vector<const NamePairMap*> out = {&by_name_};
  for (const auto& p : adopted_) out.push_back(&p->by_name);
  return out;
}

const PairSeries* PairTable::FindIp(const IpPairKey& key) const {
  for (const IpPairMap* m : ip_parts()) {
    auto it = m->find(key);
    if (it != m->end()) return &it->second;
  }
  return nullptr;
}

const PairSeries* PairTable::FindName(const NamePairRef& key) const {
  for (const NamePairMap* m : name_parts()) {
    auto it = m->find(key);
    if (it != m->end()) return &it->second;
  }
  return nullptr;
}

size_t PairTable::ip_pairs() const {
  size_t n = 0;
  for (const IpPairMap* m : ip_parts()) n += m->size();
  return n;
}

size_t PairTable::name_pairs() const {
  size_t n = 0;
  for (const NamePairMap* m : name_parts()) n += m->size();
  return n;
}

void AddAddress(PairTraits& t, const Ip& ip) {
  auto it = std::lower_bound(t.addresses.begin(), t.addresses.end(), ip);
  if (it != t.addresses.end() && *it == ip) return;
  if (t.addresses.size() >= kMaxAddresses) return;
  t.addresses.insert(it, ip);
}

void KeepSmallestText(std::string& slot, std::string_view value) {
  if (value.empty()) return;
  if (slot.empty() || value < slot) slot.assign(value);
}

void KeepSmallestId(uint64_t& slot, uint64_t id) {
  if (id != 0 && (slot == 0 || id < slot)) slot = id;
}

}  // namespace dragnet
