#include "core/timestamp.h"

#include <bit>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace dragnet {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// Whether each byte of a word is an ASCII digit (Lemire's SWAR tests, also
// in simdjson's number parser).
static bool EightDigits(uint64_t w) {
  return (((w & 0xf0f0f0f0f0f0f0f0ULL) | (((w + 0x0606060606060606ULL) & 0xf0f0f0f0f0f0f0f0ULL) >> 4)) ==
          0x3333333333333333ULL);
}

// The value of eight ASCII digits, the first in the lowest byte.
static uint64_t EightDigitValue(uint64_t w) {
  w -= 0x3030303030303030ULL;
  w = (w * 10) + (w >> 8);
  w = (((w & 0x000000ff000000ffULL) * 0x000f424000000064ULL) + (((w >> 16) & 0x000000ff000000ffULL) * 0x0000271000000001ULL)) >> 32;
  return w;
}

std::optional<int64_t> ParseSecondsToMicros(std::string_view s) {
  // Hand-written: strtod needs a terminated copy and rounds through binary
  // floating point; this is exact to the microsecond and allocation-free.
  // Fast path: Zeek's own "1521911720.865716" (10 digits, dot, 6 digits),
  // eight digits at a time in a 64-bit word (SWAR): this runs once per log
  // line, and the byte loop cost 6 % of an intel sweep.
  if (std::endian::native == std::endian::little && s.size() == 17 && s[10] == '.') {
    uint64_t head, a, b;
    std::memcpy(&head, s.data(), 8);     // digits 0-7
    std::memcpy(&a, s.data() + 8, 8);    // digits 8-9, '.', digits 11-15
    std::memcpy(&b, s.data() + 9, 8);    // digit 9, '.', digits 11-16
    uint64_t tail = (a & 0xffff) | ((b >> 16) << 16);  // digits 8-9 and 11-16
    if (EightDigits(head) && EightDigits(tail)) return static_cast<int64_t>(EightDigitValue(head) * 100'000'000 + EightDigitValue(tail));
  }
  if (s.empty() || s.size() > 40) return std::nullopt;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
  }
  int64_t whole = 0;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (++digits > 12) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
    ++i;
  }
  int64_t frac = 0;
  int frac_digits = 0;
  bool round_up = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (frac_digits < 6) {
        frac = frac * 10 + (s[i] - '0');
        ++frac_digits;
      } else if (i == start + 6) {
        round_up = s[i] >= '5';
      }
      ++i;
    }
    if (i == start && digits == 0) return std::nullopt;
  } else if (digits == 0) {
    return std::nullopt;
  }
  // Accept exponent-free numbers only (Zeek never writes exponents for time).
  if (i != s.size()) {
    // JSON writers may print e.g. "1.5e-05" for tiny intervals.
    if (s[i] == 'e' || s[i] == 'E') {
      double v = 0;
      std::string copy(s);
      if (std::sscanf(copy.c_str(), "%lf", &v) != 1) return std::nullopt;
      double us = v * 1e6;
      // Beyond int64 (1e300, inf, nan) the cast would be undefined.
      if (!(us > -9.2e18 && us < 9.2e18)) return std::nullopt;
      return static_cast<int64_t>(us < 0 ? us - 0.5 : us + 0.5);
    }
    return std::nullopt;
  }
  while (frac_digits < 6) {
    frac *= 10;
    ++frac_digits;
  }
  int64_t v = whole * 1000000 + frac + (round_up ? 1 : 0);
  return neg ? -v : v;
}

std::optional<Timestamp> Timestamp::ParseSeconds(std::string_view text) {
  auto v = ParseSecondsToMicros(text);
  if (!v) return std::nullopt;
  return Timestamp(*v);
}

namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<Timestamp> Timestamp::ParseIso8601(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM|-HH:MM]
  auto num = [&](size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) return false;
    out = 0;
    for (size_t k = pos; k < pos + len; ++k) {
      if (s[k] < '0' || s[k] > '9') return false;
      out = out * 10 + (s[k] - '0');
    }
    return true;
  };
  int y, mo, d, h, mi, se;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) ||
      !num(17, 2, se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo) || h > 23 || mi > 59 || se > 60) return std::nullopt;
  size_t i = 19;
  int64_t frac = 0;
  int frac_digits = 0;
  bool round_up = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (frac_digits < 6) {
        frac = frac * 10 + (s[i] - '0');
        ++frac_digits;
      } else if (frac_digits == 6) {
        round_up = s[i] >= '5';
        ++frac_digits;
      }
      ++i;
    }
  }
  while (frac_digits < 6) {
    frac *= 10;
    ++frac_digits;
  }
  int64_t offset = 0;
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
    } else if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size() && s[i + 3] == ':') {
      int oh, om;
      // RFC 3339 offsets: real ones lie within -12:00..+14:00.
      if (!num(i + 1, 2, oh) || !num(i + 4, 2, om) || oh > 14 || om > 59) return std::nullopt;
      offset = (oh * 3600 + om * 60) * (s[i] == '+' ? 1 : -1);
    } else {
      return std::nullopt;
    }
  }
  int64_t secs = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                 h * 3600 + mi * 60 + se - offset;
  return Timestamp(secs * 1000000 + frac + (round_up ? 1 : 0));
}

std::optional<Timestamp> Timestamp::Parse(std::string_view text) {
  if (text.size() >= 19 && text[4] == '-') return ParseIso8601(text);
  return ParseSeconds(text);
}

std::optional<Timestamp> ParseLogTime(std::string_view text, std::string& error) {
  auto t = Timestamp::Parse(text);
  if (t && t->micros() >= kMinLogTimeMicros && t->micros() < kMaxLogTimeMicros) return t;
  // The text cut short: it may be anything up to a whole line.
  error = "bad ts: " + std::string(text.substr(0, 40)) +
          (t ? " is outside 1970-01-01..2200-01-01" : " is not a time in 1970-01-01..2200-01-01");
  return std::nullopt;
}

std::string Timestamp::ToIso8601(Precision precision) const {
  int64_t secs = micros_ >= 0 ? micros_ / 1000000 : (micros_ - 999999) / 1000000;
  int64_t frac = micros_ - secs * 1000000;
  time_t t = static_cast<time_t>(secs);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        tm.tm_hour, tm.tm_min);
  if (precision != Precision::kMinutes) n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ":%02d", tm.tm_sec);
  if (precision == Precision::kMillis)
    n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%03lld", static_cast<long long>(frac / 1000));
  if (precision == Precision::kMicros)
    n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06lld", static_cast<long long>(frac));
  std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "Z");
  return buf;
}

}  // namespace dragnet
