#include "detect/beacon/beacon_detector.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"

namespace dragnet {
namespace {

using beacon::Period;

struct Candidate {
  uint32_t org;
  Ip host;
  std::string name;           // empty for IP series
  std::optional<Ip> address;  // IP series
  const PairSeries* series;
  std::vector<double> bytes;      // per connection, from conn records
  std::vector<double> durations;  // per connection, seconds
  std::vector<uint32_t> ts;       // connection times (seconds), sorted
  Period period;
  beacon::SpanVerdict span = beacon::SpanVerdict::kTooShort;
  std::vector<std::string> services;  // fleet_routine.h ServiceKeys
};

class BeaconDetector : public AggregateDetector {
 public:
  explicit BeaconDetector(BeaconParams p) : p_(std::move(p)) {
    spec_.name = "beacon";
    spec_.summary = "hosts calling a destination on a schedule (C2 beacons): RITA v5 scores + robust period";
    spec_.attack = {"T1071", "T1071.001", "T1573.002"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true, .connection_details = true};
    spec_.exports = {.addresses = true, .names = true};
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_optional = {"conn", "ssl", "http"};
    spec_.without_logs =
        "Without conn the connections ssl and http records show are the series (by name, and by address when "
        "they name none), scored on timing alone (no sizes or durations); without ssl and http, series are by "
        "address only.";
    using enum EvidenceType;
    spec_.evidence = {
        {"destination", kString}, {"keyed_on", kString}, {"connections_from", kString, false}, {"addresses", kArray},
        {"connections", kNumber}, {"open_connections", kNumber}, {"samples", kNumber}, {"ja3", kString, false}, {"user_agent", kString, false},
        {"median_bytes", kNumber}, {"period", kObject}, {"rita", kObject}, {"beacon_score", kNumber},
        {"histogram", kArray}, {"interval_bin_seconds", kNumber}, {"interval_histogram", kArray},
        {"modifiers", kObject}, {"short_series", kBool, false},
        {"interactive", kBool, false}
    };
  }

  std::vector<Finding> Findings(DetectorState*, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    const PairTable& pairs = ctx.aggregates->pairs();
    std::vector<Candidate> candidates;
    pairs.ForEachName([&](const NamePairKey& key, const PairSeries& s) {
      if (s.samples.size() < p_.min_connections) return;
      Candidate c{key.org, key.host, key.name, std::nullopt, &s, {}, {}, {}, {}, {}, {}};
      if (s.traits)
        for (const Ip& a : s.traits->addresses) {
          const PairSeries* ip_series = pairs.FindIp(IpPairKey{key.org, key.host, a});
          if (!ip_series || FromAppLogs(*ip_series)) continue;  // no sizes or durations there
          for (const ConnSample& cs : ip_series->samples) {
            c.bytes.push_back(cs.bytes);
            c.durations.push_back(cs.duration);
          }
        }
      if (Prepare(c, ctx)) candidates.push_back(std::move(c));
    });
    pairs.ForEachIp([&](const IpPairKey& key, const PairSeries& s) {
      if (s.samples.size() < p_.min_connections) return;
      // Left to the name series when most of its connections named a destination.
      if (s.traits && !s.traits->name.empty() && s.traits->named >= p_.named_share * static_cast<double>(s.conns))
        return;
      Candidate c{key.org, key.host, "", key.dest, &s, {}, {}, {}, {}, {}, {}};
      if (!FromAppLogs(s))  // ssl/http records carry no sizes or durations: timing alone
        for (const ConnSample& cs : s.samples) {
          c.bytes.push_back(cs.bytes);
          c.durations.push_back(cs.duration);
        }
      if (Prepare(c, ctx)) candidates.push_back(std::move(c));
    });
    // The org's own routine: which hosts keep the same period to the same service.
    beacon::FleetRoutine fleet;
    for (const Candidate& c : candidates) fleet.Add(c.org, c.host, c.services, c.period.period_s);
    for (Candidate& c : candidates) Score(c, ctx, fleet, out);
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  // The series' times, period and services; false when it is no schedule
  // (too short, a session, bursts).
  bool Prepare(Candidate& c, const AnalysisContext& ctx) const {
    const PairSeries& s = *c.series;
    c.ts.reserve(s.samples.size());
    for (const ConnSample& cs : s.samples) c.ts.push_back(cs.ts);
    double span_s = c.ts.back() - c.ts.front();
    if (span_s < std::min(p_.span.min_span_s, p_.span.min_short_span_s)) return false;
    if (!ctx.aggregates->spans().contains(c.org)) return false;
    c.period = beacon::PeriodScore(c.ts, p_.period);
    c.span = beacon::JudgeSpan(span_s, c.period.period_s, c.ts.size(), p_.span);
    if (c.span == beacon::SpanVerdict::kTooShort) return false;
    // A session that is open most of each interval (a VPN or stream that Zeek
    // logs each time it rolls over) is a long connection, not a check-in.
    std::sort(c.durations.begin(), c.durations.end());
    double median_duration = beacon::MedianOf(c.durations);
    if (c.period.period_s > 0 && median_duration > p_.max_session_share * c.period.period_s) return false;
    if (c.period.period_s < p_.min_period_s) return false;  // bursts, not check-ins
    std::string_view agent =
        s.traits && s.traits->user_agent ? ctx.aggregates->ua_users().Text(s.traits->user_agent) : std::string_view();
    c.services = beacon::ServiceKeys(c.name, c.address ? &*c.address : nullptr, agent);
    return true;
  }

  void Score(Candidate& c, const AnalysisContext& ctx, const beacon::FleetRoutine& fleet,
             std::vector<Finding>& out) const {
    const PairSeries& s = *c.series;
    const std::vector<uint32_t>& ts = c.ts;
    const Period& period = c.period;
    const auto& span = ctx.aggregates->spans().at(c.org);
    int64_t span_first = span.first_us / 1000000, span_last = span.last_us / 1000000;
    // A series shorter than the schedule floor (the short rule) is judged for
    // evenness over its own active window: over a day's 24 bins half an hour
    // is one bar, which says nothing. Duration stays the data set's.
    bool short_series = c.span == beacon::SpanVerdict::kShort;
    int64_t hist_first = short_series ? ts.front() : span_first, hist_last = short_series ? ts.back() : span_last;

    beacon::Dispersion tsd = beacon::TimestampScore(ts);
    beacon::Dispersion dsd = beacon::DataSizeScore(c.bytes);
    beacon::Histogram hist = beacon::HistogramScore(hist_first, hist_last, ts, p_.histogram);
    beacon::Duration dur = beacon::DurationScore(span_first, span_last, ts.front(), ts.back(), hist.total_bars,
                                                 hist.longest_run, p_.duration);
    double rita = beacon::RitaScore(tsd.score, dsd.score, hist.score, dur.score);
    double base = beacon::BeaconScore(period.score, dsd.score, hist.score, dur.score);

    Modifiers mods = ComputeModifiers(p_.modifiers, ctx, FactsOf(c.org, c.name, c.address, s));
    // Fleet routine: peers of this org keeping the same schedule to the same service.
    uint32_t peers = fleet.Peers(c.org, c.host, c.services, period.period_s, p_.fleet.period_tolerance);
    bool routine = beacon::IsFleet(peers + 1, ctx.aggregates->prevalence().OrgSize(c.org), p_.fleet);
    std::vector<double> sorted_bytes = c.bytes;
    std::sort(sorted_bytes.begin(), sorted_bytes.end());
    double median_bytes = beacon::MedianOf(sorted_bytes);
    bool time_sync = c.address && s.traits &&
                     IsTimeSync(period.period_s, median_bytes, s.traits->ntp, s.conns, p_.time_sync);
    double score = RoundScore(mods.Apply(base) * (routine ? p_.fleet.factor : 1.0) *
                              (time_sync ? p_.time_sync.factor : 1.0));
    if (score < p_.min_score) return;
    // An interactive implant to a destination no peer uses: specific evidence
    // on its own for the host verdict (docs/findings.md), not weak behaviour.
    bool interactive = beacon::IsInteractiveSchedule(period, s.conns, s.unanswered, p_.interactive) &&
                       mods.org_hosts <= p_.interactive.max_org_hosts && !mods.popular && !mods.fleet_software &&
                       mods.suppressed_by.empty() && !routine && !time_sync;

    std::string dest = c.name.empty() ? c.address->ToString() : c.name;
    std::vector<std::string> addresses;
    if (c.address) addresses.push_back(c.address->ToString());
    if (s.traits && !c.name.empty())
      for (const Ip& a : s.traits->addresses) addresses.push_back(a.ToString());

    std::vector<std::string> indicators = {dest};
    if (!c.name.empty()) indicators.insert(indicators.end(), addresses.begin(), addresses.end());
    bool tls = !c.name.empty() && s.traits && s.traits->ja3 != 0;
    bool web = s.traits && (s.traits->http_requests > 0 || !c.name.empty());
    std::vector<std::string> attack = {"T1071"};
    if (web) attack.push_back("T1071.001");
    if (tls) attack.push_back("T1573.002");
    Finding f = NewFinding(ctx, c.org, c.host, "beacon", score, std::move(indicators), s.first_us, s.last_us,
                           std::move(attack));
    f.specific = interactive;
    std::string where = c.name.empty() ? dest
                        : addresses.empty() ? dest
                        : fmt::format("{} ({}{})", dest, addresses.front(),
                                      addresses.size() > 1 ? fmt::format(" +{}", addresses.size() - 1) : "");
    std::string size = c.bytes.empty() ? "" : fmt::format(", {:.0f}-byte requests", median_bytes);
    std::string period_text = period.period_s > 0
                                  ? fmt::format("every {} ± {:.0f} %", HumanDuration(period.period_s), 100 * period.dispersion)
                                  : "repeatedly";
    std::string mods_text = mods.Phrases();
    if (c.address && FromAppLogs(s))
      mods_text = (mods_text.empty() ? "" : mods_text + ", ") + "connections from " + ConnectionsFrom(s) + ".log only";
    if (time_sync) mods_text = (mods_text.empty() ? "" : mods_text + ", ") + "NTP polling at 2^n s: time sync";
    if (interactive)
      mods_text = fmt::format("{}a check-in every few seconds, each its own connection, to a destination no other host "
                              "here uses: an interactive implant",
                              mods_text.empty() ? "" : mods_text + ", ");
    if (routine)
      mods_text = fmt::format("{}{} peer hosts keep this schedule to this service: fleet routine",
                              mods_text.empty() ? "" : mods_text + ", ", peers);
    f.summary = fmt::format("{} beacons {} to {} for {}, {} connections{}{}", c.host.ToString(), period_text, where,
                            HumanDuration(static_cast<double>(s.last_us - s.first_us) / 1e6), Thousands(s.conns), size,
                            mods_text.empty() ? "" : " (" + mods_text + ")");

    JsonWriter w;
    w.BeginObject();
    w.Key("destination").String(dest);
    w.Key("keyed_on").String(c.name.empty() ? "ip" : "fqdn");
    if (c.address && FromAppLogs(s)) w.Key("connections_from").String(ConnectionsFrom(s));
    w.Key("addresses").BeginArray();
    for (const auto& a : addresses) w.String(a);
    w.EndArray();
    w.Key("connections").Uint(s.conns);
    w.Key("open_connections").Uint(s.open_conns);
    w.Key("samples").Uint(s.samples.size());
    if (s.traits && s.traits->ja3) w.Key("ja3").String(ctx.aggregates->ja3_users().Text(s.traits->ja3));
    if (s.traits && s.traits->user_agent)
      w.Key("user_agent").String(ctx.aggregates->ua_users().Text(s.traits->user_agent));
    w.Key("median_bytes").Double(median_bytes, 0);
    w.Key("period").BeginObject();
    w.Key("seconds").Double(period.period_s, 1);
    w.Key("dispersion").Double(period.dispersion, 3);
    w.Key("intervals").Int(period.intervals);
    w.Key("kept").Int(period.kept);
    w.Key("gaps").Int(period.gaps);
    w.Key("score").Double(period.score, 3);
    w.EndObject();
    w.Key("rita").BeginObject();
    w.Key("ts_score").Double(tsd.score, 3);
    w.Key("ts_skew").Double(tsd.skew, 3);
    w.Key("ts_mad").Double(tsd.mad, 3);
    w.Key("ds_score").Double(dsd.score, 3);
    w.Key("ds_skew").Double(dsd.skew, 3);
    w.Key("ds_mad").Double(dsd.mad, 3);
    w.Key("hist_score").Double(hist.score, 3);
    w.Key("hist_cv_score").Double(hist.cv_score, 3);
    w.Key("hist_bimodal_score").Double(hist.bimodal_score, 3);
    w.Key("dur_score").Double(dur.score, 3);
    w.Key("dur_coverage").Double(dur.coverage, 3);
    w.Key("dur_consistency").Double(dur.consistency, 3);
    w.Key("score").Double(rita, 3);
    w.EndObject();
    w.Key("beacon_score").Double(base, 3);
    if (short_series) w.Key("short_series").Bool(true);
    if (interactive) w.Key("interactive").Bool(true);
    if (time_sync) w.Key("time_sync").Bool(true);
    if (peers > 0) {
      w.Key("fleet_peers").Uint(peers);
      w.Key("fleet_routine").Bool(routine);
    }
    w.Key("histogram").BeginArray();
    for (int n : hist.counts) w.Int(n);
    w.EndArray();
    // Inter-arrival times in 20 bins from 0 to 3 periods (the last bin holds
    // everything longer: gaps), for a reader to see the spread at a glance.
    if (period.period_s > 0) {
      std::array<int, 20> bins{};
      double width = 3 * period.period_s / bins.size();
      for (size_t i = 1; i < ts.size(); ++i) {
        if (ts[i] == ts[i - 1]) continue;
        size_t b = std::min(bins.size() - 1, static_cast<size_t>((ts[i] - ts[i - 1]) / width));
        ++bins[b];
      }
      w.Key("interval_bin_seconds").Double(width, 1);
      w.Key("interval_histogram").BeginArray();
      for (int n : bins) w.Int(n);
      w.EndArray();
    }
    w.Key("modifiers");
    mods.Write(w);
    w.EndObject();
    f.evidence_json = w.Take();
    out.push_back(std::move(f));
  }

  BeaconParams p_;
};

}  // namespace

std::vector<ParamBinding> Bindings(BeaconParams& p) {
  return {
      {"min_connections", &p.min_connections, "connections a series needs", NumberRange::AtLeast(2)},
      {"min_span_s", &p.span.min_span_s, "a series spanning this long (seconds) qualifies at any period",
       NumberRange::AtLeast(1)},
      {"min_short_span_s", &p.span.min_short_span_s, "a shorter series needs at least this span (seconds) ...",
       NumberRange::AtLeast(1)},
      {"min_span_periods", &p.span.min_span_periods, "... and to span this many of its periods ...",
       NumberRange::AtLeast(1)},
      {"min_short_connections", &p.span.min_short_connections, "... and this many connections",
       NumberRange::AtLeast(2)},
      {"min_period_s", &p.min_period_s, "shorter periods are bursts, not check-ins", NumberRange::Positive()},
      {"max_session_share", &p.max_session_share, "median duration / period above which it is a session",
       NumberRange::Unit()},
      {"named_share", &p.named_share, "an IP series whose connections named a destination this often is left to it",
       NumberRange::Unit()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"period.gap_factor", &p.period.gap_factor, "intervals above this x median are gaps", NumberRange::Above(1)},
      {"period.max_dispersion", &p.period.max_dispersion, "MAD/median at which regularity is 0",
       NumberRange::Positive()},
      {"period.full_intervals", &p.period.full_intervals, "intervals for full confidence in a period",
       NumberRange::AtLeast(1)},
      {"interactive.max_period_s", &p.interactive.max_period_s,
       "an interactive implant checks in at least this often (seconds) ...", NumberRange::Positive()},
      {"interactive.min_connections", &p.interactive.min_connections, "... at least this many times ...",
       NumberRange::AtLeast(2)},
      {"interactive.min_period_score", &p.interactive.min_period_score, "... with a period score this high ...",
       NumberRange::Unit()},
      {"interactive.max_org_hosts", &p.interactive.max_org_hosts,
       "... to a destination at most this many hosts of the org use: specific evidence", NumberRange::AtLeast(1)},
      {"histogram.bins", &p.histogram.bins, "bins over the data set's span (RITA)", NumberRange::Whole(1, 10000)},
      {"histogram.mode_sensitivity", &p.histogram.mode_sensitivity, "bar-height grouping for the bimodal fit (RITA)",
       NumberRange::Unit()},
      {"histogram.bimodal_min_hours", &p.histogram.bimodal_min_hours, "bars a bimodal fit needs (RITA)",
       NumberRange::AtLeast(1)},
      {"duration.min_hours", &p.duration.min_hours, "non-empty bins before duration counts (RITA)",
       NumberRange::AtLeast(1)},
      {"duration.ideal_consistent_hours", &p.duration.ideal_consistent_hours, "run of bins for full consistency (RITA)",
       NumberRange::AtLeast(1)},
      {"modifiers.rare_hosts", &p.modifiers.rare_hosts, "hosts of an org that keep a destination rare",
       NumberRange::AtLeast(1)},
      {"modifiers.fleet_min_orgs", &p.modifiers.fleet_min_orgs, "orgs whose fleets make a destination software",
       NumberRange::AtLeast(1)},
      {"modifiers.fleet_software_factor", &p.modifiers.fleet_software_factor, "factor for fleet software",
       NumberRange::Unit()},
      {"modifiers.fleet.min_hosts", &p.modifiers.fleet.min_hosts, "hosts of an org that make a fleet",
       NumberRange::AtLeast(1)},
      {"modifiers.fleet.share", &p.modifiers.fleet.share, "share of an org's hosts that make a fleet",
       NumberRange::Unit()},
      {"fleet.period_tolerance", &p.fleet.period_tolerance, "periods within this ratio are one schedule",
       NumberRange::Unit()},
      {"fleet.min_hosts", &p.fleet.min_hosts, "hosts of an org keeping one schedule to one service: a fleet",
       NumberRange::AtLeast(1)},
      {"fleet.share", &p.fleet.share, "share of the org's hosts a fleet needs too", NumberRange::Unit()},
      {"fleet.factor", &p.fleet.factor, "factor for a series that is fleet routine", NumberRange::Unit()},
      {"time_sync.max_request_bytes", &p.time_sync.max_request_bytes, "larger NTP requests are no time sync",
       NumberRange::Positive()},
      {"time_sync.period_tolerance", &p.time_sync.period_tolerance, "period within this ratio of 2^n seconds",
       NumberRange::Unit()},
      {"time_sync.factor", &p.time_sync.factor, "factor for NTP time sync", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewBeaconDetector(BeaconParams params) {
  return std::make_unique<BeaconDetector>(std::move(params));
}

}  // namespace dragnet
