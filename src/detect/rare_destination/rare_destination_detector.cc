#include "detect/rare_destination/rare_destination_detector.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/service_fleet.h"

namespace dragnet {

double RareDestinationScore(const RareDestinationInput& in, const RareDestinationParams& p) {
  if (in.org_hosts == 0 || in.org_hosts > p.modifiers.rare_hosts || in.distinct_hours < p.min_hours) return 0;
  double rarity = in.org_hosts == 1 ? 1.0 : 0.7;
  double persistence = std::clamp(static_cast<double>(in.distinct_hours - p.min_hours) / (p.full_hours - p.min_hours),
                                  0.0, 1.0);
  double s = 0.2 * rarity + 0.25 * (in.cross_org ? 1 : 0) + 0.3 * persistence + 0.1 * (in.new_destination ? 1 : 0) +
             0.15 * (in.rare_client ? 1 : 0);
  return RoundScore(s);
}

namespace {

uint32_t DistinctHours(const PairSeries& s) {
  uint32_t n = 0, last = UINT32_MAX;
  for (const ConnSample& c : s.samples) {  // sorted by time
    uint32_t h = c.ts / 3600;
    if (h != last) ++n;
    last = h;
  }
  return n;
}

class RareDestinationDetector : public AggregateDetector {
 public:
  explicit RareDestinationDetector(RareDestinationParams p) : p_(p) {
    spec_.name = "rare_destination";
    spec_.summary = "external destinations only one or two hosts of an org use, repeatedly, rare in every org but "
                    "present in several";
    spec_.attack = {"T1071"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true, .connection_details = true};
    spec_.exports = {.addresses = true, .names = true};
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_optional = {"conn", "ssl", "http"};
    spec_.without_logs =
        "Without conn the connections ssl and http records show are judged (by name, and by address when they "
        "name none); without ssl and http, destinations are addresses only.";
    using enum EvidenceType;
    spec_.evidence = {
        {"destination", kString}, {"connections", kNumber}, {"connections_from", kString, false}, {"distinct_hours", kNumber}, {"modifiers", kObject}
    };
  }

  std::vector<Finding> Findings(DetectorState*, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    const PairTable& pairs = ctx.aggregates->pairs();
    ServiceFleet services;
    services.Build(*ctx.aggregates);
    const Prevalence& prevalence = ctx.aggregates->prevalence();
    pairs.ForEachName([&](const NamePairKey& key, const PairSeries& s) {
      // Rare by its name, routine by its domain: the org's fleet software.
      ServiceUse service = ServiceUseOf(p_.modifiers, services, prevalence, key.org, key.name);
      if (service.org_hosts > p_.modifiers.rare_hosts) return;
      Consider(ctx, key.org, key.host, key.name, std::nullopt, s, service, out);
    });
    pairs.ForEachIp([&](const IpPairKey& key, const PairSeries& s) {
      if (s.traits && !s.traits->name.empty() && s.traits->named * 2 >= s.conns) return;  // the name speaks for it
      ServiceUse service =
          s.traits ? ServiceUseOf(p_.modifiers, services, prevalence, key.org, s.traits->name) : ServiceUse{};
      Consider(ctx, key.org, key.host, "", key.dest, s, service, out);
    });
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  void Consider(const AnalysisContext& ctx, uint32_t org, const Ip& host, const std::string& name,
                std::optional<Ip> address, const PairSeries& s, const ServiceUse& service,
                std::vector<Finding>& out) const {
    uint32_t hours = DistinctHours(s);
    if (hours < p_.min_hours) return;
    Modifiers mods = ComputeModifiers(p_.modifiers, ctx, FactsOf(org, name, address, s));
    // Fleet software by its service: a lone host's session to it is routine.
    if (service.software) WeighService(mods, p_.modifiers, service);
    if (!mods.suppressed_by.empty() || mods.popular || mods.fleet_software) return;
    RareDestinationInput in{mods.org_hosts, hours, mods.cross_org, mods.new_destination,
                            mods.rare_ja3 || mods.rare_user_agent};
    // An uncommon time server is the clock's choice, not a habit of the user's.
    bool ntp = address && IsNtpSeries(s, p_.time_sync);
    double score = RoundScore(RareDestinationScore(in, p_) * mods.bulk_download_factor *
                              (ntp ? p_.time_sync.factor : 1.0));
    if (score < p_.min_score) return;
    std::string dest = name.empty() ? address->ToString() : name;
    Finding f = NewFinding(ctx, org, host, "rare_destination", score, {dest}, s.first_us, s.last_us, spec_.attack);
    std::string from = address && FromAppLogs(s) ? ", from " + ConnectionsFrom(s) + ".log only" : "";
    f.summary = fmt::format("{} returned to {} in {} different hours ({} connections{}); {}", host.ToString(), dest,
                            hours, Thousands(s.conns), from, mods.Phrases());
    JsonWriter w;
    w.BeginObject();
    w.Key("destination").String(dest);
    w.Key("connections").Uint(s.conns);
    if (address && FromAppLogs(s)) w.Key("connections_from").String(ConnectionsFrom(s));
    w.Key("distinct_hours").Uint(hours);
    w.Key("modifiers");
    mods.Write(w);
    w.EndObject();
    f.evidence_json = w.Take();
    out.push_back(std::move(f));
  }

  RareDestinationParams p_;
};

}  // namespace

std::vector<ParamBinding> Bindings(RareDestinationParams& p) {
  std::vector<ParamBinding> b = {
      {"min_hours", &p.min_hours, "distinct hours with contact a host needs", NumberRange::AtLeast(1)},
      {"full_hours", &p.full_hours, "distinct hours at which persistence is 1", NumberRange::AtLeast(1), "min_hours"},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"modifiers.rare_hosts", &p.modifiers.rare_hosts, "at most this many hosts of the org", NumberRange::AtLeast(1)},
      {"modifiers.new_min_span_hours", &p.modifiers.new_min_span_hours, "data span before 'new' means anything",
       NumberRange::Positive()},
  };
  for (ParamBinding& s : SoftwareRuleBindings("modifiers.software.", p.modifiers.software)) b.push_back(std::move(s));
  b.push_back({"time_sync.factor", &p.time_sync.factor, "factor for an NTP series", NumberRange::Unit()});
  return b;
}

std::unique_ptr<Detector> NewRareDestinationDetector(RareDestinationParams params) {
  return std::make_unique<RareDestinationDetector>(params);
}

}  // namespace dragnet
