#include "aggregate/pair_table.h"

#include <algorithm>

namespace dragnet {
namespace {

constexpr size_t kMaxAddresses = 8;


}  // namespace

bool PairTable::Charge(uint64_t bytes) {
  if (!budget_.TryCharge(bytes)) return false;
  charged_ += bytes;
  return true;
}

PairSeries* PairTable::ByIp(uint32_t org, const Ip& host, const Ip& dest) {
  IpPairKey key{org, host, dest};
  auto it = by_ip_.find(key);
  if (it != by_ip_.end()) return &it->second;
  if (!Charge(GrowthBytes(by_ip_))) {
    ++drops_.pairs_refused;
    return nullptr;
  }
  return &by_ip_[key];
}

PairSeries* PairTable::ByName(uint32_t org, const Ip& host, std::string_view name) {
  auto it = by_name_.find(NamePairRef{org, host, name});
  if (it != by_name_.end()) return &it->second;
  if (!Charge(GrowthBytes(by_name_) + StringHeapBytes(name.size()))) {
    ++drops_.pairs_refused;
    return nullptr;
  }
  return &by_name_[NamePairKey{org, host, std::string(name)}];
}

void PairTable::AddConn(PairSeries& s, int64_t ts_us, uint64_t orig_bytes, uint64_t resp_bytes, double duration,
                        bool open) {
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
  s.duration += duration;
  if (s.samples.size() >= max_samples_) {
    ++drops_.samples_dropped;
    return;
  }
  if (s.samples.size() == s.samples.capacity()) {
    size_t grown = std::min<size_t>(max_samples_, std::max<size_t>(8, s.samples.capacity() * 2));
    // Leaving the inline storage allocates the whole block.
    size_t inline_capacity = decltype(s.samples)().capacity();
    size_t added = s.samples.capacity() <= inline_capacity ? grown : grown - s.samples.capacity();
    if (!Charge(added * sizeof(ConnSample))) {
      ++drops_.samples_dropped;
      return;
    }
    s.samples.reserve(grown);
  }
  uint64_t ts = ts_us > 0 ? static_cast<uint64_t>(ts_us) / 1000000 : 0;
  s.samples.push_back(ConnSample{static_cast<uint32_t>(std::min<uint64_t>(ts, UINT32_MAX)),
                                 static_cast<uint32_t>(std::min<uint64_t>(orig_bytes, UINT32_MAX)),
                                 static_cast<uint32_t>(std::clamp(duration, 0.0, 4e9))});
}

PairTraits* PairTable::Traits(PairSeries& s) {
  if (!s.traits) {
    if (!Charge(sizeof(PairTraits) + 96)) {  // + typical heap text: a name, a fingerprint, a URI pattern
      ++drops_.traits_refused;
      return nullptr;
    }
    s.traits = std::make_unique<PairTraits>();
  }
  return s.traits.get();
}

void PairTable::Fold(PairSeries& into, PairSeries& from) {
  into.conns += from.conns;
  into.open_conns += from.open_conns;
  into.duration += from.duration;
  into.open_duration = std::max(into.open_duration, from.open_duration);
  into.orig_bytes += from.orig_bytes;
  into.resp_bytes += from.resp_bytes;
  into.first_us = std::min(into.first_us, from.first_us);
  into.last_us = std::max(into.last_us, from.last_us);
  size_t room = max_samples_ > into.samples.size() ? max_samples_ - into.samples.size() : 0;
  size_t take = std::min(room, from.samples.size());
  drops_.samples_dropped += from.samples.size() - take;
  into.samples.insert(into.samples.end(), from.samples.begin(), from.samples.begin() + static_cast<long>(take));
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
      a.named += b.named;
      a.mime_mismatch += b.mime_mismatch;
      for (const Ip& ip : b.addresses) AddAddress(a, ip);
    }
  }
}

void PairTable::Merge(PairTable& other) {
  // Insert the smaller table into the larger one.
  if (other.by_ip_.size() + other.by_name_.size() > by_ip_.size() + by_name_.size()) {
    std::swap(by_ip_, other.by_ip_);
    std::swap(by_name_, other.by_name_);
  }
  for (auto& [key, series] : other.by_ip_) {
    if (uint64_t g = GrowthBytes(by_ip_); g && !by_ip_.contains(key)) {
      budget_.ForceCharge(g);
      charged_ += g;
    }
    auto [it, fresh] = by_ip_.try_emplace(key);
    if (fresh) it->second = std::move(series);
    else Fold(it->second, series);
  }
  for (auto& [key, series] : other.by_name_) {
    if (uint64_t g = GrowthBytes(by_name_); g && !by_name_.contains(key)) {
      budget_.ForceCharge(g);
      charged_ += g;
    }
    auto [it, fresh] = by_name_.try_emplace(key);
    if (fresh) it->second = std::move(series);
    else Fold(it->second, series);
  }
  // The other table's charges move here with its entries (released when this
  // table goes); growth of the merged tables is charged as it happens.
  charged_ += other.charged_;
  other.charged_ = 0;
  drops_.pairs_refused += other.drops_.pairs_refused;
  drops_.samples_dropped += other.drops_.samples_dropped;
  drops_.traits_refused += other.drops_.traits_refused;
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
  charged_ += other.charged_;
  other.charged_ = 0;
  drops_.pairs_refused += other.drops_.pairs_refused;
  drops_.samples_dropped += other.drops_.samples_dropped;
  drops_.traits_refused += other.drops_.traits_refused;
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
