// Traits: the infrastructure behind a finding that another finding can share
// -- the destination address and its /24 (/48 for IPv6), the name and its
// registered domain, the TLS client fingerprint and HTTP user agent the host
// used towards it, the server's certificate and its issuer, the URI's masked shape, listed
// hashes, the names a tunnel domain resolved to, the
// ransomware's extension and note name, the incident a kill chain ties it
// to. Campaigns are built by linking hosts through rare traits.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aggregate/aggregates.h"
#include "correlate/finding_sources.h"
#include "detect/finding.h"

namespace dragnet {

enum class TraitKind : uint8_t {
  kIp, kNet, kFqdn, kDomain, kJa3, kUserAgent, kCert, kIssuer, kUriPattern, kHash, kRansomExtension, kRansomNote, kIncident
};
const char* TraitKindName(TraitKind k);

struct Trait {
  TraitKind kind;
  std::string value;  // "203.0.113.52", "198.51.100.0/24", "evil.example", a JA3, ...
  friend bool operator==(const Trait&, const Trait&) = default;
  friend auto operator<=>(const Trait&, const Trait&) = default;
  std::string ToString() const { return std::string(TraitKindName(kind)) + ":" + value; }
  // Values that can be swept as indicators (addresses, names, fingerprints).
  bool Sweepable() const {
    return kind == TraitKind::kIp || kind == TraitKind::kFqdn || kind == TraitKind::kDomain || kind == TraitKind::kJa3 ||
           kind == TraitKind::kCert;
  }
};

// "198.51.100.0/24" for an IPv4 address, the /48 for IPv6.
std::string NetworkOf(const Ip& ip);

// The traits of one finding of org `org` (its index), sorted and distinct:
// those its source's spec says it may contribute (CampaignTraits).
// `aggregates` may be null (traits from the finding alone).
std::vector<Trait> TraitsOf(const Finding& f, uint32_t org, const Aggregates* aggregates,
                            const FindingSources& sources = FindingSources::Registered());

}  // namespace dragnet
