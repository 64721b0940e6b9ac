#include "aggregate/org_shares.h"

#include <algorithm>

namespace dragnet {

uint64_t WaterLevel(std::vector<uint64_t> demands, uint64_t cap) {
  std::sort(demands.begin(), demands.end());
  uint64_t left = cap;
  size_t n = demands.size();
  for (size_t i = 0; i < n; ++i) {
    uint64_t even = left / (n - i);
    if (demands[i] > even) return even;  // this org and all larger ones get the even split of what is left
    left -= demands[i];
  }
  return UINT64_MAX;
}

uint8_t FittingLevel(const RankCosts& costs, uint64_t fixed, uint64_t limit, uint8_t from) {
  // cost(level) = fixed + sum of costs[r] for r >= level: falls as level rises.
  uint64_t above = fixed;
  std::array<uint64_t, 66> at{};  // at[l] = fixed + sum_{r >= l} costs[r]
  at[65] = above;
  for (int r = 64; r >= 0; --r) at[static_cast<size_t>(r)] = at[static_cast<size_t>(r) + 1] + costs[static_cast<size_t>(r)];
  for (uint8_t l = from; l < kKeepNone; ++l)
    if (at[l] <= limit) return l;
  return kKeepNone;
}

OrgShares::OrgShares(uint64_t cap_bytes, size_t orgs)
    : cap_(cap_bytes), demands_(new std::atomic<uint64_t>[std::max<size_t>(orgs, 1)]), levels_(std::max<size_t>(orgs, 1)),
      water_(UINT64_MAX) {
  for (size_t i = 0; i < levels_.size(); ++i) {
    demands_[i].store(0, std::memory_order_relaxed);
    levels_[i].store(0, std::memory_order_relaxed);
  }
  water_.store(WaterLevel(std::vector<uint64_t>(levels_.size(), 0), cap_), std::memory_order_relaxed);
}

uint64_t OrgShares::Publish(uint32_t org, uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  if (demands_[org].load(std::memory_order_relaxed) < bytes) demands_[org].store(bytes, std::memory_order_relaxed);
  std::vector<uint64_t> d(levels_.size());
  for (size_t i = 0; i < d.size(); ++i) d[i] = demands_[i].load(std::memory_order_relaxed);
  // Bounds only grow, so the water level only falls.
  uint64_t w = std::min(WaterLevel(std::move(d), cap_), water_.load(std::memory_order_relaxed));
  water_.store(w, std::memory_order_relaxed);
  return w;
}

void OrgShares::RaiseLevel(uint32_t org, uint8_t level) {
  uint8_t cur = levels_[org].load(std::memory_order_relaxed);
  while (cur < level && !levels_[org].compare_exchange_weak(cur, level, std::memory_order_relaxed)) {
  }
}

OrgLedger::OrgLedger(OrgShares* shares) : shares_(shares) {
  if (shares_) Slot(static_cast<uint32_t>(shares_->orgs() - 1));
}

size_t OrgLedger::Slot(uint32_t org) {
  if (org >= bytes_.size()) {
    bytes_.resize(org + 1, 0);
    fixed_.resize(org + 1, 0);
    levels_.resize(org + 1, 0);
    // Without shares nothing is ever refused: no trigger.
    triggers_.resize(org + 1, shares_ ? uint64_t{64} << 10 : UINT64_MAX);
    drops_.resize(org + 1);
  }
  return org;
}

void OrgLedger::SetTrigger(uint32_t org, uint64_t w) {
  Slot(org);
  uint64_t b = bytes_[org];
  triggers_[org] = std::min(w, b + std::max<uint64_t>(b / 8, uint64_t{64} << 10));
}

void OrgLedger::ResetBytes() {
  std::fill(bytes_.begin(), bytes_.end(), 0);
  std::fill(fixed_.begin(), fixed_.end(), 0);
  total_ = 0;
}

void OrgLedger::Merge(const OrgLedger& other) {
  if (other.size()) Slot(static_cast<uint32_t>(other.size() - 1));
  for (size_t o = 0; o < other.size(); ++o) {
    bytes_[o] += other.bytes_[o];
    fixed_[o] += other.fixed_[o];
    levels_[o] = std::max(levels_[o], other.levels_[o]);
    OrgDrops& d = drops_[o];
    const OrgDrops& x = other.drops_[o];
    d.ip_pair_records += x.ip_pair_records;
    d.name_pair_records += x.name_pair_records;
    d.dns_queries += x.dns_queries;
    d.samples += x.samples;
  }
  total_ += other.total_;
  peak_ += other.peak_;  // an upper bound of the hunt's peak: each worker's peak, summed
}

}  // namespace dragnet
