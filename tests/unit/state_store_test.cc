// The state store (src/store/): round trip, triage and suppressions, and the
// bad states that must be clear errors: another schema version, a foreign or
// truncated file, a lock held by another run, a persist that fails half-way.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/finding_id.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "test_util.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

struct Opened {
  std::unique_ptr<StateStore> store;
  StoreOpenError error = StoreOpenError::kNone;
  std::string message;
};

Opened Open(const std::string& dir, StoreAccess access = StoreAccess::kCreate, uint64_t max_pages = 0) {
  Opened o;
  StoreOpenOptions options;
  options.access = access;
  options.max_pages = max_pages;
  auto r = OpenSqliteStateStore(dir, options, &o.error);
  if (r.ok()) o.store = std::move(*r);
  else o.message = r.status().message();
  return o;
}

StoredFinding MakeFinding(const std::string& org, const std::string& host, const std::string& indicator,
                          FindingStatus status, int64_t seen, const std::string& summary = "a beacon") {
  StoredFinding f;
  f.org = org;
  f.host = host;
  f.detector = "beacon";
  f.indicator = indicator;
  f.id = StableFindingId(org, host, f.detector, indicator);
  f.status = status;
  f.severity = "medium";
  f.score = 0.6;
  f.summary = summary;
  f.first_seen = f.last_seen = seen;
  return f;
}

RunRecord FirstRun() {
  RunRecord run;
  run.started_at = 1000;
  run.user = "alice";
  run.host = "box";
  run.version = "test";
  run.orgs = {"acme", "globex"};
  run.files = {{"acme", "/logs/acme/conn.log", 1234, 86400 * 3, "aaaa", "bbbb"},
               {"globex", "/logs/globex/dns.log", 99, 86400 * 4, "cccc", "dddd"}};
  run.findings = {MakeFinding("acme", "10.0.0.1", "evil.example", FindingStatus::kNew, 1000),
                  MakeFinding("acme", "10.0.0.2", "203.0.113.9", FindingStatus::kNew, 1000),
                  MakeFinding("globex", "10.1.0.1", "evil.example", FindingStatus::kNew, 1000)};
  return run;
}

TEST(StateStore, StableIdsDependOnScopeOnly) {
  // Frozen: a change would make every stored finding look new.
  EXPECT_EQ(StableFindingId("acme", "10.0.0.1", "beacon", "evil.example"), "f436841595c254588");
  EXPECT_NE(StableFindingId("acme", "10.0.0.1", "beacon", "evil.example"),
            StableFindingId("acme", "10.0.0.1", "dga", "evil.example"));
  // The separator keeps parts apart: ("ab", "c") is not ("a", "bc").
  EXPECT_NE(StableFindingId("ab", "c", "d", "e"), StableFindingId("a", "bc", "d", "e"));
}

TEST(StateStore, RoundTripAcrossOpens) {
  TempDir t;
  std::string dir = t.path() + "/state";
  {
    Opened o = Open(dir);
    ASSERT_TRUE(o.store) << o.message;
    ASSERT_TRUE(o.store->Persist(FirstRun()).ok());
  }
  Opened o = Open(dir, StoreAccess::kRead);
  ASSERT_TRUE(o.store) << o.message;
  auto acme = o.store->Findings("acme");
  ASSERT_TRUE(acme.ok());
  ASSERT_EQ(acme->size(), 2u);
  for (const StoredFinding& f : *acme) {
    EXPECT_EQ(f.org, "acme");
    EXPECT_EQ(f.status, FindingStatus::kNew);
    EXPECT_EQ(f.first_seen, 1000);
    EXPECT_EQ(f.summary, "a beacon");
  }
  auto one = o.store->FindingById(StableFindingId("globex", "10.1.0.1", "beacon", "evil.example"));
  ASSERT_TRUE(one.ok() && *one);
  EXPECT_EQ((*one)->org, "globex");
  auto summary = o.store->Summarise(2000);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->runs, 1u);
  ASSERT_EQ(summary->orgs.size(), 2u);
  EXPECT_EQ(summary->orgs[0].org, "acme");
  EXPECT_EQ(summary->orgs[0].files, 1u);
  EXPECT_EQ(summary->orgs[0].bytes, 1234u);
  EXPECT_EQ(summary->orgs[0].days, std::vector<std::string>{"1970-01-04"});
  EXPECT_EQ(summary->orgs[0].findings_by_status["new"], 2u);
}

TEST(StateStore, SecondPersistKeepsFirstSeenAndUpdatesStatus) {
  TempDir t;
  Opened o = Open(t.path());
  ASSERT_TRUE(o.store) << o.message;
  ASSERT_TRUE(o.store->Persist(FirstRun()).ok());
  RunRecord second = FirstRun();
  second.started_at = 5000;
  second.findings = {MakeFinding("acme", "10.0.0.1", "evil.example", FindingStatus::kActive, 5000)};
  second.findings[0].first_seen = 1000;
  ASSERT_TRUE(o.store->Persist(second).ok());
  auto f = o.store->FindingById(second.findings[0].id);
  ASSERT_TRUE(f.ok() && *f);
  EXPECT_EQ((*f)->status, FindingStatus::kActive);
  EXPECT_EQ((*f)->first_seen, 1000);
  EXPECT_EQ((*f)->last_seen, 5000);
}

TEST(StateStore, FalseVerdictSuppressesUntilExpiryAndTrueLiftsIt) {
  TempDir t;
  Opened o = Open(t.path());
  ASSERT_TRUE(o.store) << o.message;
  ASSERT_TRUE(o.store->Persist(FirstRun()).ok());
  std::string id = StableFindingId("acme", "10.0.0.2", "beacon", "203.0.113.9");
  ASSERT_TRUE(o.store->RecordTriage({id, "false", "backup server", "bob", 2000, 3000}).ok());
  auto in_force = o.store->Suppressions("acme", 2500);
  ASSERT_TRUE(in_force.ok());
  ASSERT_EQ(in_force->size(), 1u);
  EXPECT_EQ((*in_force)[0].scope.host, "10.0.0.2");
  EXPECT_EQ((*in_force)[0].scope.indicator, "203.0.113.9");
  EXPECT_EQ((*in_force)[0].user, "bob");
  EXPECT_EQ((*in_force)[0].note, "backup server");
  EXPECT_TRUE(o.store->Suppressions("globex", 2500)->empty());  // scoped to its org
  EXPECT_TRUE(o.store->Suppressions("acme", 3000)->empty());    // expired
  ASSERT_TRUE(o.store->RecordTriage({id, "ack", "", "bob", 2100, 0}).ok());
  EXPECT_EQ(o.store->Suppressions("acme", 2500)->size(), 1u);  // ack leaves it
  ASSERT_TRUE(o.store->RecordTriage({id, "true", "it was not", "carol", 2200, 0}).ok());
  EXPECT_TRUE(o.store->Suppressions("acme", 2500)->empty());
  auto summary = o.store->Summarise(2500);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->orgs[0].triage_records, 3u);
  EXPECT_FALSE(o.store->RecordTriage({"fnothere", "false", "", "bob", 1, 2}).ok());
}

TEST(StateStore, AnotherSchemaVersionIsRefusedNamingBoth) {
  TempDir t;
  ASSERT_TRUE(Open(t.path()).store);
  {
    auto db = SqliteDb::Open(t.path() + "/state.db", false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("UPDATE schema_version SET version = 99").ok());
  }
  Opened o = Open(t.path());
  EXPECT_FALSE(o.store);
  EXPECT_EQ(o.error, StoreOpenError::kUnusable);
  EXPECT_NE(o.message.find("schema version 99"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("version " + std::to_string(kStateSchemaVersion) + " only"), std::string::npos) << o.message;
}

TEST(StateStore, ForeignFilesAreRefused) {
  TempDir text, other_app, empty;
  text.Write("state.db", std::string(4096, 'x'));
  Opened o = Open(text.path());
  EXPECT_FALSE(o.store);
  EXPECT_EQ(o.error, StoreOpenError::kUnusable);
  EXPECT_NE(o.message.find("not a Dragnet state database (not an SQLite file)"), std::string::npos) << o.message;
  {
    auto db = SqliteDb::Open(other_app.path() + "/state.db", true);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)").ok());
  }
  o = Open(other_app.path());
  EXPECT_FALSE(o.store);
  EXPECT_NE(o.message.find("another application"), std::string::npos) << o.message;
  empty.Write("state.db", "");
  o = Open(empty.path());
  EXPECT_FALSE(o.store);
  EXPECT_NE(o.message.find("truncated"), std::string::npos) << o.message;
}

TEST(StateStore, TruncatedFileIsRefused) {
  TempDir t;
  {
    Opened o = Open(t.path());
    ASSERT_TRUE(o.store);
    RunRecord run = FirstRun();
    for (int i = 0; i < 2000; ++i)
      run.findings.push_back(MakeFinding("acme", "10.0.9." + std::to_string(i), "x", FindingStatus::kNew, 1000,
                                         std::string(200, 's')));
    ASSERT_TRUE(o.store->Persist(run).ok());
  }  // closed: the WAL is checkpointed into state.db
  std::string path = t.path() + "/state.db";
  ASSERT_FALSE(fs::exists(path + "-wal"));
  uint64_t size = fs::file_size(path);
  ASSERT_GT(size, 100000u);
  fs::resize_file(path, size / 2);
  Opened o = Open(t.path());
  EXPECT_FALSE(o.store);
  EXPECT_EQ(o.error, StoreOpenError::kUnusable);
  EXPECT_NE(o.message.find("truncated"), std::string::npos) << o.message;
}

TEST(StateStore, SecondWriterIsRefusedNamingTheHolder) {
  TempDir t;
  Opened first = Open(t.path());
  ASSERT_TRUE(first.store) << first.message;
  Opened second = Open(t.path());
  EXPECT_FALSE(second.store);
  EXPECT_EQ(second.error, StoreOpenError::kLocked);
  EXPECT_NE(second.message.find("in use by pid " + std::to_string(getpid()) + " on host "), std::string::npos)
      << second.message;
  EXPECT_NE(second.message.find(t.path() + "/lock"), std::string::npos) << second.message;
  EXPECT_EQ(Open(t.path(), StoreAccess::kWrite).error, StoreOpenError::kLocked);
  // A reader needs no lock.
  EXPECT_TRUE(Open(t.path(), StoreAccess::kRead).store);
  first.store.reset();
  EXPECT_TRUE(Open(t.path()).store);
}

TEST(StateStore, MissingStateIsItsOwnError) {
  TempDir t;
  Opened o = Open(t.path() + "/none", StoreAccess::kRead);
  EXPECT_FALSE(o.store);
  EXPECT_EQ(o.error, StoreOpenError::kMissing);
  EXPECT_FALSE(fs::exists(t.path() + "/none"));
}

TEST(StateStore, FailedPersistKeepsThePreviousState) {
  TempDir t;
  {
    Opened o = Open(t.path());
    ASSERT_TRUE(o.store);
    ASSERT_TRUE(o.store->Persist(FirstRun()).ok());
  }
  {
    // A quota of the current size: the next run's rows do not fit, as on a full disk.
    Opened o = Open(t.path(), StoreAccess::kCreate, 1);
    ASSERT_TRUE(o.store) << o.message;
    RunRecord big = FirstRun();
    big.started_at = 9000;
    big.findings[0].status = FindingStatus::kResolved;
    for (int i = 0; i < 2000; ++i)
      big.findings.push_back(MakeFinding("acme", "10.0.8." + std::to_string(i), "y", FindingStatus::kNew, 9000,
                                         std::string(200, 's')));
    Status s = o.store->Persist(big);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("full"), std::string::npos) << s.message();
  }
  Opened o = Open(t.path());
  ASSERT_TRUE(o.store) << o.message;
  auto acme = o.store->Findings("acme");
  ASSERT_TRUE(acme.ok());
  ASSERT_EQ(acme->size(), 2u);
  for (const StoredFinding& f : *acme) EXPECT_EQ(f.status, FindingStatus::kNew);
  EXPECT_EQ(o.store->Summarise(0)->runs, 1u);
  EXPECT_TRUE(o.store->Persist(FirstRun()).ok());  // and it still takes writes
}

TEST(StateStore, FileFingerprintHashesHeadAndTail) {
  TempDir t;
  std::string a = t.Write("a.log", std::string(200000, 'a') + "end");
  std::string b = t.Write("b.log", std::string(200000, 'a') + "END");
  auto fa = FileFingerprint(a), fb = FileFingerprint(b);
  ASSERT_TRUE(fa.ok() && fb.ok());
  EXPECT_EQ(fa->size, 200003u);
  EXPECT_EQ(fa->head_hash, fb->head_hash);
  EXPECT_NE(fa->tail_hash, fb->tail_hash);
  EXPECT_FALSE(FileFingerprint(t.path() + "/missing").ok());
}

}  // namespace
}  // namespace dragnet
