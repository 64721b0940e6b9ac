// `dragnet detectors`: every registered detector's declaration (summary,
// ATT&CK ids, kill-chain stage, campaign traits, exports, logs, containment,
// parameters), then the findings correlation makes. docs/cli.md.
#pragma once

namespace dragnet {

// Prints the declarations to stdout.
void PrintDetectors();

}  // namespace dragnet
