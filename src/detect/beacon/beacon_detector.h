// The beacon detector: implants that call home on a schedule. Scores each
// (org, host, destination FQDN) series from TLS SNI / HTTP Host -- merged
// across the name's addresses -- and each (org, host, destination IP) series
// no name covers, with RITA v5's sub-scores and Dragnet's period estimate
// (beacon_score.h), then the shared modifiers (detect/modifiers.h).
// docs/detectors/beacon.md.
#pragma once

#include <memory>

#include "detect/beacon/beacon_score.h"
#include "detect/beacon/fleet_routine.h"
#include "detect/time_sync.h"
#include "detect/detector.h"
#include "detect/modifiers.h"
#include "detect/parameters.h"

namespace dragnet {

struct BeaconParams {
  uint32_t min_connections = 4;    // fewer connections are not a series
  beacon::SpanRule span;           // how long a series must run, scaled by its period (beacon_score.h)
  double min_period_s = 1;         // shorter periods are bursts (page loads, retries)
  double min_score = 0.5;          // findings below are not reported
  double named_share = 0.5;        // an IP series whose connections carry a name this often is left to the name
  double max_session_share = 0.5;  // median duration above this share of the period: a session, not beacons
  beacon::HistogramParams histogram;
  beacon::DurationParams duration;
  beacon::PeriodParams period;
  beacon::InteractiveParams interactive;
  beacon::FleetRoutineParams fleet;
  TimeSyncParams time_sync;
  ModifierParams modifiers;
};

std::unique_ptr<Detector> NewBeaconDetector(BeaconParams params = {});
// The tunable fields of `p` (names, help) for `dragnet detectors` and --param.
std::vector<ParamBinding> Bindings(BeaconParams& p);

}  // namespace dragnet
