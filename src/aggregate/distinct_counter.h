// DistinctCounter: how many different values (subdomains, names) were seen,
// in bounded memory. Exact (a small set of 64-bit hashes) up to 64 values,
// then a HyperLogLog sketch of 256 one-byte registers (standard error about
// 6.5%), so a domain queried with millions of random names costs 256 bytes.
// Mergeable: the union of two counters is exact while both are small.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace dragnet {

class DistinctCounter {
 public:
  static constexpr size_t kExactMax = 64;
  static constexpr int kRegisterBits = 8;
  static constexpr size_t kRegisters = size_t{1} << kRegisterBits;

  // Adds a value by its 64-bit hash; true when it was certainly new (exact
  // mode) -- the sketch cannot tell, and answers false.
  bool Add(uint64_t hash);
  void Merge(const DistinctCounter& other);
  double Estimate() const;
  bool exact() const { return registers_ == nullptr; }
  // Heap bytes held (for the memory budget).
  size_t HeapBytes() const { return registers_ ? kRegisters : hashes_.capacity() * sizeof(uint64_t); }

 private:
  void ToSketch();
  void AddToSketch(uint64_t hash);
  std::vector<uint64_t> hashes_;            // exact mode
  std::unique_ptr<uint8_t[]> registers_;    // sketch mode
};

}  // namespace dragnet
