#include "report/health_report.h"

#include <fmt/format.h>

#include "core/timestamp.h"

namespace dragnet {
namespace {

std::string Time(int64_t us) { return Timestamp(us).ToIso8601(Timestamp::Precision::kSeconds); }

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string GapText(const DataGap& g) {
  return fmt::format("{} h without a record from {}", g.hours(), Time(g.from_us));
}

}  // namespace

void WriteHealthJson(JsonWriter& w, const std::vector<OrgHealth>& health) {
  w.BeginArray();
  for (const OrgHealth& h : health) {
    w.BeginObject();
    w.Key("org").String(h.org);
    w.Key("swept").Bool(h.swept);
    if (h.first_us || h.last_us) {
      w.Key("first").String(Time(h.first_us));
      w.Key("last").String(Time(h.last_us));
    }
    w.Key("span_seconds").Double(static_cast<double>(h.last_us - h.first_us) / 1e6, 0);
    w.Key("periods").Uint(h.periods);
    w.Key("malformed_lines").Uint(h.malformed);
    w.Key("incomplete_lines").Uint(h.incomplete);
    w.Key("logs").BeginObject();
    for (const auto& [log, l] : h.logs) {
      w.Key(log).BeginObject();
      w.Key("files").Uint(l.files).Key("records").Uint(l.records).Key("malformed_lines").Uint(l.malformed);
      if (l.first_us || l.last_us) w.Key("first").String(Time(l.first_us)).Key("last").String(Time(l.last_us));
      w.EndObject();
    }
    w.EndObject();
    w.Key("missing").BeginArray();
    for (const auto& m : h.missing) w.String(m);
    w.EndArray();
    w.Key("gaps").BeginArray();
    for (const DataGap& g : h.gaps)
      w.BeginObject().Key("from").String(Time(g.from_us)).Key("to").String(Time(g.to_us)).Key("hours").Int(g.hours()).EndObject();
    w.EndArray();
    w.Key("detectors").BeginObject();
    w.Key("full").BeginArray();
    for (const DetectorCoverage& d : h.detectors)
      if (d.coverage == Coverage::kFull) w.String(d.detector);
    w.EndArray();
    for (Coverage c : {Coverage::kPartial, Coverage::kNone}) {
      w.Key(CoverageName(c)).BeginArray();
      for (const DetectorCoverage& d : h.detectors)
        if (d.coverage == c) w.BeginObject().Key("detector").String(d.detector).Key("why").String(d.why).EndObject();
      w.EndArray();
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
}

void PrintHealthSummary(std::FILE* out, const std::vector<OrgHealth>& health) {
  size_t swept = 0, attention = 0;
  for (const OrgHealth& h : health) {
    swept += h.swept;
    attention += h.attention();
  }
  if (swept == 0) return;
  if (attention == 0) {
    fmt::print(out, "data health: {} swept org{}, none lacks a log type that matters or has a gap of {} h or more\n",
               swept, swept == 1 ? "" : "s", kMinGapHours);
    return;
  }
  fmt::print(out, "data health: {} of {} swept org{} need{} a look (run.json health, report.html):\n", attention,
             swept, swept == 1 ? "" : "s", attention == 1 ? "s" : "");
  for (const OrgHealth& h : health) {
    if (!h.attention()) continue;
    std::vector<std::string> parts;
    if (!h.missing.empty()) parts.push_back("no " + Join(h.missing));
    for (const DataGap& g : h.gaps) parts.push_back(GapText(g));
    std::vector<std::string> none;
    for (const DetectorCoverage& d : h.detectors)
      if (d.coverage == Coverage::kNone && d.for_missing) none.push_back(d.detector);
    if (!none.empty()) parts.push_back("so cannot run: " + Join(none));
    std::string line;
    for (const auto& p : parts) line += (line.empty() ? "" : "; ") + p;
    fmt::print(out, "  {}: {}\n", h.org, line);
  }
}

}  // namespace dragnet
