#include "cli/detectors_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "correlate/finding_sources.h"
#include "detect/registry.h"
#include "detect/spec_text.h"

namespace dragnet {
namespace {

// What the later stages do with the source's findings, and their evidence.
void PrintUse(const FindingSourceSpec& s) {
  fmt::print("  stage: {}; campaign traits: {}; exports: {}\n", StageName(s.stage), CampaignTraitsText(s.traits),
             ExportKindsText(s.exports));
  fmt::print("  evidence: {}\n", EvidenceFieldsText(s.evidence));
}

}  // namespace

void PrintDetectors() {
  for (const DetectorSpec& spec : DetectorSpecs()) {
    fmt::print("{}: {}\n  ATT&CK: {}\n", spec.name, spec.summary, fmt::join(spec.attack, ", "));
    PrintUse(spec);
    fmt::print("  logs: {}. {}\n", LogsText(spec), spec.without_logs);
    fmt::print("  evidence strength: {} (docs/findings.md, \"Host verdicts\")\n", spec.specific ? "specific" : "weak");
    fmt::print("  containment: {}\n", spec.containment);
    for (const auto& p : spec.parameters)
      fmt::print("  {} = {}  range {}  ({})\n", p.name, p.default_value, p.range, p.help);
  }
  fmt::print("\nfindings made by correlation, after the detectors:\n");
  for (const FindingSourceSpec& spec : FindingSources::CorrelationSpecs()) {
    fmt::print("{}: {}\n", spec.name, spec.summary);
    PrintUse(spec);
    fmt::print("  containment: {}\n", spec.containment);
  }
}

}  // namespace dragnet
