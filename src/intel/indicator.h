// Indicators of compromise: their types, how a raw feed value is recognised as
// one, and the normal form used as the index key (so "HXXP://Evil[.]com/" in a
// feed and "evil.com" in a log meet).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dragnet {

enum class IndicatorType : uint8_t {
  kIp, kCidr, kDomain, kUrl, kMd5, kSha1, kSha256, kJa3, kJa3s, kJa4, kCertSha1, kCertSha256,
  kEmail,
};
constexpr int kIndicatorTypeCount = 13;
const char* IndicatorTypeName(IndicatorType t);  // "ip", "cidr", "domain", ...
std::optional<IndicatorType> IndicatorTypeFromName(std::string_view name);

// Feed-level context of an indicator, shown as evidence.
struct IndicatorMeta {
  std::string_view description;  // family / malware / list description
  std::string_view reference;    // URL or document it came from
  std::string_view stix_id;      // STIX indicator id or MISP event uuid
  int8_t confidence = -1;        // 0..100, -1 when the feed gives none
  // The service port the listing names ("1.2.3.4:8000" in Maltrail), 0 for
  // any: a port-qualified address matches a connection to that responder
  // port only, and a DNS answer (no port known) only weakly.
  uint16_t port = 0;
  // Dates the feed gives, in days since 1970-01-01 UTC, 0 when it gives
  // none: when the listing was last confirmed (STIX modified/valid_from,
  // MISP attribute timestamp) and when it stops being valid (STIX valid_until).
  int32_t last_seen_day = 0, valid_until_day = 0;
};
// Days since 1970-01-01 of a time in microseconds (at least 1, so 0 stays "none").
int32_t DayOf(int64_t micros);

struct Indicator {
  IndicatorType type;
  uint32_t feed;                 // index into IndicatorSet::feeds()
  std::string_view value;        // normal form
  IndicatorMeta meta;
};

// What a raw value from a plain list is, with its normal form. `hint` is a
// type the feed declared (e.g. "ja3" from a file name), or nullopt.
struct Classified {
  IndicatorType type;
  std::string value;
  uint16_t port = 0;  // "1.2.3.4:8000": the address, port 8000; 0 none
};
std::optional<Classified> ClassifyIndicator(std::string_view raw,
                                            std::optional<IndicatorType> hint = std::nullopt);

// Normal forms (also applied to values seen in logs).
std::string NormalizeDomain(std::string_view d);  // lower case, no trailing dot, no "*."
std::string NormalizeUrl(std::string_view url);   // "host[:port]/path?query", lower-case host,
                                                  // no scheme, default port and fragment dropped
std::string NormalizeHex(std::string_view h);     // lower case
bool IsValidDomain(std::string_view d);
// Allocation-free forms for the hot path: return `in` itself when it already
// is in normal form, else write the normal form into `buf` and return it.
std::string_view LowerAscii(std::string_view in, std::string& buf);
std::string_view NormalizeDomainView(std::string_view in, std::string& buf);           // labels of [a-z0-9-_], at least one dot
bool IsHex(std::string_view s);
bool IsJa4(std::string_view s);                   // t13d1516h2_8daaf6152771_e5627efa2ab1

}  // namespace dragnet
