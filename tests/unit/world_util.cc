#include "world_util.h"

#include <gtest/gtest.h>

namespace dragnet::testing {

SimulateOptions SmallWorld(const std::string& dir, int orgs, int hours, uint64_t seed, double jitter) {
  SimulateOptions sim;
  sim.out_dir = dir + "/world";
  sim.orgs = orgs;
  sim.hosts_per_org = 15;
  sim.hours = hours;
  sim.seed = seed;
  sim.implant_share = 0.5;
  sim.implant_jitter = jitter;
  return sim;
}

std::unique_ptr<HuntReport> HuntRoot(const std::string& root, HuntOptions base) {
  auto orgs = DiscoverOrgs({root}, {}, {});
  EXPECT_TRUE(orgs.ok()) << orgs.status().message();
  if (!orgs.ok()) return nullptr;
  base.orgs = *orgs;
  Diagnostics diag(false);
  auto report = RunHunt(base, diag);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? std::move(*report) : nullptr;
}

}  // namespace dragnet::testing
