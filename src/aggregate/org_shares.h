// OrgShares and OrgLedger: how the behavioural state's cap is shared between
// organisations, and which keys an organisation keeps once its share is
// spent -- decided so that the result depends on the data only, never on the
// number of workers or which of them read which file first.
//
// Fair shares (max-min): every org may hold up to the water level W, chosen
// so that sum_o min(demand_o, W) = cap. An org needing less than W keeps all
// it has; the unused rest of an equal share goes to the orgs that need more.
//
// Admission (a hash-rank sample): each key (pair, name pair, DNS domain) has
// a rank, the number of leading zero bits of a stable 64-bit hash of it. An
// org at level L keeps exactly its keys of rank >= L (about 2^-L of them).
// Levels only rise; a level is raised only when the keys a worker holds at
// the current level already cost more than the current water level, which
// (costs only grow as data comes in, and W only falls) the complete data
// would too. At the end (Finalize) the level of each org is the smallest
// whose keys fit W computed from the complete data: one function of the
// input, whatever the schedule.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace dragnet {

// A key's rank from its stable hash: leading zero bits (64 for 0).
inline uint8_t HashRank(uint64_t h) { return h ? static_cast<uint8_t>(__builtin_clzll(h)) : 64; }
// Level past every rank: nothing kept.
constexpr uint8_t kKeepNone = 65;
// Cost of an org's sampled keys by rank.
using RankCosts = std::array<uint64_t, 65>;

// The water level W of a max-min fair split of `cap` between `demands`:
// sum min(d, W) <= cap, W as large as possible (UINT64_MAX when all fit).
uint64_t WaterLevel(std::vector<uint64_t> demands, uint64_t cap);
// The smallest level >= `from` at which `fixed` plus the cost of the keys of
// rank >= level fits `limit` (kKeepNone when even no key is too much).
uint8_t FittingLevel(const RankCosts& costs, uint64_t fixed, uint64_t limit, uint8_t from);

// What an org lost to the cap (deterministic: records of the keys of rank
// below its final level, whether refused or evicted).
struct OrgDrops {
  uint64_t ip_pair_records = 0;    // conn records of IP pairs not kept
  uint64_t name_pair_records = 0;  // TLS/HTTP records of name pairs not kept
  uint64_t dns_queries = 0;        // DNS queries of domains not kept
  uint64_t samples = 0;            // connections past a series' sample cap (the latest dropped)
  uint64_t total() const { return ip_pair_records + name_pair_records + dns_queries + samples; }
};

// Shared by the workers of one hunt. Thread-safe.
class OrgShares {
 public:
  OrgShares(uint64_t cap_bytes, size_t orgs);
  uint64_t cap() const { return cap_; }
  size_t orgs() const { return levels_.size(); }
  uint64_t water() const { return water_.load(std::memory_order_relaxed); }
  uint8_t level(uint32_t org) const { return levels_[org].load(std::memory_order_relaxed); }
  uint64_t demand(uint32_t org) const { return demands_[org].load(std::memory_order_relaxed); }
  // A worker holds `bytes` of `org`: a lower bound of the org's demand.
  // Returns the water level recomputed from all such bounds.
  uint64_t Publish(uint32_t org, uint64_t bytes);
  void RaiseLevel(uint32_t org, uint8_t level);

 private:
  const uint64_t cap_;
  std::unique_ptr<std::atomic<uint64_t>[]> demands_;
  std::vector<std::atomic<uint8_t>> levels_;
  std::atomic<uint64_t> water_;
  std::mutex mu_;  // serialises Publish's recomputation
};

// One worker's view: what it holds per org (estimated bytes), the levels it
// applies and what it refused or evicted. Not thread-safe (one per worker).
class OrgLedger {
 public:
  explicit OrgLedger(OrgShares* shares);
  OrgShares* shares() const { return shares_; }
  // Whether a new key of `org` with stable hash `h` is refused (and counted
  // by the caller).
  bool Refuses(uint32_t org, uint64_t h) const { return HashRank(h) < level(org); }
  uint8_t level(uint32_t org) const { return org < levels_.size() ? levels_[org] : 0; }
  void set_level(uint32_t org, uint8_t level) { Slot(org), levels_[org] = level; }
  // Bytes of sampled (evictable) entries, and of per-host counters (kept).
  void Add(uint32_t org, int64_t delta) {
    Slot(org);
    bytes_[org] += static_cast<uint64_t>(delta);
    total_ += static_cast<uint64_t>(delta);
    if (total_ > peak_) peak_ = total_;
  }
  void AddFixed(uint32_t org, uint64_t bytes) {
    Add(org, static_cast<int64_t>(bytes));
    fixed_[org] += bytes;
  }
  uint64_t bytes(uint32_t org) const { return org < bytes_.size() ? bytes_[org] : 0; }
  uint64_t fixed(uint32_t org) const { return org < fixed_.size() ? fixed_[org] : 0; }
  OrgDrops& drops(uint32_t org) { return Slot(org), drops_[org]; }
  const std::vector<OrgDrops>& all_drops() const { return drops_; }
  // True when `org` grew past its trigger: time to publish its holdings and
  // maybe raise its level (one compare per record).
  bool OverLimit(uint32_t org) const { return org < triggers_.size() && bytes_[org] > triggers_[org]; }
  // After publishing: the next trigger is the water level `w` or an eighth
  // more than now held, whichever comes first (so the other orgs' bounds
  // stay within an eighth of what they hold).
  void SetTrigger(uint32_t org, uint64_t w);
  // Forget the holdings (they are recomputed after merging).
  void ResetBytes();
  // Takes another worker's counts (drops add up; bytes too, until recomputed).
  void Merge(const OrgLedger& other);
  uint64_t peak() const { return peak_; }
  size_t size() const { return bytes_.size(); }

 private:
  size_t Slot(uint32_t org);
  OrgShares* shares_;
  std::vector<uint64_t> bytes_, fixed_, triggers_;
  std::vector<uint8_t> levels_;
  std::vector<OrgDrops> drops_;
  uint64_t total_ = 0, peak_ = 0;
};

}  // namespace dragnet
