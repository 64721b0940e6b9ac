// DnsTable: per organisation and registered domain (Public Suffix List), what
// its names looked like and who asked -- the input of the DNS-tunnel and DGA
// analyses. Per (org, host) it also counts queries and NXDOMAIN answers.
// Distinct names are counted in a DistinctCounter, so a domain flooded with
// millions of random subdomains stays one bounded entry; once an org's share
// of the state cap is spent it keeps a hash-rank sample of its domains
// (OrgLedger, org_shares.h), and counts the queries of the others.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include "aggregate/distinct_counter.h"
#include "aggregate/memory_budget.h"
#include "aggregate/org_shares.h"
#include "core/host_key.h"
#include "core/ip.h"
#include "core/time_histogram.h"

namespace dragnet {

enum class QueryKind : uint8_t { kAddress = 0, kTxt, kNull, kCname, kMx, kOther };
constexpr size_t kQueryKinds = 6;
QueryKind QueryKindFromName(std::string_view qtype_name);

struct DomainStats {
  // nxdomain: queries that did not resolve (NXDOMAIN, or no reply at all
  // where the log has response codes).
  uint64_t queries = 0, nxdomain = 0;
  uint64_t direct = 0;                 // TLS/HTTP connections that named it (not via a resolver)
  std::array<uint64_t, kQueryKinds> kinds{};
  DistinctCounter names;               // distinct full query names
  uint64_t subdomain_chars = 0;        // summed length of the part left of the domain
  uint64_t subdomain_entropy_ub = 0;   // summed Shannon entropy of that part, in micro-bits/char (exact sums: order-free)
  uint32_t longest_label = 0;
  uint64_t answer_chars = 0;           // TXT/NULL answer text carried back
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  TimeHistogram activity;              // queries over time, for the evidence
  std::vector<std::pair<Ip, uint64_t>> hosts;  // who asked (sorted by address, at most kMaxHosts)
  uint64_t hosts_overflow = 0;         // queries by hosts past that cap
  std::vector<std::string> samples;    // a few smallest query names, for evidence
  // The smallest addresses the domain's names resolved to (A/AAAA answers):
  // what links a tunnel domain to the rest of an actor's infrastructure.
  std::array<Ip, 2> addresses{};
  uint8_t address_count = 0;
  static constexpr size_t kMaxHosts = 32;
  static constexpr size_t kMaxSamples = 3;
};

struct HostDns {
  uint64_t queries = 0, nxdomain = 0;
};

struct DomainKey {
  uint32_t org;
  std::string domain;
  friend bool operator==(const DomainKey&, const DomainKey&) = default;
};
struct DomainRef {
  uint32_t org;
  std::string_view domain;
};
// Heterogeneous lookup: a DomainRef finds a DomainKey without a string copy.
struct DomainHash {
  using is_transparent = void;
  size_t operator()(const DomainRef& k) const {
    return absl::Hash<std::pair<uint32_t, std::string_view>>{}(std::make_pair(k.org, k.domain));
  }
  size_t operator()(const DomainKey& k) const { return (*this)(DomainRef{k.org, k.domain}); }
};
struct DomainEq {
  using is_transparent = void;
  static DomainRef Ref(const DomainKey& k) { return {k.org, k.domain}; }
  static DomainRef Ref(const DomainRef& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    DomainRef x = Ref(a), y = Ref(b);
    return x.org == y.org && x.domain == y.domain;
  }
};
using DomainMap = absl::flat_hash_map<DomainKey, DomainStats, DomainHash, DomainEq>;


// Shannon entropy of the bytes of `s`, in bits per character.
double ShannonEntropy(std::string_view s);

// Stable hash of an org's domain: its rank for admission at the cap.
uint64_t StableHash(uint32_t org, std::string_view domain);

class DnsTable {
 public:
  // Costs go to `ledger` (per org); domains are refused at its levels.
  explicit DnsTable(OrgLedger& ledger) : ledger_(ledger) {}
  DnsTable(const DnsTable&) = delete;
  DnsTable& operator=(const DnsTable&) = delete;

  // Notes an address a name of the org's domain resolved to (kept: the 2 smallest).
  void AddAnswer(uint32_t org, std::string_view name, const Ip& address);
  // One query: `name` lower-case without a trailing dot.
  void AddQuery(uint32_t org, const Ip& host, std::string_view name, QueryKind kind, bool nxdomain,
                uint64_t answer_chars, int64_t ts_us);
  // A TLS SNI or HTTP Host naming `name` directly.
  void AddDirect(uint32_t org, std::string_view name);
  void Merge(DnsTable& other);
  // Erases every domain whose rank is below its org's level in the ledger
  // (cost off the ledger, queries counted as dropped).
  void EvictBelowLevels();
  // Adds each domain's estimated bytes to costs[org][rank], and each per-host
  // counter's (never evicted) to fixed[org]; without `ranked`, all to rank 0.
  void AddRankCosts(std::vector<RankCosts>& costs, std::vector<uint64_t>& fixed, bool ranked = true) const;
  // Estimated bytes of a domain entry (monotone: merging never lowers it).
  static uint64_t Cost(const DomainKey& k, const DomainStats& d);
  static constexpr uint64_t kHostCost = (sizeof(std::pair<HostKey, HostDns>) + 1) * 3 / 2;

  const DomainMap& domains() const { return domains_; }
  const absl::flat_hash_map<HostKey, HostDns>& hosts() const { return hosts_; }

 private:
  DomainStats* Find(uint32_t org, std::string_view domain);
  OrgLedger& ledger_;
  DomainMap domains_;
  absl::flat_hash_map<HostKey, HostDns> hosts_;
};

}  // namespace dragnet
