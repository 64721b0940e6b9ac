#include "detect/dga/dga_detector.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/modifiers.h"
#include "intel/public_suffix.h"

namespace dragnet {
namespace {

struct HostDga {
  std::vector<std::pair<std::string, double>> nx;        // domain, label score
  std::vector<std::pair<std::string, double>> resolved;  // DGA-like names that resolved
  uint64_t nx_queries = 0;                               // the host's queries of the nx domains
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
};

// The mean of label scores, summed in (domain) order: the domains come out
// of a hash map whose order depends on how the state was merged, and a
// floating-point sum in that order differed in its last bits (0.719 vs 0.718
// once rounded, 1 run in 4 at 2 threads).
double MeanLabelScore(std::vector<std::pair<std::string, double>>& scored) {
  std::sort(scored.begin(), scored.end());
  double sum = 0;
  for (const auto& [d, s] : scored) sum += s;
  return scored.empty() ? 0 : sum / static_cast<double>(scored.size());
}

// log10(value / low) / log10(high / low), clamped to [0, 1].
double Ramp(double value, double low, double high) {
  if (high <= low) return value >= low ? 1 : 0;
  return std::clamp(std::log10(value / low) / std::log10(high / low), 0.0, 1.0);
}

class DgaDetector : public AggregateDetector {
 public:
  explicit DgaDetector(DgaDetectorParams p) : p_(p) {
    spec_.name = "dga";
    spec_.summary = "hosts asking for many random-looking domains that do not exist (domain generation algorithms)";
    spec_.attack = {"T1568.002"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_required = {"dns"};
    spec_.without_logs = "Without dns it finds nothing.";
    using enum EvidenceType;
    spec_.evidence = {
        {"nx_domains", kNumber}, {"nx_queries", kNumber}, {"resolved_domains", kNumber}, {"mean_label_score", kNumber},
        {"volume_score", kNumber}, {"nx_samples", kArray}, {"resolved", kArray}
    };
  }

  std::vector<Finding> Findings(DetectorState*, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    std::map<std::pair<uint32_t, Ip>, HostDga> hosts;  // ordered: deterministic
    for (const auto& [key, d] : ctx.aggregates->dns().domains()) {
      if (key.domain.ends_with(".arpa") || !HasPublicTld(key.domain)) continue;
      std::string_view label = std::string_view(key.domain).substr(0, key.domain.find('.'));
      double score = dga::LabelScore(dga::Features(label), p_.label);
      if (score < p_.min_label_score) continue;
      if (!SuppressedBy(ctx, key.org, key.domain, nullptr).empty()) continue;
      bool nx = d.nxdomain * 2 > d.queries;
      for (const auto& [host, n] : d.hosts) {
        if (ctx.aggregates->IsResolver(key.org, host)) continue;  // its lookups are its clients'
        HostDga& h = hosts[{key.org, host}];
        (nx ? h.nx : h.resolved).emplace_back(key.domain, score);
        if (nx) h.nx_queries += n;
        h.first_us = std::min(h.first_us, d.first_us);
        h.last_us = std::max(h.last_us, d.last_us);
      }
    }
    for (auto& [key, h] : hosts) {
      bool repeated = !h.nx.empty() && h.nx_queries >= p_.min_repeat_queries;
      if (h.nx.size() < p_.min_nx_domains && !repeated) continue;
      double mean = MeanLabelScore(h.nx);
      double volume = std::max(Ramp(static_cast<double>(h.nx.size()), p_.min_nx_domains, p_.full_nx_domains),
                               Ramp(static_cast<double>(h.nx_queries), p_.min_repeat_queries, p_.full_repeat_queries));
      double score = RoundScore(0.6 * mean + 0.4 * volume);
      if (score < p_.min_score) continue;
      out.push_back(MakeFinding(ctx, key.first, key.second, h, mean, volume, score));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  Finding MakeFinding(const AnalysisContext& ctx, uint32_t org, const Ip& host, HostDga& h, double mean,
                      double volume, double score) const {
    auto by_score = [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    std::sort(h.nx.begin(), h.nx.end(), by_score);
    std::sort(h.resolved.begin(), h.resolved.end(), by_score);
    std::vector<std::string> indicators;
    for (size_t i = 0; i < h.resolved.size() && i < 5; ++i) indicators.push_back(h.resolved[i].first);
    for (size_t i = 0; i < h.nx.size() && indicators.size() < 10; ++i) indicators.push_back(h.nx[i].first);
    Finding f = NewFinding(ctx, org, host, "dga", score, std::move(indicators), h.first_us, h.last_us, spec_.attack);
    f.summary = fmt::format("{} asked {} times for {} random-looking domains that do not resolve (e.g. {}){}",
                            host.ToString(), Thousands(h.nx_queries), Thousands(h.nx.size()), h.nx.front().first,
                            h.resolved.empty() ? ""
                                               : fmt::format("; {} like them resolved: {}", h.resolved.size(),
                                                             h.resolved.front().first));
    JsonWriter w;
    w.BeginObject();
    w.Key("nx_domains").Uint(h.nx.size());
    w.Key("nx_queries").Uint(h.nx_queries);
    w.Key("resolved_domains").Uint(h.resolved.size());
    w.Key("mean_label_score").Double(mean, 3);
    w.Key("volume_score").Double(volume, 3);
    auto list = [&](const char* name, const std::vector<std::pair<std::string, double>>& v) {
      w.Key(name).BeginArray();
      for (size_t i = 0; i < v.size() && i < 10; ++i) {
        w.BeginObject();
        w.Key("domain").String(v[i].first);
        w.Key("label_score").Double(v[i].second, 3);
        w.EndObject();
      }
      w.EndArray();
    };
    list("nx_samples", h.nx);
    list("resolved", h.resolved);
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  DgaDetectorParams p_;
};

}  // namespace

std::vector<ParamBinding> Bindings(DgaDetectorParams& p) {
  return {
      {"min_label_score", &p.min_label_score, "label score from which a domain is DGA-like", NumberRange::Unit()},
      {"min_nx_domains", &p.min_nx_domains, "NXDOMAIN DGA-like domains a host needs", NumberRange::AtLeast(1)},
      {"full_nx_domains", &p.full_nx_domains, "count at which the volume sub-score is 1",
       NumberRange::AtLeast(1), "min_nx_domains"},
      {"min_repeat_queries", &p.min_repeat_queries, "failed queries from which fewer domains do (failover)",
       NumberRange::AtLeast(1)},
      {"full_repeat_queries", &p.full_repeat_queries, "failed queries at which the volume sub-score is 1",
       NumberRange::AtLeast(1), "min_repeat_queries"},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"label.min_length", &p.label.min_length, "shorter labels are not judged", NumberRange::Whole(1, 63)},
      {"label.ngram_low", &p.label.ngram_low, "trigram cost ramp start (bits/char)", NumberRange::NotBelow(0)},
      {"label.ngram_high", &p.label.ngram_high, "trigram cost ramp end (bits/char)",
       NumberRange::Positive(), "label.ngram_low"},
      {"label.entropy_low", &p.label.entropy_low, "entropy ramp start", NumberRange::NotBelow(0)},
      {"label.entropy_high", &p.label.entropy_high, "entropy ramp end", NumberRange::Positive(), "label.entropy_low"},
      {"label.consonant_low", &p.label.consonant_low, "consonant-run ramp start", NumberRange::AtLeast(0)},
      {"label.consonant_high", &p.label.consonant_high, "consonant-run ramp end",
       NumberRange::AtLeast(1), "label.consonant_low"},
  };
}

std::unique_ptr<Detector> NewDgaDetector(DgaDetectorParams params) { return std::make_unique<DgaDetector>(params); }

}  // namespace dragnet
