// The kill chain (issue 5): per organisation, findings on hosts tied together
// (a finding's host and its peers: lateral movement's source and targets,
// staging sources, the encrypted file server) become one incident, and its
// stages -- implant, spread, credential theft, exfiltration, encryption --
// are laid on one timeline with the time each started: the earliest point an
// analyst could have acted. A stage counts only where it is strong on its
// own: on some host, that stage's findings alone make a verdict of at least
// medium (correlate/verdicts.h). Weaker stages still link hosts through their
// peers, and are listed as the incident's "weak_links", never as stages. A
// pure function of the findings. docs/kill-chain.md.
#pragma once

#include <string>
#include <vector>

#include "correlate/finding_sources.h"
#include "correlate/verdicts.h"
#include "detect/finding.h"

namespace dragnet {

// The stage a finding stands for: what its source's spec declares (kNone:
// none of the stages; Stage and StageName are in detect/finding_source.h).
Stage StageOf(const Finding& f, const FindingSources& sources = FindingSources::Registered());

struct KillChainParams {
  double min_stage_score = 0.5;  // findings below neither link hosts nor count as a stage
  uint32_t min_stages = 2;       // an incident needs this many strong stages, one of them past the implant
  VerdictParams verdict;         // how strong a stage is on its own
};

// One "kill_chain" finding per incident, on the host of its earliest strong
// stage; evidence has the strong stages in order, then the weak links. Its
// severity is the verdict of its strong stages' findings fused together.
// `findings` need not be sorted; their stages are what `sources` declares.
std::vector<Finding> BuildKillChains(const std::vector<Finding>& findings, const SpecificDetectors& specific,
                                     const KillChainParams& p = {},
                                     const FindingSources& sources = FindingSources::Registered());

}  // namespace dragnet
