// The Public Suffix List (libpsl, data from Debian's publicsuffix package):
// which part of a name a registrant controls. "a.b.example.co.uk" is
// registered as "example.co.uk"; "co.uk" itself is a public suffix and never a
// meaningful indicator.
#pragma once

#include <string_view>

namespace dragnet {

// Thread-safe after first use (libpsl's context is read-only).
bool IsPublicSuffix(std::string_view domain);
// The registrable domain of `domain` (a view into it), or the whole name when
// it has none (a bare suffix or an unknown TLD with one label).
std::string_view RegisteredDomain(std::string_view domain);
// Whether the name ends in a top-level domain the Public Suffix List knows
// (com, uk, xn--p1ai...). Names under .local, .lan, .localdomain, .corp are
// private: they never leave the network, so no tunnel or DGA lives there.
bool HasPublicTld(std::string_view domain);

}  // namespace dragnet
