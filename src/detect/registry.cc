#include "detect/registry.h"

#include "detect/beacon/beacon_detector.h"
#include "detect/dga/dga_detector.h"
#include "detect/dns_tunnel/dns_tunnel_detector.h"
#include "detect/intel/intel_detector.h"
#include "detect/long_connection/long_connection_detector.h"
#include "detect/rare_destination/rare_destination_detector.h"

namespace dragnet {

std::vector<std::unique_ptr<Detector>> BuildDetectors(const DetectorInputs& inputs) {
  std::vector<std::unique_ptr<Detector>> out;
  out.push_back(NewIntelDetector(inputs.intel, inputs.warninglists));
  auto with_min = [&](auto params) {
    if (inputs.min_score) params.min_score = *inputs.min_score;
    return params;
  };
  out.push_back(NewBeaconDetector(with_min(BeaconParams{})));
  out.push_back(NewDnsTunnelDetector(with_min(DnsTunnelParams{})));
  out.push_back(NewDgaDetector(with_min(DgaDetectorParams{})));
  out.push_back(NewLongConnectionDetector(with_min(LongConnectionParams{})));
  out.push_back(NewRareDestinationDetector(with_min(RareDestinationParams{})));
  return out;
}

std::vector<DetectorSpec> DetectorSpecs() {
  IndicatorSet empty_intel;
  Warninglists no_lists;
  std::vector<DetectorSpec> out;
  for (const auto& d : BuildDetectors({empty_intel, no_lists, std::nullopt})) out.push_back(d->spec());
  return out;
}

}  // namespace dragnet
