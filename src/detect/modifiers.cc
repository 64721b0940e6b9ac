#include "detect/modifiers.h"

#include <cmath>

#include <fmt/format.h>

#include "detect/behaviour_util.h"
#include "intel/warninglist.h"

namespace dragnet {

DestinationFacts FactsOf(uint32_t org, const std::string& name, std::optional<Ip> address, const PairSeries& s) {
  DestinationFacts f;
  f.org = org;
  f.name = name;
  f.address = address;
  if (address && s.traits) f.address_name = s.traits->name;
  f.first_us = s.first_us;
  f.sent_bytes = s.orig_bytes;
  f.received_bytes = s.resp_bytes;
  if (s.traits) {
    f.ja3 = s.traits->ja3;
    f.user_agent = s.traits->user_agent;
    f.http_requests = s.traits->http_requests;
    f.http_without_host = s.traits->http_without_host;
    f.mime_mismatch = s.traits->mime_mismatch;
  }
  return f;
}

std::string SuppressedBy(const AnalysisContext& ctx, uint32_t org_index, std::string_view name, const Ip* address) {
  const OrgContext& org = ctx.orgs[org_index];
  const Warninglists& lists = *ctx.warninglists;
  if (!name.empty()) {
    if (org.Allows(name)) return "allow-list";
    if (int l = lists.Match(IndicatorType::kDomain, name); l >= 0) return lists.lists()[l].name;
  }
  // Addresses: the org's allow-list only. An address range on a warninglist
  // (cloud, hosting, VPN, CDN, RFC 1918) says who hosts the address, not that
  // talking to it is benign -- C2 servers live in exactly those ranges (a
  // datacenter list hid a Remcos C2 of ../shared/data/zeek/slips/test18, the
  // RFC 1918 list the OTRF lab's handler outside its home network).
  if (address && org.Allows(*address)) return "allow-list";
  return "";
}

Modifiers ComputeModifiers(const ModifierParams& p, const AnalysisContext& ctx, const DestinationFacts& d) {
  Modifiers m;
  m.suppressed_by = SuppressedBy(ctx, d.org, d.name, d.address ? &*d.address : nullptr);
  if (!ctx.aggregates) return m;
  const Prevalence& prev = ctx.aggregates->prevalence();
  DestPrevalence g = d.name.empty() ? prev.Global(*d.address) : prev.Global(d.name);
  m.org_hosts = d.name.empty() ? prev.OrgHosts(d.org, *d.address) : prev.OrgHosts(d.org, d.name);
  m.fleet_orgs = prev.FleetOrgs(d.name.empty() ? prev.ByOrg(*d.address) : prev.ByOrg(d.name), p.fleet);
  // An address's name: the more common of the two speaks for the service.
  if (d.name.empty() && !d.address_name.empty()) {
    DestPrevalence by_name = prev.Global(d.address_name);
    m.org_hosts = std::max(m.org_hosts, prev.OrgHosts(d.org, d.address_name));
    m.fleet_orgs = std::max(m.fleet_orgs, prev.FleetOrgs(prev.ByOrg(d.address_name), p.fleet));
    if (by_name.hosts > g.hosts) g = by_name;
  }
  m.org_size = prev.OrgSize(d.org);
  m.global_orgs = g.orgs;
  m.global_hosts = g.hosts;
  m.total_orgs = prev.org_count();
  m.prevalence_factor = PrevalenceFactor(m.org_hosts, p.rare_hosts, p.prevalence_halving);
  // Small orgs: four hosts of five is everyone, whatever the absolute count.
  if (m.org_hosts > p.rare_hosts && m.org_hosts >= p.majority_share * m.org_size) m.prevalence_factor *= 0.25;
  if (g.orgs > 0) {
    double hosts_per_org = static_cast<double>(g.hosts) / g.orgs;
    m.fleet_software = m.fleet_orgs >= p.fleet_min_orgs;
    m.cross_org = g.orgs >= 2 && hosts_per_org <= p.rare_hosts && m.org_hosts <= p.rare_hosts && !m.fleet_software;
    m.popular = g.orgs >= p.popular_min_orgs && hosts_per_org >= p.popular_hosts_per_org;
  }
  if (m.fleet_software) m.fleet_software_factor = p.fleet_software_factor;
  auto span = ctx.aggregates->spans().find(d.org);
  if (span != ctx.aggregates->spans().end() && !span->second.empty()) {
    double length = static_cast<double>(span->second.last_us - span->second.first_us);
    m.new_destination = length >= p.new_min_span_hours * 3600e6 &&
                        d.first_us > span->second.first_us + p.late_first_seen * length;
  }
  double rare_limit = std::max(3.0, p.rare_client_share * prev.total_hosts());
  m.rare_ja3 = d.ja3 != 0 && ctx.aggregates->ja3_users().Hosts(d.ja3) <= rare_limit;
  m.rare_user_agent = d.user_agent != 0 && ctx.aggregates->ua_users().Hosts(d.user_agent) <= rare_limit;
  m.missing_host = d.http_requests > 0 && d.http_without_host * 2 > d.http_requests;
  m.mime_mismatch = d.http_requests > 0 && d.mime_mismatch * 2 > d.http_requests;
  m.bulk_download = d.received_bytes >= p.bulk_download_bytes &&
                    static_cast<double>(d.received_bytes) >= p.bulk_download_ratio * static_cast<double>(d.sent_bytes);
  if (m.bulk_download) m.bulk_download_factor = p.bulk_download_factor;
  m.bonus = (m.cross_org ? p.cross_org_bonus : 0) + (m.new_destination ? p.new_bonus : 0) +
            (m.rare_ja3 || m.rare_user_agent ? p.rare_client_bonus : 0) + (m.missing_host ? p.missing_host_bonus : 0) +
            (m.mime_mismatch ? p.mime_mismatch_bonus : 0);
  return m;
}

ServiceUse ServiceUseOf(const ModifierParams& p, const ServiceFleet& services, const Prevalence& prevalence,
                        uint32_t org, std::string_view name) {
  ServiceUse u;
  if (name.empty()) return u;
  u.org_hosts = services.OrgHosts(org, name);
  u.fleet_orgs = services.FleetOrgs(name, prevalence, p.fleet);
  u.software = services.FleetSoftware(name, prevalence, p.software);
  if (u.software) u.software_orgs = services.SoftwareOrgs(name, prevalence, p.software);
  return u;
}

void WeighService(Modifiers& m, const ModifierParams& p, const ServiceUse& service) {
  if (service.org_hosts > m.org_hosts) {
    m.org_hosts = service.org_hosts;
    m.prevalence_factor = PrevalenceFactor(m.org_hosts, p.rare_hosts, p.prevalence_halving);
    if (m.org_hosts > p.rare_hosts && m.org_hosts >= p.majority_share * m.org_size) m.prevalence_factor *= 0.25;
  }
  m.fleet_orgs = std::max(m.fleet_orgs, service.fleet_orgs);
  if (service.software) m.software_orgs = std::max(m.software_orgs, service.software_orgs);
  if ((m.fleet_orgs >= p.fleet_min_orgs || service.software) && !m.fleet_software) {
    m.fleet_software = true;
    m.fleet_software_factor = p.fleet_software_factor;
  }
  // Fleet software or several hosts here: not the cross-org signal.
  if ((m.fleet_software || m.org_hosts > p.rare_hosts) && m.cross_org) {
    m.cross_org = false;
    m.bonus -= p.cross_org_bonus;
  }
}

double Modifiers::Apply(double base) const {
  if (!suppressed_by.empty()) return 0;
  if (base <= 0) return 0;
  double s = (base + bonus) * prevalence_factor * (popular ? 0.5 : 1.0) * fleet_software_factor * bulk_download_factor;
  return std::clamp(RoundScore(s), 0.0, 1.0);
}

void Modifiers::Write(JsonWriter& w) const {
  w.BeginObject();
  w.Key("org_hosts").Uint(org_hosts);
  w.Key("org_size").Uint(org_size);
  w.Key("orgs").Uint(global_orgs);
  w.Key("of_orgs").Uint(total_orgs);
  w.Key("hosts_all_orgs").Uint(global_hosts);
  w.Key("prevalence_factor").Double(prevalence_factor, 3);
  w.Key("cross_org").Bool(cross_org);
  w.Key("popular").Bool(popular);
  // Only when there is something to say: most destinations are in no fleet.
  if (fleet_orgs > 0) w.Key("fleet_orgs").Uint(fleet_orgs);
  if (software_orgs > 0) w.Key("software_orgs").Uint(software_orgs);
  if (fleet_software) w.Key("fleet_software").Bool(true);
  w.Key("new_destination").Bool(new_destination);
  w.Key("rare_ja3").Bool(rare_ja3);
  w.Key("rare_user_agent").Bool(rare_user_agent);
  w.Key("missing_host_header").Bool(missing_host);
  w.Key("bulk_download").Bool(bulk_download);
  w.Key("mime_mismatch").Bool(mime_mismatch);
  w.Key("bonus").Double(bonus, 3);
  if (!suppressed_by.empty()) w.Key("suppressed_by").String(suppressed_by);
  w.EndObject();
}

std::string Modifiers::Phrases() const {
  std::string s;
  auto add = [&](const std::string& p) {
    if (!s.empty()) s += ", ";
    s += p;
  };
  if (org_hosts > 0) add(fmt::format("{} of {} hosts here", org_hosts, org_size));
  if (cross_org) add(fmt::format("rare but in {} orgs", global_orgs));
  if (popular) add(fmt::format("common: {} hosts in {} orgs", global_hosts, global_orgs));
  if (fleet_software && software_orgs > fleet_orgs)
    add(fmt::format("fleet software: its service on several hosts in {} orgs", software_orgs));
  else if (fleet_software)
    add(fmt::format("fleet software: routine in {} orgs' fleets", fleet_orgs));
  if (new_destination) add("new destination");
  if (rare_ja3) add("rare TLS fingerprint");
  if (rare_user_agent) add("rare user agent");
  if (missing_host) add("HTTP without Host");
  if (bulk_download) add("bulk download (streaming/VPN-like)");
  if (mime_mismatch) add("responses contradict their URI type");
  return s;
}

}  // namespace dragnet
