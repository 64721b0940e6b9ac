#include "store/sqlite_store.h"

#include <sys/stat.h>

#include <filesystem>

#include <fmt/format.h>

#include "store/sqlite_db.h"
#include "store/sqlite_schema.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFindingColumns =
    "id, org, host, detector, indicator, status, severity, score, summary, first_seen, last_seen";

StoredFinding FindingFromRow(const SqliteStmt& s) {
  StoredFinding f;
  f.id = s.Text(0);
  f.org = s.Text(1);
  f.host = s.Text(2);
  f.detector = s.Text(3);
  f.indicator = s.Text(4);
  f.status = FindingStatusFromName(s.Text(5)).value_or(FindingStatus::kActive);
  f.severity = s.Text(6);
  f.score = s.Real(7);
  f.summary = s.Text(8);
  f.first_seen = s.Int(9);
  f.last_seen = s.Int(10);
  return f;
}

// All rows of `stmt` turned into T by `row`.
template <typename T, typename F>
Result<std::vector<T>> Rows(SqliteStmt& stmt, F row) {
  std::vector<T> out;
  for (;;) {
    auto more = stmt.Step();
    if (!more.ok()) return more.status();
    if (!*more) return out;
    out.push_back(row(stmt));
  }
}

class SqliteStateStore : public StateStore {
 public:
  SqliteStateStore(std::unique_ptr<StateLock> lock, std::unique_ptr<SqliteDb> db)
      : lock_(std::move(lock)), db_(std::move(db)) {}

  Result<std::vector<StoredFinding>> Findings(const std::string& org) override {
    auto stmt = db_->Prepare(fmt::format("SELECT {} FROM findings WHERE org = ?1 ORDER BY id", kFindingColumns));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, org);
    return Rows<StoredFinding>(*stmt, FindingFromRow);
  }

  Result<std::optional<StoredFinding>> FindingById(const std::string& id) override {
    auto stmt = db_->Prepare(fmt::format("SELECT {} FROM findings WHERE id = ?1", kFindingColumns));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, id);
    auto rows = Rows<StoredFinding>(*stmt, FindingFromRow);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<StoredFinding>();
    return std::optional<StoredFinding>(rows->front());
  }

  Result<std::vector<Suppression>> Suppressions(const std::string& org, int64_t now) override {
    auto stmt = db_->Prepare(
        "SELECT org, host, detector, indicator, verdict, finding_id, note, user, recorded_at, expires_at "
        "FROM suppressions WHERE org = ?1 AND expires_at > ?2 ORDER BY host, detector, indicator");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, org).Bind(2, now);
    return Rows<Suppression>(*stmt, [](const SqliteStmt& s) {
      Suppression x;
      x.scope = {s.Text(0), s.Text(1), s.Text(2), s.Text(3)};
      x.verdict = s.Text(4);
      x.finding_id = s.Text(5);
      x.note = s.Text(6);
      x.user = s.Text(7);
      x.recorded_at = s.Int(8);
      x.expires_at = s.Int(9);
      return x;
    });
  }

  Status Persist(const RunRecord& run) override {
    return db_->Transaction([&] { return PersistBody(run); });
  }

  Status RecordTriage(const TriageRecord& t) override {
    auto finding = FindingById(t.finding_id);
    if (!finding.ok()) return finding.status();
    if (!*finding) return Status::Error(fmt::format("no finding {} in {}", t.finding_id, Location()));
    const StoredFinding& f = **finding;
    return db_->Transaction([&] { return TriageBody(t, f); });
  }

  Result<StoreSummary> Summarise(int64_t now) override;

  std::string Location() const override { return db_->path(); }

 private:
  Status PersistBody(const RunRecord& run);
  Status TriageBody(const TriageRecord& t, const StoredFinding& f);

  std::unique_ptr<StateLock> lock_;  // null for readers
  std::unique_ptr<SqliteDb> db_;
};

Status SqliteStateStore::PersistBody(const RunRecord& run) {
  auto insert_run = db_->Prepare(
      "INSERT INTO runs(started_at, user, host, version, orgs, files, findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert_run.ok()) return insert_run.status();
  insert_run->Bind(1, run.started_at).Bind(2, run.user).Bind(3, run.host).Bind(4, run.version);
  insert_run->Bind(5, static_cast<int64_t>(run.orgs.size())).Bind(6, static_cast<int64_t>(run.files.size()));
  insert_run->Bind(7, static_cast<int64_t>(run.findings.size()));
  if (Status s = insert_run->Run(); !s.ok()) return s;
  auto run_id = db_->Scalar("SELECT last_insert_rowid()");
  if (!run_id.ok()) return run_id.status();
  int64_t id = std::stoll(*run_id);
  auto file = db_->Prepare(
      "INSERT INTO files(org, path, size, mtime, head_hash, tail_hash, first_run, last_run) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT(org, path) DO UPDATE SET size = excluded.size, "
      "mtime = excluded.mtime, head_hash = excluded.head_hash, tail_hash = excluded.tail_hash, last_run = ?7");
  if (!file.ok()) return file.status();
  for (const FileRecord& f : run.files) {
    file->Bind(1, f.org).Bind(2, f.path).Bind(3, static_cast<int64_t>(f.size)).Bind(4, f.mtime);
    file->Bind(5, f.head_hash).Bind(6, f.tail_hash).Bind(7, id);
    if (Status s = file->Run(); !s.ok()) return s;
  }
  auto finding = db_->Prepare(fmt::format(
      "INSERT INTO findings({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(id) DO UPDATE SET "
      "status = excluded.status, severity = excluded.severity, score = excluded.score, summary = excluded.summary, "
      "last_seen = excluded.last_seen",
      kFindingColumns));
  if (!finding.ok()) return finding.status();
  for (const StoredFinding& f : run.findings) {
    finding->Bind(1, f.id).Bind(2, f.org).Bind(3, f.host).Bind(4, f.detector).Bind(5, f.indicator);
    finding->Bind(6, std::string(FindingStatusName(f.status))).Bind(7, f.severity).Bind(8, f.score);
    finding->Bind(9, f.summary).Bind(10, f.first_seen).Bind(11, f.last_seen);
    if (Status s = finding->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStateStore::TriageBody(const TriageRecord& t, const StoredFinding& f) {
  auto insert = db_->Prepare(
      "INSERT INTO triage(finding_id, org, verdict, note, user, recorded_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, f.id).Bind(2, f.org).Bind(3, t.verdict).Bind(4, t.note).Bind(5, t.user);
  insert->Bind(6, t.recorded_at).Bind(7, t.expires_at);
  if (Status s = insert->Run(); !s.ok()) return s;
  if (t.verdict == "ack") return Status::Ok();
  if (t.verdict == "true") {  // a true positive is never suppressed: lift any suppression of its scope
    auto lift = db_->Prepare(
        "DELETE FROM suppressions WHERE org = ?1 AND host = ?2 AND detector = ?3 AND indicator = ?4");
    if (!lift.ok()) return lift.status();
    lift->Bind(1, f.org).Bind(2, f.host).Bind(3, f.detector).Bind(4, f.indicator);
    return lift->Run();
  }
  auto set = db_->Prepare(
      "INSERT OR REPLACE INTO suppressions(org, host, detector, indicator, verdict, finding_id, note, user, "
      "recorded_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!set.ok()) return set.status();
  set->Bind(1, f.org).Bind(2, f.host).Bind(3, f.detector).Bind(4, f.indicator).Bind(5, t.verdict).Bind(6, f.id);
  set->Bind(7, t.note).Bind(8, t.user).Bind(9, t.recorded_at).Bind(10, t.expires_at);
  return set->Run();
}

Result<StoreSummary> SqliteStateStore::Summarise(int64_t now) {
  StoreSummary out;
  out.schema_version = kStateSchemaVersion;
  std::map<std::string, OrgSummary> orgs;
  auto each = [&](const std::string& sql, const std::function<void(const SqliteStmt&, OrgSummary&)>& take) -> Status {
    auto stmt = db_->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    if (sql.find("?1") != std::string::npos) stmt->Bind(1, now);
    for (;;) {
      auto more = stmt->Step();
      if (!more.ok()) return more.status();
      if (!*more) return Status::Ok();
      OrgSummary& o = orgs[stmt->Text(0)];
      o.org = stmt->Text(0);
      take(*stmt, o);
    }
  };
  Status s = each("SELECT org, COUNT(*), SUM(size) FROM files GROUP BY org", [](auto& r, auto& o) {
    o.files = static_cast<uint64_t>(r.Int(1));
    o.bytes = static_cast<uint64_t>(r.Int(2));
  });
  if (s.ok())
    s = each("SELECT DISTINCT org, date(mtime, 'unixepoch') FROM files ORDER BY 1, 2",
             [](auto& r, auto& o) { o.days.push_back(r.Text(1)); });
  if (s.ok())
    s = each("SELECT org, status, COUNT(*) FROM findings GROUP BY org, status", [](auto& r, auto& o) {
      o.findings_by_status[r.Text(1)] = static_cast<uint64_t>(r.Int(2));
    });
  if (s.ok())
    s = each("SELECT org, SUM(expires_at > ?1), SUM(expires_at <= ?1) FROM suppressions GROUP BY org",
             [](auto& r, auto& o) {
               o.suppressions_active = static_cast<uint64_t>(r.Int(1));
               o.suppressions_expired = static_cast<uint64_t>(r.Int(2));
             });
  if (s.ok())
    s = each("SELECT org, COUNT(*) FROM triage GROUP BY org",
             [](auto& r, auto& o) { o.triage_records = static_cast<uint64_t>(r.Int(1)); });
  if (!s.ok()) return s;
  auto runs = db_->Prepare("SELECT COUNT(*), COALESCE(MAX(started_at), 0) FROM runs");
  if (!runs.ok()) return runs.status();
  if (auto row = runs->Step(); !row.ok()) return row.status();
  out.runs = static_cast<uint64_t>(runs->Int(0));
  out.last_run_at = runs->Int(1);
  for (auto& [name, o] : orgs) out.orgs.push_back(std::move(o));
  return out;
}

}  // namespace

bool HoldsStateStore(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / "state.db", ec);
}

Result<std::unique_ptr<StateStore>> OpenSqliteStateStore(const std::string& dir, const StoreOpenOptions& options,
                                                         StoreOpenError* error) {
  *error = StoreOpenError::kUnusable;
  std::string path = (fs::path(dir) / "state.db").string();
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (!exists && options.access != StoreAccess::kCreate) {
    *error = StoreOpenError::kMissing;
    return Status::Error(fmt::format("no Dragnet state in {} (no {}): give the --state DIR of an earlier hunt", dir, path));
  }
  if (options.access == StoreAccess::kCreate) {
    fs::create_directories(dir, ec);
    if (ec) return Status::Error(fmt::format("--state {}: cannot create the folder: {}", dir, ec.message()));
  }
  std::unique_ptr<StateLock> lock;
  if (options.access != StoreAccess::kRead) {
    auto taken = StateLock::Acquire(dir);
    if (!taken.ok()) {
      *error = StoreOpenError::kLocked;
      return taken.status();
    }
    lock = std::move(*taken);
  }
  if (!exists) {
    if (Status s = CreateStateDatabase(path); !s.ok()) return s;
  } else if (Status s = CheckStateFile(path); !s.ok()) {
    return s;
  }
  auto db = SqliteDb::Open(path, false);
  if (!db.ok()) return db.status();
  if (Status s = CheckStateDatabase(**db); !s.ok()) return s;
  // FULL: a commit is on disk before the hunt reports success.
  Status s = (*db)->Exec("PRAGMA synchronous = FULL");
  if (s.ok() && options.max_pages > 0) s = (*db)->Exec(fmt::format("PRAGMA max_page_count = {}", options.max_pages));
  if (!s.ok()) return s;
  *error = StoreOpenError::kNone;
  return std::unique_ptr<StateStore>(new SqliteStateStore(std::move(lock), std::move(*db)));
}

}  // namespace dragnet
