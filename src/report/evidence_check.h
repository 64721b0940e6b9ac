// A finding's evidence against the fields its source declares
// (FindingSourceSpec::evidence): the contract that lets the report, the
// exports and later stages read evidence as a typed object.
#pragma once

#include <string_view>

#include "core/status.h"
#include "detect/finding_source.h"

namespace dragnet {

// OK when `evidence_json` is a JSON object holding only fields `source`
// declares, each of its declared type, and every field declared `always`;
// otherwise the error names the source and the first field that differs.
Status CheckEvidence(const FindingSourceSpec& source, std::string_view evidence_json);

}  // namespace dragnet
