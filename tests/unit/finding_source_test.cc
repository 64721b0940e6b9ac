// Findings are judged by what their source declares (detect/finding_source.h),
// never by its name: a fake source's declared stage puts its findings in the
// kill chain under that stage, its declared traits are all the campaign graph
// gets, its export kinds are all the exports take, its advice is what the
// report shows. And the registry is consistent: every detector registered
// once under its spec's name, with logs, advice and a without-logs sentence.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "correlate/finding_sources.h"
#include "correlate/kill_chain.h"
#include "correlate/traits.h"
#include "detect/registry.h"
#include "report/exports.h"
#include "report/html_report.h"
#include "report/run_report.h"
#include "test_util.h"

namespace dragnet {
namespace {

FindingSourceSpec Source(const std::string& name, Stage stage) {
  FindingSourceSpec s;
  s.name = name;
  s.stage = stage;
  return s;
}

Finding On(const std::string& host, const std::string& detector, std::vector<std::string> indicators = {},
           double score = 0.9) {
  Finding f;
  f.org = "acme";
  f.host = *Ip::Parse(host);
  f.detector = detector;
  f.score = score;
  f.severity = SeverityFromScore(score);
  f.indicators = std::move(indicators);
  f.ts_first = Timestamp(1'700'000'000'000'000);
  f.ts_last = Timestamp(1'700'000'600'000'000);
  f.summary = detector + " on " + host;
  f.evidence_json = "{}";
  return f;
}

TEST(FindingSources, KillChainStagesComeFromTheDeclaredSpec) {
  FindingSources fake({Source("fake_scan", Stage::kRecon), Source("fake_worm", Stage::kSpread),
                       Source("fake_noise", Stage::kNone)});
  std::vector<Finding> findings = {On("10.0.0.5", "fake_scan"), On("10.0.0.5", "fake_worm"),
                                   On("10.0.0.5", "fake_noise")};
  // Declared specific, each stage is strong on its own (a verdict of medium).
  const SpecificDetectors specific = {"fake_implant", "fake_scan", "fake_worm", "fake_noise"};
  std::vector<Finding> chains = BuildKillChains(findings, specific, {}, fake);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].detector, "kill_chain");
  EXPECT_EQ(chains[0].indicators, (std::vector<std::string>{"recon", "spread"}));
  EXPECT_NE(chains[0].evidence_json.find(R"("stage":"recon")"), std::string::npos);
  EXPECT_NE(chains[0].evidence_json.find(R"("detectors":["fake_scan"])"), std::string::npos);
  EXPECT_EQ(chains[0].evidence_json.find("fake_noise"), std::string::npos);
  EXPECT_EQ(StageOf(findings[0], fake), Stage::kRecon);
  // The same names unknown to the registry have no stage: no chain.
  EXPECT_TRUE(BuildKillChains(findings, specific).empty());
  EXPECT_EQ(StageOf(findings[0]), Stage::kNone);
  // Recon is past the implant: an implant and a recon make an incident.
  FindingSources two({Source("fake_implant", Stage::kImplant), Source("fake_scan", Stage::kRecon)});
  chains = BuildKillChains({On("10.0.0.5", "fake_implant"), On("10.0.0.5", "fake_scan")}, specific, {}, two);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].indicators, (std::vector<std::string>{"implant", "recon"}));
}

TEST(FindingSources, CampaignTraitsAreOnlyWhatTheSpecDeclares) {
  FindingSourceSpec quiet = Source("fake_quiet", Stage::kImplant);
  FindingSourceSpec dest = Source("fake_dest", Stage::kImplant);
  dest.traits.destinations = true;
  FindingSourceSpec incident = Source("fake_incident", Stage::kNone);
  incident.traits.incident = true;
  FindingSourceSpec ransom = Source("fake_ransom", Stage::kEncryption);
  ransom.traits.ransom_artifacts = true;
  FindingSources fake({quiet, dest, incident, ransom});
  EXPECT_TRUE(TraitsOf(On("10.0.0.5", "fake_quiet", {"203.0.113.7"}), 0, nullptr, fake).empty());
  std::vector<Trait> traits = TraitsOf(On("10.0.0.5", "fake_dest", {"203.0.113.7"}), 0, nullptr, fake);
  EXPECT_EQ(traits, (std::vector<Trait>{{TraitKind::kIp, "203.0.113.7"}, {TraitKind::kNet, "203.0.113.0/24"}}));
  traits = TraitsOf(On("10.0.0.5", "fake_incident", {"203.0.113.7"}), 0, nullptr, fake);
  EXPECT_EQ(traits, (std::vector<Trait>{{TraitKind::kIncident, "acme/10.0.0.5"}}));
  traits = TraitsOf(On("10.0.0.5", "fake_ransom", {"*.LOCKED", "README.txt"}), 0, nullptr, fake);
  EXPECT_EQ(traits,
            (std::vector<Trait>{{TraitKind::kRansomExtension, "locked"}, {TraitKind::kRansomNote, "readme.txt"}}));
}

TEST(FindingSources, ExportsTakeTheDeclaredKindsOnly) {
  ExportKinds addresses{.addresses = true};
  EXPECT_TRUE(ExportsKind(addresses, "ip"));
  EXPECT_TRUE(ExportsKind(addresses, "subnet"));
  EXPECT_FALSE(ExportsKind(addresses, "domain"));
  EXPECT_FALSE(ExportsKind(ExportKinds::All(), ""));
  for (const char* kind :
       {"ip", "subnet", "domain", "url", "email", "md5", "sha1", "sha256", "ja3", "ja4", "cert_sha1"})
    EXPECT_TRUE(ExportsKind(ExportKinds::All(), kind)) << kind;
  // A findings.jsonl: long_connection declares addresses only, dga nothing;
  // a name no one registered is taken as the fallback (everything).
  testing::TempDir t;
  ASSERT_FALSE(SpecOf("long_connection").exports.names);
  ASSERT_FALSE(SpecOf("dga").exports.any());
  std::string jsonl =
      R"({"detector":"long_connection","score":0.9,"indicators":["203.0.113.7","held.example.com"]})" "\n"
      R"({"detector":"dga","score":0.9,"indicators":["kq3x9vzp.info"]})" "\n"
      R"({"detector":"from_a_newer_version","score":0.9,"indicators":["new.example.org"]})" "\n";
  t.Write("findings.jsonl", jsonl);
  auto exported = CollectExports(t.path(), 0);
  ASSERT_TRUE(exported.ok()) << exported.status().message();
  std::set<std::string> values;
  for (const ExportIndicator& i : *exported) values.insert(i.type + ":" + i.value);
  EXPECT_EQ(values, (std::set<std::string>{"ip:203.0.113.7", "domain:new.example.org"}));
}

TEST(FindingSources, ReportAdviceIsEachSourcesDeclaredContainment) {
  HuntReport r;
  for (const FindingSourceSpec* s : FindingSources::Registered().All()) {
    r.findings.push_back(On("10.0.0.5", s->name));
    ASSERT_FALSE(s->containment.empty()) << s->name;
  }
  std::string page = HtmlReport(r);
  for (const FindingSourceSpec* s : FindingSources::Registered().All()) {
    EXPECT_NE(page.find(s->name + ": " + s->containment), std::string::npos) << s->name;
  }
}

TEST(FindingSources, EveryDetectorRegisteredOnceUnderItsSpecNameWithItsDeclarations) {
  std::vector<std::string_view> names = RegisteredDetectorNames();
  std::vector<DetectorSpec> specs = DetectorSpecs();
  ASSERT_EQ(names.size(), specs.size());
  std::set<std::string> seen;
  for (size_t i = 0; i < specs.size(); ++i) {
    const DetectorSpec& s = specs[i];
    EXPECT_EQ(names[i], s.name);
    EXPECT_TRUE(seen.insert(s.name).second) << s.name;
    EXPECT_FALSE(s.logs_required.empty() && s.logs_optional.empty()) << s.name << " declares no log";
    EXPECT_FALSE(s.without_logs.empty()) << s.name;
    EXPECT_FALSE(s.containment.empty()) << s.name;
    EXPECT_NE(s.stage, Stage::kNone) << s.name;
    EXPECT_EQ(&SpecOf(s.name), &SpecOf(s.name));
    EXPECT_EQ(SpecOf(s.name).containment, s.containment);
  }
  for (const FindingSourceSpec& c : FindingSources::CorrelationSpecs()) {
    EXPECT_TRUE(seen.insert(c.name).second) << c.name << " is also a detector";
    EXPECT_FALSE(c.containment.empty()) << c.name;
  }
  EXPECT_TRUE(SpecOf(kKillChainSource).tells_incident);
  EXPECT_TRUE(SpecOf(kKillChainSource).traits.incident);
  EXPECT_EQ(SpecOf(kPivotSource).hint, EvidenceHint::kTrait);
  EXPECT_EQ(&SpecOf("no_such_source"), &FindingSources::UnknownSpec());
}

}  // namespace
}  // namespace dragnet
