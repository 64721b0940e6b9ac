// Prevalence: how common a destination (address or name), a TLS client
// fingerprint or a user agent is -- within each organisation (how many of its
// hosts) and across all of them (how many orgs). Built once from the merged
// PairTable; the modifiers every behavioural detector applies read it.
// "Rare here but present in several orgs" is the signal only a
// cross-organisation view has.
//
// Built by sorting (destination, org, host) triples and counting runs rather
// than by filling hash maps: one sequential pass over a few hundred thousand
// pairs instead of as many cache-missing inserts; lookups (only for the few
// candidates detectors score) are binary searches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "aggregate/pair_table.h"

namespace dragnet {

struct DestPrevalence {
  uint32_t orgs = 0;   // organisations with at least one host talking to it
  uint32_t hosts = 0;  // hosts over all organisations
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
  // Internal hosts of `org` seen talking outwards; orgs seen at all.
  uint32_t OrgSize(uint32_t org) const;
  uint32_t org_count() const { return static_cast<uint32_t>(org_size_.size()); }
  uint32_t total_hosts() const { return total_hosts_; }

  // A key's counts: per (key, org) the hosts, per key the orgs and hosts.
  template <typename Key>
  struct Table {
    struct PerOrg {
      Key key;
      uint32_t org, hosts;
    };
    struct Total {
      Key key;
      DestPrevalence counts;
    };
    std::vector<PerOrg> per_org;  // sorted by (key, org)
    std::vector<Total> totals;    // sorted by key
  };

 private:
  Table<Ip> ip_;
  Table<std::string_view> name_;
  std::vector<std::pair<uint32_t, uint32_t>> org_size_;            // sorted: org -> hosts
  uint32_t total_hosts_ = 0;
};

}  // namespace dragnet
