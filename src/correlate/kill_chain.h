// The kill chain (issue 5): per organisation, findings on hosts tied together
// (a finding's host and its peers: lateral movement's source and targets,
// staging sources, the encrypted file server) become one incident, and its
// stages -- implant, spread, credential theft, exfiltration, encryption --
// are laid on one timeline with the time each started: the earliest point an
// analyst could have acted. A pure function of the findings.
// docs/kill-chain.md.
#pragma once

#include <string>
#include <vector>

#include "correlate/finding_sources.h"
#include "detect/finding.h"

namespace dragnet {

// The stage a finding stands for: what its source's spec declares (kNone:
// none of the stages; Stage and StageName are in detect/finding_source.h).
Stage StageOf(const Finding& f, const FindingSources& sources = FindingSources::Registered());

struct KillChainParams {
  double min_stage_score = 0.5;  // findings below do not count as a stage
  uint32_t min_stages = 2;       // an incident needs this many stages, one of them past the implant
};

// One "kill_chain" finding per incident, on the host of its earliest stage;
// evidence has the stages in order. `findings` need not be sorted; their
// stages are what `sources` declares for them.
std::vector<Finding> BuildKillChains(const std::vector<Finding>& findings, const KillChainParams& p = {},
                                     const FindingSources& sources = FindingSources::Registered());

}  // namespace dragnet
