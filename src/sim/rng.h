// Rng: the simulators' deterministic random numbers (splitmix64). The same
// seed gives the same stream on every platform and compiler, which is what
// makes generated worlds byte-identical; <random> distributions are not
// portable in that sense, so the few distributions needed are here.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace dragnet {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  // A generator for a sub-stream, so adding draws in one part of a world
  // does not shift every other part.
  Rng Fork(uint64_t salt) const { return Rng(s_ ^ (salt * 0xD1B54A32D192ED03ULL)); }

  uint64_t Next() {
    s_ += 0x9E3779B97F4A7C15ULL;
    uint64_t z = s_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1))); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  bool Chance(double p) { return Unit() < p; }
  // Exponential with the given mean (inter-arrival times of Poisson events).
  double Exponential(double mean) { return -mean * std::log(1.0 - Unit()); }
  // Zipf-like index in [0, n): small indices are much more popular.
  uint64_t Skewed(uint64_t n) {
    double u = Unit();
    return std::min<uint64_t>(n - 1, static_cast<uint64_t>(static_cast<double>(n) * u * u * u));
  }
  // Log-uniform in [lo, hi]: periods from seconds to hours equally likely per decade.
  double LogUniform(double lo, double hi) { return lo * std::pow(hi / lo, Unit()); }
  std::string Hex(int n) {
    static const char kHex[] = "0123456789abcdef";
    std::string s(static_cast<size_t>(n), '0');
    for (auto& c : s) c = kHex[Below(16)];
    return s;
  }
  std::string Alnum(int n) {
    static const char kAlpha[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s(static_cast<size_t>(n), 'a');
    for (auto& c : s) c = kAlpha[Below(36)];
    return s;
  }

 private:
  uint64_t s_;
};

}  // namespace dragnet
