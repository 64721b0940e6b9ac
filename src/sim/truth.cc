#include "sim/truth.h"
#include "sim/campaign_variants.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "core/timestamp.h"
#include "core/file_io.h"

namespace dragnet::sim {
namespace {

double Seconds(int64_t us) { return static_cast<double>(us) / 1e6; }

void Strings(JsonWriter& w, const std::vector<std::string>& v) {
  w.BeginArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

std::string Uuid(Rng& r) {
  std::string h = r.Hex(32);
  h[12] = '4';
  h[16] = "89ab"[r.Below(4)];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

// The org's catalogue variant and which hosts take part in which benign
// behaviour (host address -> roles), so `dragnet eval` can attribute false
// positives to catalogue entries.
void WriteCatalogue(JsonWriter& w, const Org& o, const OrgCatalogue& c) {
  w.Key("catalogue").BeginArray();
  for (const auto& [entry, choice] : c.summary) w.BeginArray().String(entry).String(choice).EndArray();
  w.EndArray();
  w.Key("benign_roles").BeginObject();
  for (const Host& h : o.hosts) {
    if (h.benign_roles.empty()) continue;
    w.Key(h.ip);
    Strings(w, h.benign_roles);
  }
  w.EndObject();
}

}  // namespace

std::vector<std::string> AttackOfRole(const std::string& role, const std::string& kind) {
  if (role == "implant" || role == "patient_zero") {
    if (kind == "http-c2") return {"T1071.001"};
    if (kind == "dns-tunnel") return {"T1071.004", "T1572"};
    return {"T1071.001", "T1573.002"};
  }
  if (role == "lateral_source") return {"T1021.001", "T1021.002", "T1569.002"};
  if (role == "lateral_target") return {"T1021.002", "T1569.002"};
  if (role == "kerberoasting") return {"T1558.003"};
  if (role == "asrep_roasting") return {"T1558.004"};
  if (role == "dcsync") return {"T1003.006"};
  if (role == "staging") return {"T1039", "T1074.002"};
  if (role == "exfiltration") return {"T1048"};
  if (role == "encryption") return {"T1486"};
  return AttackOfVariantRole(role);
}

Status WriteTruth(const World& world, const std::vector<OrgState>& states, const std::string& out_dir) {
  JsonWriter w;
  w.BeginObject();
  w.Key("seed").Uint(world.options.seed);
  w.Key("start").Double(Seconds(world.start_us), 0);
  w.Key("hours").Int(world.options.hours);
  w.Key("victim_org").String(world.ransom.org >= 0 ? world.orgs[world.ransom.org].name : "");
  w.Key("orgs").BeginArray();
  for (const Org& o : world.orgs) {
    w.BeginObject();
    w.Key("name").String(o.name);
    w.Key("hosts").Uint(o.hosts.size());
    w.Key("network").String(o.prefix + "0.0/16");
    w.Key("tz_offset_hours").Int(o.tz_offset_hours);
    w.Key("working_hours").BeginArray().Int(o.work_start).Int(o.work_end).EndArray();
    if (world.catalogue_on()) WriteCatalogue(w, o, world.catalogue[&o - world.orgs.data()]);
    w.EndObject();
  }
  w.EndArray();
  w.Key("clusters").BeginArray();
  for (const Cluster& c : world.clusters) {
    w.BeginObject();
    w.Key("id").String(c.id);
    w.Key("kind").String(c.kind);
    w.Key("in_seed").Bool(c.in_seed);
    w.Key("ips");
    Strings(w, c.ips);
    w.Key("domains");
    Strings(w, c.domains);
    if (!c.ja3.empty()) w.Key("ja3").String(c.ja3);
    if (!c.ja3s.empty()) w.Key("ja3s").String(c.ja3s);
    if (!c.cert_sha1.empty()) w.Key("cert_sha1").String(c.cert_sha1);
    if (!c.cert_issuer.empty()) w.Key("cert_issuer").String(c.cert_issuer);
    if (!c.uri_pattern.empty()) w.Key("uri_pattern").String(c.uri_pattern);
    if (!c.user_agent.empty()) w.Key("user_agent").String(c.user_agent);
    w.EndObject();
  }
  w.EndArray();
  // Compromised hosts, from what was actually written.
  w.Key("compromised").BeginArray();
  for (size_t oi = 0; oi < states.size(); ++oi) {
    std::map<int, std::vector<const OrgState::StageSeen*>> by_host;
    for (const auto& st : states[oi].stages) by_host[st.host].push_back(&st);
    for (const auto& [host, stages] : by_host) {
      const Host& h = world.orgs[oi].hosts[host];
      std::string kind;
      for (const Implant& im : world.implants)
        if (im.org == static_cast<int>(oi) && im.host == host) kind = world.clusters[im.cluster].kind;
      std::set<std::string> roles, attack;
      int64_t first = INT64_MAX, last = INT64_MIN;
      for (const auto* st : stages) {
        roles.insert(st->role);
        for (auto& a : AttackOfRole(st->role, kind)) attack.insert(a);
        first = std::min(first, st->first);
        last = std::max(last, st->last);
      }
      if (world.ransom.org == static_cast<int>(oi) && world.ransom.patient_zero == host) roles.insert("patient_zero");
      w.BeginObject();
      w.Key("org").String(world.orgs[oi].name);
      w.Key("host").String(h.ip);
      w.Key("name").String(h.name);
      w.Key("roles");
      Strings(w, {roles.begin(), roles.end()});
      w.Key("attack");
      Strings(w, {attack.begin(), attack.end()});
      w.Key("first").Double(Seconds(first), 6);
      w.Key("last").Double(Seconds(last), 6);
      w.EndObject();
    }
  }
  w.EndArray();
  w.Key("implants").BeginArray();
  for (const Implant& im : world.implants) {
    w.BeginObject();
    w.Key("org").String(world.orgs[im.org].name);
    w.Key("host").String(world.orgs[im.org].hosts[im.host].ip);
    w.Key("cluster").String(world.clusters[im.cluster].id);
    w.Key("period_s").Double(im.period_s, 1);
    w.Key("jitter").Double(im.jitter, 3);
    w.Key("working_hours_only").Bool(im.working_hours_only);
    w.Key("miss_rate").Double(im.miss_rate, 3);
    w.Key("sleep_hours").Int(im.sleep_hours);
    w.Key("dga").Bool(im.dga);
    w.Key("tunnel_session").Bool(im.tunnel_session);
    w.EndObject();
  }
  w.EndArray();
  if (world.ransom.org >= 0) {
    const RansomPlan& p = world.ransom;
    const Org& o = world.orgs[p.org];
    w.Key("ransomware").BeginObject();
    w.Key("org").String(o.name);
    w.Key("patient_zero").String(o.hosts[p.patient_zero].ip);
    w.Key("staging").String(o.hosts[p.staging].ip);
    w.Key("encrypting").BeginArray();
    for (int e : p.encrypting) w.String(o.hosts[e].ip);
    w.EndArray();
    w.Key("extension").String(p.extension);
    w.Key("ransom_note").String(p.note_name);
    for (auto [key, t] : {std::pair{"t_implant", p.t_implant}, {"t_lateral", p.t_lateral},
                          {"t_kerberoast", p.t_kerberoast}, {"t_dcsync", p.t_dcsync}, {"t_staging", p.t_staging}, {"t_exfil", p.t_exfil},
                          {"t_encrypt", p.t_encrypt}})
      w.Key(key).Double(Seconds(t), 6);
    w.EndObject();
  }
  // Benign hosts that look suspicious to naive detectors.
  w.Key("benign_traps").BeginArray();
  for (const Org& o : world.orgs) {
    for (const Host& h : o.hosts) {
      std::vector<std::string> kinds;
      if (h.role == Host::kBackupServer) kinds.push_back("backup over admin share C$");
      if (h.role == Host::kScanner) kinds.push_back("vulnerability scanner");
      if (h.role == Host::kAdminWorkstation) kinds.push_back("admin RDP");
      if (h.role == Host::kDomainController) kinds.push_back("DC replication (DRSGetNCChanges)");
      if (h.streams) kinds.push_back("long-lived VPN/streaming connection");
      for (int s : h.periodic)
        if (kPeriodicServices[s].period_s <= 1024) kinds.push_back(std::string("periodic ") + kPeriodicServices[s].name);
      for (const auto& k : kinds) {
        w.BeginObject();
        w.Key("org").String(o.name);
        w.Key("host").String(h.ip);
        w.Key("kind").String(k);
        w.EndObject();
      }
    }
  }
  w.EndArray();
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return WriteFile((std::filesystem::path(out_dir) / "truth.json").string(), out);
}

Status WriteSeedIntel(const World& world, const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(out_dir) / "intel", ec);
  Rng r = Rng(world.options.seed).Fork(7);
  std::string created = Timestamp(world.start_us - 7LL * 86400 * 1000000).ToIso8601();
  created = created.substr(0, 23) + "Z";
  JsonWriter w;
  w.BeginObject();
  w.Key("type").String("bundle");
  w.Key("id").String("bundle--" + Uuid(r));
  w.Key("objects").BeginArray();
  std::string malware_id = "malware--" + Uuid(r);
  w.BeginObject();
  w.Key("type").String("malware");
  w.Key("spec_version").String("2.1");
  w.Key("id").String(malware_id);
  w.Key("created").String(created);
  w.Key("modified").String(created);
  w.Key("name").String("ShadowBeacon");
  w.Key("is_family").Bool(true);
  w.EndObject();
  for (const Cluster& c : world.clusters) {
    if (!c.in_seed) continue;
    auto indicator = [&](const std::string& pattern, const std::string& name) {
      std::string id = "indicator--" + Uuid(r);
      w.BeginObject();
      w.Key("type").String("indicator");
      w.Key("spec_version").String("2.1");
      w.Key("id").String(id);
      w.Key("created").String(created);
      w.Key("modified").String(created);
      w.Key("name").String(name);
      w.Key("indicator_types").BeginArray().String("malicious-activity").EndArray();
      w.Key("pattern").String(pattern);
      w.Key("pattern_type").String("stix");
      w.Key("valid_from").String(created);
      w.Key("confidence").Int(85);
      w.EndObject();
      w.BeginObject();
      w.Key("type").String("relationship");
      w.Key("spec_version").String("2.1");
      w.Key("id").String("relationship--" + Uuid(r));
      w.Key("created").String(created);
      w.Key("modified").String(created);
      w.Key("relationship_type").String("indicates");
      w.Key("source_ref").String(id);
      w.Key("target_ref").String(malware_id);
      w.EndObject();
    };
    for (const auto& ip : c.ips) indicator("[ipv4-addr:value = '" + ip + "']", "ShadowBeacon C2 address");
    for (const auto& d : c.domains) indicator("[domain-name:value = '" + d + "']", "ShadowBeacon C2 domain");
  }
  w.EndArray();
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return WriteFile((std::filesystem::path(out_dir) / "intel" / "seed.stix.json").string(), out);
}

}  // namespace dragnet::sim
