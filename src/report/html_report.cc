#include "report/html_report.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "correlate/finding_sources.h"
#include "correlate/kill_chain.h"
#include "report/store_outputs.h"
#include "report/health_report.h"
#include "report/html_escape.h"

namespace dragnet {
namespace {

std::string Esc(std::string_view s) { return HtmlEscape(s); }

std::string Day(int64_t us) { return us > 0 ? Timestamp(us).ToIso8601(Timestamp::Precision::kMinutes) : "-"; }

std::string Id(std::string_view s) {
  std::string o;
  for (char c : s) o += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return o;
}

// Organisation sections are `content-visibility:auto`: off-screen ones are not
// laid out until scrolled to. A 200-org report with 10,000 rows otherwise
// spends 2.3 s of a 3.5-4 s load laying out tables nobody sees yet (Chromium
// trace); printing lays them all out.
constexpr const char* kStyle = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
nav{padding:8px 24px;background:#e8ebf0}nav a{margin-right:14px;color:#1d4ed8}
main{padding:8px 24px 40px}section{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:16px 0;padding:12px 18px}
h2{font-size:17px;margin:6px 0 10px}h3{font-size:15px;margin:12px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #e4e7ec;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f2f5;cursor:pointer;user-select:none;white-space:nowrap}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.critical{background:#9b1c1c}.high{background:#c2410c}.medium{background:#b45309}.low{background:#4b5563}.info{background:#9ca3af}
.kpi{display:inline-block;margin:4px 18px 4px 0}.kpi b{font-size:20px;display:block}
.filter{margin:6px 0;padding:4px 8px;width:320px}.pager button{margin:0 4px}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f7f9;padding:6px;font-size:12px}
details summary{cursor:pointer}.chart{margin:4px 12px 4px 0}
.org{content-visibility:auto;contain-intrinsic-size:auto 900px}
@media print{nav,.filter,.pager{display:none}section{break-inside:avoid}tr{display:table-row!important}.org{content-visibility:visible}}
)";

constexpr const char* kScript = R"(
document.querySelectorAll('table.sortable').forEach(function(t){
  var body=t.tBodies[0], rows=Array.prototype.slice.call(body.rows), page=0, per=50, shown=rows;
  var pager=document.getElementById(t.id+'-pager'), filter=document.getElementById(t.id+'-filter');
  var visible=rows.slice(0,per);
  function draw(){visible.forEach(function(r){r.style.display='none';});
    visible=shown.slice(page*per,(page+1)*per); visible.forEach(function(r){r.style.display='';});
    if(pager){var n=Math.max(1,Math.ceil(shown.length/per));pager.querySelector('span').textContent=
      'page '+(page+1)+' of '+n+' ('+shown.length+' rows)';}}
  t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
    var num=th.dataset.num==='1', dir=th.dataset.dir==='asc'?-1:1; th.dataset.dir=dir>0?'asc':'desc';
    shown.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent;
      return num?dir*(parseFloat(x)-parseFloat(y)):dir*x.localeCompare(y);});
    shown.forEach(function(r){body.appendChild(r);}); page=0; draw();});});
  if(filter){filter.addEventListener('input',function(){var q=filter.value.toLowerCase();
    shown=rows.filter(function(r){return r.textContent.toLowerCase().indexOf(q)>=0;}); page=0; draw();});}
  if(pager){pager.querySelectorAll('button').forEach(function(b){b.addEventListener('click',function(){
    var n=Math.ceil(shown.length/per); page=Math.min(Math.max(0,page+(b.dataset.d==='1'?1:-1)),Math.max(0,n-1)); draw();});});}
  if(pager){var n=Math.max(1,Math.ceil(shown.length/per));pager.querySelector('span').textContent=
    'page 1 of '+n+' ('+shown.length+' rows)';}});
)";

// Bars for a histogram from the evidence, with a caption under them.
std::string Bars(const std::vector<double>& v, const std::string& title, const std::string& caption = "") {
  if (v.empty()) return "";
  double top = *std::max_element(v.begin(), v.end());
  if (top <= 0) top = 1;
  const int w = 240, h = 60;
  double bw = static_cast<double>(w) / static_cast<double>(v.size());
  std::string s = fmt::format("<svg class=\"chart\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
                              w, h + 26, Esc(title), Esc(title));
  for (size_t i = 0; i < v.size(); ++i) {
    double bh = v[i] / top * h;
    s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#1d4ed8\"/>", i * bw,
                     h - bh, std::max(1.0, bw - 1), bh);
  }
  s += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"10\">{} (top {:.0f})</text>", h + 11, Esc(title), top);
  if (!caption.empty()) s += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"9\" fill=\"#4b5563\">{}</text>", h + 23, Esc(caption));
  return s + "</svg>";
}

std::vector<double> Numbers(simdjson::dom::element e, const char* key) {
  std::vector<double> out;
  simdjson::dom::array a;
  if (e[key].get(a)) return out;
  for (auto x : a) {
    double d = 0;
    int64_t i = 0;
    if (!x.get(d)) out.push_back(d);
    else if (!x.get(i)) out.push_back(static_cast<double>(i));
  }
  return out;
}

double Number(simdjson::dom::element e, const char* key) {
  double d = 0;
  int64_t i = 0;
  if (!e[key].get(d)) return d;
  if (!e[key].get(i)) return static_cast<double>(i);
  return 0;
}

std::string Width(double seconds) {
  if (seconds == 60) return "minute";
  if (seconds == 3600) return "hour";
  if (seconds >= 3600 && static_cast<int64_t>(seconds) % 3600 == 0) return fmt::format("{:.0f} h", seconds / 3600);
  if (seconds >= 60) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.0f} s", seconds);
}

// A timeline the detectors write with WriteTimeline (detect/behaviour_util.h).
std::string TimelineBars(simdjson::dom::element e, const char* key, const std::string& what) {
  simdjson::dom::element t;
  if (e[key].get(t)) return "";
  std::vector<double> counts = Numbers(t, "counts");
  double bin = Number(t, "bin_seconds");
  auto start = static_cast<int64_t>(Number(t, "start"));
  if (counts.empty() || bin <= 0) return "";
  int64_t end = start + static_cast<int64_t>(bin * static_cast<double>(counts.size()));
  return Bars(counts, fmt::format("{} per {}", what, Width(bin)),
              fmt::format("{} to {}", Day(start * 1'000'000), Day(end * 1'000'000)));
}

// The charts of the evidence that convinced the detector, then the evidence itself.
std::string Evidence(const Finding& f) {
  std::string out;
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (!parser.parse(f.evidence_json).get(e)) {
    out += Bars(Numbers(e, "histogram"), "connections over time", "equal bins across the data's span");
    double interval = Number(e, "interval_bin_seconds");
    out += Bars(Numbers(e, "interval_histogram"), "time between connections",
                interval > 0 ? fmt::format("bins of {:.0f} s; the last holds longer gaps", interval) : "");
    out += TimelineBars(e, "queries_over_time", "queries");
    out += TimelineBars(e, "renamed_over_time", "files renamed");
    simdjson::dom::array names;
    if (!e["sample_names"].get(names)) {
      out += "<p>sample names:</p><ul>";
      for (auto n : names) {
        std::string_view v;
        if (!n.get(v)) out += "<li><code>" + Esc(v) + "</code></li>";
      }
      out += "</ul>";
    }
  }
  return out + "<pre>" + Esc(f.evidence_json) + "</pre>";
}

// Orders both columns of a two-column graph so that edges cross less: each
// trait moves to the mean position of the organisations holding it, then
// each organisation to the mean position of its traits, a few rounds (the
// barycentre heuristic of layered graph drawing). Ties keep name order:
// the same campaign always draws the same.
void OrderByBarycentre(std::vector<std::string>& orgs, std::vector<std::string>& traits,
                       const std::map<std::string, std::set<std::string>>& org_traits) {
  auto sort_by = [](std::vector<std::string>& v, const std::map<std::string, double>& key) {
    std::stable_sort(v.begin(), v.end(), [&](const std::string& a, const std::string& b) { return key.at(a) < key.at(b); });
  };
  for (int round = 0; round < 4; ++round) {
    std::map<std::string, double> sum, n;
    for (const auto& t : traits) sum[t] = n[t] = 0;
    for (size_t i = 0; i < orgs.size(); ++i) {
      auto it = org_traits.find(orgs[i]);
      if (it == org_traits.end()) continue;
      for (const auto& t : it->second) {
        sum[t] += static_cast<double>(i);
        n[t] += 1;
      }
    }
    std::map<std::string, double> trait_key, org_key;
    for (const auto& t : traits) trait_key[t] = n[t] > 0 ? sum[t] / n[t] : 0;
    sort_by(traits, trait_key);
    std::map<std::string, size_t> position;
    for (size_t i = 0; i < traits.size(); ++i) position[traits[i]] = i;
    for (const auto& org : orgs) {
      double total = 0, count = 0;
      if (auto it = org_traits.find(org); it != org_traits.end())
        for (const auto& t : it->second) {
          total += static_cast<double>(position[t]);
          count += 1;
        }
      org_key[org] = count > 0 ? total / count : 0;
    }
    sort_by(orgs, org_key);
  }
}

}  // namespace

// Orgs (of this report) whose analysis saw a sample of their data only: the
// state cap's fair share was not enough for them (run.json state.orgs).
template <typename Mine>
std::string IncompleteNote(const HuntReport& r, Mine mine) {
  std::string h;
  for (const OrgStateReport* o : r.state.incomplete()) {
    if (!mine(o->org)) continue;
    h += fmt::format(
        "<p class=\"incomplete\"><b>Incomplete analysis of {}:</b> its behavioural state passed its fair share of "
        "the state cap ({:.1f} MB), so only a hash sample of its host pairs, names and DNS domains was analysed: "
        "{} connection, {} TLS/HTTP and {} DNS records were left out. Raise --state-memory to analyse all of it.</p>",
        Esc(o->org), static_cast<double>(r.state.share_bytes) / 1e6, o->drops.ip_pair_records,
        o->drops.name_pair_records, o->drops.dns_queries);
  }
  return h;
}

// "Act first": the host verdicts of at least medium, most urgent first, each
// with its independent evidence one line each (the strongest few when none
// reaches medium).
constexpr size_t kEvidenceLines = 6;

template <typename Mine>
std::string ActFirst(const HuntReport& r, Mine mine) {
  std::vector<const HostVerdict*> rows;
  for (const HostVerdict* v : VerdictsByUrgency(r.verdicts))
    if (mine(v->org)) rows.push_back(v);
  size_t urgent = static_cast<size_t>(std::count_if(
      rows.begin(), rows.end(), [](const HostVerdict* v) { return v->severity >= Severity::kMedium; }));
  rows.resize(std::min(rows.size(), urgent ? std::min<size_t>(urgent, 20) : 5));
  if (rows.empty()) return "";
  std::string h = "<h3>Act first</h3>";
  if (!urgent) h += "<p>No host verdict reaches medium; the strongest are listed.</p>";
  h += "<table class=\"act-first\"><tr><th>organisation</th><th>host</th><th>verdict</th><th>independent evidence</th></tr>";
  for (const HostVerdict* v : rows) {
    std::string lines;
    for (size_t i = 0; i < v->evidence.size() && i < kEvidenceLines; ++i)
      lines += (lines.empty() ? "" : "<br>") + Esc(EvidenceLine(v->evidence[i]));
    if (v->evidence.size() > kEvidenceLines) lines += fmt::format("<br>and {} more", v->evidence.size() - kEvidenceLines);
    for (const std::string& w : v->weak_links) lines += "<br><i>weak link: " + Esc(w) + "</i>";
    h += fmt::format("<tr><td><a href=\"#org-{}\">{}</a></td><td>{}</td><td><span class=\"sev {}\">{}</span> {:.2f}</td>"
                     "<td>{}</td></tr>",
                     Id(v->org), Esc(v->org), v->host.ToString(), SeverityName(v->severity),
                     SeverityName(v->severity), v->score, lines);
  }
  return h + "</table>";
}

std::string HtmlReport(const HuntReport& r, const HtmlReportOptions& o) {
  auto mine = [&](const std::string& org) { return o.only_org.empty() || org == o.only_org; };
  std::vector<const Finding*> findings;
  for (const Finding& f : r.findings)
    if (mine(f.org)) findings.push_back(&f);
  std::stable_sort(findings.begin(), findings.end(), [](const Finding* a, const Finding* b) { return a->score > b->score; });
  // A report stays a few MB however low --min-score went: the highest-scoring
  // max_rows findings are in it, the others only counted (findings.jsonl has all).
  const size_t total_findings = findings.size();
  std::array<size_t, 5> sev{};  // all of them, shown or not
  for (const Finding* f : findings) ++sev[static_cast<int>(f->severity)];
  if (findings.size() > o.max_rows) findings.resize(o.max_rows);
  std::map<std::string, std::vector<const Finding*>> by_org;
  for (const Finding* f : findings) by_org[f->org].push_back(f);
  // Organisations most urgent first: by their most urgent host verdict
  // (severity, then score), then their highest finding score, then how many
  // findings they have, then by name (each list is highest-first).
  std::map<std::string, std::pair<Severity, double>> urgency;
  for (const HostVerdict& v : r.verdicts) {
    auto& u = urgency.try_emplace(v.org, Severity::kInfo, 0.0).first->second;
    u = std::max(u, std::make_pair(v.severity, v.score));
  }
  auto urgency_of = [&](const std::string& org) {
    auto it = urgency.find(org);
    return it == urgency.end() ? std::make_pair(Severity::kInfo, 0.0) : it->second;
  };
  std::vector<const std::pair<const std::string, std::vector<const Finding*>>*> org_order;
  for (const auto& entry : by_org) org_order.push_back(&entry);
  std::stable_sort(org_order.begin(), org_order.end(), [&](const auto* a, const auto* b) {
    if (urgency_of(a->first) != urgency_of(b->first)) return urgency_of(a->first) > urgency_of(b->first);
    if (a->second.front()->score != b->second.front()->score) return a->second.front()->score > b->second.front()->score;
    return a->second.size() > b->second.size();
  });
  uint64_t bytes = 0;
  size_t orgs_swept = 0;
  for (const auto& t : r.orgs)
    if (mine(t.name)) {
      bytes += t.bytes;
      if (t.swept()) ++orgs_swept;
    }

  std::string h = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dragnet report";
  if (!o.only_org.empty()) h += " - " + Esc(o.only_org);
  h += "</title><style>" + std::string(kStyle) + "</style></head><body>";
  h += "<header><h1>Dragnet hunt report" + (o.only_org.empty() ? std::string() : " for " + Esc(o.only_org)) + "</h1>";
  h += fmt::format("<div>{} organisation{} swept, {:.1f} MB of logs, {} findings{}</div></header>", orgs_swept,
                   orgs_swept == 1 ? "" : "s", static_cast<double>(bytes) / 1e6, total_findings,
                   total_findings > findings.size()
                       ? fmt::format(" (the {} highest-scoring shown; all in findings.jsonl)", findings.size())
                       : "");
  h += IncompleteNote(r, mine);
  h += "<nav><a href=\"#overview\">Overview</a><a href=\"#campaigns\">Campaigns</a>";
  if (o.only_org.empty()) h += "<a href=\"#incidents\">Incidents</a>";
  h += "<a href=\"#organisations\">Organisations</a><a href=\"#health\">Data health</a></nav><main>";

  // Overview.
  h += "<section id=\"overview\"><h2>Overview</h2>";
  for (int s = 4; s >= 0; --s)
    h += fmt::format("<span class=\"kpi\"><b>{}</b><span class=\"sev {}\">{}</span></span>", sev[s],
                     SeverityName(static_cast<Severity>(s)), SeverityName(static_cast<Severity>(s)));
  size_t campaigns_here = 0;
  for (const Campaign& c : r.campaigns)
    if (o.only_org.empty() || std::binary_search(c.orgs.begin(), c.orgs.end(), o.only_org)) ++campaigns_here;
  h += fmt::format("<span class=\"kpi\"><b>{}</b>campaigns</span><span class=\"kpi\"><b>{}</b>organisations with findings</span>",
                   campaigns_here, by_org.size());
  h += ActFirst(r, mine);
  if (o.only_org.empty() && !org_order.empty()) {
    // Below the verdicts, the detector rows: the organisations by their top finding.
    h += "<h3>Organisations by top finding</h3><table class=\"org-first\"><tr><th>organisation</th><th>highest</th>"
         "<th>findings</th><th>campaign</th><th>top finding</th></tr>";
    for (size_t i = 0; i < std::min<size_t>(10, org_order.size()); ++i) {
      const auto& [org, list] = *org_order[i];
      const Finding* top = list.front();
      h += fmt::format("<tr><td><a href=\"#org-{}\">{}</a></td><td><span class=\"sev {}\">{}</span> {:.2f}</td>"
                       "<td>{}</td><td>{}</td><td>{}</td></tr>",
                       Id(org), Esc(org), SeverityName(top->severity), SeverityName(top->severity), top->score,
                       list.size(), Esc(top->campaign), Esc(top->summary));
    }
    h += "</table>";
  }
  h += "</section>";

  // Campaigns: a graph of organisations and the infrastructure they share, and a timeline.
  h += "<section id=\"campaigns\"><h2>Campaigns</h2>";
  if (campaigns_here == 0) h += "<p>No campaign links these findings to others.</p>";
  for (const Campaign& c : r.campaigns) {
    bool member = o.only_org.empty() || std::binary_search(c.orgs.begin(), c.orgs.end(), o.only_org);
    if (!member) continue;
    if (!o.only_org.empty()) {
      // This org's part only: its hosts, what links them and its own
      // techniques. Nothing learnt from other orgs' logs: not whether or how
      // many take part, their techniques, nor the confidence their findings make.
      auto own = c.attack_by_org.find(o.only_org);
      std::string attack = own == c.attack_by_org.end() ? std::string("-") : fmt::format("{}", fmt::join(own->second, ", "));
      h += fmt::format("<div class=\"campaign\" id=\"campaign-{0}\"><h3>Campaign {0}</h3>"
                       "<p>Your hosts in this campaign are linked through shared infrastructure. Your ATT&amp;CK "
                       "techniques in it: {1}.</p><table><tr><th>host</th><th>linked through</th></tr>",
                       c.id, Esc(attack));
      for (const auto& host : c.hosts)
        if (host.org == o.only_org)
          h += fmt::format("<tr><td>{}</td><td>{}</td></tr>", host.host.ToString(), Esc(fmt::format("{}", fmt::join(host.links, ", "))));
      h += "</table></div>";
      continue;
    }
    h += fmt::format("<div class=\"campaign\" id=\"campaign-{}\"><h3>Campaign {} (confidence {:.2f})</h3>", c.id, c.id,
                     c.confidence);
    // Graph: organisations left, linking infrastructure right.
    std::map<std::string, std::set<std::string>> org_traits;
    std::set<std::string> traits;
    for (const auto& host : c.hosts)
      for (const auto& l : host.links) {
        org_traits[host.org].insert(l);
        traits.insert(l);
      }
    std::vector<std::string> orgs(c.orgs.begin(), c.orgs.end()), tlist(traits.begin(), traits.end());
    OrderByBarycentre(orgs, tlist, org_traits);
    size_t rows = std::max(orgs.size(), tlist.size());
    int height = static_cast<int>(rows) * 22 + 20;
    size_t edges = 0;
    for (const auto& [org, ts] : org_traits) edges += ts.size();
    h += fmt::format("<svg class=\"graph\" width=\"900\" height=\"{}\" data-nodes=\"{}\" data-edges=\"{}\" role=\"img\" "
                     "aria-label=\"organisations and shared infrastructure\">",
                     height, orgs.size() + tlist.size(), edges);
    auto y_of = [&](size_t i, size_t n) { return 20 + (rows > 1 ? static_cast<double>(i) * (height - 30) / std::max<size_t>(1, n - 1) : 0) * (n > 1 ? 1 : 0); };
    std::map<std::string, double> ty;
    for (size_t i = 0; i < tlist.size(); ++i) ty[tlist[i]] = y_of(i, tlist.size());
    for (size_t i = 0; i < orgs.size(); ++i) {
      double y = y_of(i, orgs.size());
      for (const auto& t : org_traits[orgs[i]])
        h += fmt::format("<line class=\"edge\" x1=\"220\" y1=\"{:.0f}\" x2=\"560\" y2=\"{:.0f}\" stroke=\"#9aa5b8\"/>", y, ty[t]);
    }
    for (size_t i = 0; i < orgs.size(); ++i)
      h += fmt::format("<g class=\"node org\"><circle cx=\"220\" cy=\"{0:.0f}\" r=\"5\" fill=\"#9b1c1c\"/><text x=\"210\" "
                       "y=\"{0:.0f}\" text-anchor=\"end\" dy=\"4\" font-size=\"12\">{1}</text></g>",
                       y_of(i, orgs.size()), Esc(orgs[i]));
    for (const auto& t : tlist)
      h += fmt::format("<g class=\"node trait\"><circle cx=\"560\" cy=\"{0:.0f}\" r=\"5\" fill=\"#1d4ed8\"/><text x=\"570\" "
                       "y=\"{0:.0f}\" dy=\"4\" font-size=\"12\">{1}</text></g>",
                       ty[t], Esc(t.size() > 48 ? t.substr(0, 45) + "..." : t));
    h += "</svg>";
    // Timeline: each organisation's first and last finding in the campaign.
    std::map<std::string, std::pair<int64_t, int64_t>> span;
    for (const Finding* f : findings)
      if (f->campaign == c.id) {
        auto& s = span.try_emplace(f->org, INT64_MAX, INT64_MIN).first->second;
        if (f->ts_first.micros() > 0) s.first = std::min(s.first, f->ts_first.micros());
        s.second = std::max(s.second, f->ts_last.micros());
      }
    int64_t t0 = c.first_us, t1 = std::max(c.last_us, c.first_us + 1);
    h += fmt::format("<svg class=\"timeline\" width=\"900\" height=\"{}\" role=\"img\" aria-label=\"campaign timeline\">",
                     span.size() * 16 + 24);
    size_t row = 0;
    for (const auto& [org, s] : span) {
      if (s.first == INT64_MAX) continue;
      double x0 = 220 + 640.0 * static_cast<double>(s.first - t0) / static_cast<double>(t1 - t0);
      double x1 = 220 + 640.0 * static_cast<double>(s.second - t0) / static_cast<double>(t1 - t0);
      h += fmt::format("<text x=\"210\" y=\"{0}\" text-anchor=\"end\" font-size=\"11\">{1}</text><rect x=\"{2:.0f}\" "
                       "y=\"{3}\" width=\"{4:.0f}\" height=\"10\" fill=\"#c2410c\"/>",
                       row * 16 + 12, Esc(org), x0, row * 16 + 3, std::max(2.0, x1 - x0));
      ++row;
    }
    h += fmt::format("<text x=\"220\" y=\"{0}\" font-size=\"10\">{1}</text><text x=\"860\" y=\"{0}\" font-size=\"10\" "
                     "text-anchor=\"end\">{2}</text></svg>",
                     row * 16 + 20, Day(t0), Day(t1));
    h += "<h3>Derived indicators</h3><table><tr><th>value</th><th>type</th><th>provenance</th></tr>";
    for (const auto& d : c.derived)
      h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", Esc(d.trait.value), TraitKindName(d.trait.kind),
                       Esc(d.provenance));
    h += "</table></div>";
  }
  h += "</section>";

  // Incidents (the authority's view only: notes name other victims' contacts).
  if (o.only_org.empty()) {
    h += "<section id=\"incidents\"><h2>Incident reports</h2><table><tr><th>id</th><th>organisation</th><th>identifiers</th>"
         "<th>linked</th><th>campaign</th></tr>";
    for (const Incident& i : r.incidents) {
      std::string ids;
      for (const Identifier& id : i.extraction.identifiers)
        ids += fmt::format("{}{}: {}", ids.empty() ? "" : "<br>", IdentifierKindName(id.kind), Esc(id.value));
      h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", i.id, Esc(i.org), ids,
                       Esc(fmt::format("{}", fmt::join(i.linked, ", "))), Esc(i.campaign));
    }
    h += "</table></section>";
  }

  // Organisations.
  h += "<section id=\"organisations\"><h2>Organisations</h2>";
  // Full evidence for the highest-scoring max_detailed findings, wherever they are.
  std::set<const Finding*> detailed(findings.begin(), findings.begin() + static_cast<std::ptrdiff_t>(
                                                                       std::min(o.max_detailed, findings.size())));
  for (const auto* entry : org_order) {
    const auto& [org, list] = *entry;
    std::string tid = "findings-" + Id(org);
    h += fmt::format("<div class=\"org\" id=\"org-{}\"><h3>{} &mdash; {} findings</h3>", Id(org), Esc(org), list.size());
    for (const Finding* f : list)
      if (SpecOf(f->detector).tells_incident) h += "<p><b>Kill chain:</b> " + Esc(f->summary) + "</p>";
    std::set<std::string> detectors;
    for (const Finding* f : list) detectors.insert(f->detector);
    h += "<p><b>Containment:</b></p><ul>";
    for (const auto& d : detectors) h += fmt::format("<li>{}: {}</li>", Esc(d), Esc(SpecOf(d).containment));
    h += "</ul>";
    h += fmt::format("<input class=\"filter\" id=\"{0}-filter\" placeholder=\"filter these findings\"><table class=\"sortable findings\" "
                     "id=\"{0}\"><thead><tr><th data-num=\"1\">score</th><th>severity</th><th>host</th><th>detector</th>"
                     "<th>first seen</th><th>summary</th></tr></thead><tbody>",
                     tid);
    size_t row = 0;
    for (const Finding* f : list) {
      // Rows past the first page start hidden: a 10,000-row report lays out one page per table.
      const char* hidden = row++ >= 50 ? " style=\"display:none\"" : "";
      std::string detail;
      if (detailed.contains(f)) {
        detail = "<details><summary>evidence</summary>" + Evidence(*f) + "</details>";
      }
      h += fmt::format("<tr{7}><td data-v=\"{0:.3f}\">{0:.2f}</td><td><span class=\"sev {1}\">{1}</span></td><td>{2}</td>"
                       "<td>{3}</td><td>{4}</td><td>{5}{6}</td></tr>",
                       f->score, SeverityName(f->severity), f->host.ToString(), Esc(f->detector), Day(f->ts_first.micros()),
                       (f->status.empty() ? "" : "[" + f->status + "] ") + Esc(f->summary), detail, hidden);
    }
    h += fmt::format("</tbody></table><div class=\"pager\" id=\"{}-pager\"><button data-d=\"0\">&larr;</button><span></span>"
                     "<button data-d=\"1\">&rarr;</button></div></div>",
                     tid);
  }
  h += "</section>";
  // Data health: the fleet's log types, then each org's (only its own).
  std::vector<OrgHealth> health;
  for (const OrgHealth& oh : r.health)
    if (mine(oh.org)) health.push_back(oh);
  h += "<section id=\"health\"><h2>Data health</h2>" + HealthFleetHtml(health);
  for (const OrgHealth& oh : health) h += HealthOrgHtml(oh);
  h += "</section>";
  if (r.store) h += StoreSectionHtml(*r.store, o.only_org);  // `hunt --state` only
  h += "</main><script>" + std::string(kScript) + "</script></body></html>\n";
  return h;
}

}  // namespace dragnet
