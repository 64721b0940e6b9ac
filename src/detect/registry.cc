#include "detect/registry.h"

#include <algorithm>

#include "detect/beacon/beacon_detector.h"
#include "detect/credential_attack/credential_attack_detector.h"
#include "detect/dga/dga_detector.h"
#include "detect/dns_tunnel/dns_tunnel_detector.h"
#include "detect/encryption/encryption_detector.h"
#include "detect/exfiltration/exfiltration_detector.h"
#include "detect/intel/intel_detector.h"
#include "detect/lateral_movement/lateral_movement_detector.h"
#include "detect/long_connection/long_connection_detector.h"
#include "detect/rare_destination/rare_destination_detector.h"

namespace dragnet {

Result<std::vector<std::unique_ptr<Detector>>> BuildDetectors(const DetectorInputs& inputs) {
  std::vector<std::unique_ptr<Detector>> out;
  Status status;
  // Defaults, then --min-score (behavioural detectors), then --param overrides
  // under the detector's name; every value is checked against its range.
  auto configured = [&](const std::string& name, auto params) {
    if constexpr (requires { params.min_score; }) {
      if (inputs.min_score) params.min_score = *inputs.min_score;
    }
    if (status.ok()) status = ApplyOverrides(name, Bindings(params), inputs.params);
    return params;
  };
  out.push_back(
      NewIntelDetector(inputs.intel, inputs.warninglists, configured("intel", IntelParams{}), inputs.never_flag));
  out.push_back(NewBeaconDetector(configured("beacon", BeaconParams{})));
  out.push_back(NewDnsTunnelDetector(configured("dns_tunnel", DnsTunnelParams{})));
  out.push_back(NewDgaDetector(configured("dga", DgaDetectorParams{})));
  out.push_back(NewLongConnectionDetector(configured("long_connection", LongConnectionParams{})));
  out.push_back(NewRareDestinationDetector(configured("rare_destination", RareDestinationParams{})));
  out.push_back(NewEncryptionDetector(configured("encryption", EncryptionParams{})));
  out.push_back(NewCredentialAttackDetector(configured("credential_attack", CredentialAttackParams{})));
  out.push_back(NewLateralMovementDetector(configured("lateral_movement", LateralMovementParams{})));
  out.push_back(NewExfiltrationDetector(configured("exfiltration", ExfiltrationParams{})));
  if (!status.ok()) return status;
  // An override for a detector that does not exist is an error too.
  for (const auto& [key, value] : inputs.params) {
    std::string detector = key.substr(0, key.find('.'));
    if (std::none_of(out.begin(), out.end(), [&](const auto& d) { return d->spec().name == detector; }))
      return Status::Error("unknown parameter '" + key + "' (dragnet detectors lists them)");
  }
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
