// Accepted ranges: the strict number parser, every detector parameter's
// declared range (its default inside it; NaN, infinity, junk and values
// outside refused by BuildDetectors with the range named), --fail-on's
// message, and incident intake's reading and filing.
#include <filesystem>

#include <gtest/gtest.h>

#include "report/fail_on.h"
#include "core/number_range.h"
#include "detect/parameters.h"
#include "detect/registry.h"
#include "incident/incidents.h"
#include "incident/intake.h"
#include "test_util.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;
using testing::ReadWhole;
using testing::TempDir;

TEST(NumberRange, ParsesWholeFiniteNumbersOnly) {
  EXPECT_EQ(ParseNumber("0.5", false), 0.5);
  EXPECT_EQ(ParseNumber("+2", true), 2);
  EXPECT_EQ(ParseNumber("-5", false), -5);
  EXPECT_EQ(ParseNumber("1e3", false), 1000);
  for (const char* bad : {"", "0.5abc", " 1", "1 ", "nan", "inf", "-inf", "1e400", "0x10", "+", "+-1", "--1"})
    EXPECT_FALSE(ParseNumber(bad, false)) << bad;
  for (const char* bad : {"1.5", "1e3", "99999999999999999999", "-", "4 "}) EXPECT_FALSE(ParseNumber(bad, true)) << bad;
}

TEST(NumberRange, ChecksAndDescribesBounds) {
  EXPECT_EQ(CheckNumber("1", NumberRange::Unit()), "");
  EXPECT_EQ(CheckNumber("-5", NumberRange::Unit()), "'-5' is out of range: must be in [0, 1]");
  EXPECT_EQ(CheckNumber("0", NumberRange::Positive()), "'0' is out of range: must be > 0");
  EXPECT_EQ(CheckNumber("0", NumberRange::AtLeast(1)), "'0' is out of range: must be >= 1");
  EXPECT_EQ(CheckNumber("2.5", NumberRange::AtLeast(1)), "'2.5' is not a whole number");
  EXPECT_EQ(CheckNumber("0.5abc", NumberRange::Unit()), "'0.5abc' is not a finite number");
  EXPECT_EQ(NumberRange::Whole(4096, 1 << 30).Text(), "4096..1073741824");
  EXPECT_EQ(NumberRange::AtLeast(1).CappedAt(255).Text(), "1..255");
}

// Every declared parameter, through the same path `hunt --param` takes.
Result<std::vector<std::unique_ptr<Detector>>> Build(const std::string& key, const std::string& value) {
  static const IndicatorSet intel;
  static const Warninglists lists;
  return BuildDetectors({intel, lists, std::nullopt, {{key, value}}});
}

TEST(DetectorParams, EveryParameterHasARangeHoldingItsDefault) {
  size_t checked = 0;
  for (const DetectorSpec& spec : DetectorSpecs()) {
    for (const DetectorParameter& p : spec.parameters) {
      std::string key = spec.name + "." + p.name;
      EXPECT_FALSE(p.range.empty()) << key;
      auto built = Build(key, p.default_value);
      EXPECT_TRUE(built.ok()) << key << "=" << p.default_value << ": " << built.status().message();
      for (const char* bad : {"nan", "inf", "-inf", "1abc", "", "1e999"}) {
        auto refused = Build(key, bad);
        EXPECT_FALSE(refused.ok()) << key << "=" << bad;
        if (!refused.ok()) {
          EXPECT_NE(refused.status().message().find(key), std::string::npos);
        }
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 90u);
}

TEST(DetectorParams, OutOfRangeValuesAreRefusedWithTheRange) {
  auto r = Build("beacon.min_score", "-5");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "parameter beacon.min_score: '-5' is out of range: must be in [0, 1]");
  EXPECT_FALSE(Build("beacon.min_connections", "1").ok());
  EXPECT_FALSE(Build("dga.label.min_length", "64").ok());
  EXPECT_FALSE(Build("credential_attack.window_s", "0").ok());
  EXPECT_FALSE(Build("credential_attack.window_s", "-600").ok());
  EXPECT_FALSE(Build("encryption.min_files", "4294967296").ok());  // wrapped to 0 in a uint32 before
  EXPECT_FALSE(Build("intel.score_hash", "1.01").ok());
  EXPECT_TRUE(Build("beacon.min_score", "0").ok());
  EXPECT_TRUE(Build("beacon.min_score", "1").ok());
  EXPECT_TRUE(Build("encryption.min_files", "99").ok());
  EXPECT_TRUE(Build("credential_attack.min_rc4_services", "4294967295").ok());
}

TEST(DetectorParams, RampTopsMustStayAboveTheirBottoms) {
  auto equal = Build("dns_tunnel.tunnel.length_high", "10");  // length_low is 10: a ramp of width 0
  ASSERT_FALSE(equal.ok());
  EXPECT_EQ(equal.status().message(),
            "parameter dns_tunnel.tunnel.length_high = 10 must be above dns_tunnel.tunnel.length_low = 10");
  EXPECT_FALSE(Build("encryption.min_files", "100").ok());  // full_files is 100
  EXPECT_FALSE(Build("long_connection.hours.low", "0.5").ok());  // below hours.base (1)
  EXPECT_TRUE(Build("dns_tunnel.tunnel.length_high", "10.5").ok());
  // Both ends moved together: checked after every override is applied.
  static const IndicatorSet intel;
  static const Warninglists lists;
  std::vector<std::pair<std::string, std::string>> both = {{"encryption.full_files", "300"},
                                                           {"encryption.min_files", "200"}};
  EXPECT_TRUE(BuildDetectors({intel, lists, std::nullopt, both}).ok());
  for (const DetectorSpec& spec : DetectorSpecs())
    for (const DetectorParameter& p : spec.parameters)
      if (spec.name == "rare_destination" && p.name == "full_hours") {
        EXPECT_EQ(p.range, "1..4294967295 and > min_hours");
      }
}

TEST(DetectorParams, AValueIsSetOnlyWhenAccepted) {
  uint32_t field = 7;
  ParamBinding b{"n", &field, "a count", NumberRange::AtLeast(1)};
  EXPECT_FALSE(SetParam(b, "0").ok());
  EXPECT_FALSE(SetParam(b, "-1").ok());
  EXPECT_EQ(field, 7u);
  EXPECT_TRUE(SetParam(b, "12").ok());
  EXPECT_EQ(field, 12u);
  int wrong = 0;
  ParamBinding real_range_on_int{"w", &wrong, "declared wrongly", NumberRange::Unit()};
  EXPECT_FALSE(SetParam(real_range_on_int, "1").ok());
}

Finding MakeFinding(const std::string& org, Severity s, const std::string& summary) {
  Finding f;
  f.org = org;
  f.host = *Ip::Parse("10.0.0.9");
  f.detector = "beacon";
  f.severity = s;
  f.summary = summary;
  return f;
}

TEST(FailOn, NamesTheFirstFindingAtOrAboveAndCountsThem) {
  std::vector<Finding> findings = {MakeFinding("a", Severity::kLow, "low one"),
                                   MakeFinding("b", Severity::kHigh, "high one"),
                                   MakeFinding("c", Severity::kCritical, "critical one")};
  auto critical = FailOnMessage(findings, Severity::kCritical);
  ASSERT_TRUE(critical);
  EXPECT_NE(critical->find("--fail-on critical: 1 finding at or above it; the first (findings.jsonl line 3)"),
            std::string::npos)
      << *critical;
  auto m = FailOnMessage(findings, Severity::kHigh);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, "--fail-on high: 2 findings at or above it; the first (findings.jsonl line 2): high beacon org b host "
                "10.0.0.9: high one");
  EXPECT_FALSE(FailOnMessage({MakeFinding("a", Severity::kMedium, "x")}, Severity::kHigh));
  EXPECT_FALSE(FailOnMessage({}, Severity::kInfo));
}

TEST(IncidentIntake, ReadsRegularFilesUpToTheCap) {
  TempDir t;
  std::string small = t.Write("note.txt", "hello");
  auto r = ReadIncidentFile(small);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bytes, "hello");
  EXPECT_FALSE(r->truncated);
  std::string big = t.Write("big.txt", "x");
  fs::resize_file(big, kMaxIncidentFileBytes + 1);
  auto b = ReadIncidentFile(big);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->bytes.size(), kMaxIncidentFileBytes);
  EXPECT_TRUE(b->truncated);
  std::string exact = t.Write("exact.txt", "x");
  fs::resize_file(exact, kMaxIncidentFileBytes);
  EXPECT_FALSE(ReadIncidentFile(exact)->truncated);
  EXPECT_FALSE(ReadIncidentFile(t.path()).ok());
  EXPECT_FALSE(ReadIncidentFile("/dev/zero").ok());
  EXPECT_FALSE(ReadIncidentFile(t.path() + "/missing").ok());
}

TEST(IncidentIntake, HuntReadsTheStartOfAHugeReportAndSaysSo) {
  TempDir t;
  std::string big = t.Write("acme/incidents/note.txt",
                            "contact evil@example.com\n" + std::string(kMaxIncidentFileBytes, '.'));
  Diagnostics diag(false);
  std::vector<Incident> incidents = LoadIncidents({OrgSource{"acme", {t.path() + "/acme"}, {}, {}, {}}}, {}, diag);
  ASSERT_EQ(incidents.size(), 1u);
  ASSERT_EQ(incidents[0].extraction.identifiers.size(), 1u);
  EXPECT_EQ(incidents[0].extraction.identifiers[0].value, "evil@example.com");
  auto problems = diag.FileProblems();
  ASSERT_EQ(problems.count(big), 1u);
  EXPECT_NE(problems[big].find("only its start was read"), std::string::npos) << problems[big];
}

TEST(IncidentIntake, FilingNeverOverwrites) {
  TempDir t;
  fs::create_directories(t.path() + "/dest");
  std::string a = t.Write("a/note.txt", "first"), b = t.Write("b/note.txt", "second");
  std::string hidden = t.Write("c/.note", "dot");
  auto fa = FileReport(t.path() + "/dest", a);
  auto fb = FileReport(t.path() + "/dest", b);
  auto fa2 = FileReport(t.path() + "/dest", a);
  ASSERT_TRUE(fa.ok() && fb.ok() && fa2.ok());
  EXPECT_EQ(fa->outcome, FiledReport::kStored);
  EXPECT_EQ(fb->outcome, FiledReport::kRenamed);
  EXPECT_EQ(fb->path, t.path() + "/dest/note-2.txt");
  EXPECT_EQ(fa2->outcome, FiledReport::kAlreadyFiled);
  EXPECT_EQ(fa2->path, t.path() + "/dest/note.txt");
  EXPECT_EQ(ReadWhole(t.path() + "/dest/note.txt"), "first");
  EXPECT_EQ(ReadWhole(t.path() + "/dest/note-2.txt"), "second");
  EXPECT_TRUE(FileReport(t.path() + "/dest", hidden).ok());
  EXPECT_FALSE(FileReport(t.path() + "/no-such-dest", a).ok());
}

}  // namespace
}  // namespace dragnet
