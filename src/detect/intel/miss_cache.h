// Values known to miss the intel index, remembered in a direct-mapped table
// of 64-bit keys. Log values repeat heavily and nearly all of them are not
// indicators; the index (millions of entries) misses the CPU cache on every
// probe, while this table (8 bytes a slot, 512 KB) mostly stays in L2. Only
// misses are kept: a hit goes to the index every time (hits are rare and
// need the index's answer anyway), so a slot is one word and four fit where
// one cached answer did.
#pragma once

#include <cstdint>
#include <vector>

namespace dragnet::intel_internal {

class MissCache {
 public:
  static constexpr int kSlotBits = 16;  // 65,536 slots, 512 KB

  // Off (no table at all) when the index holds nothing of the kind: no
  // lookup of it is made then.
  explicit MissCache(bool on) : slots_(on ? size_t{1} << kSlotBits : 0) {}
  bool on() const { return !slots_.empty(); }

  // `key` identifies the value: an IPv4 address exactly, a name or an IPv6
  // address by a 64-bit hash (two values sharing one would need a 2^-64
  // coincidence for one to be taken for the other).
  bool KnownMiss(uint64_t key) const { return slots_[Slot(key)] == key + 1 && key + 1 != 0; }
  void RememberMiss(uint64_t key) { slots_[Slot(key)] = key + 1; }  // 0 marks an empty slot

 private:
  static size_t Slot(uint64_t key) { return (key * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits); }
  std::vector<uint64_t> slots_;
};

}  // namespace dragnet::intel_internal
