// Fleet software by its service (detect/service_fleet.h FleetSoftwareRule):
// the rule campaigns and the detectors' modifiers share. A push service two
// hosts of most orgs keep sessions with is the fleet's software, also for an
// org where one Mac alone uses it; an implant on one host of each victim org
// is fleet software nowhere.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "aggregate/prevalence.h"
#include "detect/service_fleet.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "zeek_log_util.h"

namespace dragnet {
namespace {

using Row = std::vector<std::string>;

Ip A(const std::string& s) { return *Ip::Parse(s); }

TEST(FleetSoftwareRule, SeveralHostsInMostOfTheOrgsUsingIt) {
  OrgLedger ledger(nullptr);
  PairTable pairs(ledger, 16);
  absl::flat_hash_set<std::pair<uint32_t, Ip>> hosts;
  for (uint32_t org = 0; org < 6; ++org)
    for (int h = 1; h <= 20; ++h) hosts.insert({org, A("10.0.0." + std::to_string(h))});
  Prevalence prev;
  prev.Build(pairs, hosts);
  FleetSoftwareRule rule;
  // Two hosts of 20 (>= 2 and >= 2 %) in three of four orgs: fleet software,
  // whatever the fourth org (one Mac) does.
  std::vector<OrgUse> push = {{0, 2}, {1, 2}, {2, 2}, {3, 1}};
  EXPECT_EQ(SeveralHostOrgs(prev, push, rule), 3u);
  EXPECT_TRUE(IsFleetSoftware(prev, push, rule));
  // One host in each of six orgs: an implant, never fleet software.
  std::vector<OrgUse> implant = {{0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}};
  EXPECT_EQ(SeveralHostOrgs(prev, implant, rule), 0u);
  EXPECT_FALSE(IsFleetSoftware(prev, implant, rule));
  // Several hosts in three orgs but one in four more: not most orgs using it.
  std::vector<OrgUse> few = {{0, 2}, {1, 2}, {2, 2}, {3, 1}, {4, 1}, {5, 1}, {6, 1}};
  EXPECT_FALSE(IsFleetSoftware(prev, few, rule));
  // Too few orgs with several hosts.
  EXPECT_FALSE(IsFleetSoftware(prev, std::vector<OrgUse>{{0, 2}, {1, 2}}, rule));
  // An org whose resolver alone used it still counts as using it.
  std::vector<OrgUse> resolver_only = {{0, 2}, {1, 2}, {2, 2}, {3, 0}, {4, 0}, {5, 0}, {6, 0}};
  EXPECT_FALSE(IsFleetSoftware(prev, resolver_only, rule));
  EXPECT_FALSE(IsFleetSoftware(prev, {}, rule));
}

constexpr double kT0 = 1700000000;

const std::vector<std::pair<std::string, std::string>> kConn = {
    {"ts", "time"},         {"uid", "string"},       {"id.orig_h", "addr"},   {"id.orig_p", "port"},
    {"id.resp_h", "addr"},  {"id.resp_p", "port"},   {"proto", "enum"},       {"duration", "interval"},
    {"orig_bytes", "count"}, {"resp_bytes", "count"}, {"conn_state", "string"}};
const std::vector<std::pair<std::string, std::string>> kSsl = {
    {"ts", "time"}, {"uid", "string"}, {"id.orig_h", "addr"}, {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"server_name", "string"}};

// One host's session of hourly connections (an hour each) to `server`
// named `name`, over `hours` hours.
void Session(std::vector<Row>& conn, std::vector<Row>& ssl, const std::string& host, const std::string& server,
             const std::string& name, int hours) {
  for (int i = 0; i < hours; ++i) {
    std::string ts = fmt::format("{:.6f}", kT0 + i * 3600), uid = fmt::format("C{}{}{}", host, server, i);
    conn.push_back({ts, uid, host, "50000", server, "5223", "tcp", "3590", "40000", "50000", "SF"});
    ssl.push_back({ts, uid, host, "50000", server, "5223", name});
  }
}

// Four orgs of 20 active hosts. Push service (per-server names of one
// registered domain): two Macs in orgs 0-2, one in org 3. Implant: one host
// of each org on its own C2 server of one campaign domain.
std::vector<Finding> HuntFleet(const testing::TempDir& dir, const std::vector<std::pair<std::string, std::string>>& params) {
  HuntOptions o;
  for (int org = 0; org < 4; ++org) {
    std::vector<Row> conn, ssl;
    for (int h = 1; h <= 20; ++h)
      conn.push_back({fmt::format("{:.6f}", kT0 + h), fmt::format("Cw{}", h), fmt::format("10.0.0.{}", h), "50001",
                      "192.0.2.80", "80", "tcp", "0.1", "48", "48", "SF"});
    int macs = org < 3 ? 2 : 1;
    for (int m = 1; m <= macs; ++m)
      Session(conn, ssl, fmt::format("10.0.0.{}", m), fmt::format("17.57.{}.{}", org, m),
              fmt::format("{}-courier.push.vendor-example.com", org * 10 + m), 10);
    Session(conn, ssl, "10.0.0.9", fmt::format("203.0.113.{}", 10 + org), fmt::format("n{}.c2-example.net", org), 10);
    std::string root = fmt::format("org{}", org);
    dir.Write(root + "/conn.log", testing::TsvLog("conn", kConn, conn));
    dir.Write(root + "/ssl.log", testing::TsvLog("ssl", kSsl, ssl));
    OrgSource source{root, {dir.path() + "/" + root}, {}, {}, {}};
    source.home_networks.push_back(*Cidr::Parse("10.0.0.0/8"));
    o.orgs.push_back(source);
  }
  o.threads = 2;
  o.detectors = {"long_connection", "rare_destination"};
  o.params = params;
  Diagnostics d(false);
  auto r = RunHunt(o, d);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? (*r)->findings : std::vector<Finding>{};
}

std::vector<const Finding*> OfOrg(const std::vector<Finding>& findings, const std::string& org,
                                  const std::string& host) {
  std::vector<const Finding*> out;
  for (const Finding& f : findings)
    if (f.org == org && f.host.ToString() == host) out.push_back(&f);
  return out;
}

TEST(ServiceFleet, ALoneMacsPushSessionIsFleetSoftwareAnImplantIsNot) {
  testing::TempDir dir;
  auto findings = HuntFleet(dir, {});
  // Every Mac, the lone one of org3 included: routine, no finding.
  for (int org = 0; org < 4; ++org)
    for (int m = 1; m <= (org < 3 ? 2 : 1); ++m)
      EXPECT_TRUE(OfOrg(findings, fmt::format("org{}", org), fmt::format("10.0.0.{}", m)).empty())
          << "org" << org << " mac " << m << ": " << OfOrg(findings, fmt::format("org{}", org),
                                                          fmt::format("10.0.0.{}", m))[0]->summary;
  // Each implant keeps its long_connection finding.
  for (int org = 0; org < 4; ++org) {
    auto implant = OfOrg(findings, fmt::format("org{}", org), "10.0.0.9");
    bool long_connection = false;
    for (const Finding* f : implant) long_connection |= f->detector == "long_connection";
    EXPECT_TRUE(long_connection) << "org" << org;
  }
  // Without the rule (no share of orgs is enough) the lone Mac is reported.
  auto loose = HuntFleet(dir, {{"long_connection.modifiers.software.min_orgs", "5"},
                               {"rare_destination.modifiers.software.min_orgs", "5"}});
  EXPECT_FALSE(OfOrg(loose, "org3", "10.0.0.1").empty());
}

}  // namespace
}  // namespace dragnet
