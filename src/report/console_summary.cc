#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "correlate/finding_sources.h"
#include "report/health_report.h"
#include "report/run_report.h"

namespace dragnet {
namespace {

std::string Bytes(uint64_t b) {
  if (b >= 1000000000ULL) return fmt::format("{:.2f} GB", static_cast<double>(b) / 1e9);
  if (b >= 1000000ULL) return fmt::format("{:.1f} MB", static_cast<double>(b) / 1e6);
  if (b >= 1000ULL) return fmt::format("{:.1f} kB", static_cast<double>(b) / 1e3);
  return fmt::format("{} B", b);
}

// The host verdicts lead: their counts, then those of at least medium (the
// strongest few when none is), each piece of independent evidence one line.
void PrintVerdicts(std::FILE* out, const HuntReport& r) {
  std::array<uint64_t, 5> sev{};
  for (const HostVerdict& v : r.verdicts) ++sev[static_cast<int>(v.severity)];
  fmt::print(out, "host verdicts: {} hosts: critical {}, high {}, medium {}, low {}, info {}\n", r.verdicts.size(),
             sev[4], sev[3], sev[2], sev[1], sev[0]);
  std::vector<const HostVerdict*> rows = VerdictsByUrgency(r.verdicts);
  size_t urgent = sev[4] + sev[3] + sev[2];
  rows.resize(std::min(rows.size(), urgent ? std::min<size_t>(urgent, 15) : 3));
  if (rows.empty()) return;
  fmt::print(out, "act first{}:\n", urgent ? "" : " (no verdict reaches medium; the strongest)");
  constexpr size_t kLines = 4;
  for (const HostVerdict* v : rows) {
    fmt::print(out, "  {:<8} {:.2f}  {}/{}  {} independent piece{} of evidence\n", SeverityName(v->severity), v->score,
               v->org, v->host.ToString(), v->evidence.size(), v->evidence.size() == 1 ? "" : "s");
    for (size_t i = 0; i < v->evidence.size() && i < kLines; ++i)
      fmt::print(out, "      - {}\n", EvidenceLine(v->evidence[i]));
    if (v->evidence.size() > kLines) fmt::print(out, "      - and {} more\n", v->evidence.size() - kLines);
    for (const std::string& w : v->weak_links) fmt::print(out, "      ~ weak link, not a stage: {}\n", w);
  }
}

}  // namespace

void PrintConsoleSummary(std::FILE* out, const HuntReport& r, const Diagnostics& diag) {
  double secs = std::max(r.read_seconds, 1e-6);
  fmt::print(out, "dragnet hunt: {} orgs, {} files ({} read, {} skipped), {} records, {} ({} on disk)\n",
             r.orgs.size(), r.files.size(), r.files_read, r.files_skipped, r.records, Bytes(r.bytes),
             Bytes(r.file_bytes));
  std::vector<std::string> no_data;
  for (const auto& o : r.orgs)
    if (!o.swept()) no_data.push_back(o.name);
  if (!no_data.empty())
    fmt::print(out, "  not swept, no data: {} org{} without a readable Zeek log: {}\n", no_data.size(),
               no_data.size() == 1 ? "" : "s", fmt::join(no_data, ", "));
  fmt::print(out, "  read in {:.2f} s: {:.0f} MB/s, {:.2f} M records/s on {} thread{}; intel loaded in {:.2f} s\n",
             r.read_seconds, static_cast<double>(r.bytes) / 1e6 / secs,
             static_cast<double>(r.records) / 1e6 / secs, r.threads, r.threads == 1 ? "" : "s",
             r.intel_seconds);
  fmt::print(out, "  intel: {} indicators from {} feeds", r.intel.size(), r.intel.feeds().size());
  if (!r.feeds_failed.empty()) fmt::print(out, " ({} feeds failed to load)", r.feeds_failed.size());
  uint64_t suppressed = 0;
  for (uint64_t n : r.suppressed) suppressed += n;
  size_t lists = r.warninglists.lists().size() + r.never_flag.lists().size();
  if (lists > 0) fmt::print(out, "; {} warninglists suppressed {} matches", lists, suppressed);
  fmt::print(out, "\n");
  if (r.state.cap_bytes)
    fmt::print(out, "  behaviour state: {} host pairs, {} DNS domains, peak {} of a {} cap; analysis {:.2f} s{}\n",
               r.state.ip_pairs + r.state.name_pairs, r.state.domains, Bytes(r.state.peak_bytes),
               Bytes(r.state.cap_bytes), r.analysis_seconds,
               r.state.dropped() ? fmt::format(" -- {} items dropped at the cap (see run.json state)", r.state.dropped())
                                 : "");
  // Orgs whose analysis saw part of their data: say which, and why.
  for (const OrgStateReport* o : r.state.incomplete())
    fmt::print(out,
               "  incomplete: {} passed its fair share of the state cap ({}): {} pair, {} name and {} DNS query "
               "records not analysed (see run.json state.orgs)\n",
               o->org, Bytes(r.state.share_bytes), o->drops.ip_pair_records, o->drops.name_pair_records,
               o->drops.dns_queries);
  uint64_t problems = diag.FileProblems().size();
  if (r.malformed || problems)
    fmt::print(out, "  bad input: {} malformed lines, {} files with problems (see run.json)\n", r.malformed,
               problems);
  PrintHealthSummary(out, r.health);

  PrintVerdicts(out, r);
  std::map<std::string, std::array<uint64_t, 5>> by_org;
  for (const Finding& f : r.findings) ++by_org[f.org][static_cast<int>(f.severity)];
  std::map<std::string, size_t> by_detector;
  for (const Finding& f : r.findings) ++by_detector[f.detector];
  std::string detectors;
  for (const auto& [name, n] : by_detector) detectors += fmt::format("{}{} {}", detectors.empty() ? "" : ", ", name, n);
  fmt::print(out, "findings: {}{}\n", r.findings.size(), detectors.empty() ? "" : " (" + detectors + ")");
  for (const auto& [org, sev] : by_org) {
    fmt::print(out, "  {:<24} critical {:>4}  high {:>4}  medium {:>4}  low {:>4}  info {:>4}\n", org, sev[4],
               sev[3], sev[2], sev[1], sev[0]);
  }
  // Campaigns first: who else the same actor is in.
  for (const Campaign& c : r.campaigns)
    fmt::print(out, "campaign {}: {} org{}, {} hosts, {} indicators of which {} newly found (confidence {:.2f}){}\n", c.id,
               c.orgs.size(), c.orgs.size() == 1 ? "" : "s", c.hosts.size(), c.indicators.size(), c.derived.size(),
               c.confidence,
               c.incidents.empty() ? "" : fmt::format(", {} incident report{}", c.incidents.size(),
                                                      c.incidents.size() == 1 ? "" : "s"));
  // Incident reports: what each holds and where it leads.
  for (const Incident& i : r.incidents) {
    std::map<std::string, int> kinds;
    for (const Identifier& id : i.extraction.identifiers) ++kinds[IdentifierKindName(id.kind)];
    std::string what;
    for (const auto& [k, n] : kinds) what += fmt::format("{}{} {}", what.empty() ? "" : ", ", n, k);
    fmt::print(out, "incident {} ({}): {}{}{}\n", i.id, i.org, what.empty() ? "no identifiers" : what,
               i.linked.empty() ? "" : fmt::format("; shares contacts with {}", fmt::join(i.linked, ", ")),
               i.campaign.empty() ? "" : "; tied to campaign " + i.campaign);
  }
  // The kill chain of each incident: what happened when, and when to act.
  for (const Finding& f : r.findings)
    if (SpecOf(f.detector).tells_incident) fmt::print(out, "kill chain {}: {}\n", f.org, f.summary);
}

}  // namespace dragnet
