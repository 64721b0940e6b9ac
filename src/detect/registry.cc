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
  out.push_back(NewBeaconDetector());
  out.push_back(NewDnsTunnelDetector());
  out.push_back(NewDgaDetector());
  out.push_back(NewLongConnectionDetector());
  out.push_back(NewRareDestinationDetector());
  return out;
}

std::vector<DetectorSpec> DetectorSpecs() {
  IndicatorSet empty_intel;
  Warninglists no_lists;
  std::vector<DetectorSpec> out;
  for (const auto& d : BuildDetectors({empty_intel, no_lists})) out.push_back(d->spec());
  return out;
}

}  // namespace dragnet
