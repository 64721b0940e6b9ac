// The hunt's side of the state store (hunt/hunt_state.h) on hand-made
// reports: ids for two findings of one scope, suppressed findings put back
// with their status, and which stored findings a hunt may resolve.
#include <gtest/gtest.h>

#include "hunt/hunt_state.h"
#include "store/finding_id.h"
#include "store/sqlite_store.h"
#include "test_util.h"

namespace dragnet {
namespace {

using testing::TempDir;

Finding MakeFinding(const std::string& org, const std::string& host, const std::string& detector,
                    const std::string& indicator, int64_t first_us = 1) {
  Finding f;
  f.org = org;
  f.host = *Ip::Parse(host);
  f.detector = detector;
  f.indicators = {indicator};
  f.ts_first = Timestamp(first_us);
  f.score = 0.6;
  return f;
}

std::unique_ptr<HuntState> Load(const std::string& dir, int64_t now, const std::vector<std::string>& orgs = {"acme"}) {
  StoreOpenError error;
  auto store = OpenSqliteStateStore(dir, {}, &error);
  EXPECT_TRUE(store.ok()) << store.status().message();
  std::vector<OrgSource> sources;
  for (const auto& o : orgs) sources.push_back(OrgSource{o, {}, {}});
  auto state = HuntState::Load(std::move(*store), sources, {now, "tester", "box", "test"});
  EXPECT_TRUE(state.ok());
  return std::move(*state);
}

std::unique_ptr<HuntReport> Report(std::vector<Finding> findings, const std::vector<std::string>& swept = {"acme"}) {
  auto r = std::make_unique<HuntReport>();
  for (const auto& o : swept) {
    OrgTotals t;
    t.name = o;
    t.files_read = 1;
    r->orgs.push_back(t);
  }
  r->findings = std::move(findings);
  return r;
}

TEST(HuntState, TwoFindingsOfOneScopeGetNumberedIds) {
  TempDir t;
  auto state = Load(t.path(), 100);
  auto report = Report({MakeFinding("acme", "10.0.0.1", "beacon", "x.example", 1),
                        MakeFinding("acme", "10.0.0.1", "beacon", "x.example", 2)});
  HuntReport& r = *report;
  ASSERT_TRUE(state->Record(r).ok());
  std::string base = StableFindingId("acme", "10.0.0.1", "beacon", "x.example");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].id, base);
  EXPECT_EQ(r.findings[1].id, base + "-2");
  EXPECT_EQ(r.findings[0].status, "new");
  ASSERT_TRUE(r.store);
  EXPECT_EQ(r.store->by_status["new"], 2u);
}

TEST(HuntState, SuppressedFindingsComeBackWithTheirStatus) {
  TempDir t;
  {
    auto state = Load(t.path(), 100);
    auto report = Report({MakeFinding("acme", "10.0.0.1", "beacon", "x.example")});
    HuntReport& r = *report;
    ASSERT_TRUE(state->Record(r).ok());
  }
  {
    StoreOpenError error;
    auto store = OpenSqliteStateStore(t.path(), {StoreAccess::kWrite, 0}, &error);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->RecordTriage({StableFindingId("acme", "10.0.0.1", "beacon", "x.example"), "benign", "", "t",
                                        150, 1000})
                    .ok());
  }
  auto state = Load(t.path(), 200);
  Finding hidden = MakeFinding("acme", "10.0.0.1", "beacon", "x.example");
  Finding other = MakeFinding("acme", "10.0.0.2", "beacon", "x.example");
  EXPECT_TRUE(state->Suppressed(hidden));
  EXPECT_FALSE(state->Suppressed(other));
  auto report = Report({other});
  HuntReport& r = *report;
  r.set_aside = {hidden};  // as RunHunt leaves it
  ASSERT_TRUE(state->Record(r).ok());
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_TRUE(r.set_aside.empty());
  EXPECT_EQ(r.findings[0].status, "suppressed");
  EXPECT_EQ(r.findings[1].status, "new");
}

TEST(HuntState, OnlySweptOrgsAndDetectorsRunResolve) {
  TempDir t;
  {
    auto state = Load(t.path(), 100, {"acme", "globex"});
    auto report = Report({MakeFinding("acme", "10.0.0.1", "beacon", "a"), MakeFinding("acme", "10.0.0.1", "dga", "b"),
                           MakeFinding("globex", "10.0.0.1", "beacon", "c")},
                          {"acme", "globex"});
    HuntReport& r = *report;
    ASSERT_TRUE(state->Record(r).ok());
  }
  // globex had no data this time; only beacon ran.
  auto state = Load(t.path(), 200, {"acme", "globex"});
  state->OnlyDetectors({"beacon"});
  auto report = Report({}, {"acme"});
  HuntReport& r = *report;
  ASSERT_TRUE(state->Record(r).ok());
  ASSERT_EQ(r.store->resolved.size(), 1u);
  EXPECT_EQ(r.store->resolved[0].org, "acme");
  EXPECT_EQ(r.store->resolved[0].detector, "beacon");
  EXPECT_EQ(r.store->resolved[0].last_seen, 100);
}

}  // namespace
}  // namespace dragnet
