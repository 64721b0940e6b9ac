#include "detect/dns_tunnel/dns_tunnel_detector.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/modifiers.h"
#include "intel/public_suffix.h"

namespace dragnet {
namespace {

// Distinct names: the sketch's estimate, never more than the queries.
double Unique(const DomainStats& d) { return std::min(d.names.Estimate(), static_cast<double>(d.queries)); }

class DnsTunnelDetector : public AggregateDetector {
 public:
  explicit DnsTunnelDetector(DnsTunnelParams p) : p_(p) {
    spec_.name = "dns_tunnel";
    spec_.summary = "data carried in DNS query names: many long, random subdomains of one domain via the resolver";
    spec_.attack = {"T1048", "T1071.004", "T1572"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true, .connection_details = true};
    spec_.exports = {.names = true};
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_required = {"dns"};
    spec_.logs_optional = {"ssl", "http"};
    spec_.without_logs =
        "Without dns it finds nothing; without ssl and http it cannot tell a domain also contacted directly (no "
        "tunnel.direct_factor).";
    using enum EvidenceType;
    spec_.evidence = {
        {"domain", kString}, {"queries", kNumber}, {"host_queries", kNumber}, {"distinct_names", kNumber},
        {"distinct_names_exact", kBool}, {"mean_subdomain_length", kNumber}, {"mean_subdomain_entropy", kNumber},
        {"longest_label", kNumber}, {"query_kinds", kObject}, {"nxdomain", kNumber}, {"bytes_per_day", kNumber},
        {"direct_contacts", kNumber}, {"hosts_asking", kNumber}, {"orgs", kNumber}, {"sample_names", kArray},
        {"queries_over_time", kObject}, {"sub_scores", kObject}
    };
  }

  std::vector<Finding> Findings(DetectorState*, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    const auto& domains = ctx.aggregates->dns().domains();
    // Orgs per judged domain (the cross-organisation signal).
    absl::flat_hash_map<std::string, uint32_t> orgs_of;
    absl::flat_hash_map<uint32_t, bool> orgs_seen;
    for (const auto& [key, d] : domains) {
      orgs_seen[key.org] = true;
      if (Unique(d) >= p_.min_unique) ++orgs_of[key.domain];
    }
    for (const auto& [key, d] : domains) {
      double unique = Unique(d);
      if (unique < p_.min_unique) continue;
      if (key.domain.ends_with(".arpa") || key.domain == "arpa") continue;  // reverse lookups
      if (!HasPublicTld(key.domain)) continue;                              // .local, .localdomain...
      dns_tunnel::TunnelInput in;
      in.unique_names = unique;
      in.queries = d.queries;
      in.subdomain_chars = d.subdomain_chars;
      in.subdomain_entropy = static_cast<double>(d.subdomain_entropy_ub) / 1e6;
      in.txt_null = d.kinds[static_cast<size_t>(QueryKind::kTxt)] + d.kinds[static_cast<size_t>(QueryKind::kNull)];
      in.cname_mx = d.kinds[static_cast<size_t>(QueryKind::kCname)] + d.kinds[static_cast<size_t>(QueryKind::kMx)];
      in.answer_chars = d.answer_chars;
      in.span_seconds = static_cast<double>(d.last_us - d.first_us) / 1e6;
      in.direct = d.direct;
      dns_tunnel::TunnelScore ts = dns_tunnel::ScoreTunnel(in, p_.tunnel);
      std::string suppressed = SuppressedBy(ctx, key.org, key.domain, nullptr);
      uint64_t askers = d.hosts.size() + (d.hosts_overflow > 0 ? DomainStats::kMaxHosts : 0);
      double prevalence = PrevalenceFactor(askers, p_.rare_hosts, p_.prevalence_halving);
      uint32_t orgs = orgs_of[key.domain];
      bool cross_org = orgs >= 2 && askers <= p_.rare_hosts;
      double score = suppressed.empty() ? ts.score * prevalence + (cross_org ? p_.cross_org_bonus : 0) : 0;
      score = std::clamp(RoundScore(score), 0.0, 1.0);
      if (score < p_.min_score) continue;
      for (const auto& [host, n] : d.hosts) {
        // A resolver's lookups are its clients' (they get the finding).
        if (ctx.aggregates->IsResolver(key.org, host)) continue;
        if (static_cast<double>(n) < p_.min_host_share * static_cast<double>(d.queries) && n < p_.min_host_queries)
          continue;
        out.push_back(MakeFinding(ctx, key, d, host, n, ts, score, askers, orgs, cross_org));
      }
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  Finding MakeFinding(const AnalysisContext& ctx, const DomainKey& key, const DomainStats& d, const Ip& host,
                      uint64_t host_queries, const dns_tunnel::TunnelScore& ts, double score, uint64_t askers,
                      uint32_t orgs, bool cross_org) const {
    Finding f = NewFinding(ctx, key.org, host, "dns_tunnel", score, {key.domain}, d.first_us, d.last_us, spec_.attack);
    f.summary = fmt::format(
        "{} tunnels through DNS to {}: {} distinct names ({:.0f} chars, {:.1f} bits/char), {:.0f} % TXT/NULL, "
        "~{}/day{}{}",
        host.ToString(), key.domain, Thousands(static_cast<uint64_t>(Unique(d))), ts.mean_length,
        ts.mean_entropy, 100 * ts.kind_share, HumanBytes(ts.bytes_per_day),
        ts.resolver_only ? ", never contacted directly" : "", cross_org ? fmt::format(", in {} orgs", orgs) : "");
    JsonWriter w;
    w.BeginObject();
    w.Key("domain").String(key.domain);
    w.Key("queries").Uint(d.queries);
    w.Key("host_queries").Uint(host_queries);
    w.Key("distinct_names").Double(Unique(d), 0);
    w.Key("distinct_names_exact").Bool(d.names.exact());
    w.Key("mean_subdomain_length").Double(ts.mean_length, 1);
    w.Key("mean_subdomain_entropy").Double(ts.mean_entropy, 2);
    w.Key("longest_label").Uint(d.longest_label);
    w.Key("query_kinds").BeginObject();
    static const char* kNames[] = {"address", "txt", "null", "cname", "mx", "other"};
    for (size_t k = 0; k < kQueryKinds; ++k) w.Key(kNames[k]).Uint(d.kinds[k]);
    w.EndObject();
    w.Key("nxdomain").Uint(d.nxdomain);
    w.Key("bytes_per_day").Double(ts.bytes_per_day, 0);
    w.Key("direct_contacts").Uint(d.direct);
    w.Key("hosts_asking").Uint(askers);
    w.Key("orgs").Uint(orgs);
    w.Key("sample_names").BeginArray();
    for (const auto& s : d.samples) w.String(s);
    w.EndArray();
    w.Key("queries_over_time");
    WriteTimeline(w, d.activity);
    w.Key("sub_scores").BeginObject();
    w.Key("unique").Double(ts.unique_score, 3);
    w.Key("length").Double(ts.length_score, 3);
    w.Key("entropy").Double(ts.entropy_score, 3);
    w.Key("volume").Double(ts.volume_score, 3);
    w.Key("kinds").Double(ts.kind_score, 3);
    w.Key("resolver_only").Bool(ts.resolver_only);
    w.Key("tunnel").Double(ts.score, 3);
    w.EndObject();
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  DnsTunnelParams p_;
};

}  // namespace

std::vector<ParamBinding> Bindings(DnsTunnelParams& p) {
  return {
      {"min_unique", &p.min_unique, "distinct names a domain needs to be judged", NumberRange::NotBelow(1)},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"min_host_share", &p.min_host_share, "a host is named when it asked this share of the queries...",
       NumberRange::Unit()},
      {"min_host_queries", &p.min_host_queries, "...or at least this many", NumberRange::AtLeast(1)},
      {"rare_hosts", &p.rare_hosts, "hosts asking before the prevalence penalty", NumberRange::AtLeast(1)},
      {"prevalence_halving", &p.prevalence_halving, "each further this many hosts halve the score",
       NumberRange::Positive()},
      {"cross_org_bonus", &p.cross_org_bonus, "judged in >= 2 orgs, asked by few hosts here", NumberRange::Unit()},
      {"tunnel.unique_high", &p.tunnel.unique_high, "distinct names at which the unique sub-score is 1",
       NumberRange::Above(1)},
      {"tunnel.length_low", &p.tunnel.length_low, "mean subdomain length ramp start", NumberRange::NotBelow(0)},
      {"tunnel.length_high", &p.tunnel.length_high, "mean subdomain length ramp end",
       NumberRange::Positive(), "tunnel.length_low"},
      {"tunnel.entropy_low", &p.tunnel.entropy_low, "mean subdomain entropy ramp start (bits/char)",
       NumberRange::NotBelow(0)},
      {"tunnel.entropy_high", &p.tunnel.entropy_high, "mean subdomain entropy ramp end (bits/char)",
       NumberRange::Positive(), "tunnel.entropy_low"},
      {"tunnel.volume_low", &p.tunnel.volume_low, "bytes/day ramp start", NumberRange::Positive()},
      {"tunnel.volume_high", &p.tunnel.volume_high, "bytes/day ramp end", NumberRange::Positive(), "tunnel.volume_low"},
      {"tunnel.direct_factor", &p.tunnel.direct_factor, "factor when names are also contacted directly",
       NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewDnsTunnelDetector(DnsTunnelParams params) {
  return std::make_unique<DnsTunnelDetector>(params);
}

}  // namespace dragnet
