#include "detect/registry.h"

#include <algorithm>

#include "detect/beacon/beacon_detector.h"
#include "detect/border/border_admin_detector.h"
#include "detect/border/inbound_detector.h"
#include "detect/cert_anomaly/cert_anomaly_detector.h"
#include "detect/credential_attack/credential_attack_detector.h"
#include "detect/dga/dga_detector.h"
#include "detect/dns_tunnel/dns_tunnel_detector.h"
#include "detect/encryption/encryption_detector.h"
#include "detect/brute_force/brute_force_detector.h"
#include "detect/exfiltration/exfiltration_detector.h"
#include "detect/failed_c2/failed_c2_detector.h"
#include "detect/http_bare_ip/http_bare_ip_detector.h"
#include "detect/intel/intel_detector.h"
#include "detect/lateral_movement/lateral_movement_detector.h"
#include "detect/long_connection/long_connection_detector.h"
#include "detect/rare_destination/rare_destination_detector.h"
#include "detect/scan/scan_detector.h"
#include "detect/stager/stager_detector.h"

namespace dragnet {
namespace {

// Defaults, then --min-score (behavioural detectors), then --param overrides
// under the detector's name; every value is checked against its range. The
// first refusal is kept in `status`.
template <typename Params>
Params Configured(std::string_view name, const DetectorInputs& inputs, Status& status) {
  Params params{};
  if constexpr (requires { params.min_score; }) {
    if (inputs.min_score) params.min_score = *inputs.min_score;
  }
  if (status.ok()) status = ApplyOverrides(std::string(name), Bindings(params), inputs.params);
  return params;
}

using Build = std::unique_ptr<Detector> (*)(std::string_view name, const DetectorInputs& inputs, Status& status);

// A detector built by `New(Params)`, with its configured parameters.
template <typename Params, std::unique_ptr<Detector> (*New)(Params)>
std::unique_ptr<Detector> Make(std::string_view name, const DetectorInputs& inputs, Status& status) {
  return New(Configured<Params>(name, inputs, status));
}

std::unique_ptr<Detector> MakeIntel(std::string_view name, const DetectorInputs& inputs, Status& status) {
  return NewIntelDetector(inputs.intel, inputs.warninglists, Configured<IntelParams>(name, inputs, status),
                          inputs.never_flag);
}

struct Registered {
  std::string_view name;  // the name --param and --detectors use; its spec().name (checked by a test)
  Build build;
};

// THE registry: every detector, in the order they run and report. A new
// detector is its folder, its include above and one line here; everything
// else (kill chain, campaigns, exports, report) reads its DetectorSpec.
constexpr Registered kDetectors[] = {
    {"intel", MakeIntel},
    {"beacon", Make<BeaconParams, NewBeaconDetector>},
    {"dns_tunnel", Make<DnsTunnelParams, NewDnsTunnelDetector>},
    {"dga", Make<DgaDetectorParams, NewDgaDetector>},
    {"long_connection", Make<LongConnectionParams, NewLongConnectionDetector>},
    {"rare_destination", Make<RareDestinationParams, NewRareDestinationDetector>},
    {"failed_c2", Make<FailedC2Params, NewFailedC2Detector>},
    {"stager", Make<StagerParams, NewStagerDetector>},
    {"cert_anomaly", Make<CertAnomalyParams, NewCertAnomalyDetector>},
    {"http_bare_ip", Make<HttpBareIpParams, NewHttpBareIpDetector>},
    {"encryption", Make<EncryptionParams, NewEncryptionDetector>},
    {"credential_attack", Make<CredentialAttackParams, NewCredentialAttackDetector>},
    {"lateral_movement", Make<LateralMovementParams, NewLateralMovementDetector>},
    {"brute_force", Make<BruteForceParams, NewBruteForceDetector>},
    {"scan", Make<ScanParams, NewScanDetector>},
    {"exfiltration", Make<ExfiltrationParams, NewExfiltrationDetector>},
    {"inbound", Make<InboundParams, NewInboundDetector>},
    {"border_admin", Make<BorderAdminParams, NewBorderAdminDetector>},
};

}  // namespace

Result<std::vector<std::unique_ptr<Detector>>> BuildDetectors(const DetectorInputs& inputs) {
  std::vector<std::unique_ptr<Detector>> out;
  Status status;
  for (const Registered& r : kDetectors) out.push_back(r.build(r.name, inputs, status));
  if (!status.ok()) return status;
  // An override for a detector that does not exist is an error too.
  for (const auto& [key, value] : inputs.params) {
    std::string detector = key.substr(0, key.find('.'));
    auto named = [&](const Registered& r) { return r.name == detector; };
    if (std::none_of(std::begin(kDetectors), std::end(kDetectors), named))
      return Status::Error("unknown parameter '" + key + "' (dragnet detectors lists them)");
  }
  return out;
}

std::vector<std::string_view> RegisteredDetectorNames() {
  std::vector<std::string_view> out;
  for (const Registered& r : kDetectors) out.push_back(r.name);
  return out;
}

std::vector<DetectorSpec> DetectorSpecs() {
  IndicatorSet empty_intel;
  Warninglists no_lists;
  std::vector<DetectorSpec> out;
  auto detectors = BuildDetectors({empty_intel, no_lists, std::nullopt, {}});
  for (const auto& d : *detectors) out.push_back(d->spec());
  return out;
}

}  // namespace dragnet
