// The rare_destination detector: an external destination only one or two
// hosts of an org ever talk to, again and again, that is rare everywhere yet
// present in several orgs -- how quiet implants of one campaign look from
// above, even when they do not beacon on any schedule. One finding per
// (org, host, destination). docs/detectors/rare_destination.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/modifiers.h"
#include "detect/parameters.h"
#include "detect/time_sync.h"

namespace dragnet {

struct RareDestinationParams {
  uint32_t min_hours = 4;        // distinct hours with contact: fewer is a visit, not a habit
  uint32_t full_hours = 10;      // ... at which persistence is 1
  double min_score = 0.5;
  ModifierParams modifiers;      // rare_hosts, cross-org share, new, rare client
  TimeSyncParams time_sync;      // an NTP series: score x time_sync.factor (detect/time_sync.h)
};

struct RareDestinationInput {
  uint32_t org_hosts = 1;
  uint32_t distinct_hours = 0;
  bool cross_org = false, new_destination = false, rare_client = false;
};
// 0.2 rarity (1 for one host, 0.7 for two) + 0.25 cross-org + 0.3 persistence
// ((distinct hours - min_hours) / (full_hours - min_hours), clamped) + 0.1 new
// + 0.15 rare JA3 or user agent; 0 with fewer than min_hours or more than
// rare_hosts hosts.
double RareDestinationScore(const RareDestinationInput& in, const RareDestinationParams& p = {});

std::unique_ptr<Detector> NewRareDestinationDetector(RareDestinationParams params = {});
std::vector<ParamBinding> Bindings(RareDestinationParams& p);

}  // namespace dragnet
