// The SQLite state database's schema and the checks made before trusting a
// file as one (store/sqlite_store.h).
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/sqlite_db.h"

namespace dragnet {

// Creates a new, empty state database at `path` atomically: built in a
// temporary file beside it, then renamed, so a run stopped half-way leaves no
// half-made database.
Status CreateStateDatabase(const std::string& path);

// Checks the bytes of an existing file before SQLite opens it: an SQLite
// header, and at least as many bytes as the header declares (a truncated
// copy fails here). The message says what the file is not.
Status CheckStateFile(const std::string& path);

// Checks an opened database: Dragnet's application id, the schema version
// (another version is refused naming both), and SQLite's quick_check.
Status CheckStateDatabase(SqliteDb& db);

}  // namespace dragnet
