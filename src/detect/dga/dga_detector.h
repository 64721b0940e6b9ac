// The dga detector: hosts whose malware generates domain names to find its
// C2 (Conficker, Necurs, Qakbot...). Such a host asks for many random-looking
// registered domains and most do not exist (NXDOMAIN). One finding per
// (org, host), naming the resolving DGA-like domains first -- those are the
// live C2. docs/detectors/dga.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/dga/dga_score.h"
#include "detect/parameters.h"

namespace dragnet {

struct DgaDetectorParams {
  double min_label_score = 0.6;    // a domain counts as DGA-like from here
  uint32_t min_nx_domains = 5;     // NXDOMAIN DGA-like domains a host needs
  uint32_t full_nx_domains = 50;   // ... at which the volume sub-score is 1
  // DGA failover: a few dead DGA-like names asked again and again. From
  // this many failed queries by the host, fewer than min_nx_domains do.
  uint32_t min_repeat_queries = 100;
  uint32_t full_repeat_queries = 1000;  // ... at which the volume sub-score is 1
  double min_score = 0.5;
  dga::DgaParams label;
};

std::unique_ptr<Detector> NewDgaDetector(DgaDetectorParams params = {});
std::vector<ParamBinding> Bindings(DgaDetectorParams& p);

}  // namespace dragnet
