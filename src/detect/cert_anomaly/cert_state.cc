#include "detect/cert_anomaly/cert_state.h"

#include <algorithm>

#include "core/text.h"
#include "detect/cert_anomaly/cert_checks.h"

namespace dragnet {
namespace {

int Hint(const Record& r, int field) {
  auto v = r.GetBool(field);
  return v ? static_cast<int>(*v) : -1;
}

void KeepSmallest(std::string& slot, std::string_view value) {
  if (value.empty()) return;
  if (slot.empty() || value < slot) slot.assign(value);
}

// The first element of a container field (the leaf of a chain).
std::string_view First(const Record& r, int field) {
  std::string_view out;
  r.ForEach(field, [&](std::string_view v) {
    if (out.empty()) out = v;
  });
  return out;
}

}  // namespace

bool CertState::WantsField(std::string_view log, std::string_view f) {
  if (log == "x509")
    return f == "fingerprint" || f == "id" || f == "certificate.subject" || f == "certificate.issuer" ||
           f == "certificate.not_valid_after" || f == "san.dns";
  if (log == "ssl")
    return f == "id.orig_h" || f == "id.resp_h" || f == "local_orig" || f == "local_resp" || f == "version" ||
           f == "server_name" || f == "subject" || f == "issuer" || f == "validation_status" ||
           f == "cert_chain_fps" || f == "cert_chain_fuids" || f == "resumed";
  return false;
}

void CertState::OnRecord(const OrgContext& org, const Record& r) {
  const std::string& log = r.schema().path();
  if (log == "x509") OnX509(org, r);
  else if (log == "ssl") OnSsl(org, r);
}

void CertState::OnX509(const OrgContext& org, const Record& r) {
  const auto& f = x509_.Resolve(r.schema());
  CertInfo info{std::string(r.Text(f[2])), std::string(r.Text(f[3])), {}, 0};
  if (auto t = r.GetTime(f[4])) info.not_after_us = t->micros();
  r.ForEach(f[5], [&](std::string_view san) { info.sans.push_back(AsciiLower(san)); });
  std::sort(info.sans.begin(), info.sans.end());
  for (int id : {f[0], f[1]}) {
    std::string_view key = r.Text(id);
    if (key.empty() || certs_.size() >= kMaxCerts) continue;
    certs_.try_emplace({org.index, AsciiLower(key)}, info);
  }
}

void CertState::OnSsl(const OrgContext& org, const Record& r) {
  const auto& f = ssl_.Resolve(r.schema());
  auto host = r.GetIp(f[0]);
  auto server = r.GetIp(f[1]);
  if (!host || !server || !org.IsInternal(*host, Hint(r, f[2])) || org.IsInternal(*server, Hint(r, f[3]))) return;
  // The leaf certificate: ssl.log's own subject/issuer (Zeek before 4.0),
  // else x509.log's by fingerprint or file id. Resumed sessions show none.
  CertInfo leaf{std::string(r.Text(f[6])), std::string(r.Text(f[7])), {}, 0};
  const CertInfo* x509 = nullptr;
  for (int chain : {f[9], f[10]}) {
    std::string_view id = First(r, chain);
    if (id.empty() || x509) continue;
    if (auto it = certs_.find({org.index, AsciiLower(id)}); it != certs_.end()) x509 = &it->second;
  }
  if (x509) {
    if (leaf.subject.empty()) leaf.subject = x509->subject;
    if (leaf.issuer.empty()) leaf.issuer = x509->issuer;
    leaf.sans = x509->sans;
    leaf.not_after_us = x509->not_after_us;
  }
  if (leaf.subject.empty() && leaf.issuer.empty()) return;
  std::string_view status = r.Text(f[8]);
  uint8_t bits = 0;
  if (cert::IsSelfSigned(leaf.subject, leaf.issuer, status)) bits |= kSelfSigned;
  if (cert::IsExpired(status, leaf.not_after_us, r.ts().micros())) bits |= kExpired;
  if (!cert::ServerCanOwn(r.Text(f[5]), cert::SubjectCn(leaf.subject), leaf.sans)) bits |= kNameMismatch;
  if (!bits) return;  // an old version alone is no anomaly of the certificate
  if (cert::IsOldTls(r.Text(f[4]))) bits |= kOldTls;
  CertSession s;
  s.sessions = 1;
  s.first_us = s.last_us = r.ts().micros();
  s.anomalies = bits;
  s.sni = std::string(r.Text(f[5]));
  s.version = std::string(r.Text(f[4]));
  s.status = std::string(status);
  Add(CertSessionKey{org.index, *host, *server, std::move(leaf.subject), std::move(leaf.issuer)}, s);
}

void CertState::Add(const CertSessionKey& key, const CertSession& s) {
  auto it = sessions_.find(key);
  if (it == sessions_.end()) {
    if (sessions_.size() >= kMaxSessions) {
      if (!(key < sessions_.rbegin()->first)) return;
      sessions_.erase(std::prev(sessions_.end()));
    }
    sessions_.emplace(key, s);
    return;
  }
  CertSession& a = it->second;
  a.sessions += s.sessions;
  a.first_us = std::min(a.first_us, s.first_us);
  a.last_us = std::max(a.last_us, s.last_us);
  a.anomalies |= s.anomalies;
  KeepSmallest(a.sni, s.sni);
  KeepSmallest(a.version, s.version);
  KeepSmallest(a.status, s.status);
}

void CertState::Merge(DetectorState& other_base) {
  auto& other = static_cast<CertState&>(other_base);
  for (const auto& [k, s] : other.sessions_) Add(k, s);
}

}  // namespace dragnet
