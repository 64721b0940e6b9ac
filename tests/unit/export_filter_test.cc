// Exports pass through the warninglists and the never-flag set, and say
// what they left out (issue 14 item 5).
#include <gtest/gtest.h>

#include "report/stix_bundle.h"  // first: report/exports.h's IndicatorType() hides the enum after it
#include "intel/never_flag.h"
#include "report/export_filter.h"

namespace dragnet {
namespace {

Warninglists NeverFlag() {
  Warninglists lists;
  Diagnostics diag(false);
  LoadNeverFlagSet(lists, "", diag);
  return lists;
}

TEST(ExportFilter, RootServersAndConnectivityChecksAreLeftOut) {
  Warninglists never_flag = NeverFlag();
  Warninglists given;
  ASSERT_TRUE(given.LoadList("mine.json", R"({"name":"mine","type":"string","list":["good.example"]})").ok());
  std::vector<ExportIndicator> indicators = {
      {"ip", "198.41.0.4", "", "intel"},           {"ip", "131.107.255.255", "", "intel"},
      {"ip", "198.51.100.9", "C1", "intel"},       {"domain", "dns.msftncsi.com", "", "intel"},
      {"domain", "c2.bad.example", "C1", "intel"}, {"domain", "good.example", "", "beacon"},
      {"subnet", "192.5.6.30/32", "", "intel"},    {"url", "http://www.msftconnecttest.com/connecttest.txt", "", "intel"}};
  std::vector<LeftOut> left = LeaveOutListed(indicators, {&given, &never_flag});
  ASSERT_EQ(indicators.size(), 2u);
  EXPECT_EQ(indicators[0].value, "198.51.100.9");
  EXPECT_EQ(indicators[1].value, "c2.bad.example");
  ASSERT_EQ(left.size(), 6u);
  EXPECT_EQ(left[0].type, "domain");
  EXPECT_EQ(left[0].value, "dns.msftncsi.com");
  EXPECT_EQ(left[1].list, "mine");
  std::string comment = LeftOutComment(left);
  EXPECT_NE(comment.find("# left out 6 value(s)"), std::string::npos);
  EXPECT_NE(comment.find("# ip 198.41.0.4 (Dragnet: DNS root servers (a-m.root-servers.net))"), std::string::npos);
  // The Zeek file keeps its #fields header first and carries the comment;
  // the rules file of the Suricata datasets too; no left-out value is data.
  std::string zeek = ZeekIntelFile(indicators, comment);
  EXPECT_TRUE(zeek.starts_with("#fields\t"));
  EXPECT_NE(zeek.find("# ip 198.41.0.4"), std::string::npos);
  EXPECT_EQ(zeek.find("\n198.41.0.4\t"), std::string::npos);
  auto datasets = SuricataDatasets(indicators, comment);
  for (const auto& [name, content] : datasets) {
    if (name == "dragnet.rules") {
      EXPECT_NE(content.find("# ip 198.41.0.4"), std::string::npos);
    }
    if (name == "dragnet-ip.dataset-ip.lst") {
      EXPECT_EQ(content, "198.51.100.9\n");
    }
  }
  // Without lists nothing is left out.
  std::vector<ExportIndicator> again = {{"ip", "198.41.0.4", "", "intel"}};
  EXPECT_TRUE(LeaveOutListed(again, {}).empty());
  EXPECT_EQ(again.size(), 1u);
}

TEST(ExportFilter, StixBundleHasNoIndicatorForAListedValue) {
  Warninglists never_flag = NeverFlag();
  auto finding = [](const std::string& value) {
    Finding f;
    f.org = "acme";
    f.host = *Ip::Parse("10.0.0.5");
    f.detector = "intel";
    f.score = 0.7;
    f.indicators = {value};
    f.ts_first = Timestamp(1714521600000000);
    f.ts_last = f.ts_first;
    f.evidence_json = R"({"indicator_type":"ip"})";
    return f;
  };
  std::vector<Finding> findings = {finding("198.41.0.4"), finding("198.51.100.9")};
  std::vector<LeftOut> left;
  std::string bundle = StixBundle(findings, {}, 0.5, {&never_flag}, &left);
  EXPECT_EQ(bundle.find("198.41.0.4"), std::string::npos);
  EXPECT_NE(bundle.find("198.51.100.9"), std::string::npos);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].value, "198.41.0.4");
  // Without lists the root server is an indicator (the old behaviour).
  EXPECT_NE(StixBundle(findings, {}).find("198.41.0.4"), std::string::npos);
}

}  // namespace
}  // namespace dragnet
