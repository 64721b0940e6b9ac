#include "correlate/kill_chain.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"

namespace dragnet {

Stage StageOf(const Finding& f, const FindingSources& sources) { return sources.Of(f.detector).stage; }

namespace {

// Union-find over the hosts of one org.
class Components {
 public:
  Ip Find(const Ip& x) {
    auto it = parent_.try_emplace(x, x).first;
    if (it->second == x) return x;
    Ip root = Find(it->second);
    parent_[x] = root;
    return root;
  }
  void Join(const Ip& a, const Ip& b) {
    Ip ra = Find(a), rb = Find(b);
    if (ra == rb) return;
    if (rb < ra) std::swap(ra, rb);
    parent_[rb] = ra;  // the smaller address is the root: deterministic
  }

 private:
  std::map<Ip, Ip> parent_;
};

struct StageSpan {
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  double score = 0;
  std::set<Ip> hosts;
  std::set<std::string> detectors;
  size_t findings = 0;
  const Finding* earliest = nullptr;
};

std::string Clock(int64_t us) { return Timestamp(us).ToIso8601(Timestamp::Precision::kMinutes); }

std::string Hours(int64_t us) { return fmt::format("{:.1f} h", static_cast<double>(us) / 3.6e9); }

// A stage's "hosts" and "detectors" arrays.
void WriteHostsAndDetectors(JsonWriter& w, const StageSpan& s) {
  w.Key("hosts").BeginArray();
  for (const Ip& h : s.hosts) w.String(h.ToString());
  w.EndArray();
  w.Key("detectors").BeginArray();
  for (const auto& d : s.detectors) w.String(d);
  w.EndArray();
}

// The weak stages of an incident: per stage, when it started, its hosts,
// detectors and best score.
void WriteWeakLinks(JsonWriter& w, const std::vector<const Finding*>& weak, const FindingSources& sources) {
  std::map<Stage, StageSpan> spans;
  for (const Finding* f : weak) {
    StageSpan& s = spans[StageOf(*f, sources)];
    s.first_us = std::min(s.first_us, f->ts_first.micros());
    s.score = std::max(s.score, f->score);
    s.hosts.insert(f->host);
    s.detectors.insert(f->detector);
    ++s.findings;
  }
  w.Key("weak_links").BeginArray();
  for (const auto& [stage, s] : spans) {
    w.BeginObject();
    w.Key("stage").String(StageName(stage));
    w.Key("started").Double(static_cast<double>(s.first_us) / 1e6, 6);
    w.Key("score").Double(s.score, 3);
    w.Key("findings").Uint(s.findings);
    WriteHostsAndDetectors(w, s);
    w.EndObject();
  }
  w.EndArray();
}

Finding MakeIncident(const std::string& org, const std::vector<const Finding*>& members,
                     const std::vector<const Finding*>& weak, const SpecificDetectors& specific,
                     const VerdictParams& vp, const FindingSources& sources) {
  std::array<StageSpan, kStageCount> stages;
  std::set<Ip> hosts;
  std::set<std::string> attack;
  for (const Finding* f : members) {
    StageSpan& s = stages[static_cast<int>(StageOf(*f, sources))];
    if (f->ts_first.micros() < s.first_us || !s.earliest) {
      if (!s.earliest || f->ts_first.micros() < s.earliest->ts_first.micros()) s.earliest = f;
    }
    s.first_us = std::min(s.first_us, f->ts_first.micros());
    s.last_us = std::max(s.last_us, f->ts_last.micros());
    s.score = std::max(s.score, f->score);
    s.hosts.insert(f->host);
    s.detectors.insert(f->detector);
    ++s.findings;
    hosts.insert(f->host);
    attack.insert(f->attack.begin(), f->attack.end());
  }
  std::vector<int> present;
  for (int i = 0; i < kStageCount; ++i)
    if (stages[i].findings) present.push_back(i);
  // The incident's host: where its earliest stage began.
  const StageSpan& first = stages[present.front()];
  double score = 0;
  int64_t start = INT64_MAX, end = INT64_MIN;
  for (int i : present) {
    score = std::max(score, stages[i].score);
    start = std::min(start, stages[i].first_us);
    end = std::max(end, stages[i].last_us);
  }
  score = RoundScore(std::min(1.0, score + 0.02 * static_cast<double>(present.size() - 1)));
  Finding k;
  k.org = org;
  k.host = first.earliest->host;
  k.detector = std::string(kKillChainSource);
  k.score = score;
  k.severity = FuseHost(members, specific, vp).severity;
  for (int i : present) k.indicators.emplace_back(StageName(static_cast<Stage>(i)));
  k.ts_first = Timestamp(start);
  k.ts_last = Timestamp(end);
  k.attack.assign(attack.begin(), attack.end());
  for (const Ip& h : hosts)
    if (h != k.host) k.peers.push_back(h);
  std::string timeline;
  for (int i : present)
    timeline += fmt::format("{}{} {} ({})", timeline.empty() ? "" : " -> ", StageName(static_cast<Stage>(i)),
                            Clock(stages[i].first_us),
                            stages[i].hosts.size() == 1 ? stages[i].hosts.begin()->ToString()
                                                        : fmt::format("{} hosts", stages[i].hosts.size()));
  const StageSpan& last_stage = stages[present.back()];
  k.summary = fmt::format("incident on {} host(s): {}; earliest point to act {}, {} before {}", hosts.size(), timeline,
                          Clock(start), Hours(last_stage.first_us - start), StageName(static_cast<Stage>(present.back())));
  JsonWriter w;
  w.BeginObject();
  w.Key("stages").BeginArray();
  for (int i : present) {
    const StageSpan& s = stages[i];
    w.BeginObject();
    w.Key("stage").String(StageName(static_cast<Stage>(i)));
    w.Key("started").Double(static_cast<double>(s.first_us) / 1e6, 6);
    w.Key("ended").Double(static_cast<double>(s.last_us) / 1e6, 6);
    w.Key("score").Double(s.score, 3);
    w.Key("findings").Uint(s.findings);
    WriteHostsAndDetectors(w, s);
    w.Key("first").String(s.earliest->summary);
    w.EndObject();
  }
  w.EndArray();
  w.Key("hosts").BeginArray();
  for (const Ip& h : hosts) w.String(h.ToString());
  w.EndArray();
  w.Key("earliest_action").Double(static_cast<double>(start) / 1e6, 6);
  if (!weak.empty()) WriteWeakLinks(w, weak, sources);
  w.EndObject();
  k.evidence_json = w.Take();
  return k;
}

}  // namespace

std::vector<Finding> BuildKillChains(const std::vector<Finding>& findings, const SpecificDetectors& specific,
                                     const KillChainParams& p, const FindingSources& sources) {
  std::map<std::string, std::vector<const Finding*>> by_org;
  for (const Finding& f : findings)
    if (StageOf(f, sources) != Stage::kNone && f.score >= p.min_stage_score) by_org[f.org].push_back(&f);
  std::vector<Finding> out;
  for (auto& [org, members] : by_org) {
    Components c;
    // Which (host, stage) is strong on its own: its findings alone make a
    // verdict of at least medium.
    std::map<std::pair<Ip, Stage>, std::vector<const Finding*>> by_host_stage;
    for (const Finding* f : members) {
      c.Find(f->host);
      for (const Ip& peer : f->peers) c.Join(f->host, peer);
      by_host_stage[{f->host, StageOf(*f, sources)}].push_back(f);
    }
    std::set<std::pair<Ip, Stage>> strong;
    for (const auto& [key, group] : by_host_stage)
      if (FuseHost(group, specific, p.verdict).severity >= Severity::kMedium) strong.insert(key);
    std::map<Ip, std::pair<std::vector<const Finding*>, std::vector<const Finding*>>> incidents;  // strong, weak
    for (const Finding* f : members) {
      auto& [strong_part, weak_part] = incidents[c.Find(f->host)];
      (strong.count({f->host, StageOf(*f, sources)}) ? strong_part : weak_part).push_back(f);
    }
    for (auto& [root, parts] : incidents) {
      std::set<Stage> stages;
      for (const Finding* f : parts.first) stages.insert(StageOf(*f, sources));
      if (stages.empty()) continue;
      bool past_implant = stages.size() > 1 || *stages.begin() != Stage::kImplant;
      if (stages.size() < p.min_stages || !past_implant) continue;
      out.push_back(MakeIncident(org, parts.first, parts.second, specific, p.verdict, sources));
    }
  }
  std::sort(out.begin(), out.end(), FindingLess);
  return out;
}

}  // namespace dragnet
