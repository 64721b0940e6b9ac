// Host verdicts (issue 14, item 4): per (org, host) the findings are fused
// into one verdict whose severity is a promise, not a detector's score.
// Only independent evidence counts: findings of one host that share an
// indicator value, or come from the same detector, are one piece of evidence
// (a "group"); distinct detectors on distinct indicators are independent.
// Each detector declares whether its findings are "specific" (a signal whose
// own precision is high: an intel match, DCSync, mass encryption) or "weak"
// (behaviour that everyday IT also shows: a beacon, a long connection).
// The rule, with VerdictParams' defaults (docs/findings.md#verdicts):
//   score    = min(max_score, 1 - prod_g (1 - w_g * s_g)), s_g the group's best
//              score, w_g 1 for a specific group and weak_weight for a weak one;
//   severity = critical  a specific signal corroborated by another independent
//                        signal, and score >= critical_score
//              high      a specific signal corroborated, or a specific signal
//                        alone scoring >= solo_specific_high
//              medium    a specific signal alone, or >= 2 independent weak ones
//              low/info  a single weak signal (low from 0.25), whatever its score
//   where a "signal" is a group scoring >= min_evidence.
// Two things from outside the host's own findings weigh too, when a
// VerdictContext gives them. Its campaign (correlate/campaigns.h): a weak
// group whose indicator is one of the values linking the host into a campaign
// of confidence >= min_campaign_confidence becomes specific -- the same rare
// infrastructure in several organisations is the campaign signal -- still one
// piece of evidence (the best group when no indicator matches the links). A
// hostile peer: a host its findings tie it to (a lateral movement's source)
// whose own verdict is high or critical adds one weak piece (however many
// such peers), scored by the highest of their verdicts' scores.
// A pure function of the findings; deterministic.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "detect/finding.h"

namespace dragnet {

// The detectors whose findings are specific (DetectorSpec::specific); every
// other detector and correlation ("pivot") is weak.
using SpecificDetectors = std::set<std::string, std::less<>>;

struct VerdictParams {
  double min_evidence = 0.5;        // [0, 1]: a group scoring below is no signal
  double weak_weight = 0.5;         // (0, 1]: a weak group's weight in the fusion
  double solo_specific_high = 0.9;  // [0, 1]: a specific signal alone reaches high from this score
  double critical_score = 0.9;      // [0, 1]: a corroborated verdict is critical from this fused score
  double max_score = 0.99;          // (0, 1]: the fusion's cap
  double min_campaign_confidence = 0.5;  // [0, 1]: a campaign weaker than this is no evidence
  // A campaign over fewer organisations is no evidence: two orgs sharing a
  // rare VPN or streaming endpoint look like one (catalogue worlds).
  uint32_t min_campaign_orgs = 3;
};

// A host's place in a campaign: the campaign and the values linking it.
struct CampaignTie {
  std::string id;
  double confidence = 0;
  size_t orgs = 0;  // organisations the campaign spans
  std::set<std::string, std::less<>> values;  // linking traits without their kind ("fqdn:x.example" -> "x.example")
};

// What the verdicts may weigh besides a host's own findings.
struct VerdictContext {
  std::map<std::pair<std::string, Ip>, CampaignTie> campaigns;  // (org, host) -> its campaign
  // Hosts judged hostile (verdict >= high) on their own evidence: (org, host) -> verdict score.
  std::map<std::pair<std::string, Ip>, double> hostile;
};

// One independent piece of evidence: the findings of a host tied together by
// a shared indicator or detector.
struct VerdictEvidence {
  std::vector<std::string> detectors;   // sorted
  std::vector<std::string> indicators;  // sorted, distinct
  double score = 0;                     // its best finding's score (best specific one when specific)
  bool specific = false;
  bool signal = false;                  // score >= min_evidence
  bool by_campaign = false;             // weak findings made specific by their campaign (never high alone)
  size_t findings = 0;
  std::string summary;                  // its best finding's summary
};

struct HostVerdict {
  std::string org;
  Ip host;
  double score = 0;
  Severity severity = Severity::kInfo;
  std::vector<VerdictEvidence> evidence;  // strongest first (specific, then score)
  size_t findings = 0;
  // Kill-chain stages of this host too weak on their own to be a stage
  // ("spread: lateral_movement 0.65"), listed when the host has findings in
  // two stages or more: the chain that was not built.
  std::vector<std::string> weak_links;
};

// Fuses one host's findings (kill_chain findings are ignored: they are
// derived from the others). `findings` all have the same org and host.
HostVerdict FuseHost(const std::vector<const Finding*>& findings, const SpecificDetectors& specific,
                     const VerdictParams& p = {}, const VerdictContext& context = {});

// One verdict per (org, host) holding a finding, sorted by org then host.
std::vector<HostVerdict> BuildVerdicts(const std::vector<Finding>& findings, const SpecificDetectors& specific,
                                       const VerdictParams& p = {}, const VerdictContext& context = {});

struct Campaign;
// Each campaign host's tie, for a VerdictContext.
std::map<std::pair<std::string, Ip>, CampaignTie> CampaignTies(const std::vector<Campaign>& campaigns);

// The hosts of `verdicts` judged hostile (high or critical), for a
// VerdictContext.
std::map<std::pair<std::string, Ip>, double> HostileHosts(const std::vector<HostVerdict>& verdicts);

// Sets each finding's severity to the lower of its own score's severity and
// its host's verdict, and its `verdict`. Kill-chain findings keep their
// severity (set from their stages) and get their host's verdict.
void ApplyVerdicts(std::vector<Finding>& findings, const std::vector<HostVerdict>& verdicts);

// Most urgent first: severity, score, then org and host.
std::vector<const HostVerdict*> VerdictsByUrgency(const std::vector<HostVerdict>& verdicts);

// One line per piece of evidence, for reports: "intel (specific) 0.70: summary".
std::string EvidenceLine(const VerdictEvidence& e);

}  // namespace dragnet
