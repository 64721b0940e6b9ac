// What cert_anomaly gathers: the certificates of x509.log (first pass, by
// fingerprint and by file id), then each TLS session of ssl.log from an
// internal client to an external server whose leaf certificate shows an
// anomaly, per (org, client, server, subject, issuer).
#pragma once

#include <map>
#include <string>
#include <tuple>

#include <absl/container/flat_hash_map.h>

#include "aggregate/field_set.h"
#include "detect/detector.h"

namespace dragnet {

// Anomaly bits of a session (CertSession::anomalies).
enum CertAnomaly : uint8_t { kSelfSigned = 1, kExpired = 2, kNameMismatch = 4, kOldTls = 8 };

struct CertInfo {
  std::string subject, issuer;
  std::vector<std::string> sans;  // san.dns
  int64_t not_after_us = 0;       // 0: unknown
};

struct CertSessionKey {
  uint32_t org;
  Ip host, server;
  std::string subject, issuer;
  friend bool operator<(const CertSessionKey& a, const CertSessionKey& b) {
    return std::tie(a.org, a.host, a.server, a.subject, a.issuer) <
           std::tie(b.org, b.host, b.server, b.subject, b.issuer);
  }
};

struct CertSession {
  uint64_t sessions = 0;
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  uint8_t anomalies = 0;                 // CertAnomaly bits, any session
  std::string sni, version, status;      // smallest non-empty seen (order-free)
};

class CertState : public DetectorState {
 public:
  // Kept sessions; at the cap the smallest keys stay (one result whatever
  // the arrival order or the number of workers).
  static constexpr size_t kMaxSessions = 1 << 16;
  static constexpr size_t kMaxCerts = 1 << 18;

  void OnRecord(const OrgContext& org, const Record& r) override;
  void Merge(DetectorState& other) override;
  static bool WantsField(std::string_view log, std::string_view field);

  // Certificates by org and id (fingerprint or file id): what the first pass
  // gathered, shared by every worker before ssl records come.
  using Certs = absl::flat_hash_map<std::pair<uint32_t, std::string>, CertInfo>;
  Certs& certs() { return certs_; }
  const std::map<CertSessionKey, CertSession>& sessions() const { return sessions_; }

 private:
  void OnX509(const OrgContext& org, const Record& r);
  void OnSsl(const OrgContext& org, const Record& r);
  void Add(const CertSessionKey& key, const CertSession& s);

  Certs certs_;
  std::map<CertSessionKey, CertSession> sessions_;
  FieldSet<12> ssl_{{"id.orig_h", "id.resp_h", "local_orig", "local_resp", "version", "server_name", "subject",
                     "issuer", "validation_status", "cert_chain_fps", "cert_chain_fuids", "resumed"}};
  FieldSet<6> x509_{{"fingerprint", "id", "certificate.subject", "certificate.issuer",
                     "certificate.not_valid_after", "san.dns"}};
};

}  // namespace dragnet
