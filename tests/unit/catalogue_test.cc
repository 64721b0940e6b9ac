// The benign catalogue of `dragnet simulate --benign catalogue`: every org
// draws its own variant, every entry shows up, truth's benign roles match
// the logs, and the output stays the same whatever the thread count.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "sim/activity.h"
#include "sim/catalogue_plan.h"
#include "sim/simulate.h"
#include "test_util.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;
using Row = std::map<std::string, std::string>;

// Rows of a Zeek TSV log, by column name.
std::vector<Row> ReadTsv(const std::string& path) {
  std::vector<Row> rows;
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> fields;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    if (line.rfind("#fields", 0) == 0) {
      fields.assign(cells.begin() + 1, cells.end());
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    Row row;
    for (size_t i = 0; i < cells.size() && i < fields.size(); ++i) row[fields[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

sim::World Planned(int orgs, uint64_t seed, std::optional<uint64_t> benign_seed) {
  SimulateOptions o;
  o.orgs = orgs;
  o.hosts_per_org = 15;
  o.seed = seed;
  o.benign = BenignLife::kCatalogue;
  o.benign_seed = benign_seed;
  sim::World w = sim::BuildWorld(o);
  sim::Internet net = sim::BuildInternet(seed);
  sim::PlanCatalogue(w, net);
  return w;
}

std::string Summary(const sim::OrgCatalogue& c) {
  std::string s;
  for (const auto& [entry, choice] : c.summary) s += entry + "=" + choice + ";";
  return s;
}

TEST(Catalogue, VariantsDifferBetweenOrgsAndBenignSeeds) {
  sim::World a = Planned(20, 3, std::nullopt);
  sim::World b = Planned(20, 3, 99);
  std::set<std::string> summaries, dcs, edr, deploy;
  int changed = 0;
  for (size_t i = 0; i < a.orgs.size(); ++i) {
    summaries.insert(Summary(a.catalogue[i]));
    dcs.insert(a.orgs[i].hosts[a.orgs[i].dc].name + "@" + a.orgs[i].hosts[a.orgs[i].dc].ip.substr(a.orgs[i].prefix.size()));
    for (const auto& [entry, choice] : a.catalogue[i].summary) {
      if (entry == "edr") edr.insert(choice);
      if (entry == "deployment") deploy.insert(choice);
    }
    changed += Summary(a.catalogue[i]) != Summary(b.catalogue[i]);
    // Same world seed, so the same orgs and campaign plan; only the variants move.
    EXPECT_EQ(a.orgs[i].name, b.orgs[i].name);
  }
  EXPECT_EQ(summaries.size(), a.orgs.size());  // no two orgs alike
  EXPECT_GE(dcs.size(), 15u);                  // names and addresses are the org's own
  EXPECT_GE(edr.size(), 4u);
  EXPECT_EQ(deploy.size(), 5u);
  EXPECT_GE(changed, 18);
  EXPECT_EQ(a.implants.size(), b.implants.size());
  // Same seeds, same plan.
  sim::World again = Planned(20, 3, std::nullopt);
  for (size_t i = 0; i < a.orgs.size(); ++i) EXPECT_EQ(Summary(a.catalogue[i]), Summary(again.catalogue[i]));
}

TEST(Catalogue, FleetEndpointsAreSharedAcrossOrgs) {
  sim::World w = Planned(20, 4, std::nullopt);
  std::map<std::string, std::set<std::string>> ips_of;  // vendor host name -> addresses seen across orgs
  std::map<std::string, std::set<size_t>> orgs_of;
  for (size_t i = 0; i < w.catalogue.size(); ++i)
    for (const auto& ep : w.catalogue[i].endpoints) {
      ASSERT_FALSE(ep.ip.empty()) << ep.vendor;
      if (ep.vendor == "corporate-vpn") continue;
      ips_of[ep.host + ":" + ep.vendor].insert(ep.ip);
      orgs_of[ep.host + ":" + ep.vendor].insert(i);
    }
  // The WNS endpoint is in every org, at one address with one JA3.
  EXPECT_EQ(orgs_of["client.wns.windows.com:microsoft-wns"].size(), w.orgs.size());
  EXPECT_EQ(ips_of["client.wns.windows.com:microsoft-wns"].size(), 1u);
}

// Which logs show a host taking part in a benign behaviour.
bool Shows(const std::string& role, const std::string& ip, std::map<std::string, std::vector<Row>>& logs) {
  auto any = [&](const char* log, auto pred) {
    for (const Row& r : logs[log])
      if (pred(r)) return true;
    return false;
  };
  auto orig = [&](const Row& r) { return r.at("id.orig_h") == ip; };
  auto resp = [&](const Row& r) { return r.at("id.resp_h") == ip; };
  auto port = [&](const Row& r) { return std::stoi(r.at("id.resp_p")); };
  if (role == "time_sync") return any("conn.log", [&](const Row& r) { return orig(r) && port(r) == 123; });
  if (role == "time_server") return any("conn.log", [&](const Row& r) { return resp(r) && port(r) == 123; });
  if (role == "deployment_server")
    return any("dce_rpc.log", [&](const Row& r) { return orig(r) && r.at("operation") == "CreateServiceW"; }) ||
           any("smb_mapping.log", [&](const Row& r) { return resp(r) && r.at("path").find("SYSVOL") != std::string::npos; }) ||
           any("conn.log", [&](const Row& r) { return orig(r) && port(r) == 5986; });
  if (role == "deployment_target")
    return any("dce_rpc.log", [&](const Row& r) { return resp(r) && r.at("operation") == "CreateServiceW"; }) ||
           any("smb_mapping.log", [&](const Row& r) { return orig(r) && r.at("path").find("SYSVOL") != std::string::npos; }) ||
           any("conn.log", [&](const Row& r) { return resp(r) && port(r) == 5986; });
  if (role == "resolver") return any("dns.log", [&](const Row& r) { return orig(r); });
  if (role == "office_temp_files")
    return any("smb_files.log", [&](const Row& r) { return orig(r) && r.at("name").find("~$") != std::string::npos; });
  if (role == "vuln_scanner") return any("conn.log", [&](const Row& r) { return orig(r) && r.at("conn_state") == "REJ"; });
  if (role == "monitoring_server")
    return any("conn.log", [&](const Row& r) { return orig(r) && (port(r) == 161 || port(r) == 10050 || port(r) == 5666); });
  if (role == "remote_support")
    return any("conn.log", [&](const Row& r) { return orig(r) && (port(r) == 5938 || port(r) == 6568 || port(r) == 8041); });
  if (role == "push_notification")
    return any("conn.log", [&](const Row& r) { return orig(r) && (port(r) == 5223 || port(r) == 5228 || port(r) == 443); });
  if (role == "printer") return any("conn.log", [&](const Row& r) { return orig(r) && port(r) == 5353; });
  if (role == "lan_discovery") return any("conn.log", [&](const Row& r) { return orig(r) && (port(r) == 1900 || port(r) == 5355 || port(r) == 137 || port(r) == 5353); });
  if (role == "backup_server") return any("conn.log", [&](const Row& r) { return orig(r) && r.at("resp_bytes") != "-" && r.at("resp_bytes").size() >= 10; });
  if (role == "admin_host") return any("conn.log", [&](const Row& r) { return orig(r) && (port(r) == 3389 || port(r) == 5985 || port(r) == 445); });
  if (role == "cloud_sync" || role == "edr_checkin" || role == "software_update" || role == "collaboration_session")
    return any("ssl.log", [&](const Row& r) { return orig(r); });
  return true;  // not checked here (vpn, streaming, monitored, ...: session entries checked above)
}

TEST(Catalogue, EveryEntryAppearsAndTruthRolesMatchTheLogs) {
  testing::TempDir t;
  SimulateOptions o;
  o.out_dir = t.path() + "/w";
  o.orgs = 20;
  o.hosts_per_org = 6;
  o.hours = 36;
  o.seed = 12;
  o.benign = BenignLife::kCatalogue;
  ASSERT_TRUE(Simulate(o).ok());
  simdjson::dom::parser parser;
  simdjson::dom::element truth = parser.load(o.out_dir + "/truth.json");
  std::map<std::string, int> hosts_with_role;
  std::map<std::string, int> checked;
  std::vector<std::string> actor_domains;
  for (auto c : truth["clusters"].get_array())
    for (auto d : c["domains"].get_array()) actor_domains.emplace_back(d.get_string().value());
  int resolver_asks_actor_names = 0;  // the resolver asks upstream for its clients' bad names too
  for (auto org : truth["orgs"].get_array()) {
    std::string name(org["name"].get_string().value());
    std::map<std::string, std::vector<Row>> logs;
    for (const char* log : {"conn.log", "dns.log", "ssl.log", "dce_rpc.log", "smb_files.log", "smb_mapping.log"})
      logs[log] = ReadTsv(o.out_dir + "/" + name + "/" + log);
    for (auto [host, roles] : org["benign_roles"].get_object()) {
      for (auto role : roles.get_array()) {
        std::string r(role.get_string().value());
        ++hosts_with_role[r];
        if (r == "resolver")
          for (const Row& row : logs["dns.log"])
            for (const auto& d : actor_domains)
              resolver_asks_actor_names += row.at("id.orig_h") == std::string(host) && row.at("query").ends_with(d);
        // Every deployment server, resolver, scanner, monitor and backup
        // server in the truth left its traces in the logs.
        if (r == "deployment_server" || r == "resolver" || r == "vuln_scanner" || r == "monitoring_server" ||
            r == "backup_server" || r == "time_server" || r == "deployment_target" || r == "admin_host" ||
            (r == "office_temp_files" && checked[r] < 3) || r == "remote_support" || r == "printer") {
          ++checked[r];
          if (r == "vuln_scanner" || r == "admin_host" || r == "office_temp_files") continue;  // schedule or chance: below
          EXPECT_TRUE(Shows(r, std::string(host), logs)) << name << " " << host << " " << r;
        }
      }
    }
  }
  for (const char* role : {"time_sync", "time_server", "edr_checkin", "push_notification", "vpn_session", "streaming",
                           "collaboration_session", "software_update", "deployment_server", "deployment_target",
                           "admin_host", "admin_target", "monitoring_server", "monitored", "vuln_scanner",
                           "backup_server", "backup_source", "resolver", "office_temp_files", "cloud_sync",
                           "remote_support", "printer", "iot_device", "network_device", "lan_discovery"})
    EXPECT_GT(hosts_with_role[role], 0) << role;
  EXPECT_GT(resolver_asks_actor_names, 0);
  EXPECT_EQ(hosts_with_role["deployment_server"], 20);
  EXPECT_EQ(hosts_with_role["resolver"], 20);
}

TEST(Catalogue, SameBytesWhateverTheThreadCount) {
  testing::TempDir t;
  auto run = [&](const std::string& dir, int threads, std::optional<uint64_t> benign_seed) {
    SimulateOptions o;
    o.out_dir = t.path() + "/" + dir;
    o.orgs = 5;
    o.hosts_per_org = 10;
    o.hours = 26;
    o.seed = 8;
    o.threads = threads;
    o.benign = BenignLife::kCatalogue;
    o.benign_seed = benign_seed;
    EXPECT_TRUE(Simulate(o).ok());
    return o.out_dir;
  };
  std::string a = run("a", 1, std::nullopt), b = run("b", 4, std::nullopt), c = run("c", 2, 77);
  size_t files = 0, differ = 0;
  for (const auto& e : fs::recursive_directory_iterator(a)) {
    if (!e.is_regular_file()) continue;
    std::string rel = e.path().string().substr(a.size());
    EXPECT_EQ(testing::ReadWhole(e.path().string()), testing::ReadWhole(b + rel)) << rel;
    ++files;
    if (fs::exists(c + rel)) differ += testing::ReadWhole(e.path().string()) != testing::ReadWhole(c + rel);
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(differ, files / 2);  // another benign seed, other variants
}

}  // namespace
}  // namespace dragnet
