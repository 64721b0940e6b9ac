// The outputs that close every hunt: findings.jsonl (the contract, see
// docs/findings.md), run.json (what was read, what was wrong with it, what was
// loaded and suppressed), and the console summary a person reads first.
#pragma once

#include <cstdio>
#include <string>

#include "core/file_io.h"
#include "core/status.h"
#include "hunt/hunt.h"
#include "ingest/diagnostics.h"

namespace dragnet {

Status WriteFindingsJsonl(const std::string& path, const std::vector<Finding>& findings);
// campaigns.json: the array of campaigns (docs/campaigns.md), deterministic.
std::string CampaignsJson(const std::vector<Campaign>& campaigns);
// run.json; deterministic except the *_seconds fields.
std::string RunJson(const HuntReport& report, const Diagnostics& diag);
void PrintConsoleSummary(std::FILE* out, const HuntReport& report, const Diagnostics& diag);

}  // namespace dragnet
