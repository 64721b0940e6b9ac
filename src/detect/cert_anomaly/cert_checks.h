// The certificate checks of cert_anomaly as pure functions of what ssl.log
// and x509.log say, each pinned by unit tests (tests/unit/cert_anomaly_test.cc).
// docs/detectors/cert_anomaly.md gives them in words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dragnet::cert {

// The common name of a distinguished name as Zeek writes it
// ("CN=www.google.com,O=Google Inc,C=US" -> "www.google.com"); empty when
// it has none. Escaped commas ("\,") stay inside the value.
std::string SubjectCn(std::string_view dn);

// Whether certificate name `pattern` (lower-case or not; "*.example.com"
// covers exactly one label) covers host name `name` (RFC 6125 section 6.4.3,
// wildcard in the left-most label only).
bool NameCovers(std::string_view pattern, std::string_view name);

// Whether a server asked for `sni` can own a certificate naming `cn` and
// `sans`. True when nothing can be compared (no SNI, an address as SNI, no
// names). With SANs (x509.log) one of them, or the CN, must cover the SNI.
// With the common name alone (an ssl.log without SANs) only a CN that is no
// public host name ("whatever", "localhost", an address) is refused: public
// certificates name most of their services in SANs alone.
bool ServerCanOwn(std::string_view sni, std::string_view cn, const std::vector<std::string>& sans);

// SSLv2, SSLv3, TLS 1.0 and TLS 1.1 (RFC 8996 deprecates both TLS versions),
// in Zeek's spelling ("TLSv10") or the plain one ("TLS 1.0").
bool IsOldTls(std::string_view version);

// Self-signed: Zeek's validation_status says "self signed certificate" (the
// leaf itself; "... in certificate chain" is an untrusted root, not this), or
// the subject and issuer are the same non-empty name.
bool IsSelfSigned(std::string_view subject, std::string_view issuer, std::string_view validation_status);

// Expired at the time of use: validation_status "certificate has expired",
// or the x509 not_valid_after (epoch microseconds, 0 unknown) before `ts_us`.
bool IsExpired(std::string_view validation_status, int64_t not_after_us, int64_t ts_us);

}  // namespace dragnet::cert
