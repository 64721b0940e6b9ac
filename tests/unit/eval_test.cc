#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/finding.h"
#include "eval/eval.h"
#include "test_util.h"

namespace dragnet {
namespace {

// A hand-made world: 2 orgs of 10 hosts; 3 compromised hosts in 2 orgs;
// hidden infrastructure: 1 IP + 2 domains (cluster B), cluster A in the seed.
const char* kTruth = R"({"orgs":[{"name":"a","hosts":10},{"name":"b","hosts":10}],
 "clusters":[{"id":"A","in_seed":true,"ips":["203.0.113.1"],"domains":["seed.example"]},
             {"id":"B","in_seed":false,"ips":["198.51.100.9"],"domains":["hidden1.example","hidden2.example"]}],
 "compromised":[{"org":"a","host":"10.0.0.1"},{"org":"a","host":"10.0.0.2"},{"org":"b","host":"10.0.0.1"}]})";

std::string Finding(const char* org, const char* host, const char* detector, double score, const char* indicator) {
  return fmt::format(R"({{"org":"{}","host":"{}","detector":"{}","score":{},"indicators":["{}"]}})", org, host,
                     detector, score, indicator) + "\n";
}

EvalResult Score(const std::string& findings, const std::string& campaigns = "", double min_score = 0) {
  testing::TempDir t;
  EvalOptions o;
  o.truth_path = t.Write("truth.json", kTruth);
  o.findings_path = t.Write("findings.jsonl", findings);
  if (!campaigns.empty()) o.campaigns_path = t.Write("campaigns.json", campaigns);
  o.min_score = min_score;
  auto r = Evaluate(o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return *r;
}

TEST(Eval, Perfect) {
  auto r = Score(Finding("a", "10.0.0.1", "intel", 0.9, "203.0.113.1") + Finding("a", "10.0.0.2", "beacon", 0.8, "hidden1.example") +
               Finding("b", "10.0.0.1", "intel", 0.9, "198.51.100.9"));
  EXPECT_EQ(r.hosts.tp, 3u);
  EXPECT_EQ(r.hosts.fp, 0u);
  EXPECT_EQ(r.hosts.fn, 0u);
  EXPECT_DOUBLE_EQ(r.hosts.precision(), 1.0);
  EXPECT_DOUBLE_EQ(r.hosts.recall(), 1.0);
  EXPECT_DOUBLE_EQ(r.hosts.f1(), 1.0);
  EXPECT_DOUBLE_EQ(r.orgs.f1(), 1.0);
  EXPECT_EQ(r.hidden_found, 2u);
  EXPECT_EQ(r.hidden_indicators, 3u);
  EXPECT_EQ(r.benign_hosts, 17u);
  EXPECT_DOUBLE_EQ(r.fp_per_1000_benign_hosts, 0.0);
  EXPECT_EQ(r.detectors["intel"].tp, 2u);
  EXPECT_EQ(r.detectors["beacon"].tp, 1u);
}

TEST(Eval, Empty) {
  auto r = Score("");
  EXPECT_EQ(r.hosts.tp, 0u);
  EXPECT_EQ(r.hosts.fn, 3u);
  EXPECT_DOUBLE_EQ(r.hosts.precision(), 0.0);
  EXPECT_DOUBLE_EQ(r.hosts.recall(), 0.0);
  EXPECT_DOUBLE_EQ(r.hosts.f1(), 0.0);
  EXPECT_EQ(r.orgs.fn, 2u);
  EXPECT_EQ(r.hidden_found, 0u);
  EXPECT_EQ(r.findings, 0u);
}

TEST(Eval, PartlyWrong) {
  // One true host (twice), one benign host in org b, one benign host in org c
  // (an org with nothing compromised), one below the score cut.
  auto r = Score(Finding("a", "10.0.0.1", "intel", 0.9, "203.0.113.1") + Finding("a", "10.0.0.1", "dga", 0.6, "x.example") +
                   Finding("b", "10.0.0.9", "dga", 0.7, "hidden2.example") + Finding("c", "10.0.0.1", "beacon", 0.5, "y.example") +
                   Finding("a", "10.0.0.2", "beacon", 0.1, "hidden1.example"),
               "", 0.2);
  EXPECT_EQ(r.findings, 4u);
  EXPECT_EQ(r.hosts.tp, 1u);
  EXPECT_EQ(r.hosts.fp, 2u);
  EXPECT_EQ(r.hosts.fn, 2u);
  EXPECT_DOUBLE_EQ(r.hosts.precision(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.hosts.recall(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.hosts.f1(), 1.0 / 3.0);
  EXPECT_EQ(r.orgs.tp, 2u);  // a and b
  EXPECT_EQ(r.orgs.fp, 1u);  // c
  EXPECT_EQ(r.orgs.fn, 0u);
  EXPECT_DOUBLE_EQ(r.orgs.precision(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.orgs.recall(), 1.0);
  EXPECT_DOUBLE_EQ(r.orgs.f1(), 0.8);
  EXPECT_EQ(r.fp_findings, 2u);
  EXPECT_DOUBLE_EQ(r.fp_per_1000_benign_hosts, 2000.0 / 17.0);
  EXPECT_EQ(r.hidden_found, 1u);  // hidden2 (hidden1's finding is below the cut)
  EXPECT_EQ(r.detectors["dga"].fp, 1u);
  EXPECT_EQ(r.detectors["dga"].tp, 1u);
}

TEST(Eval, Campaigns) {
  auto r = Score(Finding("a", "10.0.0.1", "intel", 0.9, "203.0.113.1"),
               R"([{"id":"C1","hosts":[{"org":"a","host":"10.0.0.1"},{"org":"a","host":"10.0.0.2"},{"org":"a","host":"10.0.0.7"}],
                    "derived_indicators":[{"value":"198.51.100.9"}]},
                   {"id":"C2","hosts":[{"org":"b","host":"10.0.0.1"}]}])");
  EXPECT_TRUE(r.has_campaigns);
  EXPECT_EQ(r.campaigns, 2u);
  EXPECT_DOUBLE_EQ(r.campaign_org_share, 0.5);  // C1 holds org a of {a, b}
  EXPECT_DOUBLE_EQ(r.campaign_purity, 2.0 / 3.0);
  EXPECT_EQ(r.hidden_found, 1u);
}

TEST(Eval, BadInputIsAnError) {
  testing::TempDir t;
  EvalOptions o;
  o.truth_path = t.Write("truth.json", kTruth);
  o.findings_path = t.Write("findings.jsonl", "{\"org\":\n");
  auto r = Evaluate(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("findings.jsonl:1"), std::string::npos);
}

std::string Judged(const char* org, const char* host, double score, const char* severity, const char* verdict) {
  return fmt::format(R"({{"org":"{}","host":"{}","detector":"beacon","score":{},"severity":"{}","indicators":["x"],"verdict":"{}"}})",
                     org, host, score, severity, verdict) + "\n";
}

TEST(Eval, PrecisionPerSeverityOfFindingsAndVerdicts) {
  auto r = Score(Judged("a", "10.0.0.1", 0.9, "high", "high") + Judged("a", "10.0.0.1", 0.6, "medium", "high") +
                 Judged("a", "10.0.0.2", 0.9, "low", "low") +  // found, but only low
                 Judged("a", "10.0.0.7", 0.9, "low", "low") + Judged("b", "10.0.0.8", 0.7, "medium", "medium") +
                 // Written before verdicts: the host's highest severity stands for it.
                 R"({"org":"b","host":"10.0.0.1","detector":"intel","score":0.9,"severity":"critical","indicators":["y"]})" "\n");
  auto at = [](const std::array<Rates, 5>& a, Severity s) { return a[static_cast<int>(s)]; };
  EXPECT_EQ(at(r.by_severity, Severity::kHigh).tp, 1u);
  EXPECT_EQ(at(r.by_severity, Severity::kMedium).tp, 1u);
  EXPECT_EQ(at(r.by_severity, Severity::kMedium).fp, 1u);
  EXPECT_EQ(at(r.by_severity, Severity::kLow).tp, 1u);
  EXPECT_EQ(at(r.by_severity, Severity::kLow).fp, 1u);
  EXPECT_EQ(at(r.by_severity, Severity::kCritical).tp, 1u);
  EXPECT_EQ(at(r.by_verdict, Severity::kHigh).tp, 1u);  // one host, two findings
  EXPECT_EQ(at(r.by_verdict, Severity::kCritical).tp, 1u);
  EXPECT_EQ(at(r.by_verdict, Severity::kMedium).fp, 1u);
  EXPECT_DOUBLE_EQ(at(r.by_verdict, Severity::kLow).precision(), 0.5);
  EXPECT_EQ(r.compromised_at_medium, 2u);  // a/10.0.0.2 only low
  EXPECT_DOUBLE_EQ(r.recall_at_medium(), 2.0 / 3.0);
  EXPECT_EQ(r.fp_findings_at_medium, 1u);
  EXPECT_NE(EvalTable(r).find("at >= medium: host recall 0.667 (2 of 3 compromised hosts), 1 false findings"),
            std::string::npos) << EvalTable(r);
  EXPECT_NE(EvalJson(r).find(R"("hosts_by_verdict":{"critical":{"compromised":1,"benign":0,"precision":1)"),
            std::string::npos) << EvalJson(r);
}

// A catalogue world's truth: benign roles per host; each false positive
// counts under every behaviour of its host, "(none)" when it has none.
TEST(Eval, FalsePositivesByBenignBehaviour) {
  testing::TempDir t;
  EvalOptions o;
  o.truth_path = t.Write("truth.json", R"({"orgs":[{"name":"a","hosts":10,
      "benign_roles":{"10.0.0.5":["deployment_server","time_sync"],"10.0.0.6":["time_sync"]}}],
    "compromised":[{"org":"a","host":"10.0.0.1"}]})");
  o.findings_path = t.Write("findings.jsonl", Finding("a", "10.0.0.5", "lateral_movement", 0.9, "x") +
                                                  Finding("a", "10.0.0.5", "beacon", 0.6, "y") +
                                                  Finding("a", "10.0.0.6", "beacon", 0.6, "z") +
                                                  Finding("a", "10.0.0.7", "intel", 0.6, "w") +
                                                  Finding("a", "10.0.0.1", "beacon", 0.9, "c2") +
                                                  Finding("a", "10.0.0.6", "beacon", 0.2, "low"));
  o.min_score = 0.5;
  auto r = Evaluate(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->benign.size(), 3u);
  EXPECT_EQ(r->benign["deployment_server"].findings, 2u);
  EXPECT_EQ(r->benign["deployment_server"].hosts, 1u);
  EXPECT_EQ(r->benign["deployment_server"].detectors["lateral_movement"], 1u);
  EXPECT_EQ(r->benign["time_sync"].findings, 3u);
  EXPECT_EQ(r->benign["time_sync"].hosts, 2u);
  EXPECT_EQ(r->benign["time_sync"].detectors["beacon"], 2u);
  EXPECT_EQ(r->benign["(none)"].findings, 1u);
  EXPECT_NE(EvalTable(*r).find("false positives by benign behaviour"), std::string::npos);
  EXPECT_NE(EvalJson(*r).find("\"deployment_server\":{\"findings\":2,\"hosts\":1"), std::string::npos);
}

TEST(Eval, NoBenignRolesNoAttribution) {
  auto r = Score(Finding("a", "10.0.0.9", "beacon", 0.9, "x"));
  EXPECT_TRUE(r.benign.empty());
}

}  // namespace
}  // namespace dragnet
