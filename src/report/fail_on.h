// `hunt --fail-on SEVERITY`: whether the run's findings trip it, and the
// message that says which one did.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "detect/finding.h"

namespace dragnet {

// Empty when no finding is at or above `threshold`; otherwise one line for
// stderr naming how many are, and the first of them in findings.jsonl order
// (its line there, severity, detector, org, host and summary). Suppressed
// findings (`hunt --state` after `triage --as false|benign`) never trip it.
std::optional<std::string> FailOnMessage(const std::vector<Finding>& findings, Severity threshold);

}  // namespace dragnet
