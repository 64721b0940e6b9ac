// The failed_c2 detector: an implant whose C2 no longer answers keeps
// knocking -- steady connection attempts from one internal host to one rare
// external address that the responder never answers (Zeek conn_state S0, REJ,
// RSTOS0, SH), spread over the window rather than in one burst. A beacon
// detector sees nothing (no connection is ever made) and intel knows nothing
// (the server is dead or moved). One finding per (org, host, address).
// docs/detectors/failed_c2.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/modifiers.h"
#include "detect/parameters.h"

namespace dragnet {

struct FailedC2Params {
  uint32_t min_attempts = 20;        // unanswered attempts a pair needs
  uint32_t full_attempts = 600;      // ... at which volume is 1 (log scale from min_attempts)
  double min_unanswered_share = 0.9; // of all the pair's connections: it (almost) never completes
  double min_span_seconds = 300;     // first to last attempt: a burst is a retry, not a rhythm
  double min_coverage = 0.5;         // share of the span's ten slices holding an attempt
  double min_score = 0.5;
  // A steady knock: specific evidence for the host verdict (IsSteadyKnock).
  uint32_t steady_attempts = 100;    // unanswered attempts, hundreds at any rate ...
  double steady_coverage = 0.8;      // ... spread over this share of the span's slices ...
  uint32_t steady_org_hosts = 1;     // ... to an address at most this many hosts of the org use
  ModifierParams modifiers;          // rare_hosts, prevalence, cross-org, warninglists, allow-list
};

struct FailedC2Input {
  uint64_t attempts = 0;        // unanswered
  uint64_t connections = 0;     // all, answered or not
  double span_seconds = 0;
  double coverage = 0;          // [0, 1]
  bool usual_web_port = false;  // 80 or 443 only
};
// 0 below any gate; else 0.4 + 0.15 volume + 0.15 coverage + 0.15 unless the
// port is the web's (80/443, where blocked software retries too), volume =
// log(attempts / min_attempts) / log(full_attempts / min_attempts), clamped.
double FailedC2Score(const FailedC2Input& in, const FailedC2Params& p = {});

// Whether a knock is steady enough to be specific on its own: at least
// `steady_attempts` unanswered attempts covering `steady_coverage` of the
// span, on a port other than the web's. The count is what scales with the
// rate: a RAT retrying every 0.7 s shows hundreds of attempts in minutes, one
// retrying every 30 s in an hour. The caller adds the destination's rarity.
bool IsSteadyKnock(const FailedC2Input& in, const FailedC2Params& p = {});

// Share of ten equal slices of [first, last] that hold a sample time; times
// sorted, in seconds. 1 for a steady knock, 0.1-0.2 for one burst.
double SpanCoverage(const std::vector<uint32_t>& times);

std::unique_ptr<Detector> NewFailedC2Detector(FailedC2Params params = {});
std::vector<ParamBinding> Bindings(FailedC2Params& p);

}  // namespace dragnet
