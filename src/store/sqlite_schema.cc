#include "store/sqlite_schema.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "store/sqlite_store.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE TABLE schema_version(version INTEGER NOT NULL);
CREATE TABLE runs(run INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, user TEXT NOT NULL, host TEXT NOT NULL,
  version TEXT NOT NULL, orgs INTEGER NOT NULL, files INTEGER NOT NULL, findings INTEGER NOT NULL);
CREATE TABLE files(org TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
  head_hash TEXT NOT NULL, tail_hash TEXT NOT NULL, first_run INTEGER NOT NULL, last_run INTEGER NOT NULL,
  PRIMARY KEY(org, path));
CREATE TABLE findings(id TEXT PRIMARY KEY, org TEXT NOT NULL, host TEXT NOT NULL, detector TEXT NOT NULL,
  indicator TEXT NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL, score REAL NOT NULL, summary TEXT NOT NULL,
  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE INDEX findings_by_org ON findings(org);
CREATE TABLE triage(seq INTEGER PRIMARY KEY, finding_id TEXT NOT NULL, org TEXT NOT NULL, verdict TEXT NOT NULL,
  note TEXT NOT NULL, user TEXT NOT NULL, recorded_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE suppressions(org TEXT NOT NULL, host TEXT NOT NULL, detector TEXT NOT NULL, indicator TEXT NOT NULL,
  verdict TEXT NOT NULL, finding_id TEXT NOT NULL, note TEXT NOT NULL, user TEXT NOT NULL,
  recorded_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY(org, host, detector, indicator));
)sql";

uint32_t BigEndian(const unsigned char* p, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = v << 8 | p[i];
  return v;
}

}  // namespace

Status CreateStateDatabase(const std::string& path) {
  std::string tmp = path + ".new";
  std::error_code ec;
  fs::remove(tmp, ec);
  {
    auto db = SqliteDb::Open(tmp, true);
    if (!db.ok()) return db.status();
    Status s = (*db)->Exec(fmt::format("PRAGMA application_id = {}", kStateApplicationId));
    if (s.ok()) s = (*db)->Transaction([&] {
      Status t = (*db)->Exec(kSchema);
      if (t.ok()) t = (*db)->Exec(fmt::format("INSERT INTO schema_version VALUES ({})", kStateSchemaVersion));
      return t;
    });
    // WAL is a property of the file: set once, kept by every later open.
    if (s.ok()) s = (*db)->Exec("PRAGMA journal_mode = WAL");
    if (!s.ok()) {
      fs::remove(tmp, ec);
      return s;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) return Status::Error(fmt::format("{}: cannot create: {}", path, ec.message()));
  return Status::Ok();
}

Status CheckStateFile(const std::string& path) {
  std::error_code ec;
  uint64_t size = fs::file_size(path, ec);
  if (ec) return Status::Error(fmt::format("{}: {}", path, ec.message()));
  unsigned char header[100] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(header), sizeof header);
  bool sqlite = in.gcount() >= 16 && std::memcmp(header, "SQLite format 3", 16) == 0;
  if (!sqlite && size < sizeof header)
    return Status::Error(fmt::format("{}: not a Dragnet state database: {} bytes, truncated or foreign", path, size));
  if (!sqlite) return Status::Error(fmt::format("{}: not a Dragnet state database (not an SQLite file)", path));
  if (size < sizeof header) return Status::Error(fmt::format("{}: truncated: {} bytes, less than a header", path, size));
  uint64_t page_size = BigEndian(header + 16, 2);
  if (page_size == 1) page_size = 65536;
  uint64_t pages = BigEndian(header + 28, 4);
  // With a WAL beside it, newer pages may live in the WAL only.
  uint64_t wal = fs::file_size(path + "-wal", ec);
  if (ec) wal = 0;
  if (wal == 0 && size < page_size * pages)
    return Status::Error(fmt::format("{}: truncated: {} bytes of the {} its header declares", path, size,
                                     page_size * pages));
  return Status::Ok();
}

Status CheckStateDatabase(SqliteDb& db) {
  auto app = db.Scalar("PRAGMA application_id");
  if (!app.ok()) return app.status();
  if (*app != std::to_string(kStateApplicationId))
    return Status::Error(fmt::format("{}: not a Dragnet state database (an SQLite database of another application, "
                                     "application_id {})", db.path(), *app));
  auto version = db.Scalar("SELECT version FROM schema_version");
  if (!version.ok()) return version.status();
  if (*version != std::to_string(kStateSchemaVersion))
    return Status::Error(fmt::format("{}: schema version {}, but this dragnet reads and writes version {} only; use "
                                     "the dragnet that wrote it, or move the folder away to start a new state",
                                     db.path(), version->empty() ? "(none)" : *version, kStateSchemaVersion));
  auto check = db.Scalar("PRAGMA quick_check");
  if (!check.ok()) return check.status();
  if (*check != "ok") return Status::Error(fmt::format("{}: damaged: {}", db.path(), *check));
  return Status::Ok();
}

}  // namespace dragnet
