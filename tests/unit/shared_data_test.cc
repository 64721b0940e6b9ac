// Acceptance on the real public data in ../shared/data (skipped when absent):
// every Zeek file is read with every data line accounted for, the TSV and JSON
// copies of wrccdc-2018 give the same records, and every intel feed loads.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <cstring>
#include <map>
#include <set>

#include "core/timestamp.h"
#include "intel/feed_loader.h"
#include "test_util.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;
using testing::SharedData;

std::vector<std::string> FilesBelow(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Data lines counted independently of the reader: non-empty lines whose first
// non-blank byte is not '#'.
uint64_t CountDataLines(const std::string& text, std::string* first_content_line) {
  uint64_t n = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) continue;
    if (first_content_line && first_content_line->empty()) *first_content_line = std::string(line.substr(start));
    if (line[start] != '#') ++n;
  }
  return n;
}

TEST(SharedData, EveryZeekFileIsAccountedLineByLine) {
  std::string data = SharedData();
  if (data.empty()) GTEST_SKIP() << "../shared/data absent: skipping the real-data test";
  int files = 0, skipped = 0;
  for (const auto& path : FilesBelow(data + "/zeek")) {
    testing::Collector c;
    Diagnostics d(false);
    FileReadStats s = ReadZeekLogFile(path, c, d);
    std::string first;
    uint64_t expected = CountDataLines(testing::ReadWhole(path), &first);
    ++files;
    if (s.skipped) {
      // Only files that are not logs at all may be skipped, and never silently.
      ++skipped;
      EXPECT_EQ(d.FileProblems().count(path), 1u) << path;
      EXPECT_FALSE(first.starts_with("#separator") || first.starts_with("#fields") || first.starts_with("{"))
          << path << " looks like a log";
      continue;
    }
    EXPECT_EQ(s.records + s.malformed + s.incomplete, expected) << path;
    EXPECT_EQ(s.records, c.records.size()) << path;
    uint64_t reported = d.Files().count(path) ? d.Files()[path].malformed_lines : 0;
    EXPECT_EQ(reported, s.malformed) << path << ": every malformed line is reported";
  }
  EXPECT_GT(files, 100);
  // The data sets also hold metadata.yaml, labels.config, READMEs and
  // edge-cases/text_file (plain text named conn.log): a handful, not a share.
  EXPECT_LT(skipped * 10, files) << "most files of ../shared/data/zeek are logs";
}

// Compares one field's values by the TSV type: times and intervals to the
// microsecond (TSV rounds to 6 decimals, JSON prints the full double).
bool SameValue(const std::string& type, const std::string& a, const std::string& b) {
  if (type.find("time") != std::string::npos || type.find("interval") != std::string::npos ||
      type.find("double") != std::string::npos) {
    auto x = Timestamp::Parse(a), y = Timestamp::Parse(b);
    return x && y && *x == *y;
  }
  return a == b;
}

TEST(SharedData, WrccdcTsvAndJsonGiveTheSameRecords) {
  std::string data = SharedData();
  if (data.empty()) GTEST_SKIP() << "../shared/data absent";
  int logs = 0;
  for (const auto& tsv : FilesBelow(data + "/zeek/wrccdc-2018/tsv")) {
    std::string name = fs::path(tsv).filename().string();
    std::string json = data + "/zeek/wrccdc-2018/json/" + name.substr(0, name.find('.')) + ".json.gz";
    ASSERT_TRUE(fs::exists(json)) << json;
    testing::Collector ct, cj;
    Diagnostics d(false);
    auto st = ReadZeekLogFile(tsv, ct, d);
    auto sj = ReadZeekLogFile(json, cj, d);
    ASSERT_EQ(st.format, LogFormat::kZeekTsv);
    ASSERT_EQ(sj.format, LogFormat::kZeekJson);
    ASSERT_EQ(ct.records.size(), cj.records.size()) << name;
    ASSERT_GT(ct.records.size(), 0u) << name;
    EXPECT_EQ(st.log_path, sj.log_path);
    // The TSV header's types say how to compare.
    std::map<std::string, std::string> types;
    {
      std::string text = testing::ReadWhole(tsv);
      auto line_of = [&](const char* key) {
        size_t p = text.find(key);
        return text.substr(p + std::strlen(key), text.find('\n', p) - p - std::strlen(key));
      };
      std::string f = line_of("#fields\t"), t = line_of("#types\t");
      std::vector<std::string> fv, tv;
      for (size_t s = 0, e; s <= f.size(); s = e + 1) { e = f.find('\t', s); if (e == std::string::npos) e = f.size(); fv.push_back(f.substr(s, e - s)); }
      for (size_t s = 0, e; s <= t.size(); s = e + 1) { e = t.find('\t', s); if (e == std::string::npos) e = t.size(); tv.push_back(t.substr(s, e - s)); }
      for (size_t i = 0; i < fv.size() && i < tv.size(); ++i) types[fv[i]] = tv[i];
    }
    size_t compared = 0;
    for (size_t r = 0; r < ct.records.size(); ++r) {
      const auto& a = ct.records[r];
      const auto& b = cj.records[r];
      EXPECT_EQ(a.ts, b.ts) << name << " record " << r;
      for (const auto& [field, values] : a.fields) {
        const auto* other = b.Get(field);
        ASSERT_NE(other, nullptr) << name << " record " << r << " field " << field << " missing in JSON";
        ASSERT_EQ(values.size(), other->size()) << name << " record " << r << " field " << field;
        for (size_t k = 0; k < values.size(); ++k)
          EXPECT_TRUE(SameValue(types[field], values[k], (*other)[k]))
              << name << " record " << r << " field " << field << ": '" << values[k] << "' vs '" << (*other)[k] << "'";
        ++compared;
      }
      // And nothing set in JSON that TSV has unset (beyond JSON's own _path/_write_ts).
      for (const auto& [field, values] : b.fields) {
        if (field == "_path" || field == "_write_ts") continue;
        EXPECT_NE(a.Get(field), nullptr) << name << " record " << r << " field " << field << " only in JSON";
      }
    }
    EXPECT_GT(compared, 0u);
    ++logs;
  }
  EXPECT_GE(logs, 15);
}

TEST(SharedData, EveryIntelFeedLoads) {
  std::string data = SharedData();
  if (data.empty()) GTEST_SKIP() << "../shared/data absent";
  IndicatorSet set;
  Diagnostics d(false);
  FeedLoader loader(set, d);
  loader.LoadPath(data + "/intel");
  // The one broken MISP file fails with a clear message naming it; nothing else fails.
  ASSERT_EQ(loader.failed().size(), 1u);
  EXPECT_NE(loader.failed().begin()->first.find("malicious_pypi_packages"), std::string::npos);
  EXPECT_NE(loader.failed().begin()->second.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(d.FileProblems().count(loader.failed().begin()->first), 1u);
  // Every file is a loaded feed, a skip with a reason, or that failure.
  std::set<std::string> loaded;
  for (const auto& f : set.feeds()) loaded.insert(f.path);
  for (const auto& path : FilesBelow(data + "/intel")) {
    bool accounted = loaded.count(path) || loader.skipped().count(path) || loader.failed().count(path);
    EXPECT_TRUE(accounted) << path;
  }
  auto by_type = set.CountByType();
  for (IndicatorType t : {IndicatorType::kIp, IndicatorType::kCidr, IndicatorType::kDomain, IndicatorType::kUrl,
                          IndicatorType::kMd5, IndicatorType::kSha1, IndicatorType::kSha256, IndicatorType::kEmail})
    EXPECT_GT(by_type[static_cast<int>(t)], 0u) << IndicatorTypeName(t);
  EXPECT_GT(set.size(), 1500000u);
  // Feed formats seen.
  std::set<std::string> formats;
  for (const auto& f : set.feeds()) formats.insert(f.format);
  for (const char* f : {"maltrail", "plain", "zeek-intel", "csv", "misp", "stix2.1", "stix2.0"})
    EXPECT_TRUE(formats.count(f)) << f;
}

}  // namespace
}  // namespace dragnet
