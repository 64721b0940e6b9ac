// PairTable: per organisation, what each internal host did towards each
// external destination over the whole run -- the time series beacon,
// long-connection and rare-destination analyses read. Two keyings:
//  - (org, host, destination IP) from conn (and open_conn) records;
//  - (org, host, destination FQDN) from TLS SNI and HTTP Host, so a C2 name
//    that moves between addresses is one series (RITA's "SNI beacons").
// State grows with unique pairs, never with events: each series keeps at most
// `max_samples` (time, bytes) samples, and new pairs are refused once the
// shared MemoryBudget is spent; both are counted.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>
#include <absl/hash/hash.h>
#include <tuple>

#include "aggregate/memory_budget.h"
#include "core/ip.h"

namespace dragnet {

// One connection as the analyses see it: start time (epoch seconds), the
// bytes the host sent (saturated at 4 GiB) and its duration (whole seconds).
struct ConnSample {
  uint32_t ts;
  uint32_t bytes;
  uint32_t duration = 0;
  friend bool operator<(const ConnSample& a, const ConnSample& b) {
    return a.ts != b.ts ? a.ts < b.ts : a.bytes < b.bytes;
  }
};

// What application logs add to a pair (allocated only for pairs that have it).
struct PairTraits {
  std::string name;        // IP pairs: smallest SNI/Host seen on it
  uint64_t ja3 = 0;         // ClientUsers id of the JA3 seen (smallest id; 0 none)
  uint64_t user_agent = 0;  // ClientUsers id of the User-Agent seen (smallest id; 0 none)
  uint64_t http_requests = 0, http_without_host = 0;
  uint64_t named = 0;      // IP pairs: TLS/HTTP records on it that named the destination
  uint64_t mime_mismatch = 0;  // HTTP responses whose MIME type contradicts the URI (MimeContradictsUri)
  std::vector<Ip> addresses;  // FQDN pairs: destination addresses (sorted, capped)
  std::string cert;         // smallest leaf certificate fingerprint seen (TLS)
  std::string uri_pattern;  // smallest masked URI path (HTTP, MaskUriPath)
};

// Adds a destination address to an FQDN pair (sorted, at most 8 kept).
void AddAddress(PairTraits& t, const Ip& ip);
// Keep the smallest non-empty value, so merged results do not depend on
// which worker saw what first.
void KeepSmallestText(std::string& slot, std::string_view value);
void KeepSmallestId(uint64_t& slot, uint64_t id);

struct PairSeries {
  // In arrival order; sort before use. Most pairs are one or two visits:
  // those samples live inside the entry, with no heap block of their own.
  absl::InlinedVector<ConnSample, 2> samples;
  uint64_t conns = 0;               // every connection, also those past the sample cap
  uint64_t open_conns = 0;          // still open when logged (open_conn logs)
  double duration = 0;              // summed seconds of closed connections
  double open_duration = 0;         // longest open connection seen so far
  uint64_t orig_bytes = 0, resp_bytes = 0;
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  std::unique_ptr<PairTraits> traits;
};

struct IpPairKey {
  uint32_t org;
  Ip host, dest;
  friend bool operator==(const IpPairKey&, const IpPairKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const IpPairKey& k) {
    return H::combine(std::move(h), k.org, k.host, k.dest);
  }
};

struct NamePairKey {
  uint32_t org;
  Ip host;
  std::string name;  // lower-case FQDN
  friend bool operator==(const NamePairKey&, const NamePairKey&) = default;
};
// Looks a NamePairKey up without building its string (heterogeneous lookup).
struct NamePairRef {
  uint32_t org;
  Ip host;
  std::string_view name;
};
struct NamePairHash {
  using is_transparent = void;
  size_t operator()(const NamePairRef& k) const {
    return absl::Hash<std::tuple<uint32_t, Ip, std::string_view>>{}(std::make_tuple(k.org, k.host, k.name));
  }
  size_t operator()(const NamePairKey& k) const { return (*this)(NamePairRef{k.org, k.host, k.name}); }
};
struct NamePairEq {
  using is_transparent = void;
  static NamePairRef Ref(const NamePairKey& k) { return {k.org, k.host, k.name}; }
  static NamePairRef Ref(const NamePairRef& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    NamePairRef x = Ref(a), y = Ref(b);
    return x.org == y.org && x.host == y.host && x.name == y.name;
  }
};
using NamePairMap = absl::flat_hash_map<NamePairKey, PairSeries, NamePairHash, NamePairEq>;
using IpPairMap = absl::flat_hash_map<IpPairKey, PairSeries>;

struct PairDrops {
  uint64_t pairs_refused = 0;     // new pairs turned away: budget spent
  uint64_t samples_dropped = 0;   // connections past a series' sample cap (counted, not kept)
  uint64_t traits_refused = 0;    // application details not kept: budget spent
};

class PairTable {
 public:
  PairTable(MemoryBudget& budget, uint32_t max_samples) : budget_(budget), max_samples_(max_samples) {}
  ~PairTable() { budget_.Release(charged_); }
  PairTable(const PairTable&) = delete;
  PairTable& operator=(const PairTable&) = delete;

  // The series of a pair, created if the budget allows; nullptr when refused.
  PairSeries* ByIp(uint32_t org, const Ip& host, const Ip& dest);
  PairSeries* ByName(uint32_t org, const Ip& host, std::string_view name);
  // Adds one connection to a series.
  void AddConn(PairSeries& s, int64_t ts_us, uint64_t orig_bytes, uint64_t resp_bytes, double duration, bool open);
  // The pair's traits, created if the budget allows; nullptr when refused.
  PairTraits* Traits(PairSeries& s);
  void Merge(PairTable& other);
  // Takes over another table whose keys are known to be disjoint from this
  // one's (its orgs were read by that worker alone): no re-insertion, the
  // other's maps become parts of this table.
  void Adopt(PairTable& other);
  // Orders every series' samples by time (after the last merge).
  void SortSamples();

  // The maps that hold the series: one after Merge, one per worker after Adopt.
  std::vector<const IpPairMap*> ip_parts() const;
  std::vector<const NamePairMap*> name_parts() const;
  const PairSeries* FindIp(const IpPairKey& key) const;
  const PairSeries* FindName(const NamePairRef& key) const;
  // Calls f(key, series) for every series of every part.
  template <typename F>
  void ForEachIp(F&& f) const {
    for (const IpPairMap* m : ip_parts())
      for (const auto& [k, s] : *m) f(k, s);
  }
  template <typename F>
  void ForEachName(F&& f) const {
    for (const NamePairMap* m : name_parts())
      for (const auto& [k, s] : *m) f(k, s);
  }
  size_t ip_pairs() const;
  size_t name_pairs() const;
  const PairDrops& drops() const { return drops_; }
  uint64_t charged() const { return charged_; }

 private:
  bool Charge(uint64_t bytes);
  void Fold(PairSeries& into, PairSeries& from);
  MemoryBudget& budget_;
  uint32_t max_samples_;
  uint64_t charged_ = 0;
  IpPairMap by_ip_;
  NamePairMap by_name_;
  struct Part {
    IpPairMap by_ip;
    NamePairMap by_name;
  };
  std::vector<std::unique_ptr<Part>> adopted_;
  PairDrops drops_;
};

}  // namespace dragnet
