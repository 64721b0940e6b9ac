#include "aggregate/distinct_counter.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dragnet {

bool DistinctCounter::Add(uint64_t hash) {
  if (registers_) {
    AddToSketch(hash);
    return false;
  }
  if (std::find(hashes_.begin(), hashes_.end(), hash) != hashes_.end()) return false;
  if (hashes_.size() < kExactMax) {
    hashes_.push_back(hash);
    return true;
  }
  ToSketch();
  AddToSketch(hash);
  return false;
}

void DistinctCounter::ToSketch() {
  registers_ = std::make_unique<uint8_t[]>(kRegisters);
  std::fill(registers_.get(), registers_.get() + kRegisters, uint8_t{0});
  for (uint64_t h : hashes_) AddToSketch(h);
  hashes_.clear();
  hashes_.shrink_to_fit();
}

void DistinctCounter::AddToSketch(uint64_t hash) {
  size_t index = hash >> (64 - kRegisterBits);
  uint64_t rest = hash << kRegisterBits;
  // Rank: position of the first 1 bit in the remaining bits (1-based).
  uint8_t rank = static_cast<uint8_t>(rest == 0 ? 64 - kRegisterBits + 1 : std::countl_zero(rest) + 1);
  registers_[index] = std::max(registers_[index], rank);
}

void DistinctCounter::Merge(const DistinctCounter& other) {
  if (other.registers_) {
    if (!registers_) ToSketch();
    for (size_t i = 0; i < kRegisters; ++i) registers_[i] = std::max(registers_[i], other.registers_[i]);
    return;
  }
  for (uint64_t h : other.hashes_) Add(h);
}

double DistinctCounter::Estimate() const {
  if (!registers_) return static_cast<double>(hashes_.size());
  // HyperLogLog (Flajolet et al. 2007) with the small-range correction.
  const double m = static_cast<double>(kRegisters);
  const double alpha = 0.7213 / (1 + 1.079 / m);
  double sum = 0;
  int zeros = 0;
  for (size_t i = 0; i < kRegisters; ++i) {
    sum += std::ldexp(1.0, -registers_[i]);
    zeros += registers_[i] == 0;
  }
  double e = alpha * m * m / sum;
  if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / zeros);
  return e;
}

}  // namespace dragnet
