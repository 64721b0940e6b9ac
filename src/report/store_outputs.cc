#include "report/store_outputs.h"

#include <ctime>

#include <fmt/format.h>

namespace dragnet {
namespace {

constexpr const char* kStatuses[] = {"new", "active", "resolved", "suppressed"};

uint64_t Count(const StoreOutcome& s, const char* status) {
  auto it = s.by_status.find(status);
  return it == s.by_status.end() ? 0 : it->second;
}

std::string Day(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string Html(std::string_view s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

}  // namespace

void WriteStoreJson(JsonWriter& w, const StoreOutcome& s) {
  w.Key("store").BeginObject();
  w.Key("location").String(s.location);
  w.Key("schema_version").Int(s.schema_version);
  w.Key("files_recorded").Uint(s.files_recorded);
  w.Key("suppressions_in_force").Uint(s.suppressions);
  w.Key("findings").BeginObject();
  for (const char* status : kStatuses) w.Key(status).Uint(Count(s, status));
  w.EndObject();
  w.Key("resolved").BeginArray();
  for (const StoredFinding& f : s.resolved) {
    w.BeginObject();
    w.Key("id").String(f.id);
    w.Key("org").String(f.org);
    w.Key("host").String(f.host);
    w.Key("detector").String(f.detector);
    w.Key("indicator").String(f.indicator);
    w.Key("severity").String(f.severity);
    w.Key("first_seen").Int(f.first_seen);
    w.Key("last_seen").Int(f.last_seen);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void PrintStoreSummary(std::FILE* out, const StoreOutcome& s) {
  fmt::print(out, "state: {} new, {} still active, {} resolved, {} suppressed findings; {} files recorded ({})\n",
             Count(s, "new"), Count(s, "active"), Count(s, "resolved"), Count(s, "suppressed"), s.files_recorded,
             s.location);
  constexpr size_t kShown = 5;
  for (size_t i = 0; i < s.resolved.size() && i < kShown; ++i) {
    const StoredFinding& f = s.resolved[i];
    fmt::print(out, "  resolved {} {}/{} {} {} (last seen {} UTC)\n", f.id, f.org, f.host, f.detector, f.indicator,
               Day(f.last_seen));
  }
  if (s.resolved.size() > kShown) fmt::print(out, "  and {} more resolved (run.json store.resolved)\n", s.resolved.size() - kShown);
}

std::string StoreSectionHtml(const StoreOutcome& s, const std::string& only_org) {
  std::string h = "<section id=\"state\"><h2>State</h2><p>";
  if (only_org.empty()) {
    for (const char* status : kStatuses) h += fmt::format("{} {} &middot; ", Count(s, status), status);
    h += fmt::format("{} files recorded in {}</p>", s.files_recorded, Html(s.location));
  } else {
    h += "Findings of this organisation carry their status; resolved ones are listed below.</p>";
  }
  h += "<h3>Resolved: seen before, not in this hunt</h3><table><tr><th>id</th><th>organisation</th><th>host</th>"
       "<th>detector</th><th>indicator</th><th>last seen (UTC)</th></tr>";
  for (const StoredFinding& f : s.resolved)
    if (only_org.empty() || f.org == only_org)
      h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", Html(f.id),
                       Html(f.org), Html(f.host), Html(f.detector), Html(f.indicator), Day(f.last_seen));
  return h + "</table></section>";
}

}  // namespace dragnet
