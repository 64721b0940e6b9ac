// The state store: what Dragnet remembers between hunts (issue 16). One
// interface, so that the embedded SQLite store (store/sqlite_store.h) and a
// server-backed store sharded by organisation can serve the same commands.
//
// Contract for every implementation:
// - Everything is keyed by organisation first: a sharded store can route each
//   call by `org` alone, and no call mixes two orgs' data except Summaries()
//   and FindingById() (which scan every shard).
// - Persist() and RecordTriage() are all or nothing: when they fail, the
//   store holds exactly what it held before the call.
// - Only one writer at a time: the store is opened for writing under a lock
//   that names its holder (store/state_lock.h); readers need no lock.
// - Times are Unix seconds (UTC); ids are StableFindingId's (store/finding_id.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace dragnet {

// A log file as read by a hunt. Recorded only (a later change skips files
// already read and recognises rotated copies by the hashes).
struct FileRecord {
  std::string org, path;
  uint64_t size = 0;
  int64_t mtime = 0;                  // seconds
  std::string head_hash, tail_hash;   // FileFingerprint's (store/file_fingerprint.h)
};

// A finding's life across hunts.
enum class FindingStatus { kNew, kActive, kResolved, kSuppressed };
const char* FindingStatusName(FindingStatus s);  // "new", "active", "resolved", "suppressed"
std::optional<FindingStatus> FindingStatusFromName(std::string_view name);

// What the store keeps of a finding: its identity (id and the scope it was
// derived from), its status and when it was first and last seen.
struct StoredFinding {
  std::string id;
  std::string org, host, detector, indicator;  // indicator: the finding's first ("" when none)
  FindingStatus status = FindingStatus::kNew;
  std::string severity;  // at last sight
  double score = 0;      // at last sight
  std::string summary;   // at last sight
  int64_t first_seen = 0, last_seen = 0;  // start times of the runs that first and last saw it
};

// The scope a false or benign verdict suppresses in later runs.
struct SuppressionScope {
  std::string org, host, detector, indicator;
  bool operator<(const SuppressionScope& o) const;
};

struct Suppression {
  SuppressionScope scope;
  std::string verdict;   // "false" or "benign"
  std::string finding_id, note, user;
  int64_t recorded_at = 0;
  int64_t expires_at = 0;  // the suppression applies while now < expires_at
};

// One verdict on a finding, as recorded by `dragnet triage`.
struct TriageRecord {
  std::string finding_id;
  std::string verdict;  // true, false, benign, ack
  std::string note, user;
  int64_t recorded_at = 0;
  int64_t expires_at = 0;  // of the suppression a false/benign verdict makes; else 0
};

// What one hunt persists, all at once.
struct RunRecord {
  int64_t started_at = 0;
  std::string user, host, version;
  // The orgs this run swept: only their findings change (a finding of a swept
  // org absent from `findings` must be given in it as resolved by the caller).
  std::vector<std::string> orgs;
  std::vector<FileRecord> files;
  std::vector<StoredFinding> findings;  // every finding whose stored row changes
};

// What the store holds for one org (`dragnet state check`).
struct OrgSummary {
  std::string org;
  uint64_t files = 0;
  uint64_t bytes = 0;
  std::vector<std::string> days;  // UTC days (YYYY-MM-DD) of the files' modification times, sorted
  std::map<std::string, uint64_t> findings_by_status;  // status name -> count
  uint64_t suppressions_active = 0, suppressions_expired = 0;
  uint64_t triage_records = 0;
};

struct StoreSummary {
  int schema_version = 0;
  uint64_t runs = 0;
  int64_t last_run_at = 0;
  std::vector<OrgSummary> orgs;  // by org name
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  // Every finding stored for `org`, whatever its status, by id.
  virtual Result<std::vector<StoredFinding>> Findings(const std::string& org) = 0;
  // The finding with this id in any org, or nullopt.
  virtual Result<std::optional<StoredFinding>> FindingById(const std::string& id) = 0;
  // The suppressions of `org` in force at `now` (expired ones are kept for
  // the record, not returned), by scope.
  virtual Result<std::vector<Suppression>> Suppressions(const std::string& org, int64_t now) = 0;
  // Records a run: its files (replacing rows of the same org and path), its
  // findings (inserted or updated by id). All or nothing.
  virtual Status Persist(const RunRecord& run) = 0;
  // Records a verdict. A false or benign verdict also sets the suppression of
  // the finding's scope; a true verdict lifts it; ack leaves it. All or nothing.
  virtual Status RecordTriage(const TriageRecord& triage) = 0;
  // What the store holds, per org, at `now`.
  virtual Result<StoreSummary> Summarise(int64_t now) = 0;
  // Where the store is, for messages ("DIR/state.db").
  virtual std::string Location() const = 0;
};

}  // namespace dragnet
