#include "detect/failed_c2/failed_c2_detector.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"

namespace dragnet {

double FailedC2Score(const FailedC2Input& in, const FailedC2Params& p) {
  if (in.attempts < p.min_attempts || in.connections == 0) return 0;
  if (static_cast<double>(in.attempts) < p.min_unanswered_share * static_cast<double>(in.connections)) return 0;
  if (in.span_seconds < p.min_span_seconds || in.coverage < p.min_coverage) return 0;
  double range = std::log(static_cast<double>(std::max(p.full_attempts, p.min_attempts + 1)) / p.min_attempts);
  double volume = std::clamp(std::log(static_cast<double>(in.attempts) / p.min_attempts) / range, 0.0, 1.0);
  return RoundScore(0.4 + 0.15 * volume + 0.15 * in.coverage + (in.usual_web_port ? 0 : 0.15));
}

bool IsSteadyKnock(const FailedC2Input& in, const FailedC2Params& p) {
  return FailedC2Score(in, p) > 0 && !in.usual_web_port && in.attempts >= p.steady_attempts &&
         in.coverage >= p.steady_coverage;
}

double SpanCoverage(const std::vector<uint32_t>& times) {
  if (times.size() < 2 || times.back() == times.front()) return times.empty() ? 0 : 0.1;
  double first = times.front(), width = (static_cast<double>(times.back()) - first) / 10;
  bool slice[10] = {};
  for (uint32_t t : times) slice[std::min(9, static_cast<int>((t - first) / width))] = true;
  return static_cast<double>(std::count(std::begin(slice), std::end(slice), true)) / 10;
}

namespace {

uint32_t MedianGap(const std::vector<uint32_t>& times) {
  std::vector<uint32_t> gaps;
  for (size_t i = 1; i < times.size(); ++i) gaps.push_back(times[i] - times[i - 1]);
  if (gaps.empty()) return 0;
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return gaps[gaps.size() / 2];
}

class FailedC2Detector : public AggregateDetector {
 public:
  explicit FailedC2Detector(FailedC2Params p) : p_(p) {
    spec_.name = "failed_c2";
    spec_.summary = "steady connection attempts to one rare external address that never answers (a dead or "
                    "moved C2 server)";
    spec_.attack = {"T1071", "T1571"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true, .connection_details = true};
    spec_.exports = {.addresses = true};
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_required = {"conn"};
    spec_.without_logs = "Without conn it finds nothing: unanswered attempts are seen only there.";
    using enum EvidenceType;
    spec_.evidence = {{"destination", kString},  {"port", kNumber},     {"unanswered", kNumber},
                      {"connections", kNumber},  {"span_seconds", kNumber}, {"median_gap_seconds", kNumber},
                      {"coverage", kNumber},     {"modifiers", kObject},
                      {"steady", kBool, false}};
  }

  std::vector<Finding> Findings(DetectorState*, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    ctx.aggregates->pairs().ForEachIp([&](const IpPairKey& key, const PairSeries& s) {
      // One port: knocking on many ports of one address is a vertical scan (detector `scan`).
      if (s.unanswered >= p_.min_attempts && !s.unanswered_ports_vary) Consider(ctx, key, s, out);
    });
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  void Consider(const AnalysisContext& ctx, const IpPairKey& key, const PairSeries& s,
                std::vector<Finding>& out) const {
    std::vector<uint32_t> times;
    times.reserve(s.samples.size());
    for (const ConnSample& c : s.samples) times.push_back(c.ts);  // sorted by time
    FailedC2Input in{s.unanswered, s.conns, static_cast<double>(s.last_us - s.first_us) / 1e6, SpanCoverage(times),
                     (s.unanswered_port == 80 || s.unanswered_port == 443)};
    double base = FailedC2Score(in, p_);
    if (base <= 0) return;
    Modifiers mods = ComputeModifiers(p_.modifiers, ctx, FactsOf(key.org, "", key.dest, s));
    double score = mods.Apply(base);
    if (score < p_.min_score || mods.popular) return;
    std::string dest = key.dest.ToString();
    std::vector<std::string> attack = {in.usual_web_port ? "T1071" : "T1571"};
    Finding f = NewFinding(ctx, key.org, key.host, "failed_c2", score, {dest}, s.first_us, s.last_us, attack);
    // Hundreds of steady unanswered attempts on an unusual port to an address
    // no peer uses: a RAT whose server is gone, specific on its own.
    bool steady = IsSteadyKnock(in, p_) && mods.org_hosts <= p_.steady_org_hosts && !mods.fleet_software &&
                  mods.suppressed_by.empty();
    f.specific = steady;
    uint32_t gap = MedianGap(times);
    f.summary = fmt::format("{} tried {} port {} {} times over {} (every ~{}), never answered{}{}{}",
                            key.host.ToString(), dest, s.unanswered_port, Thousands(s.unanswered), HumanDuration(in.span_seconds),
                            HumanDuration(gap), s.conns > s.unanswered ? fmt::format(" ({} of {} answered)",
                                Thousands(s.conns - s.unanswered), Thousands(s.conns)) : std::string(),
                            mods.Phrases().empty() ? "" : "; " + mods.Phrases(),
                            steady ? "; a steady knock no other host here makes" : "");
    JsonWriter w;
    w.BeginObject();
    w.Key("destination").String(dest);
    w.Key("port").Uint(s.unanswered_port);
    w.Key("unanswered").Uint(s.unanswered);
    w.Key("connections").Uint(s.conns);
    w.Key("span_seconds").Double(RoundScore(in.span_seconds));
    w.Key("median_gap_seconds").Uint(gap);
    w.Key("coverage").Double(in.coverage);
    if (steady) w.Key("steady").Bool(true);
    w.Key("modifiers");
    mods.Write(w);
    w.EndObject();
    f.evidence_json = w.Take();
    out.push_back(std::move(f));
  }

  FailedC2Params p_;
};

}  // namespace

std::vector<ParamBinding> Bindings(FailedC2Params& p) {
  return {
      {"min_attempts", &p.min_attempts, "unanswered attempts a host-address pair needs", NumberRange::AtLeast(1)},
      {"full_attempts", &p.full_attempts, "unanswered attempts at which volume is 1", NumberRange::AtLeast(2),
       "min_attempts"},
      {"min_unanswered_share", &p.min_unanswered_share, "share of the pair's connections left unanswered",
       NumberRange::Unit()},
      {"min_span_seconds", &p.min_span_seconds, "first to last attempt, seconds", NumberRange::Positive()},
      {"min_coverage", &p.min_coverage, "share of the span's ten slices holding an attempt", NumberRange::Unit()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"steady_attempts", &p.steady_attempts, "a knock with this many unanswered attempts ...",
       NumberRange::AtLeast(1)},
      {"steady_coverage", &p.steady_coverage, "... over this share of its span, on a port not 80/443 ...",
       NumberRange::Unit()},
      {"steady_org_hosts", &p.steady_org_hosts,
       "... to an address at most this many hosts of the org knock on: specific evidence", NumberRange::AtLeast(1)},
      {"modifiers.rare_hosts", &p.modifiers.rare_hosts, "at most this many hosts of the org", NumberRange::AtLeast(1)},
  };
}

std::unique_ptr<Detector> NewFailedC2Detector(FailedC2Params params) {
  return std::make_unique<FailedC2Detector>(params);
}

}  // namespace dragnet
