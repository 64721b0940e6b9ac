#include "detect/exfiltration/exfiltration_detector.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "core/json_writer.h"
#include "detect/behaviour_util.h"

namespace dragnet {

double ExfiltrationVolumeScore(uint64_t sent, const ExfiltrationParams& p) {
  if (sent < p.min_bytes) return 0;
  double t = std::log10(static_cast<double>(sent) / p.min_bytes) / std::log10(p.full_bytes / p.min_bytes);
  return RoundScore(0.5 + 0.4 * std::clamp(t, 0.0, 1.0));
}

double ExfiltrationBaselineCap(double score, double org_span_s, bool staged, const ExfiltrationParams& p) {
  if (staged || org_span_s >= p.min_baseline_s) return score;
  return std::min(score, p.short_baseline_score);
}

namespace {

// How long the org's data spans, seconds (0 when unknown).
double OrgSpanSeconds(const AnalysisContext& ctx, uint32_t org) {
  auto it = ctx.aggregates->spans().find(org);
  if (it == ctx.aggregates->spans().end() || it->second.empty()) return 0;
  return static_cast<double>(it->second.last_us - it->second.first_us) / 1e6;
}

constexpr size_t kMaxPulls = 1 << 20;  // (org, puller, source) entries kept; more are counted

struct PullKey {
  uint32_t org;
  Ip puller, source;
  friend bool operator==(const PullKey&, const PullKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const PullKey& k) {
    return H::combine(std::move(h), k.org, k.puller, k.source);
  }
};

struct Pull {
  uint64_t bytes = 0, conns = 0;
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
};

// Large internal transfers into a host: the staging before an upload.
class StagingState : public DetectorState {
 public:
  explicit StagingState(uint64_t min_pull) : min_pull_(min_pull) {}
  void OnRecord(const OrgContext& org, const Record& r) override {
    if (r.schema().path() != "conn") return;
    const auto& f = conn_.Resolve(r.schema());
    uint64_t pulled = r.GetCount(f[2]).value_or(0);
    if (pulled < min_pull_) return;
    auto puller = r.GetIp(f[0]), source = r.GetIp(f[1]);
    if (!puller || !source || !org.IsInternal(*puller) || !org.IsInternal(*source)) return;
    Add(PullKey{org.index, *puller, *source}, Pull{pulled, 1, r.ts().micros(), r.ts().micros()});
  }
  void Merge(DetectorState& other_base) override {
    auto& other = static_cast<StagingState&>(other_base);
    for (const auto& [k, p] : other.pulls_) Add(k, p);
    dropped_ += other.dropped_;
    other.pulls_.clear();
  }
  const absl::flat_hash_map<PullKey, Pull>& pulls() const { return pulls_; }

 private:
  void Add(const PullKey& k, const Pull& p) {
    auto it = pulls_.find(k);
    if (it == pulls_.end()) {
      if (pulls_.size() >= kMaxPulls) {
        ++dropped_;
        return;
      }
      it = pulls_.emplace(k, Pull{}).first;
    }
    Pull& m = it->second;
    m.bytes += p.bytes;
    m.conns += p.conns;
    m.first_us = std::min(m.first_us, p.first_us);
    m.last_us = std::max(m.last_us, p.last_us);
  }
  uint64_t min_pull_;
  uint64_t dropped_ = 0;
  absl::flat_hash_map<PullKey, Pull> pulls_;
  FieldSet<3> conn_{{"id.orig_h", "id.resp_h", "resp_bytes"}};
};

struct Candidate {
  IpPairKey key;
  const PairSeries* series;
};

class ExfiltrationDetector : public Detector {
 public:
  explicit ExfiltrationDetector(ExfiltrationParams p) : p_(p) {
    spec_.name = "exfiltration";
    spec_.specific = true;
    spec_.summary = "large uploads to rare external destinations, against the host's and the org's baseline, after staging";
    spec_.attack = {"T1030", "T1048", "T1074.002"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kExfiltration;
    spec_.traits = {.destinations = true, .connection_details = true};
    spec_.exports = {.addresses = true};
    spec_.containment =
        "Block the destination at the egress; preserve the staging host's disk; identify what was pulled.";
    spec_.logs_required = {"conn"};
    spec_.without_logs = "Without conn it finds nothing (uploads and staging are conn's byte counts).";
    using enum EvidenceType;
    spec_.evidence = {
        {"destination", kString}, {"name", kString, false}, {"sent_bytes", kNumber}, {"received_bytes", kNumber},
        {"connections", kNumber}, {"volume_score", kNumber}, {"host_uploads_elsewhere", kNumber},
        {"host_factor", kNumber}, {"org_hosts_alike", kNumber}, {"org_factor", kNumber}, {"staged_bytes", kNumber},
        {"staging_started", kNumber}, {"staging_sources", kArray}, {"base_score", kNumber}, {"short_baseline_s", kNumber, false},
        {"modifiers", kObject}
    };
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override {
    return std::make_unique<StagingState>(p_.min_internal_pull);
  }
  bool NeedsAggregates() const override { return true; }
  bool WantsField(std::string_view log, std::string_view f) const override {
    return log == "conn" && (f == "id.orig_h" || f == "id.resp_h" || f == "resp_bytes");
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    // Per host: everything it uploaded outside; per org: each host's largest
    // single-destination upload (the baselines).
    absl::flat_hash_map<HostKey, uint64_t> host_upload;
    std::map<uint32_t, std::vector<std::pair<uint64_t, Ip>>> org_largest;
    absl::flat_hash_map<HostKey, uint64_t> largest;
    std::vector<Candidate> candidates;
    ctx.aggregates->pairs().ForEachIp([&](const IpPairKey& key, const PairSeries& s) {
      host_upload[HostKey{key.org, key.host}] += s.orig_bytes;
      uint64_t& l = largest[HostKey{key.org, key.host}];
      l = std::max(l, s.orig_bytes);
      if (s.orig_bytes >= p_.min_bytes && static_cast<double>(s.orig_bytes) >= p_.min_ratio * s.resp_bytes)
        candidates.push_back({key, &s});
    });
    for (const auto& [k, l] : largest) org_largest[k.org].emplace_back(l, k.host);
    // Staging pulls by puller.
    absl::flat_hash_map<HostKey, std::vector<std::pair<Ip, Pull>>> staging;
    if (merged)
      for (const auto& [k, p] : static_cast<StagingState*>(merged)->pulls())
        staging[HostKey{k.org, k.puller}].emplace_back(k.source, p);

    for (const Candidate& c : candidates) {
      const IpPairKey& key = c.key;
      const PairSeries& s = *c.series;
      double volume = ExfiltrationVolumeScore(s.orig_bytes, p_);
      // The host's baseline: what it uploads elsewhere too.
      uint64_t elsewhere = host_upload[HostKey{key.org, key.host}] - s.orig_bytes;
      double host_factor = std::clamp(static_cast<double>(s.orig_bytes) / (s.orig_bytes + elsewhere), 0.5, 1.0);
      // The org's baseline: other hosts uploading at least half as much to one place.
      uint32_t alike = 0;
      for (const auto& [bytes, host] : org_largest[key.org])
        if (host != key.host && bytes * 2 >= s.orig_bytes) ++alike;
      double org_factor = 1.0 / (1.0 + alike / p_.org_alike_halving);
      // Staging: large internal pulls into this host before the upload.
      uint64_t staged = 0;
      std::vector<Ip> sources;
      int64_t staged_first = INT64_MAX;
      auto st = staging.find(HostKey{key.org, key.host});
      if (st != staging.end())
        for (const auto& [source, pull] : st->second)
          if (pull.first_us <= s.last_us && pull.last_us >= s.first_us - static_cast<int64_t>(p_.staging_window_s * 1e6)) {
            staged += pull.bytes;
            sources.push_back(source);
            staged_first = std::min(staged_first, pull.first_us);
          }
      bool staged_enough = staged >= p_.staging_bytes;
      double base = RoundScore(std::min(1.0, volume * host_factor * org_factor + (staged_enough ? p_.staging_bonus : 0)));
      if (base < p_.min_score) continue;
      DestinationFacts facts = FactsOf(key.org, "", key.dest, s);
      Modifiers mods = ComputeModifiers(p_.modifiers, ctx, facts);
      std::string name = s.traits ? s.traits->name : "";
      if (mods.suppressed_by.empty() && !name.empty()) mods.suppressed_by = SuppressedBy(ctx, key.org, name, &key.dest);
      double score = mods.Apply(base);
      if (score < p_.min_score) continue;
      double span_s = OrgSpanSeconds(ctx, key.org);
      bool short_baseline = !staged_enough && span_s < p_.min_baseline_s;
      score = ExfiltrationBaselineCap(score, span_s, staged_enough, p_);
      std::vector<std::string> attack = {"T1048"};
      if (staged_enough) attack.push_back("T1074.002");
      Finding f = NewFinding(ctx, key.org, key.host, "exfiltration", score, {key.dest.ToString()}, s.first_us,
                             s.last_us, attack);
      if (staged_enough) {
        std::sort(sources.begin(), sources.end());
        f.peers = sources;
      }
      std::string phrases = mods.Phrases();
      f.summary = fmt::format("{} uploaded {} to {}{} in {} connections over {} ({}x what it received){}{}{}{}",
                              key.host.ToString(), HumanBytes(static_cast<double>(s.orig_bytes)), key.dest.ToString(),
                              name.empty() ? "" : " (" + name + ")", Thousands(s.conns),
                              HumanDuration(static_cast<double>(s.last_us - s.first_us) / 1e6 + 1),
                              s.resp_bytes ? fmt::format("{:.0f}", static_cast<double>(s.orig_bytes) / s.resp_bytes)
                                           : std::string("all"),
                              staged_enough ? fmt::format(", after pulling {} from {} internal host(s) (staging)",
                                                          HumanBytes(static_cast<double>(staged)), sources.size())
                                            : "",
                              alike ? fmt::format(", {} other host(s) here upload as much", alike) : "",
                              phrases.empty() ? "" : " (" + phrases + ")",
                              short_baseline ? fmt::format("; not enough data to judge it: {} of this org's logs, "
                                                           "less than the {} that show its routine uploads",
                                                           HumanDuration(span_s), HumanDuration(p_.min_baseline_s))
                                             : "");
      JsonWriter w;
      w.BeginObject();
      w.Key("destination").String(key.dest.ToString());
      if (!name.empty()) w.Key("name").String(name);
      w.Key("sent_bytes").Uint(s.orig_bytes);
      w.Key("received_bytes").Uint(s.resp_bytes);
      w.Key("connections").Uint(s.conns);
      w.Key("volume_score").Double(volume, 3);
      w.Key("host_uploads_elsewhere").Uint(elsewhere);
      w.Key("host_factor").Double(host_factor, 3);
      w.Key("org_hosts_alike").Uint(alike);
      w.Key("org_factor").Double(org_factor, 3);
      w.Key("staged_bytes").Uint(staged);
      if (staged_enough) w.Key("staging_started").Double(static_cast<double>(staged_first) / 1e6, 6);
      w.Key("staging_sources").BeginArray();
      for (const Ip& ip : sources) w.String(ip.ToString());
      w.EndArray();
      w.Key("base_score").Double(base, 3);
      if (short_baseline) w.Key("short_baseline_s").Double(span_s, 0);
      w.Key("modifiers");
      mods.Write(w);
      w.EndObject();
      f.evidence_json = w.Take();
      out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  ExfiltrationParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(ExfiltrationParams& p) {
  return {
      {"min_bytes", &p.min_bytes, "bytes uploaded to one destination over the run", NumberRange::AtLeast(1)},
      {"min_ratio", &p.min_ratio, "uploaded / downloaded on that destination", NumberRange::NotBelow(0)},
      {"full_bytes", &p.full_bytes, "volume at which the volume part reaches its top",
       NumberRange::NotBelow(1), "min_bytes"},
      {"org_alike_halving", &p.org_alike_halving,
       "other hosts of the org uploading as much halve the score per this many",
       NumberRange::Positive()},
      {"staging_bytes", &p.staging_bytes, "bytes pulled from internal hosts before the upload: staging",
       NumberRange::AtLeast(1)},
      {"staging_window_s", &p.staging_window_s, "how long before the upload staging counts, seconds",
       NumberRange::Positive()},
      {"staging_bonus", &p.staging_bonus, "added to the score after staging", NumberRange::Unit()},
      {"min_internal_pull", &p.min_internal_pull, "internal connections pulling less are not kept",
       NumberRange::AtLeast(1)},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"min_baseline_s", &p.min_baseline_s,
       "an org with less data (seconds) has no baseline: unstaged uploads are capped at short_baseline_score",
       NumberRange::NotBelow(0)},
      {"short_baseline_score", &p.short_baseline_score, "the most an unstaged upload scores without a baseline",
       NumberRange::Unit()},
      {"modifiers.rare_hosts", &p.modifiers.rare_hosts, "hosts of an org that keep a destination rare",
       NumberRange::AtLeast(1)},
  };
}

std::unique_ptr<Detector> NewExfiltrationDetector(ExfiltrationParams params) {
  return std::make_unique<ExfiltrationDetector>(params);
}

}  // namespace dragnet
