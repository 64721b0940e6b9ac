// Fleet routine: one period to one service from many hosts of an
// organisation is software (a time-sync client, an antivirus or SaaS agent's
// check-in), not an implant -- a single host doing what its peers do is not
// the intruder. Learnt per org from its own series only: the hosts of the
// same org keeping (about) the same period to the same service.
// A service is the destination's registered domain (a name series), its
// address (an address series), or a non-browser user agent. The TLS client
// fingerprint is no service: one TLS library serves every program of an OS.
// docs/detectors/beacon.md ("Fleet routine").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/ip.h"

namespace dragnet::beacon {

struct FleetRoutineParams {
  double period_tolerance = 0.15;  // periods within this ratio of each other are the same schedule
  uint32_t min_hosts = 3;          // hosts (the series' own included) that make a fleet ...
  double share = 0.1;              // ... and at least this share of the org's hosts
  double factor = 0.3;             // score x factor for a series that is fleet routine
};

// The service keys of a series: "domain:<registered domain or name>" for a
// name, "ip:<address>" for an address, "ua:<agent>" for a user agent that
// is not a browser's (browsers' agents begin "Mozilla/"; MDN, User-Agent).
std::vector<std::string> ServiceKeys(const std::string& name, const Ip* address, std::string_view user_agent);

class FleetRoutine {
 public:
  // One periodic series of `host` in `org` (period in seconds, > 0).
  void Add(uint32_t org, const Ip& host, const std::vector<std::string>& services, double period_s);
  // The other hosts of `org` with a series to one of `services` whose period
  // is within the tolerance of `period_s`.
  uint32_t Peers(uint32_t org, const Ip& host, const std::vector<std::string>& services, double period_s,
                 double tolerance) const;

 private:
  // (org, service) -> (period, host), sorted by period on first use.
  std::map<std::pair<uint32_t, std::string>, std::vector<std::pair<double, Ip>>> series_;
};

// True when `hosts` (peers + the series' own host) of an org of `org_size`
// hosts are a fleet under `p`.
bool IsFleet(uint32_t hosts, uint32_t org_size, const FleetRoutineParams& p);

}  // namespace dragnet::beacon
