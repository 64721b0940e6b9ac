// The long_connection detector: a host holding sessions open to one external
// address for hours (reverse shells, tunnels, interactive C2). Duration is
// summed per (org, host, destination IP) over closed connections plus the
// longest still-open one (open_conn logs), then scored on RITA's 1/4/8/12 h
// thresholds, linearly between them, and weighed by the shared modifiers.
// docs/detectors/long_connection.md.
#pragma once

#include <array>
#include <memory>

#include "detect/detector.h"
#include "detect/modifiers.h"
#include "detect/parameters.h"

namespace dragnet {

struct LongConnectionParams {
  // Hours at which the duration score reaches each of `scores` (RITA v5's
  // base/low/medium/high thresholds); interpolated linearly between them.
  std::array<double, 4> hours = {1, 4, 8, 12};
  std::array<double, 4> scores = {0.4, 0.6, 0.8, 1.0};
  double min_score = 0.5;
  ModifierParams modifiers;
};

// The duration score of `seconds` (pure; pinned by unit tests).
double LongConnectionScore(double seconds, const LongConnectionParams& p = {});

std::unique_ptr<Detector> NewLongConnectionDetector(LongConnectionParams params = {});
std::vector<ParamBinding> Bindings(LongConnectionParams& p);

}  // namespace dragnet
