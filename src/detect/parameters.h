// Detector parameters as bindings to the fields of a detector's parameter
// struct: one list per detector gives `dragnet detectors` its names, defaults,
// accepted ranges and help, and lets `hunt --param detector.name=value` change
// them -- the documented thresholds and the code that reads them cannot drift
// apart, and no value outside a parameter's range ever reaches a detector.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/number_range.h"
#include "core/status.h"

namespace dragnet {

struct DetectorParameter;

struct ParamBinding {
  std::string name;  // "period.gap_factor"
  std::variant<double*, uint32_t*, int*, size_t*> target;
  std::string help;
  // Accepted values (mandatory: NumberRange has no default). Whole-number
  // ranges for integer fields; the field type's own limits apply on top.
  NumberRange range;
  // When set, another parameter of the same detector this one must exceed
  // (the top of a ramp over its bottom: equal ends would divide by zero).
  std::string above = {};
};

// The bound field's current value as text ("0.5", "4").
std::string ParamValue(const ParamBinding& b);
// The values SetParam accepts: b.range within the limits of the field's type.
NumberRange AcceptedRange(const ParamBinding& b);
// What `dragnet detectors` shows: AcceptedRange(b).Text(), and "and > NAME"
// when b.above is set.
std::string RangeText(const ParamBinding& b);
// Parses `text` (strictly: see ParseNumber) into the bound field when it is in
// AcceptedRange(b); otherwise the field is unchanged and the error names the
// parameter, the value and the range.
Status SetParam(const ParamBinding& b, std::string_view text);
std::vector<DetectorParameter> Describe(const std::vector<ParamBinding>& bindings);

// Applies every `prefix.name=value` override of `overrides` that starts with
// the detector's name; an unknown name under that prefix, a refused value, or
// a result where a parameter is not above its `above` is an error.
Status ApplyOverrides(const std::string& detector, const std::vector<ParamBinding>& bindings,
                      const std::vector<std::pair<std::string, std::string>>& overrides);

}  // namespace dragnet
