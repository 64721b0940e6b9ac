// The simulator: well-formed output (read back by Dragnet's readers and by an
// independent check), determinism, and the benign traps it promises.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "sim/log_buffer.h"
#include "sim/simulate.h"
#include "test_util.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

SimulateOptions Small(const std::string& out) {
  SimulateOptions o;
  o.out_dir = out;
  o.orgs = 4;
  o.hosts_per_org = 12;
  o.hours = 30;  // crosses a day boundary; every campaign stage fits
  o.seed = 5;
  o.implant_share = 1.0;
  return o;
}

TEST(Simulate, ColumnPositionsMatchTheSchemas) {
  // The emitter fills columns by position; pin the positions it relies on.
  using namespace sim;
  EXPECT_EQ(ColumnIndex(kConn, "history"), 15);
  EXPECT_EQ(ColumnIndex(kConn, "tunnel_parents"), 20);
  EXPECT_EQ(ColumnIndex(kDns, "answers"), 21);
  EXPECT_EQ(ColumnIndex(kHttp, "resp_mime_types"), 29);
  EXPECT_EQ(ColumnIndex(kSsl, "ja3s"), 19);
  EXPECT_EQ(ColumnIndex(kX509, "client_cert"), 21);
  EXPECT_EQ(ColumnIndex(kFiles, "sha256"), 23);
  EXPECT_EQ(ColumnIndex(kSmbFiles, "prev_name"), 11);
  EXPECT_EQ(ColumnIndex(kSmbMapping, "share_type"), 9);
  EXPECT_EQ(ColumnIndex(kDceRpc, "operation"), 9);
  EXPECT_EQ(ColumnIndex(kKerberos, "cipher"), 13);
  EXPECT_EQ(ColumnIndex(kNtlm, "success"), 12);
  EXPECT_EQ(ColumnIndex(kRdp, "encryption_method"), 21);
}

class Counter : public RecordVisitor {
 public:
  void OnRecord(const Record&) override { ++n; }
  uint64_t n = 0;
};

TEST(Simulate, TsvIsWellFormedAndReadsBack) {
  testing::TempDir t;
  SimulateOptions o = Small(t.path() + "/w");
  o.rotate = true;
  o.gzip = true;
  auto stats = Simulate(o);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  uint64_t records = 0;
  std::set<std::string> logs;
  for (const auto& path : Files(o.out_dir)) {
    // Not logs: the seed intel, the truth, the victim's ransom note.
    if (path.find("/intel/") != std::string::npos || path.find("/incidents/") != std::string::npos ||
        path.ends_with("truth.json"))
      continue;
    // Independent check: every data line has as many columns as #fields.
    std::string text = testing::ReadWhole(path);
    size_t fields = 0, lines = 0;
    bool closed = false;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (line.starts_with("#fields")) fields = static_cast<size_t>(std::count(line.begin(), line.end(), '\t'));
      if (line.starts_with("#close")) closed = true;
      if (line.empty() || line[0] == '#') continue;
      ++lines;
      ASSERT_EQ(static_cast<size_t>(std::count(line.begin(), line.end(), '\t')) + 1, fields) << path << ": " << line;
    }
    EXPECT_TRUE(closed) << path;
    // Dragnet's reader: every line a record, nothing malformed.
    Counter c;
    Diagnostics d(false);
    FileReadStats s = ReadZeekLogFile(path, c, d);
    EXPECT_EQ(s.malformed, 0u) << path;
    EXPECT_EQ(s.records, lines) << path;
    EXPECT_TRUE(s.closed) << path;
    records += s.records;
    logs.insert(s.log_path);
    // Rotated into dated folders: ORG/YYYY-MM-DD/log.HH:00:00-HH:00:00.log.gz
    EXPECT_EQ(fs::path(path).parent_path().filename().string().size(), 10u) << path;
    EXPECT_TRUE(path.ends_with(".log.gz")) << path;
  }
  EXPECT_EQ(records, stats->records);
  EXPECT_EQ(logs.size(), 12u);  // every log type appears
}

TEST(Simulate, JsonIsWellFormedAndReadsBack) {
  testing::TempDir t;
  SimulateOptions o = Small(t.path() + "/w");
  o.json = true;
  auto stats = Simulate(o);
  ASSERT_TRUE(stats.ok());
  simdjson::dom::parser parser;
  uint64_t records = 0;
  for (const auto& path : Files(o.out_dir)) {
    // Not logs: the seed intel, the truth, the victim's ransom note.
    if (path.find("/intel/") != std::string::npos || path.find("/incidents/") != std::string::npos ||
        path.ends_with("truth.json"))
      continue;
    std::istringstream in(testing::ReadWhole(path));
    std::string line;
    uint64_t lines = 0;
    while (std::getline(in, line)) {
      simdjson::dom::element doc;
      ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << path << ": " << line;
      ASSERT_TRUE(doc.is_object());
      ++lines;
    }
    Counter c;
    Diagnostics d(false);
    FileReadStats s = ReadZeekLogFile(path, c, d);
    EXPECT_EQ(s.format, LogFormat::kZeekJson);
    EXPECT_EQ(s.malformed, 0u) << path;
    EXPECT_EQ(s.records, lines) << path;
    records += s.records;
  }
  EXPECT_EQ(records, stats->records);
}

TEST(Simulate, SameSeedSameBytes) {
  testing::TempDir t;
  SimulateOptions a = Small(t.path() + "/a"), b = Small(t.path() + "/b");
  ASSERT_TRUE(Simulate(a).ok());
  ASSERT_TRUE(Simulate(b).ok());
  auto fa = Files(a.out_dir), fb = Files(b.out_dir);
  ASSERT_EQ(fa.size(), fb.size());
  for (size_t i = 0; i < fa.size(); ++i) {
    EXPECT_EQ(fa[i].substr(a.out_dir.size()), fb[i].substr(b.out_dir.size()));
    EXPECT_EQ(testing::ReadWhole(fa[i]), testing::ReadWhole(fb[i])) << fa[i];
  }
  SimulateOptions c = Small(t.path() + "/c");
  c.seed = 6;
  ASSERT_TRUE(Simulate(c).ok());
  EXPECT_NE(testing::ReadWhole(a.out_dir + "/truth.json"), testing::ReadWhole(c.out_dir + "/truth.json"));
}

// Coefficient of variation of the gaps between connection times.
double GapCv(std::vector<double> ts) {
  std::sort(ts.begin(), ts.end());
  std::vector<double> gaps;
  for (size_t i = 1; i < ts.size(); ++i) gaps.push_back(ts[i] - ts[i - 1]);
  if (gaps.size() < 3) return NAN;
  double mean = 0, var = 0;
  for (double g : gaps) mean += g;
  mean /= static_cast<double>(gaps.size());
  for (double g : gaps) var += (g - mean) * (g - mean);
  return std::sqrt(var / static_cast<double>(gaps.size())) / mean;
}

TEST(Simulate, BenignPeriodicServicesAreMoreRegularThanTheLeastRegularImplants) {
  testing::TempDir t;
  SimulateOptions o = Small(t.path() + "/w");
  o.orgs = 8;
  ASSERT_TRUE(Simulate(o).ok());
  // Which (org, host) -> C2 address pairs are implants, and how jittery.
  std::string truth = testing::ReadWhole(o.out_dir + "/truth.json");
  simdjson::dom::parser parser;
  simdjson::padded_string padded(truth);
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(padded).get(doc), simdjson::SUCCESS);
  simdjson::dom::array clusters, implants;
  ASSERT_EQ(doc["clusters"].get(clusters), simdjson::SUCCESS);
  ASSERT_EQ(doc["implants"].get(implants), simdjson::SUCCESS);
  std::map<std::string, std::vector<std::string>> cluster_ips;
  for (simdjson::dom::element c : clusters) {
    std::vector<std::string> ips;
    simdjson::dom::array list;
    ASSERT_EQ(c["ips"].get(list), simdjson::SUCCESS);
    for (simdjson::dom::element ip : list) ips.emplace_back(std::string_view(ip));
    cluster_ips[std::string(std::string_view(c["id"]))] = ips;
  }
  // Gather conn times per (org, orig, resp) from every org's conn.log.
  std::map<std::string, std::vector<double>> series;
  for (const auto& path : Files(o.out_dir)) {
    if (!path.ends_with("/conn.log")) continue;
    std::string org = fs::path(path).parent_path().filename().string();
    std::istringstream in(testing::ReadWhole(path));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f;
      size_t s = 0;
      for (;;) {
        size_t p = line.find('\t', s);
        f.push_back(line.substr(s, p == std::string::npos ? p : p - s));
        if (p == std::string::npos) break;
        s = p + 1;
      }
      // Group by destination only for the C2 and periodic addresses (ports 443/80/10051/123).
      series[org + " " + f[2] + " " + f[4] + ":" + f[5]].push_back(std::stod(f[0]));
    }
  }
  double max_implant_cv = 0;
  int implants_measured = 0;
  for (simdjson::dom::element im : implants) {
    std::string cluster = std::string(std::string_view(im["cluster"]));
    if (cluster == "C") continue;  // DNS tunnel: no connections
    double jitter = double(im["jitter"]);
    bool sleeps = int64_t(im["sleep_hours"]) > 0 || bool(im["working_hours_only"]);
    if (jitter < 0.3 || sleeps) continue;
    std::string key = std::string(std::string_view(im["org"])) + " " + std::string(std::string_view(im["host"])) + " ";
    std::vector<double> ts;
    for (const auto& ip : cluster_ips[cluster])
      for (int port : {80, 443}) {
        auto it = series.find(key + ip + ":" + std::to_string(port));
        if (it != series.end()) ts.insert(ts.end(), it->second.begin(), it->second.end());
      }
    double cv = GapCv(ts);
    if (!std::isnan(cv)) {
      max_implant_cv = std::max(max_implant_cv, cv);
      ++implants_measured;
    }
  }
  ASSERT_GT(implants_measured, 0) << "no jittery implant to compare with (change the seed)";
  // The monitoring agents (every 60 s) must be strictly more regular.
  int periodic_measured = 0;
  for (const auto& [key, ts] : series) {
    if (!key.ends_with(":10051") || ts.size() < 20) continue;
    double cv = GapCv(ts);
    EXPECT_LT(cv, max_implant_cv) << key;
    ++periodic_measured;
  }
  EXPECT_GT(periodic_measured, 0);
}

}  // namespace
}  // namespace dragnet
