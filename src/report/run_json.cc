#include <map>

#include "core/json_writer.h"
#include "report/health_report.h"
#include "report/run_report.h"
#include "report/store_outputs.h"

namespace dragnet {

std::string RunJson(const HuntReport& r, const Diagnostics& diag) {
  JsonWriter w;
  w.BeginObject();
  // First, always: IsOutputSet (core/output_set.h) knows an output folder by it.
  w.Key("dragnet_version").String("0.1.0");
  w.Key("threads").Int(r.threads);
  w.Key("wall_seconds").Double(r.wall_seconds, 3);
  w.Key("intel_load_seconds").Double(r.intel_seconds, 3);
  w.Key("read_seconds").Double(r.read_seconds, 3);
  w.Key("analysis_seconds").Double(r.analysis_seconds, 3);
  w.Key("correlation_seconds").Double(r.correlation_seconds, 3);
  w.Key("campaigns").Uint(r.campaigns.size());
  w.Key("incidents").Uint(r.incidents.size());

  w.Key("input").BeginObject();
  w.Key("orgs").Uint(r.orgs.size());
  w.Key("files").Uint(r.files.size());
  w.Key("files_read").Uint(r.files_read);
  w.Key("files_skipped").Uint(r.files_skipped);
  w.Key("lines").Uint(r.lines);
  w.Key("records").Uint(r.records);
  w.Key("malformed_lines").Uint(r.malformed);
  w.Key("incomplete_lines").Uint(r.incomplete);
  w.Key("bytes").Uint(r.bytes);
  w.Key("file_bytes").Uint(r.file_bytes);
  w.Key("by_org").BeginArray();
  for (const auto& o : r.orgs) {
    w.BeginObject();
    w.Key("org").String(o.name);
    w.Key("files").Uint(o.files);
    w.Key("records").Uint(o.records);
    w.Key("bytes").Uint(o.bytes);
    w.Key("malformed_lines").Uint(o.malformed);
    w.Key("incomplete_lines").Uint(o.incomplete);
    w.Key("files_read").Uint(o.files_read);
    w.Key("swept").Bool(o.swept());
    w.EndObject();
  }
  w.EndArray();
  // Orgs none of whose files could be read as a Zeek log: not swept.
  w.Key("orgs_without_data").BeginArray();
  for (const auto& o : r.orgs)
    if (!o.swept()) w.String(o.name);
  w.EndArray();
  w.Key("by_log").BeginObject();
  for (const auto& [log, t] : r.by_log) {
    w.Key(log).BeginObject();
    w.Key("files").Uint(t.files);
    w.Key("records").Uint(t.records);
    w.Key("bytes").Uint(t.bytes);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();

  // Data health per org (hunt/health.h): log types with counts and times,
  // gaps, what is missing, which detectors ran fully, partly or not at all.
  w.Key("health");
  WriteHealthJson(w, r.health);

  // Bad input, counted like Zeek's weirds.
  w.Key("problems").BeginObject();
  w.Key("malformed_by_file").BeginObject();
  for (const auto& [file, e] : diag.Files()) {
    w.Key(file).BeginObject();
    w.Key("count").Uint(e.malformed_lines);
    w.Key("kinds").BeginObject();
    for (const auto& [k, n] : e.by_kind) w.Key(k).Uint(n);
    w.EndObject();
    w.Key("first").String(e.first_message);
    w.EndObject();
  }
  w.EndObject();
  w.Key("files").BeginObject();
  for (const auto& [file, what] : diag.FileProblems()) w.Key(file).String(what);
  w.EndObject();
  w.Key("incomplete_last_lines").BeginObject();
  for (const auto& [file, what] : diag.IncompleteLines()) w.Key(file).String(what);
  w.EndObject();
  w.EndObject();

  w.Key("intel").BeginObject();
  w.Key("indicators").Uint(r.intel.size());
  auto by_type = r.intel.CountByType();
  w.Key("by_type").BeginObject();
  for (int i = 0; i < kIndicatorTypeCount; ++i)
    if (by_type[i]) w.Key(IndicatorTypeName(static_cast<IndicatorType>(i))).Uint(by_type[i]);
  w.EndObject();
  w.Key("feeds").BeginArray();
  for (const FeedInfo& f : r.intel.feeds()) {
    w.BeginObject();
    w.Key("feed").String(f.name);
    w.Key("path").String(f.path);
    w.Key("format").String(f.format);
    w.Key("loaded").BeginObject();
    for (int i = 0; i < kIndicatorTypeCount; ++i)
      if (f.loaded[i]) w.Key(IndicatorTypeName(static_cast<IndicatorType>(i))).Uint(f.loaded[i]);
    w.EndObject();
    if (f.duplicates) w.Key("duplicates").Uint(f.duplicates);
    if (f.unrecognized) w.Key("unrecognized").Uint(f.unrecognized);
    if (!f.unsupported.empty()) {
      w.Key("unsupported").BeginObject();
      for (const auto& [k, n] : f.unsupported) w.Key(k).Uint(n);
      w.EndObject();
    }
    // What was not taken, never silently (docs/detectors/intel.md).
    if (f.stix_comparisons_dropped) w.Key("stix_comparisons_dropped").Uint(f.stix_comparisons_dropped);
    if (f.broad_networks_refused) w.Key("broad_networks_refused").Uint(f.broad_networks_refused);
    if (f.broad_networks_allowed) w.Key("broad_networks_allowed").Uint(f.broad_networks_allowed);
    if (f.noise_checked) {  // share of the feed on the warninglists (intel/feed_noise.h)
      w.Key("noise").Double(f.noise());
      w.Key("noise_checked").Uint(f.noise_checked);
      w.Key("noise_listed").Uint(f.noise_listed);
    }
    w.EndObject();
  }
  w.EndArray();
  // Matches with no internal party in the org, so no host to report (by org).
  w.Key("unattributed_matches").BeginObject();
  for (const auto& [org, n] : r.intel_unattributed) w.Key(org).Uint(n);
  w.EndObject();
  w.Key("port_mismatches").Uint(r.intel_port_mismatches);
  w.Key("skipped").BeginObject();
  for (const auto& [p, why] : r.feeds_skipped) w.Key(p).String(why);
  w.EndObject();
  w.Key("failed").BeginObject();
  for (const auto& [p, why] : r.feeds_failed) w.Key(p).String(why);
  w.EndObject();
  w.EndObject();

  // Every list loaded, given (--warninglist) then the never-flag set
  // (built-in, installed), with what each suppressed.
  w.Key("warninglists").BeginArray();
  uint64_t suppressed_total = 0;
  std::vector<const Warninglists::List*> all;
  for (const auto& l : r.warninglists.lists()) all.push_back(&l);
  for (const auto& l : r.never_flag.lists()) all.push_back(&l);
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& l = *all[i];
    uint64_t n = i < r.suppressed.size() ? r.suppressed[i] : 0;
    suppressed_total += n;
    w.BeginObject();
    w.Key("name").String(l.name);
    w.Key("path").String(l.path);
    w.Key("type").String(l.type);
    w.Key("entries").Uint(l.entries);
    w.Key("suppressed_matches").Uint(n);
    w.Key("origin").String(l.origin);
    w.EndObject();
  }
  w.EndArray();
  w.Key("suppressed_matches").Uint(suppressed_total);
  if (!r.never_flag_note.empty()) w.Key("never_flag_note").String(r.never_flag_note);

  // The behavioural state: its size against the cap, and what the caps turned
  // away (nothing is dropped silently).
  w.Key("state").BeginObject();
  w.Key("cap_bytes").Uint(r.state.cap_bytes);
  w.Key("peak_bytes").Uint(r.state.peak_bytes);
  w.Key("ip_pairs").Uint(r.state.ip_pairs);
  w.Key("name_pairs").Uint(r.state.name_pairs);
  w.Key("dns_domains").Uint(r.state.domains);
  w.Key("org_share_bytes").Uint(r.state.share_bytes);
  w.Key("dropped").BeginObject();
  w.Key("pairs_refused").Uint(r.state.pairs_refused);
  w.Key("samples_past_series_cap").Uint(r.state.samples_dropped);
  w.Key("dns_queries_refused").Uint(r.state.domains_refused);
  w.Key("client_values_refused").Uint(r.state.client_values_refused);
  w.EndObject();
  // Per org (input order): what it holds, and what its share of the cap
  // took (records of the pairs, names and domains not kept). "incomplete":
  // its analysis saw a sample of its keys only.
  w.Key("orgs").BeginArray();
  for (const OrgStateReport& o : r.state.orgs) {
    w.BeginObject();
    w.Key("org").String(o.org);
    w.Key("incomplete").Bool(o.incomplete());
    w.Key("held_bytes").Uint(o.held_bytes);
    w.Key("sample_level").Uint(o.level);
    w.Key("dropped").BeginObject();
    w.Key("pair_records").Uint(o.drops.ip_pair_records);
    w.Key("name_records").Uint(o.drops.name_pair_records);
    w.Key("dns_queries").Uint(o.drops.dns_queries);
    w.Key("samples_past_series_cap").Uint(o.drops.samples);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  // Host roles learnt per org from behaviour (detect/roles/): per role the
  // count and the hosts in address order; absent when no detector read roles.
  if (r.roles) {
    w.Key("roles").BeginObject();
    for (uint32_t o = 0; o < r.orgs.size(); ++o) {
      w.Key(r.orgs[o].name);
      r.roles->WriteOrg(w, o);
    }
    w.EndObject();
  }

  w.Key("findings").BeginObject();
  w.Key("total").Uint(r.findings.size());
  std::map<std::string, uint64_t> by_sev, by_det;
  std::map<std::string, std::map<std::string, uint64_t>> by_org;
  for (const Finding& f : r.findings) {
    ++by_sev[SeverityName(f.severity)];
    ++by_det[f.detector];
    ++by_org[f.org][SeverityName(f.severity)];
  }
  w.Key("by_severity").BeginObject();
  for (const auto& [k, n] : by_sev) w.Key(k).Uint(n);
  w.EndObject();
  w.Key("by_detector").BeginObject();
  for (const auto& [k, n] : by_det) w.Key(k).Uint(n);
  w.EndObject();
  w.Key("by_org").BeginObject();
  for (const auto& [org, m] : by_org) {
    w.Key(org).BeginObject();
    for (const auto& [k, n] : m) w.Key(k).Uint(n);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  // Host verdicts (correlate/verdicts.h): how many hosts at each severity,
  // in all and per org.
  std::map<std::string, std::map<std::string, uint64_t>> verdicts_by_org;
  std::map<std::string, uint64_t> verdicts_by_sev;
  for (const HostVerdict& v : r.verdicts) {
    ++verdicts_by_sev[SeverityName(v.severity)];
    ++verdicts_by_org[v.org][SeverityName(v.severity)];
  }
  w.Key("verdicts").BeginObject();
  w.Key("hosts").Uint(r.verdicts.size());
  w.Key("by_severity").BeginObject();
  for (const auto& [k, n] : verdicts_by_sev) w.Key(k).Uint(n);
  w.EndObject();
  w.Key("by_org").BeginObject();
  for (const auto& [org, m] : verdicts_by_org) {
    w.Key(org).BeginObject();
    for (const auto& [k, n] : m) w.Key(k).Uint(n);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  if (r.store) WriteStoreJson(w, *r.store);  // `hunt --state` only
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

}  // namespace dragnet
