#include "core/time_histogram.h"

#include <algorithm>
#include <limits>

namespace dragnet {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

uint32_t SaturatingAdd(uint32_t a, uint64_t b) {
  return static_cast<uint32_t>(std::min<uint64_t>(std::numeric_limits<uint32_t>::max(), a + b));
}

}  // namespace

void TimeHistogram::Rebin(int64_t factor, int64_t lo, int64_t hi) {
  while (FloorDiv(hi, factor) - FloorDiv(lo, factor) >= static_cast<int64_t>(kBins)) factor *= 2;
  std::array<uint32_t, kBins> moved{};
  int64_t new_lo = FloorDiv(lo, factor);
  if (total_ > 0)
    for (int64_t i = 0; i <= hi_ - lo_; ++i) {
      uint32_t& to = moved[static_cast<size_t>(FloorDiv(lo_ + i, factor) - new_lo)];
      to = SaturatingAdd(to, bins_[static_cast<size_t>(i)]);
    }
  bins_ = moved;
  width_us_ *= factor;
  lo_ = new_lo;
  hi_ = FloorDiv(hi, factor);
}

void TimeHistogram::Add(int64_t ts_us, uint32_t n) {
  if (n == 0) return;
  int64_t bin = FloorDiv(ts_us, width_us_);
  if (total_ == 0) {
    lo_ = hi_ = bin;
  } else if (bin < lo_ || bin > hi_) {
    Rebin(1, std::min(lo_, bin), std::max(hi_, bin));
    bin = FloorDiv(ts_us, width_us_);
  }
  uint32_t& c = bins_[static_cast<size_t>(bin - lo_)];
  c = SaturatingAdd(c, n);
  total_ += n;
}

void TimeHistogram::Merge(const TimeHistogram& other) {
  if (other.empty()) return;
  if (empty()) {
    *this = other;
    return;
  }
  // At least the other's width (both are the base width times a power of
  // two, aligned to the epoch): each of its bins then falls in one of ours.
  if (other.width_us_ > width_us_) Rebin(other.width_us_ / width_us_, lo_, hi_);
  for (size_t i = 0; i < other.counts().size(); ++i) {
    uint32_t n = other.bins_[i];
    if (n > 0) Add((other.lo_ + static_cast<int64_t>(i)) * other.width_us_, n);
  }
}

}  // namespace dragnet
