// Fleet routine and fleet software: the beacon detector's per-org peers
// (detect/beacon/fleet_routine.h) and the cross-org fleet counts of
// Prevalence (aggregate/prevalence.h) the modifiers and campaigns read.
#include <gtest/gtest.h>

#include "aggregate/prevalence.h"
#include "detect/beacon/fleet_routine.h"
#include "detect/time_sync.h"

namespace dragnet {
namespace {

using beacon::FleetRoutine;
using beacon::FleetRoutineParams;

Ip A(const std::string& s) { return *Ip::Parse(s); }

TEST(FleetRoutine, ServiceKeys) {
  Ip dest = A("203.0.113.7");
  EXPECT_EQ(beacon::ServiceKeys("Dev-4F2.Checkin.AVendor.co.uk", nullptr, ""),
            (std::vector<std::string>{"domain:avendor.co.uk"}));
  EXPECT_EQ(beacon::ServiceKeys("", &dest, "AVUpdate/5.1"),
            (std::vector<std::string>{"ip:203.0.113.7", "ua:AVUpdate/5.1"}));
  // A browser's agent is shared by every site a user visits: no service.
  EXPECT_EQ(beacon::ServiceKeys("", &dest, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"),
            (std::vector<std::string>{"ip:203.0.113.7"}));
}

TEST(FleetRoutine, PeersKeepTheSameScheduleToTheSameService) {
  FleetRoutine f;
  std::vector<std::string> av = {"domain:avendor.example"};
  f.Add(0, A("10.0.0.1"), av, 300);
  f.Add(0, A("10.0.0.2"), av, 310);
  f.Add(0, A("10.0.0.3"), av, 290);
  f.Add(0, A("10.0.0.4"), av, 900);                      // another schedule
  f.Add(0, A("10.0.0.5"), {"domain:other.example"}, 300);  // another service
  f.Add(1, A("10.0.0.6"), av, 300);                       // another org
  EXPECT_EQ(f.Peers(0, A("10.0.0.1"), av, 300, 0.15), 2u);
  EXPECT_EQ(f.Peers(0, A("10.0.0.4"), av, 900, 0.15), 0u);
  EXPECT_EQ(f.Peers(1, A("10.0.0.6"), av, 300, 0.15), 0u);
  // One more host of the org with the same schedule: seen by its peers.
  EXPECT_EQ(f.Peers(0, A("10.0.0.9"), av, 305, 0.15), 3u);
  FleetRoutineParams p;
  EXPECT_TRUE(beacon::IsFleet(3, 20, p));
  EXPECT_FALSE(beacon::IsFleet(2, 20, p));   // too few hosts
  EXPECT_FALSE(beacon::IsFleet(3, 40, p));   // too small a share of a large org
}

TEST(Prevalence, FleetOrgsNeedAFleetShareNotJustPresence) {
  OrgLedger ledger(nullptr);
  PairTable pairs(ledger, 16);
  absl::flat_hash_set<std::pair<uint32_t, Ip>> hosts;
  Ip time_server = A("192.0.2.123"), c2 = A("203.0.113.7");
  auto use = [&](uint32_t org, int host, const Ip& dest) {
    Ip h = A("10.0.0." + std::to_string(host));
    PairSeries* s = pairs.ByIp(org, h, dest);
    for (int i = 0; i < 4; ++i) pairs.AddConn(org, *s, int64_t{1000 + i * 1024} * 1000000, 48, 48, 0, false);
  };
  for (uint32_t org = 0; org < 4; ++org) {
    for (int h = 1; h <= 10; ++h) hosts.insert({org, A("10.0.0." + std::to_string(h))});
    // The time server: three hosts of each org (a fleet share), the C2 one host.
    for (int h = 1; h <= 3; ++h) use(org, h, time_server);
    use(org, 9, c2);
  }
  pairs.SortSamples();
  Prevalence prev;
  prev.Build(pairs, hosts);
  ASSERT_EQ(prev.ByOrg(time_server).size(), 4u);
  EXPECT_EQ(prev.ByOrg(time_server)[2].org, 2u);
  EXPECT_EQ(prev.ByOrg(time_server)[2].hosts, 3u);
  FleetRule rule;
  EXPECT_EQ(prev.FleetOrgs(prev.ByOrg(time_server), rule), 4u);
  // In four orgs too, but one host in each: campaign-like, never fleet.
  EXPECT_EQ(prev.Global(c2).orgs, 4u);
  EXPECT_EQ(prev.FleetOrgs(prev.ByOrg(c2), rule), 0u);
  // A larger share required: three hosts of ten are no longer a fleet.
  rule.share = 0.5;
  EXPECT_EQ(prev.FleetOrgs(prev.ByOrg(time_server), rule), 0u);
  EXPECT_TRUE(prev.ByOrg(A("198.51.100.1")).empty());
}

}  // namespace
}  // namespace dragnet

namespace dragnet {
namespace {

TEST(TimeSync, NtpPollingAtPowersOfTwo) {
  TimeSyncParams p;
  EXPECT_TRUE(IsTimeSync(64, 48, 100, 100, p));
  EXPECT_TRUE(IsTimeSync(1024 * 1.05, 68, 60, 100, p));  // a MAC, a little drift
  // A bare 48-byte request is time sync on any schedule (Apple's timed every
  // ~46 min, w32time's SpecialPollInterval); with a MAC or more it must keep
  // NTP's 2^n poll intervals.
  EXPECT_TRUE(IsTimeSync(2760, 48, 100, 100, p));
  EXPECT_TRUE(IsTimeSync(300, 48, 100, 100, p));
  EXPECT_FALSE(IsTimeSync(300, 60, 100, 100, p));        // no power of two
  EXPECT_FALSE(IsTimeSync(2048, 60, 100, 100, p));       // past MAXPOLL 10
  EXPECT_FALSE(IsTimeSync(32, 60, 100, 100, p));         // below MINPOLL 6
  EXPECT_FALSE(IsTimeSync(512, 400, 100, 100, p));       // requests too large for NTP: data carried
  EXPECT_FALSE(IsTimeSync(512, 48, 40, 100, p));         // mostly not NTP (another port or protocol)
  OrgLedger ledger(nullptr);
  PairTable t(ledger, 16);
  PairSeries* s = t.ByIp(0, *Ip::Parse("10.0.0.5"), *Ip::Parse("192.0.2.123"));
  for (int i = 0; i < 5; ++i) t.AddConn(0, *s, int64_t{1000 + i * 64} * 1000000, 48, 48, 0, false);
  EXPECT_FALSE(IsNtpSeries(*s, p));  // no connection seen as NTP
  t.Traits(0, *s)->ntp = 5;
  EXPECT_TRUE(IsNtpSeries(*s, p));
}

}  // namespace
}  // namespace dragnet
