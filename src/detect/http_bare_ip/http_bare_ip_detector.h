// The http_bare_ip detector: a host fetching over HTTP from many distinct
// external addresses without naming any host (no Host header, or an address
// in it) -- how bots pull modules and peer lists from infected machines and
// how proxy-aware malware walks an address list; browsers and updaters name
// the site. Read from http.log alone (the address series' HTTP traits), so it
// works without conn. Weak unless the fan-out is wide; a behaviour several
// hosts of the org share is routine. One finding per (org, host).
// docs/detectors/http_bare_ip.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct HttpBareIpParams {
  uint32_t min_addresses = 20;   // distinct addresses fetched from without a host name
  uint32_t full_addresses = 200; // ... at which the breadth is 1 (log scale from min_addresses)
  double base_score = 0.35;      // at min_addresses
  double breadth_weight = 0.25;  // added at full_addresses
  uint32_t fleet_hosts = 3;      // hosts of an org doing it: routine, quiet
  double min_score = 0.25;
};

// base + breadth_weight x ln(n / min) / ln(full / min), clamped; 0 below min.
double HttpBareIpScore(uint64_t addresses, const HttpBareIpParams& p = {});

std::unique_ptr<Detector> NewHttpBareIpDetector(HttpBareIpParams params = {});
std::vector<ParamBinding> Bindings(HttpBareIpParams& p);

}  // namespace dragnet
