// Prevalence: how common a destination (address or name), a TLS client
// fingerprint or a user agent is -- within each organisation (how many of its
// hosts) and across all of them (how many orgs). Built once from the merged
// PairTable; the modifiers every behavioural detector applies read it.
// "Rare here but present in several orgs" is the signal only a
// cross-organisation view has.
//
// Each (org, host, destination) is one pair key, so counting pairs per
// (destination, org) counts hosts. Only destinations some detector could score
// get an id (a few hundred to thousands); the counting then runs over small,
// cache-resident tables instead of sorting every pair.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "aggregate/pair_table.h"

namespace dragnet {

struct DestPrevalence {
  uint32_t orgs = 0;   // organisations with at least one host talking to it
  uint32_t hosts = 0;  // hosts over all organisations
};

// How many hosts of one organisation talked to a destination.
struct OrgUse {
  uint32_t org = 0;
  uint32_t hosts = 0;
};

// The organisations in whose fleet a destination is routine: at least
// `min_hosts` hosts and at least `share` of the org's hosts talking to it
// (OrgSize). A campaign's implant is one or two hosts in each victim org and
// never counts; software installed on a share of every fleet does.
struct FleetRule {
  uint32_t min_hosts = 3;
  double share = 0.1;
};

class Prevalence {
 public:
  // Counts are exact for destinations of a series with at least this many
  // connections or this much duration (all a detector scores); others read 0.
  static constexpr uint64_t kMinScorableConnections = 3;
  static constexpr double kMinScorableSeconds = 3600;

  // Views into `pairs` are kept: it must outlive this and not change.
  // `hosts` are the internal hosts seen talking outwards, by org.
  void Build(const PairTable& pairs, const absl::flat_hash_set<std::pair<uint32_t, Ip>>& hosts);

  // Hosts of `org` that talked to the destination (0 when unknown).
  uint32_t OrgHosts(uint32_t org, const Ip& dest) const;
  uint32_t OrgHosts(uint32_t org, std::string_view name) const;
  DestPrevalence Global(const Ip& dest) const;
  DestPrevalence Global(std::string_view name) const;
  // Per organisation (ascending org), the hosts that talked to the
  // destination; empty when unknown.
  std::span<const OrgUse> ByOrg(const Ip& dest) const;
  std::span<const OrgUse> ByOrg(std::string_view name) const;
  // Organisations where the destination is fleet routine under `rule`.
  uint32_t FleetOrgs(std::span<const OrgUse> uses, const FleetRule& rule) const;
  // Internal hosts of `org` seen talking outwards; orgs seen at all.
  uint32_t OrgSize(uint32_t org) const;
  uint32_t org_count() const { return static_cast<uint32_t>(org_size_.size()); }
  uint32_t total_hosts() const { return total_hosts_; }

 private:
  absl::flat_hash_map<Ip, uint32_t> ip_id_;
  absl::flat_hash_map<std::string_view, uint32_t> name_id_;
  absl::flat_hash_map<std::pair<uint32_t, uint32_t>, uint32_t> hosts_by_id_org_;  // (id, org) -> hosts
  std::vector<DestPrevalence> totals_;                                              // by id
  std::vector<OrgUse> uses_;         // by (id, org)
  std::vector<uint32_t> use_begin_;  // by id: its first entry in uses_ (one past the end: size)
  std::vector<std::pair<uint32_t, uint32_t>> org_size_;            // sorted: org -> hosts
  uint32_t total_hosts_ = 0;
};

}  // namespace dragnet
