#include "detect/dns_tunnel/dns_tunnel_score.h"

#include <algorithm>
#include <cmath>

#include "detect/finding.h"

namespace dragnet::dns_tunnel {
namespace {

double Ramp(double x, double lo, double hi) { return std::clamp((x - lo) / (hi - lo), 0.0, 1.0); }
double LogRamp(double x, double lo, double hi) {
  if (x <= lo) return 0;
  return std::clamp(std::log10(x / lo) / std::log10(hi / lo), 0.0, 1.0);
}

}  // namespace

TunnelScore ScoreTunnel(const TunnelInput& in, const TunnelParams& p) {
  TunnelScore s;
  if (in.queries == 0) return s;
  double q = static_cast<double>(in.queries);
  s.mean_length = static_cast<double>(in.subdomain_chars) / q;
  s.mean_entropy = in.subdomain_entropy / q;
  double carried = in.unique_names * s.mean_length * s.mean_entropy / 8 + static_cast<double>(in.answer_chars);
  s.bytes_per_day = carried * 86400 / std::max(in.span_seconds, 3600.0);
  s.kind_share = (static_cast<double>(in.txt_null) + 0.5 * static_cast<double>(in.cname_mx)) / q;
  s.unique_score = LogRamp(in.unique_names, 1, p.unique_high);
  s.length_score = Ramp(s.mean_length, p.length_low, p.length_high);
  s.entropy_score = Ramp(s.mean_entropy, p.entropy_low, p.entropy_high);
  s.volume_score = LogRamp(s.bytes_per_day, p.volume_low, p.volume_high);
  s.kind_score = std::min(1.0, s.kind_share);
  s.resolver_only = in.direct == 0;
  double base = 0.3 * s.unique_score + 0.2 * s.length_score + 0.2 * s.entropy_score + 0.15 * s.volume_score +
                0.15 * s.kind_score;
  s.score = RoundScore(base * (s.resolver_only ? 1 : p.direct_factor));
  return s;
}

}  // namespace dragnet::dns_tunnel
