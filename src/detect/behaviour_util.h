// Small helpers the behavioural detectors share for writing findings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "core/time_histogram.h"
#include "detect/detector.h"

namespace dragnet {

// "61 s", "4 min", "2.5 h", "3.0 days".
std::string HumanDuration(double seconds);
// "1,310"
std::string Thousands(uint64_t n);
// "412 B", "12.3 KB", "4.1 MB", "2.0 GB"
std::string HumanBytes(double bytes);
// Halves per `halving` hosts above `rare`: 1 for rare destinations.
double PrevalenceFactor(uint64_t hosts, uint64_t rare, double halving);

// A finding's common fields (severity from the score, ATT&CK ids sorted);
// the caller adds summary and evidence.
Finding NewFinding(const AnalysisContext& ctx, uint32_t org, const Ip& host, const std::string& detector, double score,
                   std::vector<std::string> indicators, int64_t first_us, int64_t last_us,
                   std::vector<std::string> attack);

// Evidence of activity over time, drawn by the HTML report:
// {"bin_seconds": 60, "start": <epoch s of the first bin>, "counts": [...]}.
void WriteTimeline(JsonWriter& w, const TimeHistogram& h);

// The base of detectors that analyse the shared aggregates only: no state of
// their own, their spec in `spec_`.
class AggregateDetector : public Detector {
 public:
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return nullptr; }
  bool NeedsAggregates() const override { return true; }

 protected:
  DetectorSpec spec_;
};

}  // namespace dragnet
