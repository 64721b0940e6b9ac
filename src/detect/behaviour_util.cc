#include "detect/behaviour_util.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace dragnet {

std::string HumanDuration(double seconds) {
  if (seconds < 120) return fmt::format("{:.0f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.0f} min", seconds / 60);
  if (seconds < 172800) return fmt::format("{:.1f} h", seconds / 3600);
  return fmt::format("{:.1f} days", seconds / 86400);
}

std::string Thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string HumanBytes(double b) {
  if (b < 1000) return fmt::format("{:.0f} B", b);
  if (b < 1e6) return fmt::format("{:.1f} KB", b / 1e3);
  if (b < 1e9) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.1f} GB", b / 1e9);
}

double PrevalenceFactor(uint64_t hosts, uint64_t rare, double halving) {
  if (hosts <= rare) return 1;
  return std::pow(0.5, static_cast<double>(hosts - rare) / halving);
}

Finding NewFinding(const AnalysisContext& ctx, uint32_t org, const Ip& host, const std::string& detector, double score,
                   std::vector<std::string> indicators, int64_t first_us, int64_t last_us,
                   std::vector<std::string> attack) {
  Finding f;
  f.org = ctx.orgs[org].name;
  f.host = host;
  f.detector = detector;
  f.score = score;
  f.severity = SeverityFromScore(score);
  f.indicators = std::move(indicators);
  f.ts_first = Timestamp(first_us);
  f.ts_last = Timestamp(last_us);
  f.attack = std::move(attack);
  std::sort(f.attack.begin(), f.attack.end());
  return f;
}

void WriteTimeline(JsonWriter& w, const TimeHistogram& h) {
  w.BeginObject();
  w.Key("bin_seconds").Int(h.bin_width_us() / 1'000'000);
  w.Key("start").Int(h.start_us() / 1'000'000);
  w.Key("counts").BeginArray();
  for (uint32_t n : h.counts()) w.Uint(n);
  w.EndArray();
  w.EndObject();
}

}  // namespace dragnet
