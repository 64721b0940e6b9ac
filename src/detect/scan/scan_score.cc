#include <algorithm>
#include <cmath>

#include "detect/finding.h"
#include "detect/scan/scan_detector.h"

namespace dragnet {

bool IsFailedProbe(std::string_view state, std::optional<uint64_t> orig_bytes, std::optional<uint64_t> resp_bytes) {
  if (state == "S0" || state == "REJ" || state == "RSTOS0" || state == "RSTRH" || state == "SH" || state == "SHR")
    return true;
  bool empty = orig_bytes.value_or(0) == 0 && resp_bytes.value_or(0) == 0;
  return empty && (state == "SF" || state == "RSTO" || state == "RSTR" || state == "S1");
}

int EnumerationKind(std::string_view endpoint, std::string_view op) {
  if (endpoint == "samr")
    return op.starts_with("SamrEnumerate") || op.starts_with("SamrQueryDisplayInformation") ||
                   op.starts_with("SamrGetMembersIn") || op == "SamrGetAliasMembership" ||
                   op == "SamrGetGroupsForUser" || op == "SamrLookupIdsInDomain"
               ? 1
               : 0;
  if (endpoint == "lsarpc")
    return op.starts_with("LsarLookupSids") || op.starts_with("LsarEnumerate") ? 2 : 0;
  if (endpoint == "drsuapi") return op == "DRSCrackNames" ? 3 : 0;
  if (endpoint == "srvsvc") return op == "NetrSessionEnum" || op == "NetrShareEnum" ? 4 : 0;
  if (endpoint == "wkssvc") return op == "NetrWkstaUserEnum" ? 4 : 0;
  return 0;
}

const char* ScanDirectionName(ScanDirection d) {
  switch (d) {
    case ScanDirection::kInbound: return "inbound";
    case ScanDirection::kInternal: return "internal";
    default: return "outbound";
  }
}

namespace {

// `base` at the threshold, +0.15 a decade past it, +0.3 at most.
double Part(double ratio, double base) {
  if (ratio < 1) return 0;
  return base + std::min(0.3, 0.15 * std::log10(ratio));
}

}  // namespace

double ScanScore(double hosts_ratio, double ports_ratio, double enum_ratio, ScanDirection direction) {
  // A sweep of the org's own hosts is what inventory tools and vulnerability
  // scanners do every day: weak alone. An inside host probing the Internet is
  // a worm, a bot or unsanctioned tooling; Internet background scanning hits
  // every exposed address all day. Directory enumeration in bulk is rare.
  double base = direction == ScanDirection::kOutbound ? 0.5 : direction == ScanDirection::kInternal ? 0.3 : 0.25;
  double parts[] = {Part(hosts_ratio, base), Part(ports_ratio, base), Part(enum_ratio, 0.5)};
  double best = *std::max_element(std::begin(parts), std::end(parts));
  if (best == 0) return 0;
  int present = static_cast<int>(std::count_if(std::begin(parts), std::end(parts), [](double x) { return x > 0; }));
  return RoundScore(std::clamp(best + 0.1 * (present - 1), 0.0, 1.0));
}

}  // namespace dragnet
