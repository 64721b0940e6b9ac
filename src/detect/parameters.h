// Detector parameters as bindings to the fields of a detector's parameter
// struct: one list per detector gives `dragnet detectors` its names, defaults
// and help, and lets `hunt --param detector.name=value` change them -- the
// documented thresholds and the code that reads them cannot drift apart.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace dragnet {

struct DetectorParameter;

struct ParamBinding {
  std::string name;  // "period.gap_factor"
  std::variant<double*, uint32_t*, int*, size_t*> target;
  std::string help;
};

// The bound field's current value as text ("0.5", "4").
std::string ParamValue(const ParamBinding& b);
// Parses `text` into the bound field; an error names the parameter.
Status SetParam(const ParamBinding& b, std::string_view text);
std::vector<DetectorParameter> Describe(const std::vector<ParamBinding>& bindings);

// Applies every `prefix.name=value` override of `overrides` that starts with
// the detector's name; an unknown name under that prefix is an error.
Status ApplyOverrides(const std::string& detector, const std::vector<ParamBinding>& bindings,
                      const std::vector<std::pair<std::string, std::string>>& overrides);

}  // namespace dragnet
