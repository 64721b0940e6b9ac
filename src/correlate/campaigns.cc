#include "correlate/campaigns.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include "core/host_key.h"
#include "core/json_writer.h"
#include "correlate/finding_sources.h"
#include "intel/public_suffix.h"

namespace dragnet {
namespace {


// A lookup key for absl's string maps without a copy (absl::string_view is
// not std::string_view in every abseil build).
absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }

struct Member {
  std::string org;
  std::set<Trait> traits;
  // The traits of each of its findings: a finding on a fleet's service (its
  // domain is fleet software) lends none of its destination traits.
  std::vector<std::vector<Trait>> bundles;
  double best_score = 0;
  const Finding* best = nullptr;   // its highest-scoring finding
  const Finding* seed = nullptr;   // its intel finding, if any (highest score)
  std::set<Trait> seed_traits;     // the traits of its intel findings
};

// Distinct hosts (all orgs) that used a trait, with when, stopping at a cap.
struct Usage {
  absl::flat_hash_map<HostKey, std::pair<int64_t, int64_t>> hosts;  // first, last use (0: unknown)
  std::set<uint32_t> orgs;
  bool saturated = false;
  bool counted = false;
  void Add(uint32_t org, const Ip& host, size_t cap, int64_t first = 0, int64_t last = 0) {
    if (saturated) return;
    auto [it, fresh] = hosts.try_emplace(HostKey{org, host}, first, last);
    if (!fresh) {
      if (first && (!it->second.first || first < it->second.first)) it->second.first = first;
      it->second.second = std::max(it->second.second, last);
    }
    orgs.insert(org);
    if (hosts.size() > cap) {
      saturated = true;
      hosts.clear();
    }
  }
  uint32_t count(size_t cap) const { return saturated ? static_cast<uint32_t>(cap + 1) : static_cast<uint32_t>(hosts.size()); }
  // Orgs in whose fleet the trait is routine (prevalence.h FleetRule),
  // counting no host `skip` names (a resolver asks for its clients' names).
  uint32_t FleetOrgs(const Prevalence& prevalence, const FleetRule& rule,
                     const std::function<bool(const HostKey&)>& skip = nullptr) const {
    std::map<uint32_t, uint32_t> by_org;
    for (const auto& [key, when] : hosts)
      if (!skip || !skip(key)) ++by_org[key.org];
    std::vector<OrgUse> uses;
    for (const auto& [org, n] : by_org) uses.push_back(OrgUse{org, n});
    return prevalence.FleetOrgs(uses, rule);
  }
};

// Software a fleet runs rather than an actor's tool: a client fingerprint,
// user agent, certificate, issuer or service (registered domain) on several
// hosts of enough orgs, and of most of the orgs that use it
// (CampaignParams::several).
bool FleetSoftware(const Trait& t, const Usage& u, const Aggregates& a, const CampaignParams& p) {
  if (t.kind != TraitKind::kJa3 && t.kind != TraitKind::kUserAgent && t.kind != TraitKind::kCert &&
      t.kind != TraitKind::kIssuer && t.kind != TraitKind::kDomain)
    return false;
  if (u.saturated || u.orgs.empty()) return false;  // the other limits already hold it
  // The org's resolver asks for every name its clients ask for: with the one
  // implant host behind it, a C2 domain would look like two hosts' habit.
  uint32_t several = u.FleetOrgs(a.prevalence(), p.several, [&](const HostKey& h) { return a.IsResolver(h.org, h.host); });
  return several >= p.fleet_min_orgs && several >= p.several_orgs_share * static_cast<double>(u.orgs.size());
}

// How many hosts of the whole run use each trait of interest, and which:
// one pass over the pair table, the DNS table and the client tables for the
// traits not counted yet (kept across rounds: a round's sweep reads the users
// collected here, with no pass of its own).
class TraitCounter {
 public:
  TraitCounter(const Aggregates* a, size_t cap) : a_(a), cap_(cap) {}

  void Count(const std::map<HostKey, Member>& members) {
    std::vector<std::pair<const Trait*, Usage*>> fresh;
    for (const auto& [id, m] : members)
      for (const Trait& t : m.traits) {
        auto [it, added] = usage_.try_emplace(t);
        if (!it->second.counted) {
          it->second.counted = true;
          fresh.emplace_back(&it->first, &it->second);
        }
      }
    // The members' own traits count for them (some only the findings know;
    // a tunnel client that only asked the resolver has no connection).
    for (const auto& [id, m] : members)
      for (const Trait& t : m.traits) usage_[t].Add(id.org, id.host, cap_);
    if (!a_ || fresh.empty()) return;
    absl::flat_hash_map<Ip, Usage*> ips;
    absl::flat_hash_map<uint64_t, Usage*> nets;  // v4: address >> 8; v6: hi >> 16 (tagged)
    absl::flat_hash_map<std::string, Usage*> names, domains, certs, uris, issuers;
    for (auto& entry : fresh) {
      const Trait* t = entry.first;  // named, not bound: lambdas below capture them
      Usage* u = entry.second;
      switch (t->kind) {
        case TraitKind::kIp:
          if (auto ip = Ip::Parse(t->value)) ips[*ip] = u;
          break;
        case TraitKind::kNet:
          if (auto ip = Ip::Parse(t->value.substr(0, t->value.find('/')))) nets[NetKey(*ip)] = u;
          break;
        case TraitKind::kFqdn: names[t->value] = u; break;
        case TraitKind::kDomain: domains[t->value] = u; break;
        case TraitKind::kCert: certs[t->value] = u; break;
        case TraitKind::kIssuer: issuers[t->value] = u; break;
        case TraitKind::kUriPattern: uris[t->value] = u; break;
        case TraitKind::kJa3:
          a_->ja3_users().ForEachUser(ClientUsers::Id(t->value), [&](uint32_t org, const Ip& h) { u->Add(org, h, cap_); });
          break;
        case TraitKind::kUserAgent:
          a_->ua_users().ForEachUser(ClientUsers::Id(t->value), [&](uint32_t org, const Ip& h) { u->Add(org, h, cap_); });
          break;
        default: break;
      }
    }
    // A name counts for a wanted domain when the domain is one of its dot
    // suffixes: a few lookups in a small table instead of the Public Suffix
    // List for every name in the run.
    auto name_used = [&](uint32_t org, const Ip& host, std::string_view name, const PairSeries& s) {
      if (name.empty()) return;
      if (auto it = names.find(Key(name)); it != names.end()) it->second->Add(org, host, cap_, s.first_us, s.last_us);
      // The name itself, then each suffix after a dot.
      for (std::string_view rest = name; !domains.empty();) {
        if (auto it = domains.find(Key(rest)); it != domains.end()) {
          it->second->Add(org, host, cap_, s.first_us, s.last_us);
          break;
        }
        size_t dot = rest.find('.');
        if (dot == std::string_view::npos) break;
        rest.remove_prefix(dot + 1);
      }
    };
    auto details = [&](uint32_t org, const Ip& host, const PairSeries& s) {
      if (!s.traits) return;
      if (!certs.empty() && !s.traits->cert.empty())
        if (auto it = certs.find(s.traits->cert); it != certs.end()) it->second->Add(org, host, cap_, s.first_us, s.last_us);
      if (!issuers.empty() && !s.traits->cert.empty())
        if (auto it = issuers.find(Key(a_->CertIssuer(org, s.traits->cert))); it != issuers.end())
          it->second->Add(org, host, cap_, s.first_us, s.last_us);
      if (!uris.empty() && !s.traits->uri_pattern.empty())
        if (auto it = uris.find(s.traits->uri_pattern); it != uris.end()) it->second->Add(org, host, cap_, s.first_us, s.last_us);
    };
    bool by_name = !names.empty() || !domains.empty();
    bool details_wanted = !certs.empty() || !uris.empty() || !issuers.empty();
    if (!ips.empty() || !nets.empty() || by_name || details_wanted)
      a_->pairs().ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
        details(k.org, k.host, s);
        if (!ips.empty())
          if (auto it = ips.find(k.dest); it != ips.end()) it->second->Add(k.org, k.host, cap_, s.first_us, s.last_us);
        if (!nets.empty())
          if (auto it = nets.find(NetKey(k.dest)); it != nets.end()) it->second->Add(k.org, k.host, cap_, s.first_us, s.last_us);
        if (by_name && s.traits) name_used(k.org, k.host, s.traits->name, s);
      });
    if (by_name || details_wanted)
      a_->pairs().ForEachName([&](const NamePairKey& k, const PairSeries& s) {
        details(k.org, k.host, s);
        if (by_name) name_used(k.org, k.host, k.name, s);
      });
    // Who asked the resolver for a domain (a DNS tunnel's clients never connect).
    if (!domains.empty())
      for (const auto& [key, stats] : a_->dns().domains()) {
        auto it = domains.find(key.domain);
        if (it == domains.end()) continue;
        for (const auto& [host, queries] : stats.hosts) it->second->Add(key.org, host, cap_, stats.first_us, stats.last_us);
      }
  }
  const Usage& Of(const Trait& t) const { return usage_.at(t); }

 private:
  static uint64_t NetKey(const Ip& ip) {
    return ip.is_v4() ? (uint64_t{1} << 63) | (ip.v4() >> 8) : ip.hi() >> 16;
  }
  const Aggregates* a_;
  size_t cap_;
  std::map<Trait, Usage> usage_;
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
      m.bundles.push_back(traits);
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
      for (const std::vector<Trait>& bundle : m.bundles) {
        bool vendor = std::any_of(bundle.begin(), bundle.end(), [&](const Trait& t) {
          return t.kind == TraitKind::kDomain && fleet_services.count(t);
        });
        if (!vendor) continue;
        for (const Trait& t : bundle)
          if (t.kind != TraitKind::kIncident && t.kind != TraitKind::kHash) links[t] = false;
      }
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
      for (const Trait& t : m.traits) {
        if (!links[t]) continue;
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
        for (const Trait& t : members[ids[i]].traits) {
          uint32_t held = holders_count[t];
          if (links[t] && t.Sweepable() && !InSeed(intel, t) && trait_hosts[t] - std::min(trait_hosts[t], held) <= std::max<uint32_t>(1, held))
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
      for (const Trait& t : m.traits) {
        if (!links[t]) continue;
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
                      [&](const Trait& t) { return links[t]; })) {
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
