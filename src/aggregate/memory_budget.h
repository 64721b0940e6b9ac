// MemoryBudget: a byte budget shared by every worker, first come first
// served: the hunt gives it the cross-org tables' part of the state cap
// (client fingerprints, certificate issuers; AggregateParams). The orgs'
// pairs and domains are capped by OrgShares instead (org_shares.h), whose
// admission does not depend on scheduling. Charges are estimates of heap use
// (entry + owned buffers), not allocator truth.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace dragnet {

// The hunt's default cap: a quarter of the machine's physical memory, at
// least 1 GiB and at most 16 GiB. A fixed 1 GiB dropped 1.3 M host pairs of
// a 200-organisation day (2 GB of logs) and cut its campaign to 68 % of the
// compromised orgs, on a machine with 24 GB; a quarter keeps such a day
// whole and still leaves most of a laptop to everything else.
uint64_t DefaultStateCapBytes();

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t cap_bytes) : cap_(cap_bytes) {}
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // Reserves `bytes`; false (and nothing reserved) when that would pass the cap.
  bool TryCharge(uint64_t bytes) {
    uint64_t used = used_.load(std::memory_order_relaxed);
    do {
      if (used + bytes > cap_) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    uint64_t peak = peak_.load(std::memory_order_relaxed);
    while (used + bytes > peak && !peak_.compare_exchange_weak(peak, used + bytes, std::memory_order_relaxed)) {
    }
    return true;
  }
  void Release(uint64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }
  // Charges without a check: merging states that were already admitted (a
  // merged hash table can need more slack than its parts).
  void ForceCharge(uint64_t bytes) {
    uint64_t used = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
    uint64_t peak = peak_.load(std::memory_order_relaxed);
    while (used > peak && !peak_.compare_exchange_weak(peak, used, std::memory_order_relaxed)) {
    }
  }

  uint64_t cap() const { return cap_; }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }

 private:
  const uint64_t cap_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
};

// Bytes an absl flat_hash_map allocates when one more element goes in: 0, or
// its next table (slots + one control byte each) when it is at its maximum
// load (7/8). Charging capacity, not elements, keeps the estimate honest: a
// table just past a doubling holds twice the slots it uses.
template <typename Map>
uint64_t GrowthBytes(const Map& m) {
  size_t cap = m.capacity();
  if (cap > 0 && m.size() + 1 <= cap - cap / 8) return 0;
  size_t next = cap ? cap * 2 + 1 : 15;
  return (next - cap) * (sizeof(typename Map::value_type) + 1);
}

// Heap bytes of a string's text (0 while it fits the short-string buffer).
inline uint64_t StringHeapBytes(size_t length) { return length > 15 ? length + 1 : 0; }

}  // namespace dragnet
