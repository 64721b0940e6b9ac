// Evidence is a typed object: every finding's evidence holds exactly the
// fields its source declares (FindingSourceSpec::evidence), of their types --
// on a simulated world of every detector and on every golden case.
#include <gtest/gtest.h>

#include <filesystem>

#include "correlate/finding_sources.h"
#include "report/evidence_check.h"
#include "report/json_input.h"
#include "test_util.h"
#include "world_util.h"

namespace dragnet {
namespace {

TEST(Evidence, CheckRefusesUndeclaredMistypedAndMissingFields) {
  FindingSourceSpec s;
  s.name = "fake";
  s.evidence = {{"destination", EvidenceType::kString}, {"count", EvidenceType::kNumber},
                {"ja3", EvidenceType::kString, false}};
  EXPECT_TRUE(CheckEvidence(s, R"({"destination":"203.0.113.7","count":3})").ok());
  EXPECT_TRUE(CheckEvidence(s, R"({"destination":"203.0.113.7","count":3,"ja3":"ab"})").ok());
  EXPECT_EQ(CheckEvidence(s, R"({"destination":"203.0.113.7","count":3,"extra":1})").message(),
            "fake: evidence field 'extra' is not declared in its spec");
  EXPECT_EQ(CheckEvidence(s, R"({"destination":"203.0.113.7","count":"3"})").message(),
            "fake: evidence field 'count' is not a number");
  EXPECT_EQ(CheckEvidence(s, R"({"count":3})").message(), "fake: evidence lacks its field 'destination'");
  EXPECT_FALSE(CheckEvidence(s, "[]").ok());
  EXPECT_FALSE(CheckEvidence(s, "not json").ok());
}

TEST(Evidence, EveryFindingOfASimulatedWorldHasItsDeclaredFields) {
  testing::TempDir t;
  SimulateOptions sim = testing::SmallWorld(t.path(), 12, 24, 5);
  ASSERT_TRUE(Simulate(sim).ok());
  HuntOptions o;
  o.threads = 2;
  o.intel_paths = {sim.out_dir + "/intel"};
  auto report = testing::HuntRoot(sim.out_dir, o);
  ASSERT_NE(report, nullptr);
  std::set<std::string> sources;
  for (const Finding& f : report->findings) {
    sources.insert(f.detector);
    Status s = CheckEvidence(SpecOf(f.detector), f.evidence_json);
    EXPECT_TRUE(s.ok()) << s.message() << "\n" << f.evidence_json;
  }
  EXPECT_GE(sources.size(), 8u);  // most sources took part
}

TEST(Evidence, EveryGoldenFindingHasItsDeclaredFields) {
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DRAGNET_SOURCE_DIR "/tests/golden")) {
    std::string path = entry.path().string() + "/expected/findings.jsonl";
    if (!std::filesystem::exists(path)) continue;
    Status read = ForEachJsonLine(path, [&](simdjson::dom::element f) {
      simdjson::dom::element evidence;
      ASSERT_FALSE(f["evidence"].get(evidence)) << path;
      std::string detector = JsonString(f, "detector");
      Status s = CheckEvidence(SpecOf(detector), simdjson::minify(evidence));
      EXPECT_TRUE(s.ok()) << path << ": " << s.message();
      ++checked;
    });
    EXPECT_TRUE(read.ok()) << read.message();
  }
  EXPECT_GT(checked, 50u);
}

}  // namespace
}  // namespace dragnet
