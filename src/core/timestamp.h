// Timestamp: a point in time as integer microseconds since the Unix epoch, the
// resolution Zeek writes. Integer time keeps sums, sorting and equality exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dragnet {

class Timestamp {
 public:
  constexpr Timestamp() = default;
  constexpr explicit Timestamp(int64_t micros) : micros_(micros) {}

  // "1521911720.865716" (Zeek TSV/JSON float seconds, any number of decimals,
  // rounded to the microsecond) or ISO-8601 "2018-03-24T17:15:20.865716Z"
  // (LogAscii::json_timestamps). nullopt for anything else.
  static std::optional<Timestamp> Parse(std::string_view text);
  static std::optional<Timestamp> ParseSeconds(std::string_view text);
  static std::optional<Timestamp> ParseIso8601(std::string_view text);

  int64_t micros() const { return micros_; }
  double seconds() const { return static_cast<double>(micros_) / 1e6; }
  // "2018-03-24T17:15:20.865716Z"; shorter for people ("...T17:15Z") and
  // for formats that want milliseconds (STIX).
  enum class Precision { kMinutes, kSeconds, kMillis, kMicros };
  std::string ToIso8601(Precision precision = Precision::kMicros) const;

  friend bool operator==(Timestamp a, Timestamp b) { return a.micros_ == b.micros_; }
  friend bool operator<(Timestamp a, Timestamp b) { return a.micros_ < b.micros_; }

 private:
  int64_t micros_ = 0;
};

// Duration-like values (Zeek 'interval') use the same parser: signed seconds
// with a fraction, to integer microseconds.
std::optional<int64_t> ParseSecondsToMicros(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace dragnet
