// DNS-tunnel scoring of one registered domain's query statistics, as pure
// functions so unit tests pin them. docs/detectors/dns_tunnel.md.
#pragma once

#include <cstdint>

namespace dragnet::dns_tunnel {

struct TunnelParams {
  double unique_high = 1000;        // distinct names at which the unique sub-score is 1 (log scale from 1)
  double length_low = 10, length_high = 40;      // mean subdomain length: 0 .. 1
  double entropy_low = 2.5, entropy_high = 4.0;  // mean subdomain entropy (bits/char): 0 .. 1
  double volume_low = 1e3, volume_high = 1e6;    // estimated bytes/day carried: 0 .. 1 (log scale)
  double direct_factor = 0.6;       // names also contacted directly (TLS/HTTP): not resolver-only
};

struct TunnelInput {
  double unique_names = 0;
  uint64_t queries = 0;
  uint64_t subdomain_chars = 0;
  double subdomain_entropy = 0;     // summed over queries
  uint64_t txt_null = 0, cname_mx = 0;  // queries of those kinds
  uint64_t answer_chars = 0;
  double span_seconds = 0;
  uint64_t direct = 0;
};

struct TunnelScore {
  double mean_length = 0, mean_entropy = 0, bytes_per_day = 0, kind_share = 0;
  double unique_score = 0, length_score = 0, entropy_score = 0, volume_score = 0, kind_score = 0;
  bool resolver_only = true;
  double score = 0;
};

// Estimated bytes carried (the information bound of Paxson et al., USENIX
// Security 2013, approximated without compression): distinct names x mean
// subdomain length x mean entropy / 8, plus TXT/NULL answer text; per day
// over the domain's span (at least one hour).
// score = (0.3 unique + 0.2 length + 0.2 entropy + 0.15 volume + 0.15 kind)
//         x (resolver_only ? 1 : direct_factor), to 1/1000.
TunnelScore ScoreTunnel(const TunnelInput& in, const TunnelParams& p = {});

}  // namespace dragnet::dns_tunnel
