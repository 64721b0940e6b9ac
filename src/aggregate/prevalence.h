// Prevalence: how common a destination (address or name), a TLS client
// fingerprint or a user agent is -- within each organisation (how many of its
// hosts) and across all of them (how many orgs). Built once from the merged
// PairTable; the modifiers every behavioural detector applies read it.
// "Rare here but present in several orgs" is the signal only a
// cross-organisation view has.
#pragma once

#include <string>

#include <absl/container/flat_hash_map.h>

#include "aggregate/pair_table.h"

namespace dragnet {

struct DestPrevalence {
  uint32_t orgs = 0;   // organisations with at least one host talking to it
  uint32_t hosts = 0;  // hosts over all organisations
};

class Prevalence {
 public:
  void Build(const PairTable& pairs);

  // Hosts of `org` that talked to the destination (0 when unknown).
  uint32_t OrgHosts(uint32_t org, const Ip& dest) const;
  uint32_t OrgHosts(uint32_t org, const std::string& name) const;
  DestPrevalence Global(const Ip& dest) const;
  DestPrevalence Global(const std::string& name) const;
  // Hosts (over all orgs) that used this JA3 / user agent.
  uint32_t Ja3Hosts(const std::string& ja3) const;
  uint32_t UserAgentHosts(const std::string& ua) const;
  // Internal hosts of `org` seen talking outwards; orgs seen at all.
  uint32_t OrgSize(uint32_t org) const;
  uint32_t org_count() const { return static_cast<uint32_t>(org_size_.size()); }
  uint32_t total_hosts() const { return total_hosts_; }

 private:
  absl::flat_hash_map<std::pair<uint32_t, Ip>, uint32_t> org_ip_;
  absl::flat_hash_map<std::pair<uint32_t, std::string>, uint32_t> org_name_;
  absl::flat_hash_map<Ip, DestPrevalence> ip_;
  absl::flat_hash_map<std::string, DestPrevalence> name_;
  absl::flat_hash_map<std::string, uint32_t> ja3_, ua_;
  absl::flat_hash_map<uint32_t, uint32_t> org_size_;
  uint32_t total_hosts_ = 0;
};

}  // namespace dragnet
