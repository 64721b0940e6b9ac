#include "report/evidence_check.h"

#include <simdjson.h>

#include <algorithm>
#include <set>
#include <string>

namespace dragnet {
namespace {

bool HasType(simdjson::dom::element v, EvidenceType t) {
  switch (t) {
    case EvidenceType::kString: return v.is_string();
    case EvidenceType::kNumber: return v.is_number();
    case EvidenceType::kBool: return v.is_bool();
    case EvidenceType::kArray: return v.is_array();
    case EvidenceType::kObject: return v.is_object();
  }
  return false;
}

}  // namespace

Status CheckEvidence(const FindingSourceSpec& source, std::string_view evidence_json) {
  const std::string who = source.name.empty() ? "an unregistered source" : source.name;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object fields;
  if (parser.parse(evidence_json.data(), evidence_json.size()).get(doc) || doc.get(fields))
    return Status::Error(who + ": evidence is not a JSON object");
  std::set<std::string> seen;
  for (auto field : fields) {
    std::string_view key = field.key;  // named, not bound: a lambda may not capture a structured binding (clang 14)
    simdjson::dom::element value = field.value;
    auto declared = std::find_if(source.evidence.begin(), source.evidence.end(),
                                 [&](const EvidenceField& f) { return f.name == key; });
    if (declared == source.evidence.end())
      return Status::Error(who + ": evidence field '" + std::string(key) + "' is not declared in its spec");
    if (!HasType(value, declared->type))
      return Status::Error(who + ": evidence field '" + std::string(key) + "' is not a " +
                           EvidenceTypeName(declared->type));
    seen.emplace(key);
  }
  for (const EvidenceField& f : source.evidence)
    if (f.always && !seen.count(f.name))
      return Status::Error(who + ": evidence lacks its field '" + f.name + "'");
  return Status::Ok();
}

}  // namespace dragnet
