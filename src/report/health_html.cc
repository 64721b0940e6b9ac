#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "core/timestamp.h"
#include "report/health_report.h"
#include "report/html_escape.h"

namespace dragnet {
namespace {

std::string Time(int64_t us) {
  return Timestamp(us).ToIso8601(Timestamp::Precision::kMinutes);
}

std::string Span(int64_t first_us, int64_t last_us) {
  if (!first_us && !last_us) return "-";
  double hours = static_cast<double>(last_us - first_us) / 3.6e9;
  return fmt::format("{} to {} ({:.1f} h)", Time(first_us), Time(last_us), hours);
}

std::string AnchorId(std::string_view s) {
  std::string o;
  for (char c : s) o += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return o;
}

}  // namespace

std::string HealthFleetHtml(const std::vector<OrgHealth>& health) {
  std::set<std::string> logs;
  for (const OrgHealth& h : health)
    for (const auto& [log, l] : h.logs) logs.insert(log);
  std::string s = "<h3>Data health</h3><p>Records per Zeek log type and organisation; <b>missing</b> marks a log "
                  "type that matters (conn, dns, and those most organisations have) and did not arrive.</p>"
                  "<table class=\"health sortable\"><thead><tr><th>organisation</th>";
  for (const auto& log : logs) s += "<th data-num=\"1\">" + HtmlEscape(log) + "</th>";
  s += "<th>gaps</th><th>detectors not run</th></tr></thead><tbody>";
  for (const OrgHealth& h : health) {
    s += fmt::format("<tr><td><a href=\"#health-{}\">{}</a></td>", AnchorId(h.org), HtmlEscape(h.org));
    for (const auto& log : logs) {
      auto it = h.logs.find(log);
      bool missing = std::find(h.missing.begin(), h.missing.end(), log) != h.missing.end();
      if (it != h.logs.end() && it->second.records > 0)
        s += fmt::format("<td data-v=\"{0}\">{0}</td>", it->second.records);
      else
        s += missing ? "<td data-v=\"0\" class=\"missing\"><b>missing</b></td>" : "<td data-v=\"0\">-</td>";
    }
    size_t none = 0;
    for (const DetectorCoverage& d : h.detectors) none += d.coverage == Coverage::kNone;
    s += fmt::format("<td>{}</td><td>{}</td></tr>", h.gaps.size(), none);
  }
  return s + "</tbody></table>";
}

std::string HealthOrgHtml(const OrgHealth& h) {
  std::string s = fmt::format("<div class=\"org\" id=\"health-{}\"><h3>Data health of {}</h3>", AnchorId(h.org),
                              HtmlEscape(h.org));
  if (!h.swept) return s + "<p>No file could be read as a Zeek log: not swept.</p></div>";
  s += fmt::format("<p>Covered: {}; {} malformed and {} unfinished lines.</p>", Span(h.first_us, h.last_us),
                   h.malformed, h.incomplete);
  if (!h.missing.empty()) {
    std::string missing;
    for (const auto& m : h.missing) missing += (missing.empty() ? "" : ", ") + HtmlEscape(m);
    s += "<p class=\"incomplete\"><b>Missing log types:</b> " + missing + "</p>";
  }
  for (const DataGap& g : h.gaps)
    s += fmt::format("<p class=\"incomplete\"><b>Gap:</b> {} h without a record, {} to {}</p>", g.hours(),
                     Time(g.from_us), Time(g.to_us));
  s += "<table><tr><th>log</th><th>files</th><th>records</th><th>malformed</th><th>first</th><th>last</th></tr>";
  for (const auto& [log, l] : h.logs)
    s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", HtmlEscape(log),
                     l.files, l.records, l.malformed, l.first_us || l.last_us ? Time(l.first_us) : "-",
                     l.first_us || l.last_us ? Time(l.last_us) : "-");
  s += "</table><table><tr><th>detector</th><th>ran</th><th>why</th></tr>";
  for (const DetectorCoverage& d : h.detectors)
    s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", HtmlEscape(d.detector), CoverageName(d.coverage),
                     HtmlEscape(d.why));
  return s + "</table></div>";
}

}  // namespace dragnet
