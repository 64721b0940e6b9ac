// Simulated worlds and their hunts, for the tests of what reads a hunt's
// results (quality gate, exports, reports).
#pragma once

#include <memory>
#include <string>

#include "hunt/hunt.h"
#include "sim/simulate.h"

namespace dragnet::testing {

// `orgs` organisations of 15 hosts over `hours`, half of the others with a
// quiet implant, written to DIR/world.
SimulateOptions SmallWorld(const std::string& dir, int orgs, int hours, uint64_t seed, double jitter = 0.5);

// Hunts every organisation under `root` with `base` (its orgs are
// replaced); null, and a test failure, when the orgs or the hunt fail.
std::unique_ptr<HuntReport> HuntRoot(const std::string& root, HuntOptions base = {});

}  // namespace dragnet::testing
