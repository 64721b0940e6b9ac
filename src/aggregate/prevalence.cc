#include "aggregate/prevalence.h"

#include <absl/container/flat_hash_set.h>

namespace dragnet {
namespace {

template <typename Map, typename Key>
uint32_t Get(const Map& m, const Key& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

void Prevalence::Build(const PairTable& pairs) {
  absl::flat_hash_set<std::pair<uint32_t, Ip>> hosts;
  absl::flat_hash_set<std::tuple<uint32_t, Ip, std::string>> ja3_users, ua_users;
  for (const auto& [k, s] : pairs.by_ip()) {
    if (s.conns == 0 && !s.traits) continue;
    if (org_ip_[{k.org, k.dest}]++ == 0) ++ip_[k.dest].orgs;
    ++ip_[k.dest].hosts;
    hosts.insert({k.org, k.host});
    if (s.traits) {
      if (!s.traits->ja3.empty() && ja3_users.insert({k.org, k.host, s.traits->ja3}).second) ++ja3_[s.traits->ja3];
      if (!s.traits->user_agent.empty() && ua_users.insert({k.org, k.host, s.traits->user_agent}).second)
        ++ua_[s.traits->user_agent];
    }
  }
  for (const auto& [k, s] : pairs.by_name()) {
    if (org_name_[{k.org, k.name}]++ == 0) ++name_[k.name].orgs;
    ++name_[k.name].hosts;
    hosts.insert({k.org, k.host});
  }
  for (const auto& h : hosts) ++org_size_[h.first];
  total_hosts_ = static_cast<uint32_t>(hosts.size());
}

uint32_t Prevalence::OrgHosts(uint32_t org, const Ip& dest) const { return Get(org_ip_, std::make_pair(org, dest)); }
uint32_t Prevalence::OrgHosts(uint32_t org, const std::string& name) const {
  return Get(org_name_, std::make_pair(org, name));
}
DestPrevalence Prevalence::Global(const Ip& dest) const {
  auto it = ip_.find(dest);
  return it == ip_.end() ? DestPrevalence{} : it->second;
}
DestPrevalence Prevalence::Global(const std::string& name) const {
  auto it = name_.find(name);
  return it == name_.end() ? DestPrevalence{} : it->second;
}
uint32_t Prevalence::Ja3Hosts(const std::string& ja3) const { return Get(ja3_, ja3); }
uint32_t Prevalence::UserAgentHosts(const std::string& ua) const { return Get(ua_, ua); }
uint32_t Prevalence::OrgSize(uint32_t org) const { return Get(org_size_, org); }

}  // namespace dragnet
