// Accepted ranges of numeric options and detector parameters, and the one
// strict parser of numbers typed by a user: a whole finite number, nothing
// before or after it ("0.5abc", " 1", "nan", "inf", "1e400" are refused).
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace dragnet {

// An interval of accepted values: [lo, hi], or (lo, hi] when lo_open. A
// whole-number range accepts only integers written as digits ("10", not "1e1").
class NumberRange {
 public:
  static constexpr double kNoLimit = std::numeric_limits<double>::infinity();

  // [0, 1]: scores, shares, factors and weights.
  static NumberRange Unit() { return NumberRange(0, 1, false, false); }
  // Whole numbers from lo (counts: AtLeast(1)).
  static NumberRange AtLeast(double lo) { return NumberRange(lo, kNoLimit, false, true); }
  // Whole numbers in [lo, hi].
  static NumberRange Whole(double lo, double hi) { return NumberRange(lo, hi, false, true); }
  // Real numbers > 0: durations, divisors.
  static NumberRange Positive() { return NumberRange(0, kNoLimit, true, false); }
  // Real numbers >= lo (ramp ends, ratios).
  static NumberRange NotBelow(double lo) { return NumberRange(lo, kNoLimit, false, false); }
  // Real numbers > lo.
  static NumberRange Above(double lo) { return NumberRange(lo, kNoLimit, true, false); }
  // Real numbers in [lo, hi].
  static NumberRange Real(double lo, double hi) { return NumberRange(lo, hi, false, false); }

  bool whole() const { return whole_; }
  bool Contains(double v) const;
  // The same range with hi lowered to `hi` (a narrower storage type).
  NumberRange CappedAt(double hi) const;
  // "[0, 1]", "> 0", ">= 1", "1..1024", as `dragnet detectors` and docs show it.
  std::string Text() const;

 private:
  NumberRange(double lo, double hi, bool lo_open, bool whole) : lo_(lo), hi_(hi), lo_open_(lo_open), whole_(whole) {}
  double lo_, hi_;
  bool lo_open_, whole_;
};

// `text` as a finite number, all of it; nullopt otherwise. `whole`: an
// optionally signed run of digits that fits in 64 bits.
std::optional<double> ParseNumber(std::string_view text, bool whole);

// Empty when `text` is a number in `range`; else what is wrong, e.g.
// "'-5' is out of range: must be in [0, 1]" or "'0.5abc' is not a number".
std::string CheckNumber(std::string_view text, const NumberRange& range);

}  // namespace dragnet
