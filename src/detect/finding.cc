#include "detect/finding.h"

#include <tuple>

#include "core/json_writer.h"

namespace dragnet {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kCritical: return "critical";
    case Severity::kHigh: return "high";
    case Severity::kMedium: return "medium";
    case Severity::kLow: return "low";
    default: return "info";
  }
}

std::optional<Severity> SeverityFromName(std::string_view name) {
  for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical})
    if (name == SeverityName(s)) return s;
  return std::nullopt;
}

Severity SeverityFromScore(double score) {
  if (score >= 0.9) return Severity::kCritical;
  if (score >= 0.75) return Severity::kHigh;
  if (score >= 0.5) return Severity::kMedium;
  if (score >= 0.25) return Severity::kLow;
  return Severity::kInfo;
}

std::string Finding::ToJson() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("org").String(org);
  w.Key("host").String(host.ToString());
  w.Key("detector").String(detector);
  w.Key("score").Double(score, 3);
  w.Key("severity").String(SeverityName(severity));
  w.Key("indicators").BeginArray();
  for (const auto& i : indicators) w.String(i);
  w.EndArray();
  w.Key("ts_first").Double(ts_first.seconds(), 6);
  w.Key("ts_last").Double(ts_last.seconds(), 6);
  w.Key("attack").BeginArray();
  for (const auto& a : attack) w.String(a);
  w.EndArray();
  if (!peers.empty()) {
    w.Key("peers").BeginArray();
    for (const auto& p : peers) w.String(p.ToString());
    w.EndArray();
  }
  if (!campaign.empty()) w.Key("campaign").String(campaign);
  w.Key("summary").String(summary);
  w.Key("evidence").Raw(evidence_json.empty() ? "{}" : evidence_json);
  if (verdict) w.Key("verdict").String(SeverityName(*verdict));
  if (!id.empty()) w.Key("id").String(id);
  if (!status.empty()) w.Key("status").String(status);
  w.EndObject();
  return w.Take();
}

bool FindingLess(const Finding& a, const Finding& b) {
  auto first = [](const Finding& f) -> const std::string& {
    static const std::string kEmpty;
    return f.indicators.empty() ? kEmpty : f.indicators.front();
  };
  // The rest of what a finding prints breaks ties: a total order, so findings
  // that detectors emit in hash-map order sort the same whatever the threads.
  return std::forward_as_tuple(a.org, a.host, a.detector, first(a), a.ts_first, a.score, a.ts_last, a.indicators,
                               a.summary, a.evidence_json) <
         std::forward_as_tuple(b.org, b.host, b.detector, first(b), b.ts_first, b.score, b.ts_last, b.indicators,
                               b.summary, b.evidence_json);
}

}  // namespace dragnet
