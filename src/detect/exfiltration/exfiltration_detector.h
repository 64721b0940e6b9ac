// The exfiltration detector (issue 5): a host uploading far more than it
// downloads to an external destination few hosts use -- measured against what
// the host uploads elsewhere and what the org's other hosts upload -- and the
// staging before it: large pulls from internal hosts into the uploading host.
// docs/detectors/exfiltration.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/modifiers.h"
#include "detect/parameters.h"

namespace dragnet {

struct ExfiltrationParams {
  uint64_t min_bytes = 200'000'000;  // uploaded to one destination over the run
  double min_ratio = 4;              // uploaded / downloaded on that destination
  double full_bytes = 10e9;          // the volume part reaches its top here (log scale from min_bytes)
  double org_alike_halving = 4;      // other hosts of the org uploading as much halve the score per this many
  uint64_t staging_bytes = 500'000'000;  // pulled from internal hosts before the upload: staging
  double staging_window_s = 86400;   // ... within this long before it
  double staging_bonus = 0.1;
  uint64_t min_internal_pull = 10'000'000;  // connections pulling less are not kept (bounded state)
  double min_score = 0.5;
  // Not enough data: an org whose data spans less than most of a day cannot
  // show its daily routine of uploads (cloud sync, backups, builds), so
  // neither the org's baseline nor the destination's rarity means anything yet. Without staging
  // (evidence of its own), such an upload is reported at most
  // short_baseline_score (low), saying so, instead of guessing.
  double min_baseline_s = 72000;  // 20 h
  double short_baseline_score = 0.45;
  ModifierParams modifiers;
};

// The volume part: 0.5 at min_bytes, rising on a log scale to 0.9 at full_bytes.
double ExfiltrationVolumeScore(uint64_t sent, const ExfiltrationParams& p);

// The score of an upload after the not-enough-data rule: `score` when the
// org's data spans at least min_baseline_s or staging was seen, else at most
// short_baseline_score.
double ExfiltrationBaselineCap(double score, double org_span_s, bool staged, const ExfiltrationParams& p);

std::unique_ptr<Detector> NewExfiltrationDetector(ExfiltrationParams params = {});
std::vector<ParamBinding> Bindings(ExfiltrationParams& p);

}  // namespace dragnet
