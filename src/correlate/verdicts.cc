#include "correlate/verdicts.h"

#include "correlate/finding_sources.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

#include "correlate/campaigns.h"
#include "correlate/kill_chain.h"

namespace dragnet {
namespace {

bool IsDerived(const Finding& f) { return f.detector == "kill_chain"; }

// Groups of findings tied by a shared detector or indicator value (union-find
// over the findings' indices).
std::vector<std::vector<const Finding*>> IndependentGroups(const std::vector<const Finding*>& findings) {
  std::vector<size_t> parent(findings.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  auto join = [&](size_t a, size_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  };
  std::map<std::string, size_t> first_of;  // "d:" detector or "i:" indicator -> first finding
  for (size_t i = 0; i < findings.size(); ++i) {
    auto tie = [&](const std::string& key) {
      auto [it, fresh] = first_of.try_emplace(key, i);
      if (!fresh) join(it->second, i);
    };
    tie("d:" + findings[i]->detector);
    for (const std::string& ind : findings[i]->indicators) tie("i:" + ind);
  }
  std::map<size_t, std::vector<const Finding*>> groups;
  for (size_t i = 0; i < findings.size(); ++i) groups[find(i)].push_back(findings[i]);
  std::vector<std::vector<const Finding*>> out;
  for (auto& [root, g] : groups) out.push_back(std::move(g));
  return out;
}

VerdictEvidence MakeEvidence(const std::vector<const Finding*>& group, const SpecificDetectors& specific,
                             const VerdictParams& p) {
  VerdictEvidence e;
  std::set<std::string> detectors, indicators;
  const Finding* best = nullptr;
  for (const Finding* f : group) {
    detectors.insert(f->detector);
    indicators.insert(f->indicators.begin(), f->indicators.end());
    if (specific.count(f->detector) || f->specific) e.specific = true;
  }
  // A specific group weighs as its best specific finding: weak findings on
  // the same value add nothing to it.
  for (const Finding* f : group) {
    if (e.specific && !specific.count(f->detector) && !f->specific) continue;
    if (!best || f->score > best->score || (f->score == best->score && FindingLess(*f, *best))) best = f;
  }
  e.detectors.assign(detectors.begin(), detectors.end());
  e.indicators.assign(indicators.begin(), indicators.end());
  e.score = best->score;
  e.signal = e.score >= p.min_evidence;
  e.findings = group.size();
  e.summary = best->summary;
  return e;
}

// What comes from outside the host's findings: its campaign makes the
// groups on its linking values specific, its hostile peers add weak pieces.
void AddContextEvidence(const std::vector<const Finding*>& own, const VerdictParams& p, const VerdictContext& context,
                        std::vector<VerdictEvidence>& evidence) {
  if (own.empty()) return;
  const std::string& org = own.front()->org;
  auto tie = context.campaigns.find({org, own.front()->host});
  if (tie != context.campaigns.end() && tie->second.confidence >= p.min_campaign_confidence &&
      tie->second.orgs >= p.min_campaign_orgs && !evidence.empty()) {
    auto linked = [&](const VerdictEvidence& e) {
      return std::any_of(e.indicators.begin(), e.indicators.end(),
                         [&](const std::string& i) { return tie->second.values.count(i) > 0; });
    };
    bool any = std::any_of(evidence.begin(), evidence.end(), linked);
    for (size_t i = 0; i < evidence.size(); ++i) {
      VerdictEvidence& e = evidence[i];
      if (e.specific || !(any ? linked(e) : i == 0)) continue;  // evidence is strongest first
      e.specific = e.by_campaign = true;
      e.detectors.push_back("campaign");
      // Only the campaign's id, as the finding's own `campaign` key shows it: a
      // per-org report says nothing of other orgs (docs/campaigns.md).
      e.summary += fmt::format(" [campaign {}]", tie->second.id);
    }
  }
  // Hostile peers: one piece of evidence however many, scored by the most hostile.
  std::set<Ip> peers;
  // Not through a scan's or a logon burst's targets: touching a host is no tie to it.
  for (const Finding* f : own) {
    Stage stage = SpecOf(f->detector).stage;
    if (stage != Stage::kRecon && stage != Stage::kCredentialTheft) peers.insert(f->peers.begin(), f->peers.end());
  }
  VerdictEvidence e;
  e.detectors = {"hostile_peer"};
  for (const Ip& peer : peers) {
    auto it = context.hostile.find({org, peer});
    if (it == context.hostile.end()) continue;
    e.indicators.push_back(peer.ToString());
    if (it->second > e.score) {
      e.score = it->second;
      e.summary = fmt::format("tied to {}, judged hostile on its own evidence ({:.2f})", peer.ToString(), it->second);
    }
  }
  if (e.indicators.empty()) return;
  if (e.indicators.size() > 1) e.summary += fmt::format(", and to {} more such host(s)", e.indicators.size() - 1);
  e.signal = e.score >= p.min_evidence;
  evidence.push_back(std::move(e));
}

Severity Judge(const std::vector<VerdictEvidence>& evidence, double fused, const VerdictParams& p) {
  size_t specific = 0, weak = 0;
  double best_specific = 0, best = 0;
  for (const VerdictEvidence& e : evidence) {
    best = std::max(best, e.score);
    if (!e.signal) continue;
    if (e.specific) {
      ++specific;
      if (!e.by_campaign) best_specific = std::max(best_specific, e.score);
    } else {
      ++weak;
    }
  }
  if (specific >= 1 && specific + weak >= 2) return fused >= p.critical_score ? Severity::kCritical : Severity::kHigh;
  if (specific == 1) return best_specific >= p.solo_specific_high ? Severity::kHigh : Severity::kMedium;
  if (weak >= 2) return Severity::kMedium;
  return std::min(SeverityFromScore(best), Severity::kLow);
}

// Stages of the host with findings but too weak on their own to count.
std::vector<std::string> WeakLinks(const std::vector<const Finding*>& findings, const SpecificDetectors& specific,
                                   const VerdictParams& p) {
  std::map<Stage, std::vector<const Finding*>> by_stage;
  for (const Finding* f : findings)
    if (StageOf(*f) != Stage::kNone) by_stage[StageOf(*f)].push_back(f);
  std::vector<std::string> out;
  if (by_stage.size() < 2) return out;
  for (const auto& [stage, members] : by_stage) {
    HostVerdict v = FuseHost(members, specific, p);
    if (v.severity >= Severity::kMedium) continue;
    std::string what;
    for (const VerdictEvidence& e : v.evidence)
      what += fmt::format("{}{} {:.2f}", what.empty() ? "" : ", ", fmt::join(e.detectors, "+"), e.score);
    out.push_back(fmt::format("{}: {}", StageName(stage), what));
  }
  return out;
}

}  // namespace

HostVerdict FuseHost(const std::vector<const Finding*>& findings, const SpecificDetectors& specific,
                     const VerdictParams& p, const VerdictContext& context) {
  HostVerdict v;
  std::vector<const Finding*> own;
  for (const Finding* f : findings) {
    if (v.org.empty()) {
      v.org = f->org;
      v.host = f->host;
    }
    if (!IsDerived(*f)) own.push_back(f);
  }
  // A stable input order, whatever order the caller had.
  std::sort(own.begin(), own.end(), [](const Finding* a, const Finding* b) { return FindingLess(*a, *b); });
  v.findings = own.size();
  for (const auto& group : IndependentGroups(own)) v.evidence.push_back(MakeEvidence(group, specific, p));
  auto strongest_first = [](const VerdictEvidence& a, const VerdictEvidence& b) {
    return std::tie(b.signal, b.specific, b.score, a.detectors, a.indicators) <
           std::tie(a.signal, a.specific, a.score, b.detectors, b.indicators);
  };
  std::sort(v.evidence.begin(), v.evidence.end(), strongest_first);
  AddContextEvidence(own, p, context, v.evidence);
  std::sort(v.evidence.begin(), v.evidence.end(), strongest_first);
  double miss = 1;
  for (const VerdictEvidence& e : v.evidence) miss *= 1 - std::clamp(e.score * (e.specific ? 1 : p.weak_weight), 0.0, 1.0);
  v.score = RoundScore(std::min(p.max_score, 1 - miss));
  v.severity = Judge(v.evidence, v.score, p);
  return v;
}

std::vector<HostVerdict> BuildVerdicts(const std::vector<Finding>& findings, const SpecificDetectors& specific,
                                       const VerdictParams& p, const VerdictContext& context) {
  std::map<std::pair<std::string, Ip>, std::vector<const Finding*>> by_host;
  for (const Finding& f : findings) by_host[{f.org, f.host}].push_back(&f);
  std::vector<HostVerdict> out;
  for (const auto& [key, members] : by_host) {
    HostVerdict v = FuseHost(members, specific, p, context);
    v.weak_links = WeakLinks(members, specific, p);
    out.push_back(std::move(v));
  }
  return out;
}

std::map<std::pair<std::string, Ip>, CampaignTie> CampaignTies(const std::vector<Campaign>& campaigns) {
  std::map<std::pair<std::string, Ip>, CampaignTie> out;
  for (const Campaign& c : campaigns)
    for (const CampaignHost& h : c.hosts) {
      CampaignTie& t = out[{h.org, h.host}];
      if (!t.id.empty() && t.confidence >= c.confidence) continue;  // a host's strongest campaign
      t = CampaignTie{c.id, c.confidence, c.orgs.size(), {}};
      for (const std::string& link : h.links) {
        size_t colon = link.find(':');
        t.values.insert(colon == std::string::npos ? link : link.substr(colon + 1));
      }
    }
  return out;
}

std::map<std::pair<std::string, Ip>, double> HostileHosts(const std::vector<HostVerdict>& verdicts) {
  std::map<std::pair<std::string, Ip>, double> out;
  for (const HostVerdict& v : verdicts)
    if (v.severity >= Severity::kHigh) out[{v.org, v.host}] = v.score;
  return out;
}

void ApplyVerdicts(std::vector<Finding>& findings, const std::vector<HostVerdict>& verdicts) {
  std::map<std::pair<std::string, Ip>, Severity> of;
  for (const HostVerdict& v : verdicts) of[{v.org, v.host}] = v.severity;
  for (Finding& f : findings) {
    auto it = of.find({f.org, f.host});
    if (it == of.end()) continue;
    f.verdict = it->second;
    if (!IsDerived(f)) f.severity = std::min(SeverityFromScore(f.score), it->second);
  }
}

std::vector<const HostVerdict*> VerdictsByUrgency(const std::vector<HostVerdict>& verdicts) {
  std::vector<const HostVerdict*> out;
  for (const HostVerdict& v : verdicts) out.push_back(&v);
  std::stable_sort(out.begin(), out.end(), [](const HostVerdict* a, const HostVerdict* b) {
    return std::tie(b->severity, b->score, a->org, a->host) < std::tie(a->severity, a->score, b->org, b->host);
  });
  return out;
}

std::string EvidenceLine(const VerdictEvidence& e) {
  return fmt::format("{} ({}{}) {:.2f}: {}", fmt::join(e.detectors, "+"), e.specific ? "specific" : "weak",
                     e.findings > 1 ? fmt::format(", {} findings", e.findings) : "", e.score, e.summary);
}

}  // namespace dragnet
