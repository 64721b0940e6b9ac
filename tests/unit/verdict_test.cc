// Host verdicts (correlate/verdicts.h): only independent evidence is fused, a
// weak signal alone stays low whatever its score, high needs specific
// evidence corroborated or a specific signal of high precision.
#include <gtest/gtest.h>

#include "correlate/verdicts.h"
#include "detect/registry.h"
#include "hunt/hunt.h"
#include "report/html_report.h"
#include "report/run_report.h"

namespace dragnet {
namespace {

const SpecificDetectors kSpecific = {"credential_attack", "encryption", "exfiltration", "intel"};

Finding Made(const std::string& detector, double score, std::vector<std::string> indicators,
             const char* host = "10.0.0.5", const std::string& org = "acme") {
  Finding f;
  f.org = org;
  f.host = *Ip::Parse(host);
  f.detector = detector;
  f.score = score;
  f.severity = SeverityFromScore(score);
  f.indicators = std::move(indicators);
  f.summary = detector + " " + (f.indicators.empty() ? "" : f.indicators.front());
  return f;
}

HostVerdict Judge(const std::vector<Finding>& findings) {
  std::vector<HostVerdict> v = BuildVerdicts(findings, kSpecific);
  EXPECT_EQ(v.size(), 1u);
  return v.empty() ? HostVerdict{} : v.front();
}

TEST(Verdict, EachDetectorDeclaresItsEvidence) {
  SpecificDetectors declared;
  for (const DetectorSpec& spec : DetectorSpecs())
    if (spec.specific) declared.insert(spec.name);
  // Every behavioural detector is weak but the stager (a program fetched by
  // address, then a session back) and brute_force (a burst of failed logons).
  SpecificDetectors expected = kSpecific;
  expected.insert({"brute_force", "stager"});
  EXPECT_EQ(declared, expected);
}

TEST(Verdict, AWeakSignalAloneStaysLowWhateverItsScore) {
  for (const char* d : {"beacon", "long_connection", "rare_destination", "dga", "dns_tunnel", "lateral_movement"}) {
    HostVerdict v = Judge({Made(d, 0.99, {"c2.example"})});
    EXPECT_EQ(v.severity, Severity::kLow) << d;
    EXPECT_EQ(v.evidence.size(), 1u);
    EXPECT_FALSE(v.evidence[0].specific);
  }
  EXPECT_EQ(Judge({Made("beacon", 0.2, {"c2.example"})}).severity, Severity::kInfo);
  // The finding keeps its score and gets the capped severity.
  std::vector<Finding> f = {Made("beacon", 0.95, {"c2.example"})};
  ApplyVerdicts(f, BuildVerdicts(f, kSpecific));
  EXPECT_DOUBLE_EQ(f[0].score, 0.95);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  ASSERT_TRUE(f[0].verdict.has_value());
  EXPECT_EQ(*f[0].verdict, Severity::kLow);
  EXPECT_NE(f[0].ToJson().find(R"(,"verdict":"low"})"), std::string::npos) << f[0].ToJson();
}

TEST(Verdict, FindingsOnOneDestinationAreOnePieceOfEvidence) {
  // A beacon and a rare destination to the same place: dependent.
  HostVerdict same = Judge({Made("beacon", 0.8, {"c2.example"}), Made("rare_destination", 0.8, {"c2.example"})});
  EXPECT_EQ(same.evidence.size(), 1u);
  EXPECT_EQ(same.evidence[0].detectors, (std::vector<std::string>{"beacon", "rare_destination"}));
  EXPECT_EQ(same.severity, Severity::kLow);
  // One detector on several destinations: one piece too.
  EXPECT_EQ(Judge({Made("beacon", 0.8, {"a.example"}), Made("beacon", 0.8, {"b.example"})}).severity, Severity::kLow);
  // Distinct detectors on distinct destinations: independent, medium.
  HostVerdict two = Judge({Made("beacon", 0.8, {"a.example"}), Made("dga", 0.8, {"xkqjz.example"})});
  EXPECT_EQ(two.evidence.size(), 2u);
  EXPECT_EQ(two.severity, Severity::kMedium);
  EXPECT_DOUBLE_EQ(two.score, 0.64);  // 1 - (1 - 0.5 * 0.8)^2
  // Many weak signals never make high: that needs specific evidence.
  EXPECT_EQ(Judge({Made("beacon", 0.9, {"a"}), Made("dga", 0.9, {"b"}), Made("dns_tunnel", 0.9, {"c"}),
                   Made("long_connection", 0.9, {"d"})})
                .severity,
            Severity::kMedium);
  // A weak finding under min_evidence corroborates nothing.
  EXPECT_EQ(Judge({Made("beacon", 0.8, {"a.example"}), Made("dga", 0.4, {"b.example"})}).severity, Severity::kLow);
}

TEST(Verdict, SpecificEvidenceAloneOrCorroborated) {
  EXPECT_EQ(Judge({Made("intel", 0.7, {"203.0.113.66"})}).severity, Severity::kMedium);
  EXPECT_EQ(Judge({Made("credential_attack", 0.95, {"dcsync"})}).severity, Severity::kHigh);  // precise alone
  // Intel on the beacon's own destination: one piece, still alone.
  EXPECT_EQ(Judge({Made("intel", 0.7, {"203.0.113.66"}), Made("beacon", 0.9, {"203.0.113.66"})}).severity,
            Severity::kMedium);
  // Corroborated by an independent weak signal: high; fused past 0.9: critical.
  HostVerdict high = Judge({Made("intel", 0.7, {"203.0.113.66"}), Made("lateral_movement", 0.6, {"lateral-movement-source"})});
  EXPECT_EQ(high.severity, Severity::kHigh);
  EXPECT_DOUBLE_EQ(high.score, 0.79);  // 1 - 0.3 * 0.7
  EXPECT_TRUE(high.evidence[0].specific);  // strongest (specific) first
  EXPECT_EQ(Judge({Made("intel", 0.9, {"203.0.113.66"}), Made("credential_attack", 0.8, {"dcsync"})}).severity,
            Severity::kCritical);
  // Kill-chain findings are derived: they add nothing.
  EXPECT_EQ(Judge({Made("intel", 0.7, {"203.0.113.66"}), Made("kill_chain", 0.9, {"implant", "encryption"})}).severity,
            Severity::kMedium);
}

TEST(Verdict, EachFindingAtMostItsHostsVerdictAndOneVerdictPerHost) {
  std::vector<Finding> f = {Made("intel", 0.95, {"203.0.113.66"}, "10.0.0.5"),
                            Made("beacon", 0.9, {"c2.example"}, "10.0.0.5"),
                            Made("beacon", 0.9, {"c2.example"}, "10.0.0.6"),
                            Made("beacon", 0.9, {"c2.example"}, "10.0.0.6", "other")};
  std::vector<HostVerdict> v = BuildVerdicts(f, kSpecific);
  ASSERT_EQ(v.size(), 3u);  // per (org, host): orgs never mix
  ApplyVerdicts(f, v);
  EXPECT_EQ(f[0].severity, Severity::kCritical);  // intel 0.95 corroborated by the beacon, fused 0.99
  EXPECT_EQ(f[1].severity, Severity::kCritical);
  EXPECT_EQ(f[2].severity, Severity::kLow);
  std::vector<const HostVerdict*> order = VerdictsByUrgency(v);
  EXPECT_EQ(order[0]->host.ToString(), "10.0.0.5");
  EXPECT_EQ(order[1]->org, "acme");  // same severity and score: by org, then host
}

TEST(Verdict, ACampaignMakesItsLinkedGroupSpecificAndAHostilePeerCorroborates) {
  std::vector<Finding> f = {Made("beacon", 0.66, {"metric.example", "198.51.100.25"}),
                            Made("rare_destination", 0.7, {"metric.example"}),
                            Made("dga", 0.6, {"xkqjz.example"}, "10.0.0.9")};
  VerdictContext context;
  context.campaigns[{"acme", *Ip::Parse("10.0.0.5")}] = CampaignTie{"C1", 0.8, 3, {"198.51.100.25", "metric.example"}};
  // Without context: one weak piece, low.
  EXPECT_EQ(BuildVerdicts(f, kSpecific)[0].severity, Severity::kLow);
  std::vector<HostVerdict> v = BuildVerdicts(f, kSpecific, {}, context);
  ASSERT_EQ(v.size(), 2u);
  // Still one piece (the campaign is that infrastructure), now specific: medium, never high alone.
  ASSERT_EQ(v[0].evidence.size(), 1u);
  EXPECT_TRUE(v[0].evidence[0].by_campaign);
  // Only the campaign's id: a per-org report says nothing of the other orgs in it.
  EXPECT_NE(v[0].evidence[0].summary.find("[campaign C1]"), std::string::npos) << v[0].evidence[0].summary;
  EXPECT_EQ(v[0].evidence[0].summary.find("confidence"), std::string::npos) << v[0].evidence[0].summary;
  EXPECT_EQ(v[0].severity, Severity::kMedium);
  f[0].score = 0.95;
  EXPECT_EQ(BuildVerdicts(f, kSpecific, {}, context)[0].severity, Severity::kMedium);
  // A campaign over fewer than min_campaign_orgs organisations is no evidence.
  context.campaigns.begin()->second.orgs = 2;
  EXPECT_EQ(BuildVerdicts(f, kSpecific, {}, context)[0].severity, Severity::kLow);
  context.campaigns.begin()->second.orgs = 3;
  // A campaign below min_campaign_confidence is no evidence.
  context.campaigns.begin()->second.confidence = 0.3;
  EXPECT_EQ(BuildVerdicts(f, kSpecific, {}, context)[0].severity, Severity::kLow);

  // A lateral movement target with no evidence of its own: low, unless its
  // source is judged hostile on its own evidence.
  Finding target = Made("lateral_movement", 0.65, {"lateral-movement-target"}, "10.0.0.20");
  target.peers = {*Ip::Parse("10.0.0.5")};
  std::vector<Finding> t = {target};
  EXPECT_EQ(BuildVerdicts(t, kSpecific)[0].severity, Severity::kLow);
  VerdictContext hostile;
  hostile.hostile[{"acme", *Ip::Parse("10.0.0.5")}] = 0.9;
  HostVerdict reached = BuildVerdicts(t, kSpecific, {}, hostile)[0];
  EXPECT_EQ(reached.severity, Severity::kMedium);
  EXPECT_EQ(reached.evidence.size(), 2u);
  // Several hostile peers are one piece of evidence: still medium.
  t[0].peers.push_back(*Ip::Parse("10.0.0.6"));
  hostile.hostile[{"acme", *Ip::Parse("10.0.0.6")}] = 0.95;
  reached = BuildVerdicts(t, kSpecific, {}, hostile)[0];
  EXPECT_EQ(reached.severity, Severity::kMedium);
  ASSERT_EQ(reached.evidence.size(), 2u);
  EXPECT_DOUBLE_EQ(reached.evidence[0].score, 0.95);
  hostile.hostile.clear();
  hostile.hostile[{"other", *Ip::Parse("10.0.0.5")}] = 0.9;  // another org's host: nothing to do with it
  EXPECT_EQ(BuildVerdicts(t, kSpecific, {}, hostile)[0].severity, Severity::kLow);
  // Only high and critical verdicts are hostile.
  std::vector<Finding> judged = {Made("intel", 0.7, {"203.0.113.66"}, "10.0.0.5"),
                                 Made("intel", 0.95, {"203.0.113.67"}, "10.0.0.6")};
  auto h = HostileHosts(BuildVerdicts(judged, kSpecific));
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(h.count({"acme", *Ip::Parse("10.0.0.6")}), 1u);
}

TEST(Verdict, ReportsLeadWithVerdicts) {
  HuntReport r;
  // "a-org" has the highest-scoring single finding (a weak beacon); "z-org"'s
  // host has specific evidence corroborated.
  r.findings = {Made("beacon", 0.99, {"cdn.example"}, "10.0.0.1", "a-org"),
                Made("intel", 0.7, {"203.0.113.66"}, "10.0.0.2", "z-org"),
                Made("dga", 0.6, {"xkqjz.example"}, "10.0.0.2", "z-org")};
  r.verdicts = BuildVerdicts(r.findings, kSpecific);
  ApplyVerdicts(r.findings, r.verdicts);
  std::string page = HtmlReport(r);
  size_t act = page.find("<h3>Act first</h3>");
  ASSERT_NE(act, std::string::npos);
  EXPECT_LT(act, page.find("Organisations by top finding"));  // detector rows below
  std::string table = page.substr(act, page.find("</table>", act) - act);
  EXPECT_NE(table.find("10.0.0.2"), std::string::npos);
  EXPECT_EQ(table.find("10.0.0.1"), std::string::npos);  // low: not in "Act first"
  EXPECT_NE(table.find("intel (specific) 0.70"), std::string::npos) << table;
  EXPECT_NE(table.find("dga (weak) 0.60"), std::string::npos) << table;
  // The organisations' sections follow the verdicts, not the highest score.
  std::string sections = page.substr(page.find("id=\"organisations\""));
  EXPECT_LT(sections.find("id=\"org-z-org\""), sections.find("id=\"org-a-org\""));

  char* buf = nullptr;
  size_t len = 0;
  std::FILE* out = open_memstream(&buf, &len);
  Diagnostics diag;
  PrintConsoleSummary(out, r, diag);
  std::fclose(out);
  std::string console(buf, len);
  std::free(buf);
  size_t verdicts = console.find("host verdicts: 2 hosts: critical 0, high 1, medium 0, low 1, info 0");
  ASSERT_NE(verdicts, std::string::npos) << console;
  EXPECT_LT(verdicts, console.find("findings: 3"));
  EXPECT_NE(console.find("high     0.79  z-org/10.0.0.2"), std::string::npos) << console;
  EXPECT_EQ(console.find("a-org/10.0.0.1"), std::string::npos) << console;
  EXPECT_NE(RunJson(r, diag).find(R"("verdicts":{"hosts":2,"by_severity":{"high":1,"low":1},"by_org":{"a-org":{"low":1},"z-org":{"high":1}}})"),
            std::string::npos);
}

}  // namespace
}  // namespace dragnet
