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

// The times accepted as a log record's `ts`: [1970-01-01, 2200-01-01) UTC.
// The low end is the epoch, not a date Zeek could have run at: captures
// with relative times (Slips' test captures in ../shared/data start at 0)
// are read by Zeek as 1970, and are real data. Before the epoch is garbage
// (a negative ts); 2200 leaves room for any clock skew while rejecting 1e300
// and keeping every accepted time (and any sum or difference of two) far
// inside int64 microseconds. A missing ts ("-", null, absent) is no longer
// read as 1970 but is malformed too ("missing ts"). A `ts` outside makes the
// line malformed, never a record.
inline constexpr int64_t kMinLogTimeMicros = 0;                       // 1970-01-01T00:00:00Z
inline constexpr int64_t kMaxLogTimeMicros = 7258118400LL * 1000000;  // 2200-01-01T00:00:00Z

// A record's `ts` as Zeek writes it (float seconds or ISO-8601), checked to
// lie in [kMinLogTimeMicros, kMaxLogTimeMicros). nullopt, with `error` set to
// the reason ("bad ts: ..."), when it does not.
std::optional<Timestamp> ParseLogTime(std::string_view text, std::string& error);

// Duration-like values (Zeek 'interval') use the same parser: signed seconds
// with a fraction, to integer microseconds.
std::optional<int64_t> ParseSecondsToMicros(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace dragnet
