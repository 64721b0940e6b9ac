#include "eval/eval.h"

#include <set>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/file_io.h"
#include "core/json_writer.h"
#include "detect/finding.h"
#include "report/json_input.h"

namespace dragnet {
namespace {

// (org name, host address) as the files write them.
using OrgHost = std::pair<std::string, std::string>;

}  // namespace

Result<EvalResult> Evaluate(const EvalOptions& o) {
  EvalResult r;
  simdjson::dom::parser parser;
  // Truth.
  simdjson::dom::element truth;
  if (Status s = ParseJsonFile(o.truth_path, parser, truth); !s.ok()) return s;
  std::set<OrgHost> compromised;
  std::map<OrgHost, std::vector<std::string>> roles_of;
  std::set<std::string> compromised_orgs, all_orgs;
  uint64_t total_hosts = 0;
  std::map<OrgHost, std::vector<std::string>> benign_roles;
  bool has_benign_roles = false;
  simdjson::dom::array arr;
  if (!truth["orgs"].get(arr))
    for (auto org : arr) {
      all_orgs.insert(JsonString(org, "name"));
      uint64_t n = 0;
      if (!org["hosts"].get(n)) total_hosts += n;
      simdjson::dom::object roles;
      if (org["benign_roles"].get(roles)) continue;
      has_benign_roles = true;
      for (auto [host, list] : roles) {
        simdjson::dom::array a;
        if (list.get(a)) continue;
        for (auto role : a) {
          std::string_view v;
          if (!role.get(v)) benign_roles[{JsonString(org, "name"), std::string(host)}].emplace_back(v);
        }
      }
    }
  if (truth["compromised"].get(arr)) return Status::Error(o.truth_path + ": no \"compromised\" list");
  for (auto c : arr) {
    compromised.insert({JsonString(c, "org"), JsonString(c, "host")});
    simdjson::dom::array roles;
    if (!c["roles"].get(roles))
      for (auto role : roles) {
        std::string_view s;
        if (!role.get(s)) roles_of[{JsonString(c, "org"), JsonString(c, "host")}].emplace_back(s);
      }
    compromised_orgs.insert(JsonString(c, "org"));
  }
  std::set<std::string> hidden;
  if (!truth["clusters"].get(arr))
    for (auto c : arr) {
      bool in_seed = false;
      if (c["in_seed"].get(in_seed)) in_seed = false;
      if (in_seed) continue;
      for (const char* key : {"ips", "domains"}) {
        simdjson::dom::array values;
        if (c[key].get(values)) continue;
        for (auto v : values) {
          std::string_view s;
          if (!v.get(s)) hidden.insert(std::string(s));
        }
      }
    }
  r.hidden_indicators = hidden.size();
  r.benign_hosts = total_hosts > compromised.size() ? total_hosts - compromised.size() : 0;

  // Findings.
  std::set<OrgHost> flagged;
  std::map<OrgHost, Severity> verdict_of;
  std::set<std::string> flagged_orgs, found_indicators;
  std::map<std::string, std::set<OrgHost>> benign_hosts;
  Status read = ForEachJsonLine(o.findings_path, [&](simdjson::dom::element f) {
    double score = 0;
    if (f["score"].get(score)) score = 0;
    if (score < o.min_score) return;
    OrgHost key{JsonString(f, "org"), JsonString(f, "host")};
    bool tp = compromised.count(key) > 0;
    ++r.findings;
    std::string detector = JsonString(f, "detector");
    if (!tp) ++r.fp_findings;
    if (!tp && has_benign_roles) {
      auto it = benign_roles.find(key);
      static const std::vector<std::string> kNone = {"(none)"};
      for (const auto& role : it == benign_roles.end() ? kNone : it->second) {
        auto& b = r.benign[role];
        ++b.findings;
        ++b.detectors[detector];
        benign_hosts[role].insert(key);
      }
    }
    auto& d = r.detectors[detector];
    ++d.findings;
    (tp ? d.tp : d.fp)++;
    flagged.insert(key);
    flagged_orgs.insert(key.first);
    Severity sev = SeverityFromName(JsonString(f, "severity")).value_or(Severity::kInfo);
    (tp ? r.by_severity[static_cast<int>(sev)].tp : r.by_severity[static_cast<int>(sev)].fp)++;
    if (!tp && sev >= Severity::kMedium) ++r.fp_findings_at_medium;
    // The host's verdict; findings written before verdicts: their highest severity.
    auto verdict = SeverityFromName(JsonString(f, "verdict"));
    Severity& v = verdict_of.try_emplace(key, Severity::kInfo).first->second;
    v = std::max(v, verdict.value_or(sev));
    simdjson::dom::array inds;
    if (!f["indicators"].get(inds))
      for (auto i : inds) {
        std::string_view s;
        if (!i.get(s)) found_indicators.insert(std::string(s));
      }
  });
  if (!read.ok()) return read;
  for (const auto& [role, hosts] : benign_hosts) r.benign[role].hosts = hosts.size();
  for (const auto& h : flagged) (compromised.count(h) ? r.hosts.tp : r.hosts.fp)++;
  for (const auto& h : compromised) if (!flagged.count(h)) ++r.hosts.fn;
  for (const auto& [host, v] : verdict_of) {
    bool tp = compromised.count(host) > 0;
    (tp ? r.by_verdict[static_cast<int>(v)].tp : r.by_verdict[static_cast<int>(v)].fp)++;
    if (tp && v >= Severity::kMedium) ++r.compromised_at_medium;
  }
  r.compromised_hosts = compromised.size();
  for (const auto& [host, roles] : roles_of)
    for (const auto& role : roles) {
      ++r.roles[role].hosts;
      r.roles[role].found += flagged.count(host);
    }
  for (const auto& org : flagged_orgs) (compromised_orgs.count(org) ? r.orgs.tp : r.orgs.fp)++;
  for (const auto& org : compromised_orgs) if (!flagged_orgs.count(org)) ++r.orgs.fn;
  r.fp_per_1000_benign_hosts =
      r.benign_hosts ? static_cast<double>(r.fp_findings) * 1000.0 / static_cast<double>(r.benign_hosts) : 0;

  // Campaigns (optional).
  if (!o.campaigns_path.empty()) {
    simdjson::dom::element doc;
    if (Status s = ParseJsonFile(o.campaigns_path, parser, doc); !s.ok()) return s;
    simdjson::dom::array campaigns;
    if (doc.get(campaigns)) return Status::Error(o.campaigns_path + ": expected an array of campaigns");
    r.has_campaigns = true;
    size_t best_hits = 0;
    for (auto c : campaigns) {
      ++r.campaigns;
      std::set<std::string> orgs_in;
      size_t hits = 0, total = 0;
      simdjson::dom::array hosts;
      if (!c["hosts"].get(hosts))
        for (auto h : hosts) {
          ++total;
          OrgHost key{JsonString(h, "org"), JsonString(h, "host")};
          if (compromised.count(key)) {
            ++hits;
            orgs_in.insert(key.first);
          }
        }
      for (const char* key : {"indicators", "derived_indicators"}) {
        simdjson::dom::array inds;
        if (c[key].get(inds)) continue;
        for (auto i : inds) {
          std::string_view s;
          if (!i.get(s)) found_indicators.insert(std::string(s));
          else found_indicators.insert(JsonString(i, "value"));
        }
      }
      if (hits > best_hits) {
        best_hits = hits;
        r.campaign_org_share =
            compromised_orgs.empty() ? 0 : static_cast<double>(orgs_in.size()) / static_cast<double>(compromised_orgs.size());
        r.campaign_purity = total ? static_cast<double>(hits) / static_cast<double>(total) : 0;
      }
    }
  }
  for (const auto& h : hidden) if (found_indicators.count(h)) ++r.hidden_found;
  return r;
}

std::string EvalJson(const EvalResult& r) {
  JsonWriter w;
  auto rates = [&](const char* name, const Rates& x) {
    w.Key(name).BeginObject();
    w.Key("tp").Uint(x.tp);
    w.Key("fp").Uint(x.fp);
    w.Key("fn").Uint(x.fn);
    w.Key("precision").Double(x.precision(), 4);
    w.Key("recall").Double(x.recall(), 4);
    w.Key("f1").Double(x.f1(), 4);
    w.EndObject();
  };
  w.BeginObject();
  rates("hosts", r.hosts);
  rates("orgs", r.orgs);
  w.Key("findings").Uint(r.findings);
  w.Key("fp_findings").Uint(r.fp_findings);
  w.Key("benign_hosts").Uint(r.benign_hosts);
  w.Key("fp_per_1000_benign_hosts").Double(r.fp_per_1000_benign_hosts, 3);
  w.Key("hidden_indicators").Uint(r.hidden_indicators);
  w.Key("hidden_found").Uint(r.hidden_found);
  w.Key("hidden_found_share").Double(r.hidden_indicators ? static_cast<double>(r.hidden_found) / static_cast<double>(r.hidden_indicators) : 0, 4);
  w.Key("detectors").BeginObject();
  for (const auto& [name, d] : r.detectors) {
    w.Key(name).BeginObject();
    w.Key("findings").Uint(d.findings);
    w.Key("tp").Uint(d.tp);
    w.Key("fp").Uint(d.fp);
    w.EndObject();
  }
  w.EndObject();
  // Precision per severity: findings, then host verdicts (docs/simulator.md#evaluation).
  auto per_severity = [&](const char* name, const std::array<Rates, 5>& a) {
    w.Key(name).BeginObject();
    for (int i = 4; i >= 0; --i) {
      w.Key(SeverityName(static_cast<Severity>(i))).BeginObject();
      w.Key("compromised").Uint(a[i].tp);
      w.Key("benign").Uint(a[i].fp);
      w.Key("precision").Double(a[i].precision(), 4);
      w.EndObject();
    }
    w.EndObject();
  };
  per_severity("findings_by_severity", r.by_severity);
  per_severity("hosts_by_verdict", r.by_verdict);
  w.Key("at_medium").BeginObject();
  w.Key("host_recall").Double(r.recall_at_medium(), 4);
  w.Key("fp_findings").Uint(r.fp_findings_at_medium);
  w.Key("fp_per_1000_benign_hosts").Double(r.fp_at_medium_per_1000(), 3);
  w.EndObject();
  w.Key("roles").BeginObject();
  for (const auto& [name, rr] : r.roles) {
    w.Key(name).BeginObject();
    w.Key("hosts").Uint(rr.hosts);
    w.Key("found").Uint(rr.found);
    w.Key("recall").Double(rr.hosts ? static_cast<double>(rr.found) / static_cast<double>(rr.hosts) : 0, 4);
    w.EndObject();
  }
  w.EndObject();
  if (!r.benign.empty()) {
    w.Key("false_positives_by_benign_behaviour").BeginObject();
    for (const auto& [role, b] : r.benign) {
      w.Key(role).BeginObject();
      w.Key("findings").Uint(b.findings);
      w.Key("hosts").Uint(b.hosts);
      w.Key("detectors").BeginObject();
      for (const auto& [det, n] : b.detectors) w.Key(det).Uint(n);
      w.EndObject();
      w.EndObject();
    }
    w.EndObject();
  }
  if (r.has_campaigns) {
    w.Key("campaigns").BeginObject();
    w.Key("count").Uint(r.campaigns);
    w.Key("compromised_org_share").Double(r.campaign_org_share, 4);
    w.Key("purity").Double(r.campaign_purity, 4);
    w.EndObject();
  }
  w.EndObject();
  return w.Take() + "\n";
}

std::string EvalTable(const EvalResult& r) {
  std::string s;
  s += fmt::format("hosts: precision {:.3f} recall {:.3f} F1 {:.3f} (TP {}, FP {}, FN {})\n", r.hosts.precision(),
                   r.hosts.recall(), r.hosts.f1(), r.hosts.tp, r.hosts.fp, r.hosts.fn);
  s += fmt::format("orgs:  precision {:.3f} recall {:.3f} F1 {:.3f} (TP {}, FP {}, FN {})\n", r.orgs.precision(),
                   r.orgs.recall(), r.orgs.f1(), r.orgs.tp, r.orgs.fp, r.orgs.fn);
  s += fmt::format("hidden infrastructure found: {} of {}\n", r.hidden_found, r.hidden_indicators);
  s += fmt::format("false-positive findings: {} ({:.2f} per 1,000 benign hosts)\n", r.fp_findings, r.fp_per_1000_benign_hosts);
  for (const auto& [name, d] : r.detectors)
    s += fmt::format("  {:<20} {} findings, {} on compromised hosts, {} on benign\n", name, d.findings, d.tp, d.fp);
  s += fmt::format("at >= medium: host recall {:.3f} ({} of {} compromised hosts), {} false findings ({:.2f} per 1,000 benign hosts)\n",
                   r.recall_at_medium(), r.compromised_at_medium, r.compromised_hosts, r.fp_findings_at_medium,
                   r.fp_at_medium_per_1000());
  s += "precision per severity    findings: compromised / benign  precision   host verdicts: compromised / benign  precision\n";
  for (int i = 4; i >= 0; --i) {
    const Rates& f = r.by_severity[i];
    const Rates& v = r.by_verdict[i];
    s += fmt::format("  {:<10} {:>24} / {:<6} {:>9.3f} {:>30} / {:<6} {:>9.3f}\n", SeverityName(static_cast<Severity>(i)),
                     f.tp, f.fp, f.precision(), v.tp, v.fp, v.precision());
  }
  for (const auto& [name, rr] : r.roles)
    s += fmt::format("  role {:<18} {} of {} hosts found\n", name, rr.found, rr.hosts);
  if (!r.benign.empty()) s += "false positives by benign behaviour (a finding counts under each behaviour of its host):\n";
  for (const auto& [role, b] : r.benign) {
    std::string by;
    for (const auto& [det, n] : b.detectors) by += fmt::format("{}{} {}", by.empty() ? "" : ", ", det, n);
    s += fmt::format("  {:<22} {} findings on {} hosts ({})\n", role, b.findings, b.hosts, by);
  }
  if (r.has_campaigns)
    s += fmt::format("campaigns: {}; the best holds {:.0f}% of compromised orgs at {:.0f}% purity\n", r.campaigns,
                     100 * r.campaign_org_share, 100 * r.campaign_purity);
  return s;
}

}  // namespace dragnet
