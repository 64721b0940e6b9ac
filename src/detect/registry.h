// The one place detectors are registered: an explicit list, in the order they
// run and report. Adding a detector = its folder under src/detect/ + one line
// in registry.cc.
#pragma once

#include <memory>
#include <vector>

#include "detect/detector.h"
#include "intel/indicator_set.h"
#include "intel/warninglist.h"

namespace dragnet {

// What detectors may be built from: loaded once, shared read-only.
struct DetectorInputs {
  const IndicatorSet& intel;
  const Warninglists& warninglists;
};

std::vector<std::unique_ptr<Detector>> BuildDetectors(const DetectorInputs& inputs);
// Specs of every registered detector (for `dragnet detectors`).
std::vector<DetectorSpec> DetectorSpecs();

}  // namespace dragnet
