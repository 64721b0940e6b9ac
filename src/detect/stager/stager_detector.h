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
  uint64_t min_session_bytes = 50000;  // without an executable: the session must carry this much
  double min_score = 0.5;
  ModifierParams modifiers;      // prevalence, warninglists, allow-list
};

// 0.55 for the executable from a bare address, + 0.25 with a session back to
// it (before the behavioural modifiers). With no executable seen, a fetch by
// address followed by a session to another (non-web) port of the address
// scores 0.6, and a fetch alone 0.
double StagerScore(bool follow_on_session, bool executable = true);

// Whether a files.log MIME type is an executable program (PE, ELF, Mach-O).
bool IsExecutableMime(std::string_view mime);

std::unique_ptr<Detector> NewStagerDetector(StagerParams params = {});
std::vector<ParamBinding> Bindings(StagerParams& p);

}  // namespace dragnet
