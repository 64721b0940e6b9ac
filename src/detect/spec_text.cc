#include "detect/spec_text.h"

#include <vector>

namespace dragnet {
namespace {

std::string Join(const std::vector<std::string>& items, const std::string& quote = "") {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + quote + i + quote;
  return out.empty() ? "none" : out;
}

}  // namespace

std::string CampaignTraitsText(const CampaignTraits& t) {
  std::vector<std::string> parts;
  if (t.destinations) parts.emplace_back("destinations");
  if (t.connection_details) parts.emplace_back("connection details");
  if (t.ransom_artifacts) parts.emplace_back("ransom artifacts");
  if (t.incident) parts.emplace_back("incident");
  return Join(parts);
}

std::string ExportKindsText(const ExportKinds& k) {
  std::vector<std::string> parts;
  if (k.addresses) parts.emplace_back("addresses");
  if (k.names) parts.emplace_back("names");
  if (k.hashes) parts.emplace_back("hashes");
  if (k.fingerprints) parts.emplace_back("fingerprints");
  return Join(parts);
}

std::string EvidenceFieldsText(const std::vector<EvidenceField>& fields) {
  std::vector<std::string> parts;
  for (const EvidenceField& f : fields) parts.push_back(f.name + (f.always ? "" : "?"));
  return Join(parts);
}

std::string LogsText(const DetectorSpec& spec, const std::string& quote) {
  if (spec.logs_required.empty()) return "any of " + Join(spec.logs_optional, quote);
  std::string out = "needs " + Join(spec.logs_required, quote);
  if (!spec.logs_optional.empty()) out += "; also reads " + Join(spec.logs_optional, quote);
  return out;
}

}  // namespace dragnet
