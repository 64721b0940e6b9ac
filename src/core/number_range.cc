#include "core/number_range.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

namespace dragnet {

bool NumberRange::Contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (whole_ && v != std::floor(v)) return false;
  return (lo_open_ ? v > lo_ : v >= lo_) && v <= hi_;
}

NumberRange NumberRange::CappedAt(double hi) const {
  NumberRange r = *this;
  if (hi < r.hi_) r.hi_ = hi;
  return r;
}

std::string NumberRange::Text() const {
  if (hi_ == kNoLimit) return fmt::format("{} {}", lo_open_ ? ">" : ">=", lo_);
  if (whole_) return fmt::format("{}..{}", lo_, hi_);
  return fmt::format("{}{}, {}]", lo_open_ ? "(" : "[", lo_, hi_);
}

std::optional<double> ParseNumber(std::string_view text, bool whole) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;  // from_chars takes no '+' (nor should "+-1" pass)
  if (begin == end || (*begin == '-' && begin != text.data())) return std::nullopt;
  if (whole) {
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(begin, end, v);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return static_cast<double>(v);
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string CheckNumber(std::string_view text, const NumberRange& range) {
  std::optional<double> v = ParseNumber(text, range.whole());
  if (!v) return fmt::format("'{}' is not {}", text, range.whole() ? "a whole number" : "a finite number");
  if (!range.Contains(*v)) {
    std::string t = range.Text();
    return fmt::format("'{}' is out of range: must be {}{}", text, t[0] == '>' ? "" : "in ", t);
  }
  return "";
}

}  // namespace dragnet
