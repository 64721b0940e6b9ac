// Data health (hunt/health.h) in the outputs: run.json `health`, the console's
// short block (only orgs that need a look) and report.html's fleet overview
// and per-org sections. Deterministic; an org's part names only its own data.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "hunt/health.h"

namespace dragnet {

// The `health` array of run.json: one object per org, input order.
void WriteHealthJson(JsonWriter& w, const std::vector<OrgHealth>& health);

// The console block: one line when every swept org is whole, else a line per
// org with missing log types or gaps (and the detectors that could not run).
void PrintHealthSummary(std::FILE* out, const std::vector<OrgHealth>& health);

// report.html: the fleet overview (which orgs lack which log types; empty
// when `only_org` is set) and the section of one org.
std::string HealthFleetHtml(const std::vector<OrgHealth>& health);
std::string HealthOrgHtml(const OrgHealth& health);

}  // namespace dragnet
