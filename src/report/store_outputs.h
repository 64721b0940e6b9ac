// How `hunt --state` shows in the outputs: run.json's "store" block, the
// console's state lines and the HTML report's "State" section. Each is empty
// without --state (HuntReport::store unset), so outputs stay as before.
#pragma once

#include <cstdio>
#include <string>

#include "core/json_writer.h"
#include "store/store_outcome.h"

namespace dragnet {

// Writes "store": {...} into an open run.json object.
void WriteStoreJson(JsonWriter& w, const StoreOutcome& s);
// "state: N new, M still active, K resolved, S suppressed (...)" and the first resolved findings.
void PrintStoreSummary(std::FILE* out, const StoreOutcome& s);
// The report's section; `only_org` limits it to one org ("" all).
std::string StoreSectionHtml(const StoreOutcome& s, const std::string& only_org);

}  // namespace dragnet
