// The cert_anomaly detector: TLS servers outside the organisation that show an
// internal client a certificate no public service would -- self-signed,
// expired at the time of use, or for a name the server cannot own (the SNI
// not among its names) -- from ssl.log alone or with x509.log. Each is weak
// alone (intranet-style appliances, lazy hosting, interception proxies), so
// findings stay low (max_score) and corroborate other evidence of the host;
// an old TLS version only adds to a certificate anomaly. A certificate that
// many hosts of the org are shown is fleet routine and never reported.
// One finding per (org, client, server, certificate). docs/detectors/cert_anomaly.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct CertAnomalyParams {
  double self_signed_weight = 0.3;
  double expired_weight = 0.25;
  double name_mismatch_weight = 0.35;
  double old_tls_weight = 0.05;   // only with a certificate anomaly
  double max_score = 0.45;        // weak alone: below medium (0.5)
  uint32_t fleet_hosts = 3;       // hosts of the org shown one certificate: fleet routine
  double min_score = 0.25;
};

// Sum of the weights of the CertAnomaly bits (cert_state.h), at most max_score.
double CertAnomalyScore(uint8_t anomalies, const CertAnomalyParams& p = {});

std::unique_ptr<Detector> NewCertAnomalyDetector(CertAnomalyParams params = {});
std::vector<ParamBinding> Bindings(CertAnomalyParams& p);

}  // namespace dragnet
