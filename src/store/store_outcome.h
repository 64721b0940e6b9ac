// What the state store made of one hunt (`hunt --state`): run.json "store",
// the console's state line and the report's section.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/state_store.h"

namespace dragnet {

struct StoreOutcome {
  std::string location;  // DIR/state.db
  int schema_version = 0;
  uint64_t files_recorded = 0;
  // This run's findings by status ("new", "active", "suppressed") and the
  // stored findings it resolved ("resolved"): seen before, not now.
  std::map<std::string, uint64_t> by_status;
  std::vector<StoredFinding> resolved;  // by org, then id
  uint64_t suppressions = 0;            // in force for the orgs hunted
};

}  // namespace dragnet
