// PairTable: per organisation, what each internal host did towards each
// external destination over the whole run -- the time series beacon,
// long-connection and rare-destination analyses read. Two keyings:
//  - (org, host, destination IP) from conn (and open_conn) records;
//  - (org, host, destination FQDN) from TLS SNI and HTTP Host, so a C2 name
//    that moves between addresses is one series (RITA's "SNI beacons").
// State grows with unique pairs, never with events: each series keeps at most
// `max_samples` (time, bytes) samples (the earliest: the same whatever the
// order the records came in), and once an org's share of the state cap is
// spent it keeps a hash-rank sample of its pairs (OrgLedger, org_shares.h);
// both are counted per org.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>
#include <absl/hash/hash.h>
#include <tuple>

#include "aggregate/memory_budget.h"
#include "aggregate/org_shares.h"
#include "core/ip.h"

namespace dragnet {

// One connection as the analyses see it: start time (epoch seconds), the
// bytes the host sent (saturated at 4 GiB) and its duration (whole seconds).
struct ConnSample {
  uint32_t ts;
  uint32_t bytes;
  uint32_t duration = 0;
  // A total order (duration too), so sorted samples and the samples kept at
  // the cap do not depend on arrival order.
  friend bool operator<(const ConnSample& a, const ConnSample& b) {
    if (a.ts != b.ts) return a.ts < b.ts;
    return a.bytes != b.bytes ? a.bytes < b.bytes : a.duration < b.duration;
  }
};

// What application logs add to a pair (allocated only for pairs that have it).
struct PairTraits {
  std::string name;        // IP pairs: smallest SNI/Host seen on it
  uint64_t ja3 = 0;         // ClientUsers id of the JA3 seen (smallest id; 0 none)
  uint64_t user_agent = 0;  // ClientUsers id of the User-Agent seen (smallest id; 0 none)
  uint64_t http_requests = 0, http_without_host = 0;
  uint64_t http_bare = 0;  // IP pairs: HTTP requests naming no host (Host empty or an address)
  uint64_t named = 0;      // IP pairs: TLS/HTTP records on it that named the destination
  uint64_t mime_mismatch = 0;  // HTTP responses whose MIME type contradicts the URI (MimeContradictsUri)
  uint64_t ntp = 0;        // IP pairs: connections to udp/123 that Zeek did not call another service
  std::vector<Ip> addresses;  // FQDN pairs: destination addresses (sorted, capped)
  std::string cert;         // smallest leaf certificate fingerprint seen (TLS)
  std::string uri_pattern;  // smallest masked URI path (HTTP, MaskUriPath)
  // IP pairs: the connections ssl and http records show (one per TLS session,
  // one per HTTP connection's first request), kept apart from the conn
  // records' samples so a connection both logs saw is never counted twice.
  // PromoteAppSamples makes them the series' own when no conn record of the
  // pair arrived (a missing conn.log, or a sensor that logged the pair only there).
  std::vector<ConnSample> app_samples;  // capped like PairSeries::samples
  uint64_t app_conns = 0;
  int64_t app_first_us = INT64_MAX, app_last_us = INT64_MIN;
  uint8_t app_logs = 0;    // AppLog bits of the records behind app_samples
  // AppLog bits of the records the series' samples came from (name series:
  // always; IP series: when promoted); 0: conn records.
  uint8_t samples_from = 0;
};

// Which application log an app sample came from (PairTraits::app_logs).
enum AppLog : uint8_t { kAppLogSsl = 1, kAppLogHttp = 2 };
// "ssl", "http" or "ssl+http" for AppLog bits; empty for 0.
std::string AppLogNames(uint8_t bits);

// Adds a destination address to an FQDN pair (sorted, at most 8 kept).
void AddAddress(PairTraits& t, const Ip& ip);
// Keep the smallest non-empty value, so merged results do not depend on
// which worker saw what first.
void KeepSmallestText(std::string& slot, std::string_view value);
void KeepSmallestId(uint64_t& slot, uint64_t id);

struct PairSeries {
  // In arrival order (a max-heap once at the sample cap); sort before use.
  // Most pairs are one or two visits: those samples live inside the entry,
  // with no heap block of their own.
  absl::InlinedVector<ConnSample, 2> samples;
  uint64_t conns = 0;               // every connection, also those past the sample cap
  uint64_t open_conns = 0;          // still open when logged (open_conn logs)
  uint64_t duration_us = 0;         // summed microseconds of closed connections (exact: order-free)
  double open_duration = 0;         // longest open connection seen so far
  uint64_t orig_bytes = 0, resp_bytes = 0;
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  // Connection attempts the responder never answered (conn_state S0, REJ,
  // RSTOS0, SH: no SYN-ACK seen), the smallest responder port among them and
  // whether they went to more than one port.
  uint32_t unanswered = 0;
  uint16_t unanswered_port = 0;
  bool unanswered_ports_vary = false;
  std::unique_ptr<PairTraits> traits;
  double closed_seconds() const { return static_cast<double>(duration_us) / 1e6; }
};

// Whether a series' connection times came from ssl/http records (a name
// series always; an IP series when PromoteAppSamples gave it them), which
// carry no sizes or durations.
inline bool FromAppLogs(const PairSeries& s) { return s.traits && s.traits->samples_from != 0; }
// The logs a series' connections came from: "conn", "ssl", "http" or "ssl+http".
inline std::string ConnectionsFrom(const PairSeries& s) {
  return FromAppLogs(s) ? AppLogNames(s.traits->samples_from) : std::string("conn");
}

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


// Stable hashes of the keys (xxHash3 of their bytes, not absl::Hash, which
// is seeded per process): what ranks a key for admission at the cap.
uint64_t StableHash(uint32_t org, const Ip& host, const Ip& dest);
uint64_t StableHash(uint32_t org, const Ip& host, std::string_view name);

class PairTable {
 public:
  // Costs go to `ledger` (per org); keys are refused at its levels.
  PairTable(OrgLedger& ledger, uint32_t max_samples) : ledger_(ledger), max_samples_(max_samples) {}
  PairTable(const PairTable&) = delete;
  PairTable& operator=(const PairTable&) = delete;

  // The series of a pair, created unless the org's level refuses the key
  // (nullptr; the caller counts the record).
  PairSeries* ByIp(uint32_t org, const Ip& host, const Ip& dest);
  PairSeries* ByName(uint32_t org, const Ip& host, std::string_view name);
  // Adds one connection to a series of `org`.
  void AddConn(uint32_t org, PairSeries& s, int64_t ts_us, uint64_t orig_bytes, uint64_t resp_bytes,
               double duration, bool open);
  // Counts one of the series' connections (already added) as unanswered, to
  // responder port `port`.
  static void AddUnanswered(PairSeries& s, uint16_t port);
  // The pair's traits, created (and charged to `org`) when missing.
  PairTraits* Traits(uint32_t org, PairSeries& s);
  // Adds one connection an ssl or http record shows (`log`: an AppLog bit)
  // to an IP series' app samples.
  void AddAppConn(uint32_t org, PairSeries& s, int64_t ts_us, AppLog log);
  // After the last merge and Settle: every IP series that no conn record
  // reached but ssl/http records did takes their samples as its connections
  // (PairTraits::samples_from says so); the app samples of series with conn
  // records are dropped (and their bytes taken off the ledger), so nothing
  // is counted twice.
  void PromoteAppSamples();
  void Merge(PairTable& other);
  // Takes over another table whose keys are known to be disjoint from this
  // one's (its orgs were read by that worker alone): no re-insertion, the
  // other's maps become parts of this table.
  void Adopt(PairTable& other);
  // Orders every series' samples by time (after the last merge).
  void SortSamples();
  // Erases every pair whose rank is below its org's level in the ledger,
  // taking its cost off the ledger and counting its records as dropped.
  void EvictBelowLevels();
  // Adds each pair's estimated bytes to costs[org][rank] (to costs[org][0]
  // without `ranked`: no hashing, for totals).
  void AddRankCosts(std::vector<RankCosts>& costs, bool ranked = true) const;
  // Estimated bytes of a series (entry, samples, traits; a name key's text).
  static uint64_t Cost(const PairSeries& s);
  static uint64_t NameKeyCost(const NamePairKey& k);

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
  // Connections past series' sample caps, all orgs.
  uint64_t samples_dropped() const;

 private:
  // Keeps the `max_samples_` smallest samples of a series; counts the others.
  template <typename Samples>
  void Offer(uint32_t org, Samples& samples, const ConnSample& c);
  void Fold(uint32_t org, PairSeries& into, PairSeries& from);
  OrgLedger& ledger_;
  uint32_t max_samples_;
  IpPairMap by_ip_;
  NamePairMap by_name_;
  struct Part {
    IpPairMap by_ip;
    NamePairMap by_name;
  };
  std::vector<std::unique_ptr<Part>> adopted_;
};

}  // namespace dragnet
