// Aggregates: the per-organisation state behavioural detectors read, built
// once per worker from the records, merged once after reading, then analysed
// by every detector that asked for it (Detector::NeedsAggregates). Reading
// each record once for all of them is why this is a layer of its own rather
// than state inside each detector.
#pragma once

#include <memory>
#include <string_view>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "aggregate/client_users.h"
#include "aggregate/dns_table.h"
#include "aggregate/field_set.h"
#include "aggregate/memory_budget.h"
#include "aggregate/org_shares.h"
#include "aggregate/pair_table.h"
#include "aggregate/prevalence.h"
#include "ingest/record.h"

namespace dragnet {

struct OrgContext;

// Whether an HTTP response's MIME type contradicts what its URI names: an
// image, style sheet or script path answered with something else (C2 and
// payloads dressed as static files). False when either is unknown.
bool MimeContradictsUri(std::string_view uri, std::string_view mime);
// The shape of a URI's path with its variable parts masked, so one C2's
// requests share it: "/api/v2/4f9a0c1e/status?id=77" -> "/api/v2/{hex}/status?id=".
// Numbers become {n}, hex runs of 8+ {hex}, UUIDs {uuid}, long mixed
// tokens (base64-like, 16+) {id}; query values are dropped; at most 128 chars.
std::string MaskUriPath(std::string_view uri);
// Whether a Zeek conn_state says the responder never answered the attempt
// (S0, REJ, RSTOS0, SH).
bool IsUnanswered(std::string_view conn_state);

struct AggregateParams {
  // All workers together: 7/8 shared fairly between the orgs' pairs and
  // domains (OrgShares), 1/8 for the cross-org tables (client fingerprints,
  // certificate issuers). The CLI's --state-memory allows 16 MB at least;
  // tests set smaller caps here.
  uint64_t memory_cap_bytes = uint64_t{1} << 30;
  uint32_t max_samples_per_pair = 20000;          // ~1 week of a 30 s beacon
};
// The parts of the cap: the orgs' share and the cross-org tables'.
inline uint64_t OrgStateCap(uint64_t cap) { return cap - cap / 8; }
inline uint64_t SharedStateCap(uint64_t cap) { return cap / 8; }

// A worker's admission steps for `org` (Aggregates runs them around each
// record; tests feeding tables directly run them too):
// SyncLevel: the shared level of `org` rose: evict what is below it.
void SyncLevel(OrgLedger& ledger, PairTable& pairs, DnsTable& dns, uint32_t org);
// Rebalance: `org` passed its trigger: publish its holdings; when they pass
// the water level, raise its level to the smallest that fits and evict.
void Rebalance(OrgLedger& ledger, PairTable& pairs, DnsTable& dns, uint32_t org);

// The time span of an organisation's data (epoch microseconds).
struct Span {
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  void Add(int64_t ts) {
    first_us = std::min(first_us, ts);
    last_us = std::max(last_us, ts);
  }
  bool empty() const { return first_us > last_us; }
};

class Aggregates {
 public:
  // `budget`: the cross-org tables' part of the cap; `shares`: the orgs'
  // part (null: no per-org cap, nothing refused).
  Aggregates(const AggregateParams& params, MemoryBudget& budget, OrgShares* shares = nullptr);
  ~Aggregates();
  void OnRecord(const OrgContext& org, const Record& record);
  // Folds another worker's aggregates in. `disjoint_orgs`: the other read
  // other orgs only, so its pair tables are adopted as they are.
  void Merge(Aggregates& other, bool disjoint_orgs = false);
  // After the last merge: settles the orgs' shares (Settle), gives IP series
  // that only ssl/http records saw their connections
  // (PairTable::PromoteAppSamples), sorts series, builds prevalence.
  void Finish();
  // The deterministic end of admission: each org's level becomes the
  // smallest at which its keys fit the max-min fair share computed from the
  // complete data; keys below it are evicted and their records counted.
  void Settle();
  // The fields the aggregates read (projection for the readers).
  static bool WantsField(std::string_view log_path, std::string_view field);

  const PairTable& pairs() const { return pairs_; }
  // Per org: estimated bytes held, levels, what the cap dropped.
  const OrgLedger& ledger() const { return ledger_; }
  // The fair share (water level) Settle applied; UINT64_MAX when every org fit.
  uint64_t share() const { return share_; }
  const DnsTable& dns() const { return dns_; }
  // Whether internal hosts of the org sent DNS queries to this host (dns.log):
  // a resolver or forwarder, whose lookups are its clients' (learnt from
  // behaviour, never from names or addresses).
  bool IsResolver(uint32_t org, const Ip& host) const { return resolvers_.contains({org, host}); }
  const Prevalence& prevalence() const { return prevalence_; }
  const ClientUsers& ja3_users() const { return ja3_users_; }
  const ClientUsers& ua_users() const { return ua_users_; }
  // A certificate's issuer from org `org`'s x509 logs, by fingerprint
  // (lower-case hex); empty when that org's sensors did not log the
  // certificate (another org's x509 logs say nothing about this org's).
  std::string_view CertIssuer(uint32_t org, std::string_view fingerprint) const;
  // Per org index: the span of its data.
  const absl::flat_hash_map<uint32_t, Span>& spans() const { return spans_; }

 private:
  void OnLogRecord(const OrgContext& org, const Record& r);
  void OnConn(const OrgContext& org, const Record& r, bool open);
  // `open`: an open_ssl/open_http record (logged again when it closes).
  void OnNamed(const OrgContext& org, const Record& r, bool http, bool open);
  void OnDns(const OrgContext& org, const Record& r);
  void OnX509(const OrgContext& org, const Record& r);
  void CountCosts(std::vector<RankCosts>& costs, std::vector<uint64_t>& fixed, bool ranked) const;
  // Certificate issuers by org and fingerprint (CertIssuerKey): the x509
  // logs' few distinct certificates, charged to the budget like every other table.
  absl::flat_hash_map<std::string, std::string> cert_issuers_;
  uint64_t certs_charged_ = 0;
  OrgShares* shares_;
  OrgLedger ledger_;  // before the tables that charge it
  uint64_t share_ = UINT64_MAX;
  PairTable pairs_;
  DnsTable dns_;
  ClientUsers ja3_users_, ua_users_;
  absl::flat_hash_set<std::pair<uint32_t, Ip>> hosts_;  // internal hosts seen talking outwards
  static constexpr uint64_t kHostCost = (sizeof(std::pair<uint32_t, Ip>) + 1) * 3 / 2;
  MemoryBudget& budget_;
  void AddHost(uint32_t org, const Ip& host);
  Prevalence prevalence_;
  absl::flat_hash_map<uint32_t, Span> spans_;
  FieldSet<11> conn_{{"id.orig_h", "id.resp_h", "duration", "orig_bytes", "resp_bytes", "local_orig", "local_resp",
                      "conn_state", "id.resp_p", "proto", "service"}};
  // The same shape for TLS and HTTP (ssl logs have no uri or MIME types, http no certificates).
  FieldSet<8> ssl_{{"id.orig_h", "id.resp_h", "server_name", "ja3", "local_orig", "uri", "resp_mime_types",
                    "cert_chain_fps"}};
  FieldSet<8> http_{{"id.orig_h", "id.resp_h", "host", "user_agent", "local_orig", "uri", "resp_mime_types",
                     "cert_chain_fps"}};
  FieldSet<1> http_depth_{{"trans_depth"}};
  FieldSet<2> x509_{{"fingerprint", "certificate.issuer"}};
  FieldSet<8> dns_fields_{{"id.orig_h", "query", "qtype_name", "qtype", "rcode_name", "rcode", "answers",
                           "id.resp_h"}};
  // Internal hosts other internal hosts send DNS queries to: the org's
  // resolvers and forwarders, whose own upstream lookups are their clients'.
  absl::flat_hash_set<std::pair<uint32_t, Ip>> resolvers_;
};

}  // namespace dragnet
