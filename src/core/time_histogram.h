// Activity over time in a fixed number of bins whose width doubles as the
// span grows: a key's timeline (DNS queries of a domain, files an encrypting
// host changes) costs the same ~140 bytes whether it lasts a minute or a
// week, and two workers' histograms merge into exactly what one would have
// built, because bins are aligned to multiples of their width since the epoch.
// Evidence for a person to look at, not an input to any score.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace dragnet {

class TimeHistogram {
 public:
  static constexpr size_t kBins = 32;

  TimeHistogram() = default;  // one-minute finest bins
  explicit TimeHistogram(int64_t base_width_us) : width_us_(base_width_us) {}

  void Add(int64_t ts_us, uint32_t n = 1);
  // Adds another histogram's counts; both must share the base width.
  void Merge(const TimeHistogram& other);

  bool empty() const { return total_ == 0; }
  int64_t bin_width_us() const { return width_us_; }
  // Start of the first bin with anything in it.
  int64_t start_us() const { return lo_ * width_us_; }
  // From the first to the last bin with anything in it.
  std::span<const uint32_t> counts() const { return {bins_.data(), empty() ? 0 : static_cast<size_t>(hi_ - lo_ + 1)}; }

 private:
  // Multiplies the width by `factor` (a power of two), doubling it further
  // until bins lo..hi (in the current width) fit, and moves the counts so
  // that bins_[0] is the first of them.
  void Rebin(int64_t factor, int64_t lo, int64_t hi);

  int64_t width_us_ = 60'000'000;
  int64_t lo_ = 0, hi_ = 0;  // first and last bin used, as multiples of the width since the epoch
  uint64_t total_ = 0;
  std::array<uint32_t, kBins> bins_{};
};

}  // namespace dragnet
