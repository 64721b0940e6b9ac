// Campaign variants in the simulator: every kind lands in a 20-org world with
// its truth role and the log lines that make it what it is; the output does
// not depend on the thread count; the rest of the world is unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "sim/campaign_variants.h"
#include "sim/simulate.h"
#include "sim/world.h"
#include "test_util.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;
using Row = std::map<std::string, std::string>;

// Rows of ORG/LOG.log as field -> value; also checks each line's column count.
std::vector<Row> ReadLog(const std::string& dir, const std::string& log) {
  std::vector<Row> rows;
  std::string path = dir + "/" + log + ".log";
  if (!fs::exists(path)) return rows;
  std::istringstream in(testing::ReadWhole(path));
  std::vector<std::string> fields;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::istringstream ls(line);
    for (std::string c; std::getline(ls, c, '\t');) cols.push_back(c);
    if (line.starts_with("#fields")) fields.assign(cols.begin() + 1, cols.end());
    if (line.empty() || line[0] == '#') continue;
    EXPECT_EQ(cols.size(), fields.size()) << path << ": " << line;
    Row r;
    for (size_t i = 0; i < cols.size() && i < fields.size(); ++i) r[fields[i]] = cols[i];
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<Row> From(const std::vector<Row>& rows, const std::string& host) {
  std::vector<Row> out;
  for (const Row& r : rows)
    if (r.at("id.orig_h") == host) out.push_back(r);
  return out;
}

SimulateOptions World20(const std::string& out, int threads) {
  SimulateOptions o;
  o.out_dir = out;
  o.orgs = 20;
  o.hosts_per_org = 12;
  o.hours = 12;
  o.seed = 31;
  o.threads = threads;
  o.variants = *sim::ParseVariants("all");
  return o;
}

TEST(CampaignVariants, ParsesAllNoneAndLists) {
  EXPECT_EQ(sim::ParseVariants("all")->size(), sim::VariantKinds().size());
  EXPECT_TRUE(sim::ParseVariants("none")->empty());
  auto some = sim::ParseVariants("scan,failed_c2,scan");
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(*some, (std::vector<std::string>{"failed_c2", "scan"}));
  EXPECT_EQ(sim::ParseVariants("remote_exec")->size(), 9u);
  EXPECT_FALSE(sim::ParseVariants("failed_c2,nonsense").ok());
}

// What each kind must have written from its host (the variant's definition).
void ExpectWireShape(const std::string& kind, const std::string& dir, const std::string& host) {
  SCOPED_TRACE(kind + " on " + host + " in " + dir);
  auto conn = From(ReadLog(dir, "conn"), host);
  std::map<std::string, int> to;  // resp_h:port -> connections
  for (const Row& r : conn) ++to[r.at("id.resp_h") + ":" + r.at("id.resp_p")];
  int busiest = 0;
  for (const auto& [k, n] : to) busiest = std::max(busiest, n);
  auto count = [](const std::vector<Row>& rows, const std::string& field, const std::string& value) {
    return std::count_if(rows.begin(), rows.end(), [&](const Row& r) { return r.at(field) == value; });
  };
  auto dce = From(ReadLog(dir, "dce_rpc"), host);
  auto krb = From(ReadLog(dir, "kerberos"), host);
  if (kind == "failed_c2") {
    EXPECT_GE(count(conn, "conn_state", "S0") + count(conn, "conn_state", "REJ"), 100);
  } else if (kind == "fast_c2") {
    EXPECT_GE(busiest, 90);
  } else if (kind == "dga_failover") {
    auto dns = From(ReadLog(dir, "dns"), host);
    std::map<std::string, int> failed;
    for (const Row& r : dns)
      if (r.at("rcode_name") == "NXDOMAIN" || r.at("rcode") == "-") ++failed[r.at("query")];
    int many = 0;
    for (const auto& [q, n] : failed) many += n >= 100;
    EXPECT_GE(many, 2);
    EXPECT_LE(many, 6);
  } else if (kind == "stager") {
    auto files = From(ReadLog(dir, "files"), host);
    EXPECT_EQ(count(files, "mime_type", "application/x-dosexec"), 1);
    bool by_address = false;
    for (const Row& r : From(ReadLog(dir, "http"), host))
      if (r.at("resp_mime_types") == "application/x-dosexec")
        by_address = r.at("host") == "-" || r.at("host") == r.at("id.resp_h");
    EXPECT_TRUE(by_address);
  } else if (kind == "brute_force") {
    long failures = static_cast<long>(From(ReadLog(dir, "rdp"), host).size()) +
                    count(From(ReadLog(dir, "ssh"), host), "auth_success", "F") +
                    count(krb, "error_msg", "KDC_ERR_PREAUTH_FAILED") +
                    count(From(ReadLog(dir, "ntlm"), host), "success", "F");
    EXPECT_GE(failures, 40);
  } else if (kind == "scan") {
    std::map<std::string, std::set<std::string>> hosts_per_port, ports_per_host;
    for (const Row& r : conn) {
      hosts_per_port[r.at("id.resp_p")].insert(r.at("id.resp_h"));
      ports_per_host[r.at("id.resp_h")].insert(r.at("id.resp_p"));
    }
    size_t wide = 0, deep = 0;
    for (const auto& [p, s] : hosts_per_port) wide = std::max(wide, s.size());
    for (const auto& [h, s] : ports_per_host) deep = std::max(deep, s.size());
    EXPECT_GE(wide, 200u);
    EXPECT_GE(deep, 1000u);
  } else if (kind == "remote_exec_wmi") {
    EXPECT_GE(count(dce, "operation", "ExecMethod"), 1);
  } else if (kind == "remote_exec_dcom") {
    EXPECT_EQ(count(dce, "operation", "RemoteCreateInstance"), 1);
    // As stock Zeek logs IDispatch: its UUID, GetIDsOfNames and Invoke by opnum.
    const std::string dispatch = "unknown-00020400-0000-0000-c000-000000000046";
    EXPECT_EQ(count(dce, "endpoint", "IDispatch"), 0);
    EXPECT_GE(count(dce, "endpoint", dispatch), 3);
    EXPECT_GE(count(dce, "operation", "unknown-6"), 2);
  } else if (kind == "remote_exec_schtask") {
    EXPECT_EQ(count(dce, "operation", "SchRpcRegisterTask") + count(dce, "operation", "NetrJobAdd"), 1);
  } else if (kind == "remote_exec_smbexec") {
    EXPECT_GE(count(dce, "operation", "CreateServiceW"), 2);
    for (const Row& r : From(ReadLog(dir, "smb_files"), host))  // no file dropped on an admin share
      EXPECT_EQ(r.at("path").find("ADMIN$"), std::string::npos) << r.at("path");
  } else if (kind == "remote_exec_winrm") {
    EXPECT_GE(count(conn, "id.resp_p", "5985") + count(conn, "id.resp_p", "5986"), 4);
  } else if (kind == "remote_exec_dcsync") {
    EXPECT_GE(count(dce, "operation", "DRSGetNCChanges"), 1);
  } else if (kind == "remote_exec_zerologon") {
    EXPECT_GE(count(dce, "operation", "NetrServerAuthenticate2") + count(dce, "operation", "NetrServerAuthenticate3"),
              200);
  } else if (kind == "remote_exec_asrep") {
    EXPECT_GE(count(krb, "cipher", "rc4-hmac"), 3);
    EXPECT_EQ(count(krb, "error_msg", "KDC_ERR_PREAUTH_REQUIRED"), 0);
  } else if (kind == "remote_exec_rc4") {
    EXPECT_EQ(count(krb, "cipher", "rc4-hmac"), 3);
  } else if (kind == "inbound") {
    // Polled from one outside address: HTTP without Host, one agent no browser sends.
    std::map<std::string, int> polls;
    for (const Row& r : ReadLog(dir, "http"))
      if (r.at("id.resp_h") == host && r.at("host") == "-" && !r.at("user_agent").starts_with("Mozilla/"))
        ++polls[r.at("id.orig_h")];
    ASSERT_EQ(polls.size(), 1u);
    EXPECT_GE(polls.begin()->second, 30);
    int sessions = 0;
    for (const Row& r : ReadLog(dir, "conn"))  // the SSH session, when there is one, is long and from that address
      if (r.at("id.resp_h") == host && r.at("id.orig_h") == polls.begin()->first && r.at("id.resp_p") == "22") {
        ++sessions;
        EXPECT_GT(std::stod(r.at("duration")), 3600.0);
      }
    EXPECT_LE(sessions, 1);
  } else {
    ADD_FAILURE() << "no wire check for " << kind;
  }
}

TEST(CampaignVariants, EveryKindInATwentyOrgWorldWithItsRoleAndLines) {
  testing::TempDir t;
  SimulateOptions o = World20(t.path() + "/w", 2);
  ASSERT_TRUE(Simulate(o).ok());
  simdjson::dom::parser parser;
  simdjson::dom::element truth;
  ASSERT_EQ(parser.load(o.out_dir + "/truth.json").get(truth), simdjson::SUCCESS);
  std::map<std::string, int> seen;
  for (auto c : truth["compromised"].get_array()) {
    std::string org(c["org"].get_string().value()), host(c["host"].get_string().value());
    for (auto role : c["roles"].get_array()) {
      std::string r(role.get_string().value());
      if (r == "remote_exec_target") ++seen[r];
      if (std::find(sim::VariantKinds().begin(), sim::VariantKinds().end(), r) == sim::VariantKinds().end()) continue;
      ++seen[r];
      EXPECT_FALSE(c["attack"].get_array().size() == 0) << r;
      EXPECT_EQ(c["roles"].get_array().size(), 1u) << r << ": a variant's host plays no other role";
      ExpectWireShape(r, o.out_dir + "/" + org, host);
    }
  }
  for (const auto& kind : sim::VariantKinds()) EXPECT_EQ(seen[kind], kind == "brute_force" ? 4 : 2) << kind;
  // WMI, DCOM, scheduled tasks, SMBexec and WinRM run code on their targets.
  EXPECT_GE(seen["remote_exec_target"], 10);
}

// Remote execution moves from a desk to another desk (WinRM then to the DC
// too), never to a printer or a switch; each target plays no other role.
TEST(CampaignVariants, RemoteExecutionTargetsAnotherWorkstation) {
  for (uint64_t seed : {31u, 32u, 33u}) {
    SimulateOptions o = World20("", 1);
    o.hosts_per_org = 30;
    o.seed = seed;
    sim::World w = sim::BuildWorld(o);
    sim::VariantPlan plan = sim::PlanVariants(w);
    std::set<std::pair<int, int>> targets;
    size_t checked = 0;
    for (const sim::Variant& v : plan.variants) {
      if (!v.kind.starts_with("remote_exec_")) continue;
      SCOPED_TRACE(v.kind + " seed " + std::to_string(seed));
      ASSERT_GE(v.target, 0);
      const sim::Org& org = w.orgs[v.org];
      EXPECT_EQ(org.hosts[v.target].role, sim::Host::kWorkstation) << org.hosts[v.target].name;
      EXPECT_NE(v.target, v.host);
      EXPECT_TRUE(targets.insert({v.org, v.target}).second) << "a target of two variants";
      ++checked;
    }
    EXPECT_EQ(checked, 18u);
  }
}

TEST(CampaignVariants, SameBytesWhateverTheThreadsAndTheRestUnchanged) {
  testing::TempDir t;
  SimulateOptions one = World20(t.path() + "/one", 1), three = World20(t.path() + "/three", 3);
  SimulateOptions off = World20(t.path() + "/off", 3);
  off.variants.clear();
  ASSERT_TRUE(Simulate(one).ok());
  ASSERT_TRUE(Simulate(three).ok());
  ASSERT_TRUE(Simulate(off).ok());
  size_t files = 0, grown = 0;
  for (const auto& e : fs::recursive_directory_iterator(one.out_dir)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), one.out_dir).string();
    std::string a = testing::ReadWhole(e.path().string());
    ASSERT_EQ(a, testing::ReadWhole(three.out_dir + "/" + rel)) << rel;
    ++files;
    // Without variants every data line is still there (their own random stream).
    if (!rel.ends_with(".log") || !fs::exists(off.out_dir + "/" + rel)) continue;
    std::multiset<std::string> with;
    std::istringstream in(a), base(testing::ReadWhole(off.out_dir + "/" + rel));
    for (std::string l; std::getline(in, l);)
      if (!l.starts_with("#")) with.insert(l);
    size_t before = with.size();
    for (std::string l; std::getline(base, l);) {
      if (l.starts_with("#")) continue;
      auto it = with.find(l);
      ASSERT_TRUE(it != with.end()) << rel << ": " << l;
      with.erase(it);
    }
    grown += with.size() < before && !with.empty();
  }
  EXPECT_GT(files, 100u);
  EXPECT_GT(grown, 5u);  // the variants' own lines were added
}

}  // namespace
}  // namespace dragnet
