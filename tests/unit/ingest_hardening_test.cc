// Regression tests of the reader against hostile or damaged input: deeply
// nested JSON, corrupt compressed streams, unfinished last lines, times out of
// range and lines longer than --max-line.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include <zstd.h>

#include "core/timestamp.h"
#include "ingest/byte_source.h"
#include "ingest/line_reader.h"
#include "test_util.h"

namespace dragnet {
namespace {

using testing::Collected;
using testing::Collector;
using testing::kConnHeader;
using testing::ReadString;

// A conn line of the header above: 2024 times, varied private addresses.
std::string ConnLine(uint64_t i) {
  return std::to_string(1704067200 + i) + ".123456\tC" + std::to_string(i * 7919) + "\t10." +
         std::to_string(i % 7) + "." + std::to_string(i % 13) + "." + std::to_string(i % 251) +
         "\t" + std::to_string(1024 + i % 50000) + "\t192.168." + std::to_string(i % 17) + "." +
         std::to_string(i % 199) + "\t443\tssl\t(empty)\n";
}

// `depth` objects nested in one another: {"a":{"a":...{"a":1}...}}.
std::string Nested(size_t depth) {
  std::string s;
  for (size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(depth, '}');
  return s;
}

// ---- 1. Nested JSON ----

TEST(JsonDepth, TwentyFiveThousandLevelsIsMalformedAndTheOtherLinesRead) {
  std::string deep = "{\"ts\":1704067200.5,\"x\":" + Nested(25000) + "}";
  ASSERT_GT(deep.size(), 150000u);
  std::string log = "{\"ts\":1704067200.1,\"id.orig_h\":\"10.0.0.1\"}\n" + deep + "\n" +
                    "{\"ts\":1704067200.2,\"id\":{\"orig_h\":\"10.0.0.2\"}}\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "conn.json", 1 << 20);
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.malformed, 1u);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].line, 1u);
  EXPECT_EQ(c.records[1].line, 3u);
  EXPECT_EQ(*c.records[1].Get("id.orig_h"), (std::vector<std::string>{"10.0.0.2"}));
  auto files = d.Files();
  EXPECT_EQ(files["conn.json"].first_message.substr(0, 25), "line 2: nested too deep: ");
}

TEST(JsonDepth, ThirtyTwoLevelsAreReadThirtyThreeAreNot) {
  // The line's own object is level 1: {"ts":..,"x":Nested(31)} has 32.
  std::string log = "{\"ts\":1704067200.5,\"x\":" + Nested(30) + "}\n" +
                    "{\"ts\":1704067200.5,\"x\":" + Nested(31) + "}\n" +
                    "{\"ts\":1704067200.5,\"x\":" + Nested(32) + "}\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "conn.json");
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.malformed, 1u);
  ASSERT_EQ(c.records.size(), 2u);
  std::string key = "x";
  for (int i = 0; i < 31; ++i) key += ".a";
  ASSERT_NE(c.records[1].Get(key), nullptr);  // the whole dotted key, 32 levels
  EXPECT_EQ(*c.records[1].Get(key), (std::vector<std::string>{"1"}));
  EXPECT_NE(d.Files()["conn.json"].first_message.find("line 3: nested too deep"), std::string::npos);
}

TEST(JsonDepth, SiblingsAfterANestedObjectKeepTheirOwnKeys) {
  // The walk's one key buffer is cut back to each object's prefix.
  std::string log =
      R"({"ts":1704067200.5,"id":{"orig_h":"10.0.0.1","orig_p":1,"deep":{"k":"v"},"resp_h":"8.8.8.8"},"uid":"C1"})"
      "\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "conn.json");
  ASSERT_EQ(stats.records, 1u);
  EXPECT_EQ(*c.records[0].Get("id.orig_h"), (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_EQ(*c.records[0].Get("id.deep.k"), (std::vector<std::string>{"v"}));
  EXPECT_EQ(*c.records[0].Get("id.resp_h"), (std::vector<std::string>{"8.8.8.8"}));
  EXPECT_EQ(*c.records[0].Get("uid"), (std::vector<std::string>{"C1"}));
}

// ---- 3. Corrupt compressed streams ----

std::string ConnLog(uint64_t lines) {
  std::string log = kConnHeader;
  for (uint64_t i = 0; i < lines; ++i) log += ConnLine(i);
  return log + "#close\t2024-01-01-01-00-00\n";
}

// The (org-independent) text of a record, for comparing two reads.
std::string Text(const Collected& r) {
  std::string s = std::to_string(r.line) + " " + std::to_string(r.ts);
  for (const auto& [k, v] : r.fields) {
    s += " " + k + "=";
    for (const auto& e : v) s += e + ",";
  }
  return s;
}

// Reads `damaged` and checks that every record it gave is the clean file's
// record of the same line, that reading stopped at the damage and said so.
void ExpectOnlyTheCleanPrefix(const std::string& clean, const std::string& damaged, const std::string& name) {
  Collector good, got;
  Diagnostics d0(false), d(false);
  ReadString(clean, good, d0, name);
  FileReadStats s = ReadString(damaged, got, d, name);
  std::map<uint64_t, std::string> by_line;
  for (const auto& r : good.records) by_line[r.line] = Text(r);
  ASSERT_FALSE(s.status.ok());
  std::string problem = d.FileProblems()[name];
  SCOPED_TRACE(problem);
  size_t at = problem.find("the damage shows at line ");
  ASSERT_NE(at, std::string::npos);
  uint64_t damage_line = std::stoull(problem.substr(at + 25));
  EXPECT_NE(problem.find("lines 1-" + std::to_string(damage_line - 1) + " kept"), std::string::npos);
  EXPECT_NE(problem.find("decompressed byte "), std::string::npos);
  EXPECT_NE(problem.find(" of the file)"), std::string::npos);  // where the decoder found it
  ASSERT_GT(got.records.size(), 100u);
  for (const auto& r : got.records) {
    ASSERT_LT(r.line, damage_line);
    ASSERT_EQ(Text(r), by_line[r.line]) << "a record that is not the clean file's";
  }
  EXPECT_LE(s.lines, damage_line);  // nothing read past it
}

// Flips `n` bytes from the middle of `bytes`.
std::string Damage(std::string bytes, size_t n) {
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + n; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x55);
  return bytes;
}

TEST(CorruptStream, GzipDamagedMidStreamKeepsOnlyWhatPrecedesTheDamage) {
  std::string log = ConnLog(60000);
  std::string gz = testing::Gzip(log);
  ExpectOnlyTheCleanPrefix(log, Damage(gz, 16), "conn.log.gz");
}

TEST(CorruptStream, ZstdDamagedMidStreamKeepsOnlyWhatPrecedesTheDamage) {
  std::string log = ConnLog(60000);
  std::string zs = testing::Zstd(log);
  ExpectOnlyTheCleanPrefix(log, Damage(zs, 16), "conn.log.zst");
}

TEST(CorruptStream, RealGzipLogDamagedMidStream) {
  std::string data = testing::SharedData();
  if (data.empty()) GTEST_SKIP() << "../shared/data absent";
  std::string path = data + "/zeek/wrccdc-2018/tsv/dns.log.gz";
  std::string plain = testing::ReadWhole(path);  // decompressed with zlib
  std::ifstream in(path, std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ExpectOnlyTheCleanPrefix(plain, Damage(raw, 16), "dns.log.gz");
}

TEST(CorruptStream, TruncationIsNotDamage) {
  // A cut file is a clean prefix: a bad line in it is only a bad line.
  std::string log = std::string(kConnHeader) + ConnLine(0) + "garbage\n";
  for (int i = 1; i < 20000; ++i) log += ConnLine(static_cast<uint64_t>(i));
  std::string gz = testing::Gzip(log);
  Collector c;
  Diagnostics d(false);
  FileReadStats s = ReadString(gz.substr(0, gz.size() / 2), c, d, "conn.log.gz");
  EXPECT_GT(s.records, 1000u);
  EXPECT_EQ(s.malformed, 1u);
  EXPECT_NE(d.FileProblems()["conn.log.gz"].find("truncated gzip stream"), std::string::npos);
}

// ---- 6. Unfinished last lines ----

TEST(Incomplete, TsvLastLineWithoutNewlineIsIncompleteWhenItsFieldsAreShort) {
  std::string line = ConnLine(1);
  line.pop_back();  // no newline
  for (size_t cut : {size_t{40}, line.rfind('\t')}) {  // 4 fields; all but the last
    Collector c;
    Diagnostics d(false);
    auto stats = ReadString(std::string(kConnHeader) + ConnLine(0) + line.substr(0, cut), c, d, "conn.log");
    EXPECT_EQ(stats.records, 1u);
    EXPECT_EQ(stats.malformed, 0u);
    EXPECT_EQ(stats.incomplete, 1u);
    EXPECT_EQ(stats.data_lines, 2u);
    EXPECT_EQ(d.Files().count("conn.log"), 0u);  // not reported as malformed
    EXPECT_EQ(d.IncompleteLines()["conn.log"].substr(0, 8), "line 10:");
  }
  // All its fields: read like any line (a hand-edited log lost its newline).
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(std::string(kConnHeader) + ConnLine(0) + line, c, d, "conn.log");
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.incomplete, 0u);
}

TEST(Incomplete, JsonLastLineIsKeptWhenWholeIncompleteWhenCut) {
  std::string whole = R"({"ts":1704067200.5,"uid":"C2"})";
  Collector c;
  Diagnostics d(false);
  auto s1 = ReadString(R"({"ts":1704067200.1,"uid":"C1"})" "\n" + whole, c, d, "a.json");
  EXPECT_EQ(s1.records, 2u);  // a complete object is a whole line
  EXPECT_EQ(s1.incomplete, 0u);
  auto s2 = ReadString(R"({"ts":1704067200.1,"uid":"C1"})" "\n" + whole.substr(0, 25), c, d, "b.json");
  EXPECT_EQ(s2.records, 1u);
  EXPECT_EQ(s2.malformed, 0u);
  EXPECT_EQ(s2.incomplete, 1u);
  EXPECT_EQ(d.Files().count("b.json"), 0u);  // not reported as malformed
  EXPECT_EQ(d.IncompleteLines()["b.json"].substr(0, 7), "line 2:");
  // Complete but broken: malformed, as on any other line.
  auto s3 = ReadString(R"({"ts":1e300,"uid":"C3"})", c, d, "c.json");
  EXPECT_EQ(s3.malformed, 1u);
  EXPECT_EQ(s3.incomplete, 0u);
}

// ---- 9. Times out of range, missing times, long lines ----

TEST(LogTime, HugeExponentIsNotATime) {
  EXPECT_FALSE(ParseSecondsToMicros("1e300"));
  EXPECT_FALSE(ParseSecondsToMicros("-1e300"));
  EXPECT_FALSE(ParseSecondsToMicros("1e999"));
  EXPECT_EQ(ParseSecondsToMicros("1.5e-05"), 15);
}

TEST(LogTime, IsoDatesThatDoNotExistAreNotTimes) {
  EXPECT_FALSE(Timestamp::Parse("2024-02-30T00:00:00Z"));
  EXPECT_FALSE(Timestamp::Parse("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(Timestamp::Parse("2024-04-31T00:00:00Z"));
  EXPECT_FALSE(Timestamp::Parse("2024-01-01T00:00:00+99:00"));
  EXPECT_FALSE(Timestamp::Parse("2024-01-01T00:00:00+01:75"));
  EXPECT_TRUE(Timestamp::Parse("2024-02-29T00:00:00Z"));
  EXPECT_TRUE(Timestamp::Parse("2000-02-29T00:00:00Z"));
  EXPECT_TRUE(Timestamp::Parse("2024-12-31T23:59:60+14:00"));
  EXPECT_EQ(Timestamp::Parse("2024-01-01T01:00:00+01:00")->micros(), Timestamp::Parse("2024-01-01T00:00:00Z")->micros());
}

TEST(LogTime, OutsideTheRangeOrMissingIsMalformedWithTheReason) {
  std::string log = std::string(kConnHeader) +
                    "1e300\tC1\t10.0.0.1\t1\t8.8.8.8\t53\tdns\t(empty)\n"
                    "-\tC2\t10.0.0.2\t1\t8.8.8.8\t53\tdns\t(empty)\n"
                    "-0.000001\tC3\t10.0.0.3\t1\t8.8.8.8\t53\tdns\t(empty)\n"
                    "(empty)\tC4\t10.0.0.4\t1\t8.8.8.8\t53\tdns\t(empty)\n"
                    "0.0\tC5\t10.0.0.5\t1\t8.8.8.8\t53\tdns\t(empty)\n"
                    "7258118399.999999\tC6\t10.0.0.6\t1\t8.8.8.8\t53\tdns\t(empty)\n"
                    "7258118400.0\tC7\t10.0.0.7\t1\t8.8.8.8\t53\tdns\t(empty)\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "conn.log");
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.malformed, 5u);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].ts, kMinLogTimeMicros);
  EXPECT_EQ(c.records[1].ts, kMaxLogTimeMicros - 1);
  auto kinds = d.Files()["conn.log"].by_kind;
  EXPECT_EQ(kinds["bad ts"], 4u);
  EXPECT_EQ(kinds["missing ts"], 1u);
  EXPECT_EQ(d.Files()["conn.log"].first_message,
            "line 9: bad ts: 1e300 is not a time in 1970-01-01..2200-01-01");
}

TEST(LogTime, JsonFloatIsoNullAndMissing) {
  std::string log =
      R"({"ts":1e300,"uid":"C1"})" "\n"
      R"({"ts":null,"uid":"C2"})" "\n"
      R"({"uid":"C3"})" "\n"
      R"({"ts":"1969-12-31T23:59:59Z","uid":"C4"})" "\n"
      R"({"ts":22.335172,"uid":"C8"})" "\n"  // relative times of a capture (Slips' test data)
      R"({"ts":"2250-01-01T00:00:00Z","uid":"C5"})" "\n"
      R"({"ts":"2018-03-24T17:15:20.865716Z","uid":"C6"})" "\n"
      R"({"ts":1521911720.865716,"uid":"C7"})" "\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "conn.json");
  EXPECT_EQ(stats.records, 3u);
  EXPECT_EQ(stats.malformed, 5u);
  ASSERT_EQ(c.records.size(), 3u);
  EXPECT_EQ(c.records[0].ts, 22335172);
  EXPECT_EQ(c.records[1].ts, 1521911720865716);
  EXPECT_EQ(c.records[2].ts, 1521911720865716);
  auto kinds = d.Files()["conn.json"].by_kind;
  EXPECT_EQ(kinds["bad ts"], 3u);
  EXPECT_EQ(kinds["missing ts"], 2u);
}

TEST(LogTime, LoadedScriptsHasNoTimeAndIsStillRead) {
  Collector c;
  Diagnostics d(false);
  auto s1 = ReadString("{\"name\":\"/zeek/base/init-bare.zeek\"}\n", c, d, "loaded_scripts.log");
  EXPECT_EQ(s1.records, 1u);
  auto s2 = ReadString("#separator \\x09\n#path\tloaded_scripts\n#fields\tname\n#types\tstring\n/a.zeek\n",
                       c, d, "loaded_scripts.log");
  EXPECT_EQ(s2.records, 1u);
  EXPECT_EQ(d.total_malformed(), 0u);
}

TEST(MaxLine, ThreeMegabyteLineHidingARecordGivesNoRecord) {
  // 1 MiB of filler, then a valid conn record whose uid pads the line to
  // 3 MiB: read in 1 MiB pieces, that tail would be a record of its own.
  std::string record = ConnLine(2);
  record.pop_back();
  size_t pad = (3u << 20) - (1u << 20) - record.size();
  record.insert(record.find("\tC") + 2, std::string(pad, 'U'));
  std::string longline = std::string(1 << 20, 'x') + record;
  ASSERT_EQ(longline.size(), 3u << 20);
  std::string log = std::string(kConnHeader) + ConnLine(0) + longline + "\n" + ConnLine(3);
  for (size_t max_line : {size_t{1} << 20, SIZE_MAX}) {
    SCOPED_TRACE(max_line);
    Collector c;
    Diagnostics d(false);
    auto src = ByteSource::FromMemory(log);
    FileReadStats s = ReadZeekLog(*src, "conn.log", "conn", c, d, max_line);
    ASSERT_EQ(c.records.size(), 2u);
    EXPECT_EQ(c.records[0].line, 9u);
    EXPECT_EQ(c.records[1].line, 11u);
    EXPECT_EQ(s.malformed, 1u);  // the long line, whole
    // Without a limit the line is read whole, its ts field "xxx...1704067202.123456".
    EXPECT_EQ(d.Files()["conn.log"].first_message,
              max_line == SIZE_MAX ? "line 10: bad ts: " + std::string(40, 'x') + " is not a time in 1970-01-01..2200-01-01"
                                   : "line 10: line too long: 3145728 bytes, longer than 1048576 bytes");
  }
}

TEST(MaxLine, HugeLimitsAllocateNothingUpFront) {
  // 1e11 used to be allocated (and zero-filled) before the first byte.
  for (size_t max_line : {size_t{100'000'000'000}, SIZE_MAX}) {
    auto src = ByteSource::FromMemory(std::string(kConnHeader) + ConnLine(0));
    Collector c;
    Diagnostics d(false);
    FileReadStats s;
    EXPECT_NO_THROW(s = ReadZeekLog(*src, "conn.log", "conn", c, d, max_line));
    EXPECT_EQ(s.records, 1u);
  }
}

TEST(MaxLine, ALineOfExactlyMaxLineIsReadOneMoreIsNot) {
  std::string data = std::string(1000, 'a') + "\n" + std::string(1001, 'b') + "\nc\n";
  auto src = ByteSource::FromMemory(data);
  LineReader lines(*src, 1000);
  std::string_view l;
  ASSERT_EQ(lines.Next(l), LineReader::Event::kLine);
  EXPECT_EQ(l.size(), 1000u);
  ASSERT_EQ(lines.Next(l), LineReader::Event::kTooLong);
  EXPECT_EQ(lines.skipped_bytes(), 1001u);
  ASSERT_EQ(lines.Next(l), LineReader::Event::kLine);
  EXPECT_EQ(l, "c");
  EXPECT_EQ(lines.line_number(), 3u);
}

// ---- Red team: over-long first lines, junk keys, small corrupt zstd, control bytes in names ----

// A Zeek JSON conn line.
std::string JsonConnLine(uint64_t i) {
  return "{\"ts\":" + std::to_string(1704067200 + i) + ".5,\"uid\":\"C" + std::to_string(i) +
         "\",\"id.orig_h\":\"10.0.0." + std::to_string(i % 250) +
         "\",\"id.orig_p\":1234,\"id.resp_h\":\"192.168.0.1\",\"id.resp_p\":443,\"proto\":\"tcp\"}\n";
}

TEST(MaxLine, AnOverLongFirstJsonLineIsMalformedAndTheRestRead) {
  for (size_t first : {size_t{5000}, size_t{2} << 20}) {
    SCOPED_TRACE(first);
    size_t max_line = first == 5000 ? 4096 : LineReader::kDefaultMaxLine;
    std::string head = "{\"ts\":1704067200.5,\"junk\":\"";
    std::string log = head + std::string(first - head.size() - 2, 'x') + "\"}\n";
    for (uint64_t i = 1; i <= 5; ++i) log += JsonConnLine(i);
    Collector c;
    Diagnostics d(false);
    FileReadStats s = ReadString(log, c, d, "conn.log", max_line);
    EXPECT_FALSE(s.skipped);
    EXPECT_EQ(s.format, LogFormat::kZeekJson);
    EXPECT_EQ(s.records, 5u);
    EXPECT_EQ(s.malformed, 1u);
    EXPECT_EQ(d.Files()["conn.log"].first_message,
              "line 1: line too long: " + std::to_string(first) + " bytes, longer than " +
                  std::to_string(max_line) + " bytes");
    EXPECT_TRUE(d.FileProblems().empty());
  }
}

TEST(MaxLine, AnOverLongFirstTsvLineIsMalformedAndTheRestRead) {
  std::string log = std::string(6000, 'y') + "\n" + kConnHeader + ConnLine(0) + ConnLine(1);
  Collector c;
  Diagnostics d(false);
  FileReadStats s = ReadString(log, c, d, "conn.log", 4096);
  EXPECT_EQ(s.format, LogFormat::kZeekTsv);
  EXPECT_EQ(s.records, 2u);
  EXPECT_EQ(s.malformed, 1u);
  EXPECT_EQ(d.Files()["conn.log"].first_message.substr(0, 30), "line 1: line too long: 6000 by");
}

TEST(MaxLine, OnlyOverLongLinesIsNotALogAndSaysWhy) {
  for (int n : {1, 40}) {
    SCOPED_TRACE(n);
    std::string log;
    for (int i = 0; i < n; ++i) log += std::string(5000, 'z') + "\n";
    log += JsonConnLine(1);  // past the 17 lines looked at when n is 40
    Collector c;
    Diagnostics d(false);
    FileReadStats s = ReadString(log, c, d, "conn.log", 4096);
    if (n == 1) {
      EXPECT_FALSE(s.skipped);
      EXPECT_EQ(s.records, 1u);
      EXPECT_EQ(s.malformed, 1u);
    } else {
      EXPECT_TRUE(s.skipped);
      EXPECT_EQ(s.records, 0u);
      EXPECT_NE(d.FileProblems()["conn.log"].find("not a Zeek log"), std::string::npos);
      EXPECT_NE(d.FileProblems()["conn.log"].find("first 17 non-empty line(s) are all longer than 4096 bytes"),
                std::string::npos);
    }
  }
  Collector c;
  Diagnostics d(false);
  FileReadStats s = ReadString(std::string(5000, 'z') + "\n\n", c, d, "one.log", 4096);
  EXPECT_TRUE(s.skipped);  // nothing but an over-long line: said, not silently dropped
  EXPECT_NE(d.FileProblems()["one.log"].find("first 1 non-empty line(s)"), std::string::npos);
}

// Reads only the fields a conn detector would (the hunt's projection).
class ConnFieldsCollector : public Collector {
 public:
  bool WantsField(std::string_view, std::string_view field) const override {
    return field == "uid" || field.starts_with("id.") || field == "proto";
  }
};

TEST(JsonKeys, ALineOfJunkKeysIsReadAloneAndTheLinesAfterItToo) {
  std::string junk = "{\"ts\":1704067200.5";
  for (int k = 0; k < 1020; ++k) junk += ",\"junk" + std::to_string(k) + "\":" + std::to_string(k);
  std::string log = junk + "}\n";
  for (uint64_t i = 1; i <= 5; ++i) log += JsonConnLine(i);
  ConnFieldsCollector c;
  Diagnostics d(false);
  FileReadStats s = ReadString(log, c, d, "conn.log");
  EXPECT_EQ(s.malformed, 0u);
  EXPECT_EQ(s.records, 6u);
  ASSERT_EQ(c.records.size(), 6u);
  EXPECT_EQ(*c.records[5].Get("id.orig_h"), (std::vector<std::string>{"10.0.0.5"}));
  EXPECT_EQ(c.records[0].Get("junk7"), nullptr);  // not wanted: not read
}

TEST(JsonKeys, ALinePastTheKeyLimitIsRefusedWholeAndTakesNoRoom) {
  // Every key wanted: 1,030 new keys on line 1 are past the limit of 1,024.
  std::string wide = "{\"ts\":1704067200.5";
  for (int k = 0; k < 1030; ++k) wide += ",\"k" + std::to_string(k) + "\":1";
  std::string log = wide + "}\n";
  for (uint64_t i = 1; i <= 5; ++i) log += JsonConnLine(i);
  Collector c;
  Diagnostics d(false);
  FileReadStats s = ReadString(log, c, d, "conn.log");
  EXPECT_EQ(s.malformed, 1u);
  EXPECT_EQ(s.records, 5u);
  auto files = d.Files();
  EXPECT_EQ(files["conn.log"].first_message,
            "line 1: too many keys: a new key past the limit of 1024 distinct keys read from one file");
  EXPECT_EQ(files["conn.log"].by_kind.count("invalid JSON"), 0u);
}

// As `zstd -c` writes it: one frame, its content size and a checksum.
std::string ZstdLikeTheTool(std::string_view plain) {
  ZSTD_CCtx* ctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  size_t n = ZSTD_compress2(ctx, out.data(), out.size(), plain.data(), plain.size());
  ZSTD_freeCCtx(ctx);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

TEST(CorruptStream, SmallZstdFileDamagedMidStreamKeepsWhatPrecedesTheDamage) {
  // One zstd frame smaller than the input buffer was decoded in one call,
  // and a failing call reports none of its output: every line was lost with
  // the damaged block ("empty file"). The blocks before it are kept now.
  std::string log = ConnLog(6000);
  std::string zs = ZstdLikeTheTool(log);
  ASSERT_LT(zs.size(), size_t{1} << 20);
  std::string damaged = zs;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0xff);
  Collector good, got;
  Diagnostics d0(false), d(false);
  ReadString(log, good, d0, "conn.log.zst");
  FileReadStats s = ReadString(damaged, got, d, "conn.log.zst");
  std::string problem = d.FileProblems()["conn.log.zst"];
  SCOPED_TRACE(problem);
  EXPECT_FALSE(s.status.ok());
  EXPECT_EQ(problem.find("empty"), std::string::npos);
  EXPECT_EQ(problem.find("corrupt zstd data ("), 0u);  // the decoder's error...
  EXPECT_NE(problem.find(" of the file)"), std::string::npos);  // ...and where in the file
  size_t at = problem.find("the damage shows at line ");
  ASSERT_NE(at, std::string::npos);
  uint64_t damage_line = std::stoull(problem.substr(at + 25));
  EXPECT_NE(problem.find("lines 1-" + std::to_string(damage_line - 1) + " kept"), std::string::npos);
  // The first 128 KiB block (over 2,000 lines) precedes the damage: kept, as
  // the clean file's; nothing is read from the damage on.
  ASSERT_GT(got.records.size(), 2000u);
  for (size_t i = 0; i < 2000; ++i) ASSERT_EQ(Text(got.records[i]), Text(good.records[i]));
  for (const auto& r : got.records) ASSERT_LT(r.line, damage_line);
}

TEST(CorruptStream, ZstdReadInAnySizeGivesTheSameBytesAndTruncationIsSaid) {
  // Output the decoder still holds when a read's room runs out is flushed
  // by the next read, also once all the input is consumed.
  std::string log = ConnLog(6000);
  std::string zs = ZstdLikeTheTool(log);
  for (size_t step : {size_t{1000}, size_t{131072}, size_t{200000}, size_t{4} << 20}) {
    SCOPED_TRACE(step);
    auto src = ByteSource::FromMemory(zs);
    std::string got, buf(step, '\0');
    while (size_t n = src->Read(buf.data(), buf.size())) got.append(buf.data(), n);
    EXPECT_TRUE(src->status().ok()) << src->status().message();
    EXPECT_EQ(got, log);
  }
  auto cut = ByteSource::FromMemory(zs.substr(0, zs.size() - 10));
  std::string buf(1 << 20, '\0');
  while (cut->Read(buf.data(), buf.size()) > 0) {
  }
  EXPECT_NE(cut->status().message().find("truncated zstd stream"), std::string::npos);
  EXPECT_FALSE(cut->corrupt());
}

TEST(CorruptStream, ZstdDamagedInItsFirstBlockIsDamageNotAnEmptyFile) {
  std::string log = ConnLog(50);
  std::string zs = testing::Zstd(log);
  std::string damaged = Damage(zs, 16);
  Collector c;
  Diagnostics d(false);
  FileReadStats s = ReadString(damaged, c, d, "conn.log.zst");
  EXPECT_FALSE(s.status.ok());
  std::string problem = d.FileProblems()["conn.log.zst"];
  EXPECT_EQ(problem.find("empty file"), std::string::npos) << problem;
  EXPECT_NE(problem.find("corrupt zstd data"), std::string::npos) << problem;
}

TEST(Diagnostics, ControlBytesInNamesAndMessagesAreEscapedOnStderr) {
  std::string name = "org/x\x1b]0;pwned\x07\nfake: line.log";
  ::testing::internal::CaptureStderr();
  {
    Diagnostics d(true);
    d.FileProblem(name, "not a Zeek log: skipped");
    d.Malformed(name, 3, "bad\x7f");
    d.Incomplete(name, 4, "unfinished");
    d.Note(name, "note\r");
    EXPECT_EQ(d.FileProblems().begin()->first, name);  // kept raw for run.json
  }
  std::string err = ::testing::internal::GetCapturedStderr();
  size_t lines = 0;
  for (char ch : err) {
    auto u = static_cast<unsigned char>(ch);
    if (ch == '\n') {
      ++lines;
    } else {
      EXPECT_FALSE(u < 0x20 || u == 0x7f) << "control byte " << int(u) << " in: " << err;
    }
  }
  EXPECT_EQ(lines, 4u);  // one per message: no forged line
  EXPECT_NE(err.find("dragnet: org/x\\x1b]0;pwned\\x07\\x0afake: line.log: not a Zeek log"), std::string::npos) << err;
  EXPECT_NE(err.find("line.log:3: malformed: bad\\x7f"), std::string::npos) << err;
  EXPECT_NE(err.find(": note\\x0d"), std::string::npos) << err;
}

}  // namespace
}  // namespace dragnet
