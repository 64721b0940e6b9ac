// Internal to the intel detector: per-worker match state.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "detect/detector.h"
#include "detect/intel/intel_detector.h"
#include "detect/intel/miss_cache.h"

namespace dragnet::intel_internal {

// Where a value was found: log type and field, e.g. ("dns", "answers").
struct Place {
  std::string log;
  const char* field;  // static string
  uint64_t count = 0;
};

struct MatchKey {
  uint32_t org;
  Ip host;
  uint32_t indicator;  // head of the indicator's chain: the value, all feeds
  friend bool operator==(const MatchKey& a, const MatchKey& b) {
    return a.org == b.org && a.host == b.host && a.indicator == b.indicator;
  }
  template <typename H>
  friend H AbslHashValue(H h, const MatchKey& k) {
    return H::combine(std::move(h), k.org, k.host, k.indicator);
  }
};

// How the host a hit is attributed to stands to the listed value.
enum class HostRole : uint8_t {
  kImplicated,   // the party the value implicates: the client of a listed address or
                 // name, the receiver of a listed file
  kCounterpart,  // the other party, internal where the implicated one is not: the
                 // server an outside client asked, the sender of a listed file
  kListed,       // the listed address is the host's own
  kTransfer,     // a file's party when the log does not say who sent it
};
constexpr size_t kHostRoles = 4;

// One party of a record: its address and Zeek's local_orig/local_resp for it
// (-1 when the log does not say).
struct Party {
  std::optional<Ip> ip;
  int local = -1;
};

// The org's host for a hit: the first of `parties` that is one of the org's
// internal addresses (OrgContext::IsInternal: home networks, else Zeek's
// local_* hint, else RFC 1918/ULA), with its role; nullopt when none is --
// an org's host is always one of its internal addresses, never the outside
// party of a record.
std::optional<std::pair<Ip, HostRole>> InternalHost(
    const OrgContext& org, const std::vector<std::pair<Party, HostRole>>& parties);

struct MatchAgg {
  uint64_t count = 0;
  uint64_t outbound = 0;  // the host initiated (or looked up / requested)
  uint64_t inbound = 0;   // the listed endpoint initiated
  std::array<uint64_t, kHostRoles> roles{};  // hits by HostRole
  Timestamp first{INT64_MAX};
  Timestamp last{INT64_MIN};
  std::vector<Place> places;
  std::vector<std::pair<int64_t, std::string>> samples;  // smallest (ts, uid) kept
  std::vector<std::string> observed;                     // smallest distinct values kept
  // DNS answers: the query names that returned the listed value.
  std::vector<std::string> resolved_from;
  // Hits where every listing of the value names a port and none could be
  // checked (a DNS answer): a weaker "resolved to" match.
  uint64_t port_unchecked = 0;
  // Listings (indicator ids) whose port the connection's responder port
  // matched, smallest kept.
  std::vector<uint32_t> port_listings;
  // Internal DNS servers the host asked for the value (dns.log, host the
  // originator): the resolver whose own lookup names this client.
  std::vector<Ip> dns_servers;
  uint32_t attack_bits = 0;                               // see kAttackIds
};

// ATT&CK techniques an intel match can indicate, by where it was seen.
constexpr std::array<const char*, 7> kAttackIds = {"T1071", "T1071.001", "T1071.004", "T1573.002",
                                                   "T1105", "T1566", "T1090"};
enum AttackBit : uint32_t {
  kC2 = 1, kWebC2 = 2, kDnsC2 = 4, kEncryptedC2 = 8, kToolTransfer = 16, kPhishing = 32,
};

class IntelState : public DetectorState {
 public:
  // `lists`: the --warninglist lists, then the never-flag set; a match's
  // suppression is counted at the list's index in that concatenation.
  IntelState(const IndicatorSet& intel, std::vector<const Warninglists*> lists, const IntelParams& params);
  void OnRecord(const OrgContext& org, const Record& record) override;
  void Merge(DetectorState& other) override;

  const absl::flat_hash_map<MatchKey, MatchAgg>& matches() const { return matches_; }
  const std::vector<uint64_t>& suppressed() const { return suppressed_; }
  // Address hits not taken because every listing names another port than the
  // connection's responder port (or the address was not the responder).
  uint64_t port_mismatches() const { return port_mismatches_; }
  // DNS roles learnt from every dns record, by (org index, address):
  // kServesClients when an internal client asked it, kAsks when it asked
  // another server (outside, or an internal upstream: a forwarder). Both make
  // a resolver (docs/detectors/intel.md).
  enum DnsRole : uint8_t { kServesClients = 1, kAsks = 2 };
  using DnsRoles = absl::flat_hash_map<std::pair<uint32_t, Ip>, uint8_t>;
  const DnsRoles& dns_roles() const { return dns_roles_; }
  bool IsResolver(uint32_t org, const Ip& ip) const {
    auto it = dns_roles_.find(std::make_pair(org, ip));
    return it != dns_roles_.end() && it->second == (kServesClients | kAsks);
  }
  // Per org index: hits with no internal party (InternalHost), not reported.
  const std::vector<uint64_t>& unattributed() const { return unattributed_; }
  // Certificates (fingerprints, x509 file ids) found bad in an org's x509
  // logs, to judge that org's ssl records by: (org index, value) -> indicator
  // head. Keyed by org: what one org's sensors saw of a certificate (its
  // names) never condemns, or names, another org's connections.
  using BadCerts = absl::flat_hash_map<std::pair<uint32_t, std::string>, uint32_t>;
  BadCerts& bad_certs() { return bad_certs_; }
  // Records a bad certificate; when several listed values condemn the same
  // certificate, the lowest indicator id wins, so the result does not depend
  // on which worker read which x509 file first.
  static void AddBadCert(BadCerts& certs, uint32_t org, std::string key, uint32_t head);

 private:
  enum class Kind { kConn, kDns, kHttp, kSsl, kX509, kFiles, kSmtp, kOther };
  struct Fields {
    Kind kind = Kind::kOther;
    int orig = -1, resp = -1, resp_p = -1, uid = -1, local_orig = -1, local_resp = -1;
    int query = -1, answers = -1;                          // dns
    int host = -1, uri = -1, referrer = -1;                // http
    int sni = -1, ja3 = -1, ja3s = -1, ja4 = -1, fps = -1, fuids = -1;  // ssl
    int fingerprint = -1, san_dns = -1, x509_id = -1;      // x509
    int md5 = -1, sha1 = -1, sha256 = -1, rx = -1, tx = -1, is_orig = -1;  // files
    int data_channel = -1;                                 // ftp
    std::array<int, 6> mail{{-1, -1, -1, -1, -1, -1}};     // smtp addresses
  };
  void Resolve(const Schema& schema);

  struct Seen {
    const OrgContext* org;
    const Record* record;
    std::optional<Ip> orig, resp;
    bool parsed = false;  // orig/resp are parsed lazily when no IP is indexed
  };
  // The parties of a hit in the order InternalHost tries them.
  using Parties = std::vector<std::pair<Party, HostRole>>;
  void ParseEndpoints(Seen& s) const;
  void CheckIp(Seen& s, const Ip& ip, bool is_resp_side, const char* field, bool endpoint);
  void CheckDomain(Seen& s, std::string_view name, const char* field, uint32_t attack);
  void CheckUrl(Seen& s, std::string_view url, const char* field);
  void CheckHash(Seen& s, uint32_t head, std::string_view value, const char* field, uint32_t attack,
                 const Parties& parties = {});
  // A TLS fingerprint field (JA3, JA3S, JA4) looked up lower-cased in `hex`
  // with `find`. A member, not a lambda in OnRecord: in the ASan+UBSan debug
  // build (GCC 12) calling that lambda from inside OnRecord's switch read its
  // closure as out of scope (stack-use-after-scope, then a bad `this`) on
  // every ssl record with a fingerprint -- the golden case every_place.
  void CheckHex(Seen& s, int field, uint32_t (IndicatorSet::*find)(std::string_view) const, const char* name,
                std::string& hex);
  // Which endpoint of the record the listed value is: kOrig or kResp for an
  // address hit on id.orig_h/id.resp_h, kNone for values inside the record
  // (names, URLs, answers, fingerprints, mail), which the originator used.
  enum class Listed { kNone, kOrig, kResp };
  Parties EndpointParties(Seen& s, Listed listed) const;
  // files.log: receivers first, then senders (tx_hosts/rx_hosts, else the
  // connection's endpoints by is_orig); never empty.
  Parties TransferParties(Seen& s) const;
  // Records a hit for the org's host among `parties` (EndpointParties when
  // empty), or counts it unattributed when none is internal.
  // `port_listing`: for an address hit, the port-qualified listing whose
  // port matched (kNone: none); `port_unchecked`: only port-qualified
  // listings and no port to check them with.
  void Hit(Seen& s, uint32_t head, std::string_view observed, const char* field, uint32_t attack,
           Listed listed, const Parties& parties = {}, uint32_t port_listing = IndicatorSet::kNone,
           bool port_unchecked = false);
  // Index (in the concatenation of lists_) of the list that suppresses the
  // value, or -1.
  int Suppressing(uint32_t head, std::string_view observed);
  // An address hit on chain `head`, checked against the listings' ports.
  void HitAddress(Seen& s, uint32_t head, std::string_view text, const char* field, Listed listed);
  // The index's exact and CIDR hits for an address (endpoints, DNS answers),
  // past ip_misses_.
  void LookupIp(const Ip& ip, uint32_t& exact, uint32_t& cidr);
  // An endpoint field's text -> its address and index hits.
  struct Endpoint {
    std::optional<Ip> ip;
    uint32_t exact = IndicatorSet::kNone;
    uint32_t cidr = IndicatorSet::kNone;
    bool hit() const { return exact != IndicatorSet::kNone || cidr != IndicatorSet::kNone; }
  };
  Endpoint LookupEndpoint(std::string_view text);

  const IndicatorSet& intel_;
  std::vector<const Warninglists*> lists_;
  const IntelParams& params_;
  uint64_t port_mismatches_ = 0;
  DnsRoles dns_roles_;
  void NoteDnsRoles(Seen& s);
  const Schema* schema_ = nullptr;
  uint64_t schema_version_ = UINT64_MAX;
  Fields f_;
  absl::flat_hash_map<MatchKey, MatchAgg> matches_;
  std::vector<uint64_t> suppressed_;
  std::vector<uint64_t> unattributed_;  // by org index
  absl::flat_hash_map<std::string, int> suppression_cache_;
  BadCerts bad_certs_;
  // A bad certificate of this org, or kNone.
  uint32_t FindBadCert(uint32_t org, std::string_view value) const;
  MissCache ip_misses_;      // addresses the index does not hold
  MissCache domain_misses_;  // names neither listed nor below a listed name
  uint32_t CachedFindDomain(std::string_view normalized);
  std::string scratch_;
  std::string domain_buf_;
  // Which lookup families have indicators at all (the rest are skipped).
  bool has_ips_ = false, has_domains_ = false, has_urls_ = false, has_files_ = false, has_certs_ = false,
       has_ja3_ = false, has_ja3s_ = false, has_ja4_ = false, has_email_ = false;
};

}  // namespace dragnet::intel_internal
