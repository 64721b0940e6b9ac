// The one place detectors are registered: an explicit list, in the order they
// run and report. Adding a detector = its folder under src/detect/, its
// include and one line of the list in registry.cc (two lines).
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/detector.h"
#include "intel/indicator_set.h"
#include "intel/warninglist.h"

namespace dragnet {

// What detectors may be built from: loaded once, shared read-only.
struct DetectorInputs {
  const IndicatorSet& intel;
  const Warninglists& warninglists;
  // When set, the reporting threshold of every behavioural detector (their
  // `min_score`): lower it to triage what scored just below.
  std::optional<double> min_score;
  // `detector.parameter` = value overrides (`hunt --param`), applied after min_score.
  std::vector<std::pair<std::string, std::string>> params;
  // The never-flag set (intel/never_flag.h): suppresses intel matches only.
  const Warninglists* never_flag = nullptr;
};

// Every registered detector; an error for an unknown parameter or a value that
// is not a number in the parameter's range (the message names both).
Result<std::vector<std::unique_ptr<Detector>>> BuildDetectors(const DetectorInputs& inputs);
// Specs of every registered detector, in registry order (for `dragnet
// detectors` and correlate/finding_sources.h).
std::vector<DetectorSpec> DetectorSpecs();
// The registered names, in registry order (each is its detector's spec().name).
std::vector<std::string_view> RegisteredDetectorNames();

}  // namespace dragnet
