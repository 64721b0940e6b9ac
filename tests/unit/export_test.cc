// Exports back to the sensors: a hunt's indicators written as a Zeek Intel
// file, as Suricata datasets and as a MISP event, loaded again by Dragnet's
// own feed loader, find the same hosts -- and no benign one.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "core/file_io.h"
#include "hunt/hunt.h"
#include "report/exports.h"
#include "report/run_report.h"
#include "sim/simulate.h"
#include "test_util.h"
#include "world_util.h"

namespace dragnet {
namespace {

std::unique_ptr<HuntReport> Hunt(const std::string& world, std::vector<std::string> intel) {
  HuntOptions o;
  o.threads = 2;
  o.intel_paths = std::move(intel);
  return testing::HuntRoot(world, o);
}

std::set<std::pair<std::string, std::string>> IntelHosts(const HuntReport& r) {
  std::set<std::pair<std::string, std::string>> out;
  for (const Finding& f : r.findings)
    if (f.detector == "intel") out.insert({f.org, f.host.ToString()});
  return out;
}

TEST(Exports, AmbiguousHexIsTypedByWhatTheFindingSays) {
  const std::string sha1 = "216f44285b4c6729d57d48821a04de7deada462d";
  const std::string md5 = "892090fde388faa66557fc1402929766";
  // A pivot on a certificate: its SHA-1 is a certificate's, not a file's.
  EXPECT_EQ(IndicatorType(sha1, IndicatorHint("pivot", R"({"trait":"cert:)" + sha1 + R"(","round":1})")), "cert_sha1");
  EXPECT_EQ(IndicatorType(md5, IndicatorHint("pivot", R"({"trait":"ja3:)" + md5 + R"("})")), "ja3");
  // Intel findings carry their feed's type.
  EXPECT_EQ(IndicatorType(md5, IndicatorHint("intel", R"({"indicator_type":"ja3","count":3})")), "ja3");
  EXPECT_EQ(IndicatorType(sha1, IndicatorHint("intel", R"({"indicator_type":"cert_sha1"})")), "cert_sha1");
  EXPECT_EQ(IndicatorType(md5, IndicatorHint("intel", R"({"indicator_type":"md5"})")), "md5");
  // A server fingerprint (JA3S) is no MD5 and no client JA3: not exported.
  EXPECT_EQ(IndicatorType(md5, IndicatorHint("intel", R"({"indicator_type":"ja3s"})")), "");
  // Without a word from the finding, the shape decides.
  EXPECT_EQ(IndicatorType(sha1, IndicatorHint("beacon", R"({"indicator_type":"cert_sha1"})")), "sha1");
  EXPECT_EQ(IndicatorHint("intel", "not json"), "");
}

TEST(Exports, ZeekIntelSuricataDatasetsAndMispEventFindTheSameHostsAgain) {
  testing::TempDir t;
  SimulateOptions sim = testing::SmallWorld(t.path(), 12, 24, 3);
  ASSERT_TRUE(Simulate(sim).ok());
  // 1. Behaviour alone (no feed): campaigns and their infrastructure.
  auto first = Hunt(sim.out_dir, {});
  ASSERT_NE(first, nullptr);
  ASSERT_FALSE(first->campaigns.empty());
  std::string out = t.path() + "/out";
  std::filesystem::create_directories(out);
  ASSERT_TRUE(WriteFindingsJsonl(out + "/findings.jsonl", first->findings).ok());
  ASSERT_TRUE(WriteFile(out + "/campaigns.json", CampaignsJson(first->campaigns)).ok());
  auto indicators = CollectExports(out, 0.5);
  ASSERT_TRUE(indicators.ok()) << indicators.status().message();
  ASSERT_GT(indicators->size(), 5u);
  // 2. Written both ways.
  std::filesystem::create_directories(t.path() + "/zeek");
  ASSERT_TRUE(WriteFile(t.path() + "/zeek/dragnet.intel", ZeekIntelFile(*indicators)).ok());
  std::filesystem::create_directories(t.path() + "/suricata");
  for (const auto& [name, content] : SuricataDatasets(*indicators))
    if (name != "dragnet.rules") {
      ASSERT_TRUE(WriteFile(t.path() + "/suricata/" + name, content).ok());
    }
  std::filesystem::create_directories(t.path() + "/misp");
  ASSERT_TRUE(WriteFile(t.path() + "/misp/event.json", MispEventJson(*indicators, "test")).ok());
  // 3. Loaded by Dragnet's own feed loader: the same hosts every way.
  auto by_zeek = Hunt(sim.out_dir, {t.path() + "/zeek"});
  auto by_suricata = Hunt(sim.out_dir, {t.path() + "/suricata"});
  auto by_misp = Hunt(sim.out_dir, {t.path() + "/misp"});
  ASSERT_NE(by_zeek, nullptr);
  ASSERT_NE(by_suricata, nullptr);
  ASSERT_NE(by_misp, nullptr);
  auto zeek_hosts = IntelHosts(*by_zeek), suricata_hosts = IntelHosts(*by_suricata);
  EXPECT_EQ(zeek_hosts, suricata_hosts);
  EXPECT_EQ(zeek_hosts, IntelHosts(*by_misp));
  // Every campaign host that used exported infrastructure is found again...
  std::set<std::pair<std::string, std::string>> campaign_hosts;
  for (const Campaign& c : first->campaigns)
    for (const auto& h : c.hosts)
      for (const auto& link : h.links)
        if (link.starts_with("ip:") || link.starts_with("fqdn:")) campaign_hosts.insert({h.org, h.host.ToString()});
  ASSERT_FALSE(campaign_hosts.empty());
  for (const auto& h : campaign_hosts) EXPECT_TRUE(zeek_hosts.count(h)) << h.first << "/" << h.second;
  // ...and nothing benign: every host the exports flag is compromised.
  std::string truth = testing::ReadWhole(sim.out_dir + "/truth.json");
  for (const auto& [org, host] : zeek_hosts)
    EXPECT_NE(truth.find("\"org\":\"" + org + "\",\"host\":\"" + host + "\""), std::string::npos) << org << "/" << host;
}

}  // namespace
}  // namespace dragnet
