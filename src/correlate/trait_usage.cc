#include "correlate/trait_usage.h"

#include <algorithm>

#include <absl/container/flat_hash_map.h>

namespace dragnet {
namespace {

// A lookup key for absl's string maps without a copy (absl::string_view is
// not std::string_view in every abseil build).
absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

void Usage::Add(uint32_t org, const Ip& host, size_t cap, int64_t first, int64_t last) {
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

std::vector<OrgUse> Usage::ByOrg(const std::function<bool(const HostKey&)>& skip) const {
  std::map<uint32_t, uint32_t> by_org;
  for (const auto& [key, when] : hosts)
    if (!skip || !skip(key)) ++by_org[key.org];
  std::vector<OrgUse> uses;
  for (const auto& [org, n] : by_org) uses.push_back(OrgUse{org, n});
  return uses;
}

uint32_t Usage::FleetOrgs(const Prevalence& prevalence, const FleetRule& rule) const {
  return prevalence.FleetOrgs(ByOrg(), rule);
}

bool FleetSoftware(const Trait& t, const Usage& u, const Aggregates& a, const CampaignParams& p) {
  if (t.kind != TraitKind::kJa3 && t.kind != TraitKind::kUserAgent && t.kind != TraitKind::kCert &&
      t.kind != TraitKind::kIssuer && t.kind != TraitKind::kDomain)
    return false;
  if (u.saturated || u.orgs.empty()) return false;  // the other limits already hold it
  // The org's resolver asks for every name its clients ask for: with the one
  // implant host behind it, a C2 domain would look like two hosts' habit.
  // The orgs using it are all of u.orgs (a resolver-only org still uses it).
  std::vector<OrgUse> uses = u.ByOrg([&](const HostKey& h) { return a.IsResolver(h.org, h.host); });
  for (uint32_t org : u.orgs) {
    auto it = std::lower_bound(uses.begin(), uses.end(), org, [](const OrgUse& e, uint32_t o) { return e.org < o; });
    if (it == uses.end() || it->org != org) uses.insert(it, OrgUse{org, 0});
  }
  return IsFleetSoftware(a.prevalence(), uses, p.software);
}

void TraitCounter::Count(const std::vector<std::pair<HostKey, const Trait*>>& held) {
  std::vector<std::pair<const Trait*, Usage*>> fresh;
  for (const auto& [id, t] : held) {
    auto [it, added] = usage_.try_emplace(*t);
    if (!it->second.counted) {
      it->second.counted = true;
      fresh.emplace_back(&it->first, &it->second);
    }
  }
  // The members' own traits count for them (some only the findings know;
  // a tunnel client that only asked the resolver has no connection).
  for (const auto& [id, t] : held) usage_[*t].Add(id.org, id.host, cap_);
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

}  // namespace dragnet
