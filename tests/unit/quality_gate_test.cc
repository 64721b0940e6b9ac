// The detection quality gate: simulate a world, hunt it with its seed intel,
// score it with dragnet eval. The floors rise as detectors land (issue notes
// record each rise); today only the intel detector runs, so the gate is: no
// false positives, and every org the seed intel can reveal is found.
#include <gtest/gtest.h>

#include "eval/eval.h"
#include "hunt/hunt.h"
#include "report/run_report.h"
#include "sim/simulate.h"
#include "test_util.h"

namespace dragnet {
namespace {

TEST(QualityGate, SeedIntelOnSimulatedWorlds) {
  for (uint64_t seed : {1, 2, 3}) {
    testing::TempDir t;
    SimulateOptions sim;
    sim.out_dir = t.path() + "/world";
    sim.orgs = 12;
    sim.hosts_per_org = 15;
    sim.hours = 12;
    sim.seed = seed;
    sim.implant_share = 0.5;
    auto stats = Simulate(sim);
    ASSERT_TRUE(stats.ok()) << stats.status().message();

    auto orgs = DiscoverOrgs({sim.out_dir}, {}, {});
    ASSERT_TRUE(orgs.ok()) << orgs.status().message();
    EXPECT_EQ(orgs->size(), 12u);  // intel/ and truth.json are not orgs
    HuntOptions hunt;
    hunt.orgs = *orgs;
    hunt.intel_paths = {sim.out_dir + "/intel"};
    Diagnostics diag(false);
    auto report = RunHunt(hunt, diag);
    ASSERT_TRUE(report.ok());
    EXPECT_EQ((*report)->malformed, 0u);
    // Output does not depend on how files fall to threads.
    for (int threads : {1, 2}) {
      HuntOptions again = hunt;
      again.threads = threads;
      auto other = RunHunt(again, diag);
      ASSERT_TRUE(other.ok());
      ASSERT_EQ((*other)->findings.size(), (*report)->findings.size());
      for (size_t i = 0; i < (*other)->findings.size(); ++i)
        EXPECT_EQ((*other)->findings[i].ToJson(), (*report)->findings[i].ToJson()) << "threads " << threads;
    }
    ASSERT_TRUE(WriteFindingsJsonl(t.path() + "/findings.jsonl", (*report)->findings).ok());

    EvalOptions eval;
    eval.truth_path = sim.out_dir + "/truth.json";
    eval.findings_path = t.path() + "/findings.jsonl";
    auto r = Evaluate(eval);
    ASSERT_TRUE(r.ok()) << r.status().message();
    // Seed intel never flags a benign host.
    EXPECT_EQ(r->hosts.fp, 0u) << "seed " << seed;
    EXPECT_EQ(r->fp_findings, 0u) << "seed " << seed;
    // The victim's patient zero talks to cluster A, which the seed lists.
    EXPECT_GE(r->orgs.tp, 1u) << "seed " << seed;
    EXPECT_GE(r->hosts.recall(), 0.05) << "seed " << seed;
  }
}

}  // namespace
}  // namespace dragnet
