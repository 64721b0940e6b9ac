// The embedded state store: one SQLite database, DIR/state.db, in WAL mode
// (docs/architecture.md, "State store"), written under DIR/lock.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/state_lock.h"
#include "store/state_store.h"

namespace dragnet {

// The schema this build reads and writes (table schema_version).
inline constexpr int kStateSchemaVersion = 1;
// PRAGMA application_id of a Dragnet state database: "DRGN".
inline constexpr int32_t kStateApplicationId = 0x4452474e;

enum class StoreAccess {
  kCreate,  // hunt: the folder and database are created when missing; locked
  kWrite,   // triage: the database must exist; locked
  kRead,    // state check: the database must exist; no lock (WAL lets it read beside a writer)
};

// Why a store could not be opened: each has its own exit code (docs/cli.md).
enum class StoreOpenError {
  kNone,
  kLocked,    // another run holds DIR/lock
  kMissing,   // kWrite/kRead and no state in DIR
  kUnusable,  // not a Dragnet state, truncated or damaged, or of another schema version
};

struct StoreOpenOptions {
  StoreAccess access = StoreAccess::kCreate;
  // Largest database size in pages (PRAGMA max_page_count): a quota; past it
  // writes fail as on a full disk. 0: SQLite's default.
  uint64_t max_pages = 0;
};

// Whether `dir` holds a state database (a regular file DIR/state.db): such a
// folder inside a ROOT is the --state folder, never an organisation.
bool HoldsStateStore(const std::string& dir);

// Opens the store in `dir`. On failure `*error` says which kind, and the
// message names the file and what is wrong with it: for another schema
// version, both versions.
Result<std::unique_ptr<StateStore>> OpenSqliteStateStore(const std::string& dir, const StoreOpenOptions& options,
                                                         StoreOpenError* error);

}  // namespace dragnet
