// cert_anomaly: self-signed, expired and wrongly named certificates of
// external TLS servers; weak alone, quiet when a fleet is shown the same one.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/cert_anomaly/cert_anomaly_detector.h"
#include "detect/cert_anomaly/cert_checks.h"
#include "detect/cert_anomaly/cert_state.h"
#include "test_util.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using Row = std::vector<std::string>;

TEST(CertChecks, CommonName) {
  EXPECT_EQ(cert::SubjectCn("CN=www.google.com,O=Google Inc,C=US"), "www.google.com");
  EXPECT_EQ(cert::SubjectCn("O=Fastly\\, Inc.,CN=a.ssl.fastly.net"), "a.ssl.fastly.net");
  EXPECT_EQ(cert::SubjectCn("CN=whatever"), "whatever");
  EXPECT_EQ(cert::SubjectCn("O=Acme,C=US"), "");
}

TEST(CertChecks, WildcardsCoverOneLabel) {
  EXPECT_TRUE(cert::NameCovers("*.example.com", "www.example.com"));
  EXPECT_TRUE(cert::NameCovers("WWW.example.com", "www.example.com."));
  EXPECT_FALSE(cert::NameCovers("*.example.com", "example.com"));
  EXPECT_FALSE(cert::NameCovers("*.example.com", "a.b.example.com"));
  EXPECT_FALSE(cert::NameCovers("", "example.com"));
}

TEST(CertChecks, NamesTheServerCannotOwn) {
  // With SANs: one must cover the SNI.
  EXPECT_TRUE(cert::ServerCanOwn("fonts.gstatic.com", "*.google.com", {"*.google.com", "*.gstatic.com"}));
  EXPECT_FALSE(cert::ServerCanOwn("netflix.com", "www.google.com", {"www.google.com"}));
  // The common name alone: only one that is no public host name.
  EXPECT_FALSE(cert::ServerCanOwn("netflix.com", "whatever", {}));
  EXPECT_FALSE(cert::ServerCanOwn("bank.example.com", "localhost", {}));
  EXPECT_TRUE(cert::ServerCanOwn("fonts.gstatic.com", "*.google.com", {}));
  // Nothing to compare.
  EXPECT_TRUE(cert::ServerCanOwn("", "whatever", {}));
  EXPECT_TRUE(cert::ServerCanOwn("203.0.113.9", "whatever", {}));
  EXPECT_TRUE(cert::ServerCanOwn("www.example.com", "", {}));
}

TEST(CertChecks, VersionsSelfSignedExpired) {
  EXPECT_TRUE(cert::IsOldTls("TLSv10"));
  EXPECT_TRUE(cert::IsOldTls("SSLv3"));
  EXPECT_FALSE(cert::IsOldTls("TLSv12"));
  EXPECT_FALSE(cert::IsOldTls("TLSv13"));
  EXPECT_TRUE(cert::IsSelfSigned("CN=a", "CN=b", "self signed certificate"));
  EXPECT_FALSE(cert::IsSelfSigned("CN=a", "CN=b", "self signed certificate in certificate chain"));
  EXPECT_TRUE(cert::IsSelfSigned("CN=prosacco.sons.com", "CN=prosacco.sons.com", ""));
  EXPECT_FALSE(cert::IsSelfSigned("", "", ""));
  EXPECT_TRUE(cert::IsExpired("certificate has expired", 0, 0));
  EXPECT_TRUE(cert::IsExpired("", 1000, 2000));
  EXPECT_FALSE(cert::IsExpired("", 3000, 2000));
  EXPECT_FALSE(cert::IsExpired("", 0, 2000));
}

TEST(CertAnomalyScore, WeakAloneAndCapped) {
  CertAnomalyParams p;
  EXPECT_DOUBLE_EQ(CertAnomalyScore(kSelfSigned, p), 0.3);
  EXPECT_DOUBLE_EQ(CertAnomalyScore(kExpired, p), 0.25);
  EXPECT_DOUBLE_EQ(CertAnomalyScore(kNameMismatch | kOldTls, p), 0.4);
  EXPECT_DOUBLE_EQ(CertAnomalyScore(kSelfSigned | kExpired | kNameMismatch | kOldTls, p), 0.45);  // below medium
  EXPECT_EQ(CertAnomalyScore(kOldTls, p), 0);  // an old version alone is no certificate anomaly
}

const std::vector<std::pair<std::string, std::string>> kSsl = {
    {"ts", "time"},          {"uid", "string"},     {"id.orig_h", "addr"},          {"id.orig_p", "port"},
    {"id.resp_h", "addr"},   {"id.resp_p", "port"}, {"version", "string"},         {"server_name", "string"},
    {"cert_chain_fps", "vector[string]"}, {"validation_status", "string"}};
const std::vector<std::pair<std::string, std::string>> kX509 = {
    {"ts", "time"},
    {"fingerprint", "string"},
    {"certificate.subject", "string"},
    {"certificate.issuer", "string"},
    {"certificate.not_valid_after", "time"},
    {"san.dns", "vector[string]"}};

constexpr double kT0 = 1700000000;

Row Ssl(int i, const std::string& host, const std::string& server, const std::string& version,
        const std::string& sni, const std::string& fp, const std::string& status = "-") {
  return {fmt::format("{:.6f}", kT0 + i * 60), fmt::format("CS{}", i), host, "50000", server, "443", version, sni,
          fp, status};
}

std::vector<Finding> Hunt(const std::vector<Row>& ssl, const std::vector<Row>& x509) {
  testing::TempDir dir;
  dir.Write("org/ssl.log", testing::TsvLog("ssl", kSsl, ssl));
  dir.Write("org/x509.log", testing::TsvLog("x509", kX509, x509));
  return testing::HuntOrg(dir.path() + "/org", {"cert_anomaly"}, "10.0.0.0/8");
}

std::string Anomalies(const Finding& f) {
  size_t at = f.evidence_json.find("\"anomalies\":");
  return f.evidence_json.substr(at + 12, f.evidence_json.find(']', at) - at - 11);
}

TEST(CertAnomaly, EachAnomalyFromX509AndTheRestQuiet) {
  std::string t0 = fmt::format("{:.6f}", kT0);
  std::vector<Row> x509 = {
      {t0, "aa01", "CN=update.example.net", "CN=update.example.net", fmt::format("{:.6f}", kT0 + 1e8), "-"},
      {t0, "aa02", "CN=shop.example.org", "CN=Some CA", fmt::format("{:.6f}", kT0 - 86400), "shop.example.org"},
      {t0, "aa03", "CN=www.google.com", "CN=Google CA", fmt::format("{:.6f}", kT0 + 1e8), "www.google.com"},
      {t0, "aa04", "CN=*.example.com", "CN=Some CA", fmt::format("{:.6f}", kT0 + 1e8), "*.example.com"},
      {t0, "aa05", "CN=nas.vendor.example", "CN=nas.vendor.example", fmt::format("{:.6f}", kT0 + 1e8), "-"},
  };
  std::vector<Row> ssl = {
      Ssl(1, "10.0.0.5", "203.0.113.9", "TLSv10", "-", "aa01"),                  // self-signed, old TLS
      Ssl(2, "10.0.0.6", "198.51.100.4", "TLSv12", "shop.example.org", "aa02"),  // expired when used
      Ssl(3, "10.0.0.7", "192.0.2.10", "TLSv12", "netflix.com", "aa03"),         // a name it cannot own
      Ssl(4, "10.0.0.8", "192.0.2.20", "TLSv10", "www.example.com", "aa04"),     // old TLS alone: quiet
  };
  // A self-signed vendor appliance certificate four hosts are shown: fleet routine.
  for (int h = 20; h < 24; ++h) ssl.push_back(Ssl(h, fmt::format("10.0.0.{}", h), "192.0.2.50", "TLSv12", "-", "aa05"));
  // The same self-signed certificate on an internal server: not an external one.
  ssl.push_back(Ssl(30, "10.0.0.9", "10.0.1.1", "TLSv12", "-", "aa01"));
  auto findings = Hunt(ssl, x509);
  ASSERT_EQ(findings.size(), 3u);
  auto self = testing::Of(findings, "10.0.0.5", "cert_anomaly");
  ASSERT_EQ(self.size(), 1u);
  EXPECT_EQ(Anomalies(*self[0]), "[\"self_signed\",\"old_tls\"]");
  EXPECT_DOUBLE_EQ(self[0]->score, 0.35);
  EXPECT_EQ(self[0]->severity, Severity::kLow);
  auto expired = testing::Of(findings, "10.0.0.6", "cert_anomaly");
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(Anomalies(*expired[0]), "[\"expired\"]");
  auto mismatch = testing::Of(findings, "10.0.0.7", "cert_anomaly");
  ASSERT_EQ(mismatch.size(), 1u);
  EXPECT_EQ(Anomalies(*mismatch[0]), "[\"name_mismatch\"]");
  EXPECT_NE(mismatch[0]->summary.find("'www.google.com' when asked for 'netflix.com'"), std::string::npos)
      << mismatch[0]->summary;
}

TEST(CertAnomaly, FleetThresholdIsTheOnlyThingThatQuietsTheAppliance) {
  // Two hosts shown the self-signed appliance certificate: under fleet_hosts (3), reported.
  std::string t0 = fmt::format("{:.6f}", kT0);
  std::vector<Row> x509 = {
      {t0, "aa05", "CN=nas.vendor.example", "CN=nas.vendor.example", fmt::format("{:.6f}", kT0 + 1e8), "-"}};
  std::vector<Row> ssl;
  for (int h = 20; h < 22; ++h) ssl.push_back(Ssl(h, fmt::format("10.0.0.{}", h), "192.0.2.50", "TLSv12", "-", "aa05"));
  EXPECT_EQ(Hunt(ssl, x509).size(), 2u);
}

}  // namespace
}  // namespace dragnet
