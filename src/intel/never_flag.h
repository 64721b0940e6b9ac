// The never-flag set: values no intel match is reported on unless the user
// turns it off (`--no-default-warninglists`). Two parts, both MISP warninglists
// (docs/detectors/intel.md "Never-flag set"):
//   built-in   Dragnet's own lists (src/intel/never_flag/*.json: root and gTLD
//              servers, connectivity checks, OS time servers, CDN edges MISP
//              lacks), compiled into the binary so they are always there;
//   installed  the MISP infrastructure lists named in never_flag/misp_lists.txt,
//              copied next to the binary by the build (share/dragnet/warninglists)
//              and refreshed by scripts/update-warninglists.sh.
// The set applies to intel matches and exports only; behavioural detectors
// see only the lists given with --warninglist.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/diagnostics.h"
#include "intel/warninglist.h"

namespace dragnet {

struct BuiltinList {
  std::string_view file;     // "dragnet-root-servers.json"
  std::string_view content;  // the list's JSON
};
// Dragnet's own lists, in file-name order (generated at build time).
const std::vector<BuiltinList>& BuiltinNeverFlagLists();

// The folder of installed MISP lists for the binary at `executable`:
// EXE_DIR/share/dragnet/warninglists (build tree), else
// EXE_DIR/../share/dragnet/warninglists (installed under a prefix); empty
// when neither exists.
std::string InstalledWarninglistsDir(const std::string& executable);
// The running binary's path (/proc/self/exe), empty when unknown.
std::string ExecutablePath();

// Loads the built-in lists (origin "built-in") and the installed ones (origin
// "installed") into `lists`. Returns a note for run.json and stderr when no
// installed lists were found (then only the built-in part applies), else "".
std::string LoadNeverFlagSet(Warninglists& lists, const std::string& executable, Diagnostics& diag);

}  // namespace dragnet
