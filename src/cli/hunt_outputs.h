// What `dragnet hunt` writes in --out, and how (docs/cli.md, "Outputs").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/output_set.h"
#include "hunt/hunt.h"

namespace dragnet {

// The entries a hunt writes directly in OUT, in commit order (run.json, the
// index of the set, last); "orgs" (a folder) only with --split-by-org.
std::vector<std::string> HuntOutputNames(bool split_by_org);

// Before any log is read: creates OUT and its staging folder and checks that
// every output can replace what is in OUT. The error names the path.
Result<std::unique_ptr<OutputSet>> PrepareHuntOutputs(const std::string& out, bool split_by_org);

// Stages every output of the hunt, then commits them together; on failure
// OUT keeps the earlier outputs and no temporary.
Status WriteHuntOutputs(OutputSet& set, const HuntReport& r, Diagnostics& diag, bool split_by_org);

}  // namespace dragnet
