// Finding: the one output record every detector produces, and the stable
// contract of findings.jsonl (docs/findings.md). One finding per (org, host,
// detector, indicator), with counts, never one per log line.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/ip.h"
#include "core/timestamp.h"

namespace dragnet {

enum class Severity { kInfo = 0, kLow, kMedium, kHigh, kCritical };
const char* SeverityName(Severity s);
std::optional<Severity> SeverityFromName(std::string_view name);
// Thresholds: critical >= 0.9, high >= 0.75, medium >= 0.5, low >= 0.25.
Severity SeverityFromScore(double score);
// Scores and sub-scores are kept to 1/1000 (stable text, exact golden files).
inline double RoundScore(double score) { return std::round(score * 1000) / 1000; }

struct Finding {
  std::string org;
  Ip host;
  std::string detector;
  double score = 0;
  Severity severity = Severity::kInfo;
  std::vector<std::string> indicators;
  Timestamp ts_first;
  Timestamp ts_last;
  std::vector<std::string> attack;  // ATT&CK technique ids, sorted
  // Other hosts of the same org the finding ties this one to (a lateral
  // movement's source or targets, the file server pulled from); sorted. The
  // kill chain links stages through them. Written only when not empty.
  std::vector<Ip> peers;
  // The campaign (correlate/campaigns.h) the host belongs to: "C1"; empty
  // when none. Written only when set.
  std::string campaign;
  std::string summary;
  std::string evidence_json;        // a JSON object, already serialised
  // The detector judged this finding specific on its own, beyond what its
  // spec declares for all its findings (a lateral movement whose source is
  // judged hostile); the host verdict counts it as specific evidence. Not
  // written: the evidence says why.
  bool specific = false;
  // The severity of the host's verdict (correlate/verdicts.h); written last,
  // only when set.
  std::optional<Severity> verdict;
  // With `hunt --state` only (hunt/hunt_state.h): the finding's stable id
  // across hunts and its status there (new, active, suppressed); written
  // after the verdict, only when set.
  std::string id;
  std::string status;

  // One JSON line (no trailing newline), keys in contract order.
  std::string ToJson() const;
};

// A total order: org, host, detector, first indicator, first time, then the
// rest of what the finding prints (ties broken, so the order is the same
// whatever order detectors emitted them in).
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace dragnet
