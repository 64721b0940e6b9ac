// The stager detector: a host downloads an executable over HTTP from a bare
// external address (no name: no Host header, or a literal address), then
// holds a session with that same address -- how Metasploit's and Cobalt
// Strike's stagers bring their implant in (payload fetched, then the stage
// and its C2 channel), often over minutes only. Named downloads (software
// updates, installers) are left alone. One finding per (org, host, address).
// docs/detectors/stager.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/modifiers.h"
#include "detect/parameters.h"

namespace dragnet {

struct StagerParams {
  double follow_window_s = 900;  // a session may start this long after the download
  double min_session_s = 60;     // a connection lasting this long is a session
  double min_score = 0.5;
  ModifierParams modifiers;      // prevalence, warninglists, allow-list
};

// 0.55 for the executable from a bare address, + 0.25 with a session back to
// it (before the behavioural modifiers).
double StagerScore(bool follow_on_session);

// Whether a files.log MIME type is an executable program (PE, ELF, Mach-O).
bool IsExecutableMime(std::string_view mime);

std::unique_ptr<Detector> NewStagerDetector(StagerParams params = {});
std::vector<ParamBinding> Bindings(StagerParams& p);

}  // namespace dragnet
