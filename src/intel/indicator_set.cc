#include "intel/indicator_set.h"

#include <algorithm>

#include "intel/public_suffix.h"

namespace dragnet {

uint32_t IndicatorSet::AddFeed(FeedInfo info) {
  feeds_.push_back(std::move(info));
  return static_cast<uint32_t>(feeds_.size() - 1);
}

IndicatorSet::Space IndicatorSet::SpaceOf(IndicatorType t) {
  switch (t) {
    case IndicatorType::kDomain: return kDomainSpace;
    case IndicatorType::kUrl: return kUrlSpace;
    case IndicatorType::kMd5:
    case IndicatorType::kSha1:
    case IndicatorType::kSha256: return kFileHashSpace;
    case IndicatorType::kCertSha1:
    case IndicatorType::kCertSha256: return kCertHashSpace;
    case IndicatorType::kJa3: return kJa3Space;
    case IndicatorType::kJa3s: return kJa3sSpace;
    case IndicatorType::kJa4: return kJa4Space;
    case IndicatorType::kEmail: return kEmailSpace;
    default: return kSpaceCount;
  }
}

void IndicatorSet::Reserve(size_t n) {
  indicators_.reserve(indicators_.size() + n);
  next_.reserve(next_.size() + n);
  // Feeds are mostly domains and addresses; URLs and hashes are rarer.
  ips_.reserve(ips_.size() + n / 2);
  strings_[kDomainSpace].reserve(strings_[kDomainSpace].size() + n / 2);
}

bool IndicatorSet::Link(uint32_t& head, uint32_t id) {
  for (uint32_t i = head; i != kNone; i = next_[i]) {
    if (indicators_[i].feed == indicators_[id].feed && indicators_[i].meta.port == indicators_[id].meta.port)
      return false;
  }
  next_[id] = head;
  head = id;
  return true;
}

bool IndicatorSet::Add(IndicatorType type, std::string_view value, uint32_t feed,
                       const IndicatorMeta& meta) {
  uint32_t id = static_cast<uint32_t>(indicators_.size());
  indicators_.push_back(Indicator{type, feed, {}, meta});
  next_.push_back(kNone);
  bool linked = false;
  if (type == IndicatorType::kIp) {
    auto ip = Ip::Parse(value);
    if (ip) {
      auto [it, inserted] = ips_.try_emplace(*ip, kNone);
      linked = Link(it->second, id);
    }
  } else if (type == IndicatorType::kCidr) {
    auto cidr = Cidr::Parse(value);
    if (cidr && !AdmitNetwork(*cidr, feed)) {
      indicators_.pop_back();
      next_.pop_back();
      return false;
    }
    if (cidr) linked = Link(cidrs_.Slot(*cidr, kNone), id);
  } else {
    auto& map = strings_[SpaceOf(type)];
    auto it = map.find(value);
    if (it == map.end()) {
      std::string_view stored = pool_.Store(value);
      indicators_[id].value = stored;
      it = map.emplace(stored, kNone).first;
    }
    linked = Link(it->second, id);
  }
  if (!linked) {
    indicators_.pop_back();
    next_.pop_back();
    ++feeds_[feed].duplicates;
    return false;
  }
  if (indicators_[id].value.empty()) indicators_[id].value = pool_.Store(value);
  ++feeds_[feed].loaded[static_cast<int>(type)];
  return true;
}

bool IndicatorSet::IsBroadNetwork(const Cidr& network) {
  // Cidr prefixes count on the 128-bit value: an IPv4 /16 is /112.
  return network.network.is_v4() ? network.prefix < 96 + kBroadestV4Prefix : network.prefix < kBroadestV6Prefix;
}

bool IndicatorSet::AdmitNetwork(const Cidr& network, uint32_t feed) {
  if (!IsBroadNetwork(network)) return true;
  FeedInfo& f = feeds_[feed];
  ++(allow_broad_networks_ ? f.broad_networks_allowed : f.broad_networks_refused);
  constexpr size_t kExamples = 3;
  if (f.broad_examples.size() < kExamples) f.broad_examples.push_back(network.ToString());
  return allow_broad_networks_;
}

bool IndicatorSet::AddRaw(std::string_view raw, uint32_t feed, const IndicatorMeta& meta,
                          std::optional<IndicatorType> hint) {
  auto c = ClassifyIndicator(raw, hint);
  if (!c) {
    ++feeds_[feed].unrecognized;
    return false;
  }
  if (c->port == 0) return Add(c->type, c->value, feed, meta);
  IndicatorMeta with_port = meta;
  with_port.port = c->port;
  return Add(c->type, c->value, feed, with_port);
}

bool IndicatorSet::HasAny(IndicatorType t) const {
  if (t == IndicatorType::kIp) return !ips_.empty();
  if (t == IndicatorType::kCidr) return !cidrs_.empty();
  return !strings_[SpaceOf(t)].empty();
}

size_t IndicatorSet::KeyCount(IndicatorType t) const {
  if (t == IndicatorType::kIp) return ips_.size();
  if (t == IndicatorType::kCidr) return cidrs_.empty() ? 0 : 1;
  return strings_[SpaceOf(t)].size();
}

uint32_t IndicatorSet::FindIp(const Ip& ip) const {
  if (!ip_filter_.MayContain(IpHash(ip))) return kNone;
  auto it = ips_.find(ip);
  return it == ips_.end() ? kNone : it->second;
}

uint32_t IndicatorSet::FindCidr(const Ip& ip) const {
  const uint32_t* head = cidrs_.Find(ip);
  return head ? *head : kNone;
}

uint32_t IndicatorSet::Find(Space space, std::string_view key) const {
  if (!string_filters_[space].MayContain(BlockedBloom::HashBytes(key))) return kNone;
  const auto& map = strings_[space];
  auto it = map.find(key);
  return it == map.end() ? kNone : it->second;
}

void IndicatorSet::Freeze() {
  psl_state_.reset(new std::atomic<uint8_t>[indicators_.size()]());
  psl_state_size_ = indicators_.size();
  // Filters only pay for tables too big for the CPU caches.
  constexpr size_t kFilterWorth = 1 << 16;
  if (ips_.size() > kFilterWorth) {
    ip_filter_.Reset(ips_.size());
    for (const auto& [ip, head] : ips_) ip_filter_.Add(IpHash(ip));
  }
  for (int sp = 0; sp < kSpaceCount; ++sp) {
    if (strings_[sp].size() <= kFilterWorth) continue;
    string_filters_[sp].Reset(strings_[sp].size());
    for (const auto& [key, head] : strings_[sp]) string_filters_[sp].Add(BlockedBloom::HashBytes(key));
  }
}

bool IndicatorSet::IsSuffixListing(uint32_t id) const {
  if (id >= psl_state_size_) return IsPublicSuffix(indicators_[id].value);
  uint8_t s = psl_state_[id].load(std::memory_order_relaxed);
  if (s == 0) {
    s = IsPublicSuffix(indicators_[id].value) ? 2 : 1;
    psl_state_[id].store(s, std::memory_order_relaxed);
  }
  return s == 2;
}

uint32_t IndicatorSet::FindDomain(std::string_view domain) const {
  const auto& map = strings_[kDomainSpace];
  if (map.empty()) return kNone;
  // The name itself, then each parent: a listed evil.com matches a.b.evil.com,
  // but a listed public suffix (com, co.uk) matches nothing below it.
  bool parent = false;
  const BlockedBloom& filter = string_filters_[kDomainSpace];
  for (;;) {
    if (!filter.MayContain(BlockedBloom::HashBytes(domain))) {
      size_t dot = domain.find('.');
      if (dot == std::string_view::npos) return kNone;
      domain.remove_prefix(dot + 1);
      parent = true;
      continue;
    }
    auto it = map.find(domain);
    if (it != map.end()) {
      if (!parent || !IsSuffixListing(it->second)) return it->second;
      psl_ignored_.fetch_add(1, std::memory_order_relaxed);
      return kNone;
    }
    size_t dot = domain.find('.');
    if (dot == std::string_view::npos) return kNone;
    domain.remove_prefix(dot + 1);
    parent = true;
  }
}

uint32_t IndicatorSet::FindUrl(std::string_view u) const { return Find(kUrlSpace, u); }
uint32_t IndicatorSet::FindFileHash(std::string_view h) const { return Find(kFileHashSpace, h); }
uint32_t IndicatorSet::FindCertHash(std::string_view h) const { return Find(kCertHashSpace, h); }
uint32_t IndicatorSet::FindJa3(std::string_view h) const { return Find(kJa3Space, h); }
uint32_t IndicatorSet::FindJa3s(std::string_view h) const { return Find(kJa3sSpace, h); }
uint32_t IndicatorSet::FindJa4(std::string_view h) const { return Find(kJa4Space, h); }
uint32_t IndicatorSet::FindEmail(std::string_view e) const { return Find(kEmailSpace, e); }

std::array<uint64_t, kIndicatorTypeCount> IndicatorSet::CountByType() const {
  std::array<uint64_t, kIndicatorTypeCount> out{};
  for (const auto& f : feeds_)
    for (int i = 0; i < kIndicatorTypeCount; ++i) out[i] += f.loaded[i];
  return out;
}

}  // namespace dragnet
