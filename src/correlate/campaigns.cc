#include "correlate/campaigns.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include "core/host_key.h"
#include "core/json_writer.h"
#include "correlate/finding_sources.h"
#include "correlate/trait_usage.h"
#include "intel/public_suffix.h"

namespace dragnet {
namespace {

struct Member {
  std::string org;
  std::set<Trait> traits;
  // The traits of each of its findings: a finding on a fleet's service (its
  // domain is fleet software) lends none of its destination traits.
  struct Bundle {
    std::vector<Trait> traits;
    bool listed = false;  // from a finding that seeds campaigns (listed infrastructure)
  };
  std::vector<Bundle> bundles;
  double best_score = 0;
  const Finding* best = nullptr;   // its highest-scoring finding
  const Finding* seed = nullptr;   // its intel finding, if any (highest score)
  std::set<Trait> seed_traits;     // the traits of its intel findings
};

class UnionFind {
 public:
  size_t Add() {
    parent_.push_back(parent_.size());
    return parent_.size() - 1;
  }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Join(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // smallest index is the root: deterministic
  }

 private:
  std::vector<size_t> parent_;
};

bool InSeed(const IndicatorSet& intel, const Trait& t) {
  switch (t.kind) {
    case TraitKind::kIp:
      if (auto ip = Ip::Parse(t.value))
        return intel.FindIp(*ip) != IndicatorSet::kNone || intel.FindCidr(*ip) != IndicatorSet::kNone;
      return false;
    case TraitKind::kFqdn:
    case TraitKind::kDomain: return intel.FindDomain(t.value) != IndicatorSet::kNone;
    case TraitKind::kJa3: return intel.FindJa3(t.value) != IndicatorSet::kNone;
    case TraitKind::kCert: return intel.FindCertHash(t.value) != IndicatorSet::kNone;
    default: return false;
  }
}

// Each member's linking traits: those of `links`, except a value of one
// org that two or more of its hosts used, which links only through a listed
// (intel) finding or one that also holds a value other orgs used. Two hosts of one org on its VPN
// concentrator are no campaign, and an implant host's own VPN session must
// not pull its colleague into the actor's; a second implant on the C2 address
// the actor gave that org alone still joins (its finding holds the actor's
// JA3, certificate or network). Kill-chain incidents, ransom artefacts and
// listed hashes are the actor's wherever they are.
std::map<HostKey, std::set<Trait>> MemberLinks(const std::map<HostKey, Member>& members,
                                               const std::map<Trait, bool>& links, const TraitCounter& counter) {
  auto linked = [&](const Trait& t) {
    auto it = links.find(t);
    return it != links.end() && it->second;
  };
  auto cross_org = [&](const Trait& t) {
    return t.kind == TraitKind::kIncident || t.kind == TraitKind::kRansomExtension ||
           t.kind == TraitKind::kRansomNote || t.kind == TraitKind::kHash || counter.Of(t).orgs.size() >= 2;
  };
  auto org_local = [&](const Trait& t) {
    const Usage& u = counter.Of(t);
    return !cross_org(t) && (u.saturated || u.hosts.size() >= 2);
  };
  std::map<HostKey, std::set<Trait>> out;
  for (const auto& [id, m] : members) {
    std::set<Trait>& mine = out[id];
    for (const Member::Bundle& b : m.bundles) {
      bool anchored = b.listed || std::any_of(b.traits.begin(), b.traits.end(),
                                              [&](const Trait& t) { return linked(t) && cross_org(t); });
      for (const Trait& t : b.traits)
        if (linked(t) && (anchored || !org_local(t))) mine.insert(t);
    }
  }
  return out;
}

std::string HostText(const std::string& org, const Ip& host) { return org + "/" + host.ToString(); }

std::string FindingText(const Finding& f) {
  return fmt::format("{} finding on {}", f.detector, f.indicators.empty() ? std::string("-") : f.indicators.front());
}

}  // namespace

CampaignResult BuildCampaigns(std::vector<Finding>& findings, const std::vector<OrgContext>& orgs,
                              const Aggregates* aggregates, const IndicatorSet& intel, const CampaignParams& p) {
  CampaignResult result;
  std::map<std::string, uint32_t> org_index;
  for (const OrgContext& o : orgs) org_index[o.name] = o.index;
  std::map<HostKey, Member> members;
  std::map<const Finding*, Trait> swept_by;  // pivot findings: the derived indicator that found them
  auto admit = [&](const Finding& f) {
    auto oi = org_index.find(f.org);
    if (oi == org_index.end() || f.score < p.min_member_score) return;
    std::vector<Trait> traits;
    if (auto sw = swept_by.find(&f); sw != swept_by.end()) {
      // Evidence about that value only: its other destinations are not the
      // actor's (no cascade through CDNs).
      traits.push_back(sw->second);
      if (auto ip = Ip::Parse(sw->second.value); ip && sw->second.kind == TraitKind::kIp)
        traits.push_back(Trait{TraitKind::kNet, NetworkOf(*ip)});
    } else {
      traits = TraitsOf(f, oi->second, aggregates);
    }
    auto add_to = [&](const Ip& host) {
      Member& m = members[{oi->second, host}];
      m.org = f.org;
      m.traits.insert(traits.begin(), traits.end());
      m.bundles.push_back({traits, SpecOf(f.detector).seeds_campaigns});
      if (host == f.host && (f.score > m.best_score || !m.best)) {
        m.best_score = f.score;
        m.best = &f;
      }
      if (host == f.host && SpecOf(f.detector).seeds_campaigns) {
        if (!m.seed || f.score > m.seed->score) m.seed = &f;
        m.seed_traits.insert(traits.begin(), traits.end());
      }
    };
    add_to(f.host);
    if (SpecOf(f.detector).traits.incident)  // the incident's hosts join with it
      for (const Ip& peer : f.peers) add_to(peer);
  };
  for (const Finding& f : findings) admit(f);

  std::vector<HostKey> ids;
  std::map<Trait, uint32_t> trait_hosts;  // hosts (all orgs) using each linking candidate
  std::map<size_t, std::vector<size_t>> groups;
  std::map<Trait, bool> links;
  std::map<HostKey, std::set<Trait>> linking;  // each member's linking traits (MemberLinks)
  std::set<Trait> fleet_services;  // domains found fleet software (FleetSoftware)
  std::deque<Finding> pivot_store;  // stable addresses for Member::best
  TraitCounter counter(aggregates, p.max_trait_hosts);
  for (uint32_t round = 0;; ++round) {
    counter.Count(members);
    links.clear();
    for (const auto& [id, m] : members)
      for (const Trait& t : m.traits) {
        if (links.count(t)) continue;
        const Usage& u = counter.Of(t);
        uint32_t n = u.count(p.max_trait_hosts);
        double per_org = u.orgs.empty() ? n : static_cast<double>(n) / static_cast<double>(u.orgs.size());
        bool software = aggregates && FleetSoftware(t, u, *aggregates, p);
        if (software) fleet_services.insert(t);
        bool fleet_wide = software || (aggregates && u.FleetOrgs(aggregates->prevalence(), p.fleet) >= p.fleet_min_orgs);
        // An incident's hosts are linked by the kill chain itself, however many.
        links[t] = t.kind == TraitKind::kIncident ||
                   (!u.saturated && n <= p.max_trait_hosts && per_org <= p.max_hosts_per_org && !fleet_wide);
        trait_hosts[t] = n;
      }
    // The address, name and certificate a finding on a fleet's service saw
    // are that vendor's (a per-org push courier, a VPN concentrator's
    // address): they link nothing either, even within one org.
    for (const auto& [id, m] : members)
      for (const Member::Bundle& b : m.bundles) {
        bool vendor = std::any_of(b.traits.begin(), b.traits.end(), [&](const Trait& t) {
          return t.kind == TraitKind::kDomain && fleet_services.count(t);
        });
        if (!vendor) continue;
        for (const Trait& t : b.traits)
          if (t.kind != TraitKind::kIncident && t.kind != TraitKind::kHash) links[t] = false;
      }
    linking = MemberLinks(members, links, counter);
    // Members joined through linking traits.
    ids.clear();
    std::map<HostKey, size_t> index;
    UnionFind uf;
    for (const auto& [id, m] : members) {
      index[id] = uf.Add();
      ids.push_back(id);
    }
    std::map<Trait, size_t> first_holder;
    for (const auto& [id, m] : members)
      for (const Trait& t : linking[id]) {
        auto [it, fresh] = first_holder.try_emplace(t, index[id]);
        if (!fresh) uf.Join(it->second, index[id]);
      }
    groups.clear();
    for (size_t i = 0; i < ids.size(); ++i) groups[uf.Find(i)].push_back(i);
    if (round >= p.max_rounds || !aggregates) break;
    // Pivots: rare sweepable traits of campaigns, not in the seed, swept
    // across every org; new hosts join with their own traits.
    // Swept only when the campaign's own hosts are most of its users: a value
    // one member shares with dozens of others (a CDN address behind a
    // resolved name) says nothing about them.
    std::map<Trait, uint32_t> holders_count;
    for (const auto& [id, m] : members)
      for (const Trait& t : m.traits) ++holders_count[t];
    std::set<Trait> derived;
    for (const auto& [root, group] : groups) {
      if (group.size() < 2) continue;
      for (size_t i : group)
        for (const Trait& t : linking[ids[i]]) {
          uint32_t held = holders_count[t];
          if (t.Sweepable() && !InSeed(intel, t) && trait_hosts[t] - std::min(trait_hosts[t], held) <= std::max<uint32_t>(1, held))
            derived.insert(t);
        }
    }
    std::vector<std::pair<Finding, Trait>> found;
    std::set<HostKey> new_hosts;
    auto hit = [&](uint32_t org, const Ip& host, const Trait& t, int64_t first, int64_t last) {
      if (members.count({org, host}) || !new_hosts.insert({org, host}).second) return;
      // A resolver's lookups are its clients' (aggregates.h IsResolver): its
      // clients that used the value are swept on their own.
      if (aggregates->IsResolver(org, host)) return;
      Finding f;
      f.org = orgs[org].name;
      f.host = host;
      f.detector = std::string(kPivotSource);
      f.score = p.pivot_score;
      f.severity = SeverityFromScore(f.score);
      f.indicators = {t.value};
      f.ts_first = Timestamp(first == INT64_MAX ? 0 : first);
      f.ts_last = Timestamp(last == INT64_MIN ? 0 : std::max(first, last));
      f.summary = fmt::format("{} used {} {}, infrastructure of a campaign found in other findings (round {})",
                              host.ToString(), TraitKindName(t.kind), t.value, round + 1);
      JsonWriter w;
      w.BeginObject();
      w.Key("trait").String(t.ToString());
      w.Key("round").Uint(round + 1);
      w.EndObject();
      f.evidence_json = w.Take();
      found.emplace_back(std::move(f), t);
    };
    // The sweep: every host the counter saw using a derived indicator (in a
    // stable order: a host two values reach is found by the smallest).
    std::vector<std::tuple<HostKey, Trait, int64_t, int64_t>> reached;
    for (const Trait& t : derived)
      for (const auto& [host, when] : counter.Of(t).hosts) reached.emplace_back(host, t, when.first, when.second);
    std::sort(reached.begin(), reached.end());
    for (const auto& [host, t, first, last] : reached) hit(host.org, host.host, t, first, last);
    if (found.empty()) break;
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return FindingLess(a.first, b.first); });
    for (auto& [f, t] : found) {
      pivot_store.push_back(std::move(f));
      swept_by[&pivot_store.back()] = t;
      admit(pivot_store.back());
    }
  }

  // Campaigns: groups of two or more hosts, largest first.
  std::vector<std::vector<size_t>> kept;
  for (auto& [root, group] : groups)
    if (group.size() >= 2) kept.push_back(group);
  auto orgs_of = [&](const std::vector<size_t>& g) {
    std::set<uint32_t> s;
    for (size_t i : g) s.insert(ids[i].org);
    return s.size();
  };
  std::stable_sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
    size_t oa = orgs_of(a), ob = orgs_of(b);
    return oa != ob ? oa > ob : a.size() > b.size();
  });
  std::map<HostKey, std::string> campaign_of;
  for (size_t c = 0; c < kept.size(); ++c) {
    Campaign camp;
    camp.id = fmt::format("C{}", c + 1);
    std::set<std::string> org_names, indicators, attack;
    std::map<std::string, std::set<std::string>> attack_by_org;
    std::map<Trait, std::vector<HostKey>> holders;
    double best = 0, unlinked = 1;
    camp.first_us = INT64_MAX;
    camp.last_us = INT64_MIN;
    for (size_t i : kept[c]) {
      const Member& m = members[ids[i]];
      campaign_of[ids[i]] = camp.id;
      org_names.insert(m.org);
      best = std::max(best, m.best_score);
      CampaignHost h{m.org, ids[i].host, {}};
      for (const Trait& t : linking[ids[i]]) {
        h.links.push_back(t.ToString());
        holders[t].push_back(ids[i]);
        if (t.Sweepable() || t.kind == TraitKind::kHash) indicators.insert(t.value);
      }
      camp.hosts.push_back(std::move(h));
    }
    for (const Finding& f : findings) {
      auto it = org_index.find(f.org);
      if (it == org_index.end() || campaign_of.count({it->second, f.host}) == 0 ||
          campaign_of[{it->second, f.host}] != camp.id || f.score < p.min_member_score)
        continue;
      attack.insert(f.attack.begin(), f.attack.end());
      attack_by_org[f.org].insert(f.attack.begin(), f.attack.end());
      if (f.ts_first.micros() > 0) camp.first_us = std::min(camp.first_us, f.ts_first.micros());
      camp.last_us = std::max(camp.last_us, f.ts_last.micros());
    }
    // A trait links when it is shared: held by two or more members.
    for (const auto& [t, hs] : holders) {
      if (hs.size() < 2) continue;
      camp.links.emplace_back(t.ToString(), trait_hosts[t]);
      unlinked *= 1 - 1 / (1 + std::log2(std::max<double>(1, trait_hosts[t])));
    }
    // Provenance: the shortest chain of shared traits from a seed (intel) member.
    std::map<HostKey, std::pair<HostKey, const Trait*>> parent;
    std::deque<HostKey> queue;
    // Roots: members whose listed (seed) indicator is itself a linking trait
    // -- an over-broad feed entry that links nothing explains nothing.
    for (size_t i : kept[c])
      if (std::any_of(members[ids[i]].seed_traits.begin(), members[ids[i]].seed_traits.end(),
                      [&](const Trait& t) { return linking[ids[i]].count(t) > 0; })) {
        parent[ids[i]] = {ids[i], nullptr};
        queue.push_back(ids[i]);
      }
    while (!queue.empty()) {
      HostKey cur = queue.front();
      queue.pop_front();
      for (const Trait& t : members[cur].traits) {
        auto h = holders.find(t);
        if (h == holders.end() || h->second.size() < 2) continue;
        for (const HostKey& next : h->second)
          if (!parent.count(next)) {
            parent[next] = {cur, &h->first};
            queue.push_back(next);
          }
      }
    }
    auto chain = [&](HostKey id) {
      std::string s;
      for (int hops = 0; hops < 8 && parent.count(id); ++hops) {
        auto [up, via] = parent[id];
        if (!via) {
          s += fmt::format("{} ({})", HostText(members[id].org, id.host), FindingText(*members[id].seed));
          break;
        }
        s += fmt::format("{} -[{}]-> ", HostText(members[id].org, id.host), via->ToString());
        id = up;
      }
      return s;
    };
    std::set<std::string> derived_values;
    for (const auto& [t, hs] : holders) {
      if (!t.Sweepable() || InSeed(intel, t) || !derived_values.insert(t.value).second) continue;
      const HostKey& holder = hs.front();
      std::string why = parent.count(holder)
                            ? "linked to seed intel: " + chain(holder)
                            : fmt::format("found by behaviour: {} ({})", HostText(members[holder].org, holder.host),
                                          FindingText(*members[holder].best));
      camp.derived.push_back({t, fmt::format("{} used by {} host(s) of the campaign, {} in the whole run; {}",
                                             t.ToString(), hs.size(), trait_hosts[t], why)});
    }
    camp.orgs.assign(org_names.begin(), org_names.end());
    std::sort(camp.hosts.begin(), camp.hosts.end());
    camp.indicators.assign(indicators.begin(), indicators.end());
    camp.attack.assign(attack.begin(), attack.end());
    for (const auto& [org, ids_of_org] : attack_by_org)
      camp.attack_by_org[org].assign(ids_of_org.begin(), ids_of_org.end());
    if (camp.first_us == INT64_MAX) camp.first_us = 0;
    if (camp.last_us == INT64_MIN) camp.last_us = 0;
    camp.confidence = RoundScore(best * (1 - unlinked));
    result.campaigns.push_back(std::move(camp));
  }
  for (Finding& f : pivot_store) result.pivots.push_back(std::move(f));
  auto tag = [&](Finding& f) {
    auto it = org_index.find(f.org);
    if (it == org_index.end()) return;
    auto c = campaign_of.find({it->second, f.host});
    if (c != campaign_of.end()) f.campaign = c->second;
  };
  for (Finding& f : findings) tag(f);
  for (Finding& f : result.pivots) tag(f);
  return result;
}

}  // namespace dragnet
