// Detector and finding-source declarations as text: one wording shared by
// `dragnet detectors` and the check of docs/detectors/NAME.md against the
// specs (tests/unit/detector_docs_test.cc).
#pragma once

#include <string>
#include <vector>

#include "detect/detector.h"

namespace dragnet {

// "destinations, connection details"; "none".
std::string CampaignTraitsText(const CampaignTraits& t);
// "addresses, names"; "none".
std::string ExportKindsText(const ExportKinds& k);
// "destination, ja3?, connections": the evidence fields, `?` after those
// only some findings carry.
std::string EvidenceFieldsText(const std::vector<EvidenceField>& fields);
// What a detector needs, with each log type written `quote`d:
//   "needs dns; also reads ssl, http"   (logs_required, then logs_optional)
//   "any of conn, ssl, http"            (no required log)
//   "needs smb_files"
std::string LogsText(const DetectorSpec& spec, const std::string& quote = "");

}  // namespace dragnet
