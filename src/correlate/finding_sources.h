// The one registry of what produces findings: every registered detector's
// spec (detect/registry.cc) and the specs of the findings correlation makes
// ("kill_chain", "pivot"). correlate/ and report/ ask it what a finding is
// (its stage, campaign traits, exports, containment) by the finding's
// `detector` field, and never compare that name themselves.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "detect/finding_source.h"

namespace dragnet {

// The names of the findings correlation makes.
inline constexpr std::string_view kKillChainSource = "kill_chain";
inline constexpr std::string_view kPivotSource = "pivot";

class FindingSources {
 public:
  // A registry of exactly these specs (tests build one with a fake source).
  explicit FindingSources(std::vector<FindingSourceSpec> specs);

  // The spec named `name`; for a name no one registered (a findings.jsonl
  // of another version), UnknownSpec().
  const FindingSourceSpec& Of(std::string_view name) const;
  // Every spec, in name order.
  std::vector<const FindingSourceSpec*> All() const;

  // Every registered detector and the correlation sources. Built once,
  // read-only afterwards.
  static const FindingSources& Registered();
  // The findings correlation makes (for `dragnet detectors`).
  static std::vector<FindingSourceSpec> CorrelationSpecs();
  // What an unregistered name is taken for: no stage, its indicators are
  // destinations (with connection details) and exported, the generic advice.
  static const FindingSourceSpec& UnknownSpec();

 private:
  std::map<std::string, FindingSourceSpec, std::less<>> by_name_;
};

// FindingSources::Registered().Of(name).
const FindingSourceSpec& SpecOf(std::string_view name);

}  // namespace dragnet
