#include "detect/long_connection/long_connection_detector.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/service_fleet.h"

namespace dragnet {

double LongConnectionScore(double seconds, const LongConnectionParams& p) {
  double h = seconds / 3600;
  if (h < p.hours[0]) return 0;
  for (size_t i = 1; i < p.hours.size(); ++i)
    if (h < p.hours[i])
      return std::round((p.scores[i - 1] + (p.scores[i] - p.scores[i - 1]) * (h - p.hours[i - 1]) /
                                               (p.hours[i] - p.hours[i - 1])) *
                        1000) /
             1000;
  return p.scores.back();
}

namespace {

class LongConnectionDetector : public AggregateDetector {
 public:
  explicit LongConnectionDetector(LongConnectionParams p) : p_(p) {
    spec_.name = "long_connection";
    spec_.summary = "hosts holding connections to one external address open for hours (tunnels, shells)";
    spec_.attack = {"T1071", "T1572"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true, .connection_details = true};
    spec_.exports = {.addresses = true};
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_required = {"conn"};
    spec_.logs_optional = {"open_conn", "ssl", "http"};
    spec_.without_logs =
        "Without conn it finds nothing (durations are conn's; open_conn adds sessions not closed yet); ssl and http "
        "only name the destination.";
    using enum EvidenceType;
    spec_.evidence = {
        {"destination", kString}, {"name", kString, false}, {"total_seconds", kNumber}, {"closed_seconds", kNumber},
        {"open_seconds", kNumber}, {"connections", kNumber}, {"open_connections", kNumber}, {"orig_bytes", kNumber},
        {"resp_bytes", kNumber}, {"duration_score", kNumber}, {"modifiers", kObject}
    };
  }

  std::vector<Finding> Findings(DetectorState*, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    ServiceFleet services;
    services.Build(*ctx.aggregates);
    ctx.aggregates->pairs().ForEachIp([&](const IpPairKey& key, const PairSeries& s) {
      double seconds = s.closed_seconds() + s.open_duration;
      double base = LongConnectionScore(seconds, p_);
      if (base < p_.min_score) return;  // modifiers only lower or add a little
      Modifiers mods = ComputeModifiers(p_.modifiers, ctx, FactsOf(key.org, "", key.dest, s));
      if (s.traits && !s.traits->name.empty()) {  // the service behind the address's name
        WeighService(mods, p_.modifiers,
                     ServiceUseOf(p_.modifiers, services, ctx.aggregates->prevalence(), key.org, s.traits->name));
      }
      double score = mods.Apply(base);
      if (score < p_.min_score) return;
      out.push_back(MakeFinding(ctx, key, s, seconds, base, score, mods));
    });
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  Finding MakeFinding(const AnalysisContext& ctx, const IpPairKey& key, const PairSeries& s, double seconds,
                      double base, double score, const Modifiers& mods) const {
    Finding f = NewFinding(ctx, key.org, key.host, "long_connection", score, {key.dest.ToString()}, s.first_us,
                           s.last_us, spec_.attack);
    std::string name = s.traits && !s.traits->name.empty() ? " (" + s.traits->name + ")" : "";
    std::string phrases = mods.Phrases();
    f.summary = fmt::format("{} held connections to {}{} open for {} in total over {} connections{}{}{}",
                            key.host.ToString(), key.dest.ToString(), name, HumanDuration(seconds),
                            Thousands(s.conns), s.open_conns ? fmt::format(", {} still open", s.open_conns) : "",
                            fmt::format(", {} received / {} sent", HumanBytes(static_cast<double>(s.resp_bytes)),
                                        HumanBytes(static_cast<double>(s.orig_bytes))),
                            phrases.empty() ? "" : " (" + phrases + ")");
    JsonWriter w;
    w.BeginObject();
    w.Key("destination").String(key.dest.ToString());
    if (!name.empty()) w.Key("name").String(s.traits->name);
    w.Key("total_seconds").Double(seconds, 1);
    w.Key("closed_seconds").Double(s.closed_seconds(), 1);
    w.Key("open_seconds").Double(s.open_duration, 1);
    w.Key("connections").Uint(s.conns);
    w.Key("open_connections").Uint(s.open_conns);
    w.Key("orig_bytes").Uint(s.orig_bytes);
    w.Key("resp_bytes").Uint(s.resp_bytes);
    w.Key("duration_score").Double(base, 3);
    w.Key("modifiers");
    mods.Write(w);
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  LongConnectionParams p_;
};

}  // namespace

std::vector<ParamBinding> Bindings(LongConnectionParams& p) {
  std::vector<ParamBinding> b = {
      {"hours.base", &p.hours[0], "summed hours of RITA's base step", NumberRange::Positive()},
      {"hours.low", &p.hours[1], "summed hours of RITA's low step", NumberRange::Positive(), "hours.base"},
      {"hours.medium", &p.hours[2], "summed hours of RITA's medium step", NumberRange::Positive(), "hours.low"},
      {"hours.high", &p.hours[3], "summed hours of RITA's high step", NumberRange::Positive(), "hours.medium"},
      {"scores.base", &p.scores[0], "duration score at the base step", NumberRange::Unit()},
      {"scores.low", &p.scores[1], "duration score at the low step", NumberRange::Unit()},
      {"scores.medium", &p.scores[2], "duration score at the medium step", NumberRange::Unit()},
      {"scores.high", &p.scores[3], "duration score at the high step", NumberRange::Unit()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"modifiers.rare_hosts", &p.modifiers.rare_hosts, "hosts of an org that keep a destination rare",
       NumberRange::AtLeast(1)},
      {"modifiers.bulk_download_factor", &p.modifiers.bulk_download_factor, "factor for streaming/VPN-like downloads",
       NumberRange::Unit()},
      {"modifiers.fleet_min_orgs", &p.modifiers.fleet_min_orgs, "orgs whose fleets make a destination software",
       NumberRange::AtLeast(1)},
      {"modifiers.fleet_software_factor", &p.modifiers.fleet_software_factor, "factor for fleet software",
       NumberRange::Unit()},
  };
  for (ParamBinding& s : SoftwareRuleBindings("modifiers.software.", p.modifiers.software)) b.push_back(std::move(s));
  return b;
}

std::unique_ptr<Detector> NewLongConnectionDetector(LongConnectionParams params) {
  return std::make_unique<LongConnectionDetector>(params);
}

}  // namespace dragnet
