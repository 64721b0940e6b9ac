#include "detect/cert_anomaly/cert_anomaly_detector.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/cert_anomaly/cert_checks.h"
#include "detect/cert_anomaly/cert_state.h"

namespace dragnet {

double CertAnomalyScore(uint8_t a, const CertAnomalyParams& p) {
  if (!(a & (kSelfSigned | kExpired | kNameMismatch))) return 0;
  double s = ((a & kSelfSigned) ? p.self_signed_weight : 0) + ((a & kExpired) ? p.expired_weight : 0) +
             ((a & kNameMismatch) ? p.name_mismatch_weight : 0) + ((a & kOldTls) ? p.old_tls_weight : 0);
  return RoundScore(std::min(s, p.max_score));
}

namespace {

std::vector<std::string> AnomalyNames(uint8_t a) {
  std::vector<std::string> out;
  if (a & kSelfSigned) out.push_back("self_signed");
  if (a & kExpired) out.push_back("expired");
  if (a & kNameMismatch) out.push_back("name_mismatch");
  if (a & kOldTls) out.push_back("old_tls");
  return out;
}

std::string Phrase(const CertSessionKey& k, const CertSession& s) {
  std::vector<std::string> parts;
  if (s.anomalies & kSelfSigned) parts.push_back("self-signed");
  if (s.anomalies & kExpired) parts.push_back("expired");
  if (s.anomalies & kNameMismatch)
    parts.push_back(fmt::format("for '{}' when asked for '{}' (a name the server cannot own)",
                                cert::SubjectCn(k.subject), s.sni));
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
  if (s.anomalies & kOldTls) text += ", over " + s.version;
  return text;
}

class CertAnomalyDetector : public Detector {
 public:
  explicit CertAnomalyDetector(CertAnomalyParams p) : p_(p) {
    spec_.name = "cert_anomaly";
    spec_.summary = "external TLS servers showing a self-signed, expired or wrongly named certificate (weak alone)";
    spec_.attack = {"T1573.002"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true};
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_required = {"ssl"};
    spec_.logs_optional = {"x509"};
    spec_.without_logs =
        "Without ssl it finds nothing; without x509 it reads the certificate's subject, issuer and validation "
        "status from ssl.log (Zeek before 4.0) and, having no SANs, calls a name mismatched only when the common "
        "name is no public host name.";
    using enum EvidenceType;
    spec_.evidence = {{"server", kString},  {"server_name", kString}, {"subject", kString},
                      {"issuer", kString},  {"validation_status", kString}, {"tls_version", kString},
                      {"anomalies", kArray}, {"sessions", kNumber}, {"hosts_shown_certificate", kNumber}};
  }

  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<CertState>(); }
  bool WantsField(std::string_view log, std::string_view field) const override {
    return CertState::WantsField(log, field);
  }
  std::vector<std::string> FirstPassLogs() const override { return {"x509"}; }
  void EndFirstPass(std::vector<DetectorState*>& states) const override {
    CertState::Certs all;
    for (DetectorState* s : states)
      for (auto& [k, v] : static_cast<CertState*>(s)->certs()) all.try_emplace(k, v);
    for (DetectorState* s : states) static_cast<CertState*>(s)->certs() = all;
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!merged) return out;
    const auto& sessions = static_cast<CertState*>(merged)->sessions();
    // Hosts of the org shown each certificate: many is a fleet's appliance or vendor.
    std::map<std::tuple<uint32_t, std::string, std::string>, std::vector<Ip>> shown;
    for (const auto& [k, s] : sessions) {
      auto& hosts = shown[{k.org, k.subject, k.issuer}];
      if (hosts.empty() || hosts.back() != k.host) hosts.push_back(k.host);  // keys sorted by host within org
    }
    for (auto& [k, hosts] : shown) {
      std::sort(hosts.begin(), hosts.end());
      hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
    }
    for (const auto& [k, s] : sessions) {
      size_t hosts = shown[{k.org, k.subject, k.issuer}].size();
      if (hosts >= p_.fleet_hosts) continue;
      if (ctx.orgs[k.org].Allows(k.server) || (!s.sni.empty() && ctx.orgs[k.org].Allows(AsciiLowerName(s.sni))))
        continue;
      double score = CertAnomalyScore(s.anomalies, p_);
      if (score < p_.min_score || score <= 0) continue;
      std::string server = k.server.ToString();
      Finding f = NewFinding(ctx, k.org, k.host, "cert_anomaly", score, {server}, s.first_us, s.last_us, spec_.attack);
      f.summary = fmt::format("{} was shown a certificate by {} that is {}; {} session{}", k.host.ToString(), server,
                              Phrase(k, s), Thousands(s.sessions), s.sessions == 1 ? "" : "s");
      JsonWriter w;
      w.BeginObject();
      w.Key("server").String(server);
      w.Key("server_name").String(s.sni);
      w.Key("subject").String(k.subject);
      w.Key("issuer").String(k.issuer);
      w.Key("validation_status").String(s.status);
      w.Key("tls_version").String(s.version);
      w.Key("anomalies").BeginArray();
      for (const std::string& a : AnomalyNames(s.anomalies)) w.String(a);
      w.EndArray();
      w.Key("sessions").Uint(s.sessions);
      w.Key("hosts_shown_certificate").Uint(hosts);
      w.EndObject();
      f.evidence_json = w.Take();
      out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  static std::string AsciiLowerName(std::string_view name) {
    std::string out(name);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }

  CertAnomalyParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(CertAnomalyParams& p) {
  return {
      {"self_signed_weight", &p.self_signed_weight, "score of a self-signed certificate", NumberRange::Unit()},
      {"expired_weight", &p.expired_weight, "score of a certificate expired when used", NumberRange::Unit()},
      {"name_mismatch_weight", &p.name_mismatch_weight, "score of a name the server cannot own",
       NumberRange::Unit()},
      {"old_tls_weight", &p.old_tls_weight, "added for SSL 2/3 or TLS 1.0/1.1 with an anomaly", NumberRange::Unit()},
      {"max_score", &p.max_score, "the most a finding scores (weak alone)", NumberRange::Unit()},
      {"fleet_hosts", &p.fleet_hosts, "hosts of an org shown one certificate: fleet routine, quiet",
       NumberRange::AtLeast(1)},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewCertAnomalyDetector(CertAnomalyParams params) {
  return std::make_unique<CertAnomalyDetector>(params);
}

}  // namespace dragnet
