#include "correlate/finding_sources.h"

#include "detect/registry.h"

namespace dragnet {

FindingSources::FindingSources(std::vector<FindingSourceSpec> specs) {
  for (FindingSourceSpec& s : specs) {
    std::string name = s.name;
    by_name_.insert_or_assign(std::move(name), std::move(s));
  }
}

const FindingSourceSpec& FindingSources::Of(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? UnknownSpec() : it->second;
}

std::vector<const FindingSourceSpec*> FindingSources::All() const {
  std::vector<const FindingSourceSpec*> out;
  for (const auto& [name, spec] : by_name_) out.push_back(&spec);
  return out;
}

std::vector<FindingSourceSpec> FindingSources::CorrelationSpecs() {
  FindingSourceSpec kill_chain;
  kill_chain.name = std::string(kKillChainSource);
  kill_chain.summary = "an incident: findings of two or more stages on hosts tied together, on one timeline";
  kill_chain.traits.incident = true;
  kill_chain.tells_incident = true;
  kill_chain.containment = "Treat every host of the incident as compromised; act from the earliest stage listed.";
  kill_chain.evidence = {{"stages", EvidenceType::kArray},
                         {"hosts", EvidenceType::kArray},
                         {"earliest_action", EvidenceType::kNumber},
                         {"weak_links", EvidenceType::kArray, false}};

  FindingSourceSpec pivot;
  pivot.name = std::string(kPivotSource);
  pivot.summary = "a host that used infrastructure a campaign found in other findings (swept across every org)";
  pivot.traits.destinations = true;  // evidence about that value only: no connection details
  pivot.exports = ExportKinds::All();
  pivot.hint = EvidenceHint::kTrait;
  pivot.containment = "Block the indicator; isolate and image the host; hunt for the same indicator elsewhere.";
  pivot.evidence = {{"trait", EvidenceType::kString}, {"round", EvidenceType::kNumber}};
  return {kill_chain, pivot};
}

const FindingSources& FindingSources::Registered() {
  static const FindingSources* const registered = [] {
    std::vector<FindingSourceSpec> specs;
    for (DetectorSpec& d : DetectorSpecs()) specs.push_back(std::move(static_cast<FindingSourceSpec&>(d)));
    for (FindingSourceSpec& c : CorrelationSpecs()) specs.push_back(std::move(c));
    return new FindingSources(std::move(specs));
  }();
  return *registered;
}

const FindingSourceSpec& FindingSources::UnknownSpec() {
  static const FindingSourceSpec* const unknown = [] {
    auto* s = new FindingSourceSpec;
    s->traits.destinations = true;
    s->traits.connection_details = true;
    s->exports = ExportKinds::All();
    s->containment = std::string(kContainHostAndDestination);
    return s;
  }();
  return *unknown;
}

const FindingSourceSpec& SpecOf(std::string_view name) { return FindingSources::Registered().Of(name); }

}  // namespace dragnet
