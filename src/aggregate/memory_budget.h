// MemoryBudget: one byte budget shared by every worker's aggregates, so the
// state of a hunt is bounded as a whole (not per thread). Aggregates charge
// the budget before they grow; when it is spent they stop admitting new keys
// and count what they turn away, which the run report shows. Charges are
// estimates of heap use (entry + owned buffers), not allocator truth.
#pragma once

#include <atomic>
#include <cstdint>

namespace dragnet {

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

  uint64_t cap() const { return cap_; }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }

 private:
  const uint64_t cap_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
};

}  // namespace dragnet
