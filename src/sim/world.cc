#include "sim/world.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/timestamp.h"
#include "sim/rng.h"

namespace dragnet::sim {

// Periods and jitter modelled on vendor defaults (docs/simulator.md has the
// figures and where they come from).
const std::vector<PeriodicService> kPeriodicServices = {
    {"ntp", "", 1024, 0.01, "ntp", 123},
    {"monitoring-agent", "", 60, 0.005, "", 10051},
    {"telemetry", "v10.events.data.microsoft.com", 300, 0.02, "ssl", 443},
    {"antivirus-signatures", "definitionupdates.microsoft.com", 3600, 0.05, "ssl", 443},
    {"browser-update", "update.googleapis.com", 18000, 0.02, "ssl", 443},
};

namespace {

const char* kCompanies[] = {"acme", "globex", "initech", "umbrella", "stark", "wayne", "wonka", "tyrell",
                            "cyberdyne", "soylent", "hooli", "vandelay", "aperture", "massive", "oscorp",
                            "monarch", "dunder", "pied", "nakatomi", "gringotts", "krusty", "prestige",
                            "sirius", "virtucon", "weyland", "zorg", "ollivander", "bluth", "sterling", "duff"};
const char* kSectors[] = {"energy", "water", "health", "transit", "finance", "gov", "telecom", "logistics",
                          "chem", "food"};
const char* kPrefixes[] = {"10.0.", "10.1.", "172.16.", "192.168."};
const int kTzOffsets[] = {-8, -5, -3, 0, 1, 2, 3, 5, 8, 9};
const char* kSyllables[] = {"sync", "cloud", "data", "cdn", "update", "metric", "api", "edge", "node",
                            "secure", "net", "link", "stat", "core", "flux", "zen", "nova", "astra"};
const char* kTlds[] = {"com", "net", "org", "io", "info"};

std::string ActorDomain(Rng& r) {
  std::string d = kSyllables[r.Below(std::size(kSyllables))];
  d += "-";
  d += kSyllables[r.Below(std::size(kSyllables))];
  d += kSyllables[r.Below(std::size(kSyllables))];
  d += ".";
  d += kTlds[r.Below(std::size(kTlds))];
  return d;
}

Org MakeOrg(int index, Rng& r, int hosts_per_org) {
  Org o;
  o.name = fmt::format("{}-{}", kCompanies[index % std::size(kCompanies)],
                       kSectors[(index / std::size(kCompanies) + index) % std::size(kSectors)]);
  if (index >= static_cast<int>(std::size(kCompanies))) o.name += fmt::format("-{}", index / std::size(kCompanies) + 1);
  o.domain = kCompanies[index % std::size(kCompanies)];
  for (char& c : o.domain) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  o.prefix = kPrefixes[r.Below(std::size(kPrefixes))];
  o.tz_offset_hours = kTzOffsets[r.Below(std::size(kTzOffsets))];
  o.work_start = static_cast<int>(r.Between(7, 9));
  o.work_end = o.work_start + 9 + static_cast<int>(r.Below(2));
  auto server = [&](const char* name, int last, Host::Role role) {
    Host h;
    h.ip = o.prefix + fmt::format("0.{}", last);
    h.name = name;
    h.role = role;
    h.user = "svc";
    o.hosts.push_back(h);
    return static_cast<int>(o.hosts.size() - 1);
  };
  o.dc = server("DC01", 10, Host::kDomainController);
  o.resolver = o.dc;
  server("DC02", 11, Host::kDomainController);
  o.file_server = server("FS01", 20, Host::kFileServer);
  o.backup_server = server("BKP01", 21, Host::kBackupServer);
  server("APP01", 30, Host::kAppServer);
  server("APP02", 31, Host::kAppServer);
  server("MON01", 32, Host::kAppServer);
  o.scanner = server("SCAN01", 40, Host::kScanner);
  for (int i = 0; i < 3; ++i) {
    Host h;
    h.ip = o.prefix + fmt::format("5.{}", 10 + i);
    h.name = fmt::format("IT-ADM{:02}", i + 1);
    h.user = fmt::format("adm.it{}", i + 1);
    h.role = Host::kAdminWorkstation;
    o.hosts.push_back(h);
  }
  // Size varies from half to twice the average.
  int workstations = std::max(8, static_cast<int>(hosts_per_org * r.LogUniform(0.5, 2.0)));
  for (int i = 0; i < workstations; ++i) {
    Host h;
    h.ip = o.prefix + fmt::format("{}.{}", 1 + i / 200, 10 + i % 200);
    h.name = fmt::format("WS-{:04}", i + 1);
    h.user = fmt::format("user{:04}", i + 1);
    h.streams = r.Chance(0.04);
    o.hosts.push_back(h);
  }
  // Benign periodic services.
  for (Host& h : o.hosts) {
    bool server_role = h.role != Host::kWorkstation && h.role != Host::kAdminWorkstation;
    if (server_role || r.Chance(0.3)) h.periodic.push_back(0);    // ntp (servers and some clients)
    if (server_role && h.role != Host::kAppServer) h.periodic.push_back(1);  // monitoring agent
    if (!server_role) h.periodic.push_back(2);                      // telemetry
    h.periodic.push_back(3);                                        // antivirus
    if (!server_role && r.Chance(0.6)) h.periodic.push_back(4);     // browser update
  }
  return o;
}

Cluster MakeCluster(const std::string& id, const std::string& kind, Rng& r, int net, int first) {
  Cluster c;
  c.id = id;
  c.kind = kind;
  static const char* kNets[] = {"203.0.113.", "198.51.100.", "192.0.2."};
  int n_ips = kind == "exfil" ? 1 : 2;
  for (int i = 0; i < n_ips; ++i) c.ips.push_back(fmt::format("{}{}", kNets[net % 3], first + i));
  if (kind != "exfil") {
    for (int i = 0; i < 2; ++i) c.domains.push_back(ActorDomain(r));
  }
  return c;
}

}  // namespace

World BuildWorld(const SimulateOptions& options) {
  World w;
  w.options = options;
  // Monday 2024-05-06 00:00 UTC.
  w.start_us = DaysFromCivil(2024, 5, 6) * 86400LL * 1000000LL;
  Rng root(options.seed);
  Rng orgs_rng = root.Fork(1);
  for (int i = 0; i < options.orgs; ++i) w.orgs.push_back(MakeOrg(i, orgs_rng, options.hosts_per_org));
  if (!options.campaign || options.orgs == 0) return w;

  Rng c = root.Fork(2);
  // Actor infrastructure. A is the only cluster in the seed intel; A2 shares
  // A's TLS client fingerprint and certificate; B is HTTP with a URI and
  // user-agent pattern; C tunnels over DNS; D receives the stolen data.
  std::string ja3 = c.Hex(32), ja3s = c.Hex(32), cert = c.Hex(40);
  std::string issuer = fmt::format("CN={} Update Authority,O={} Ltd", "Global", "Trusted Services");
  Cluster a = MakeCluster("A", "https-c2", c, 0, 10 + static_cast<int>(c.Below(50)));
  a.ja3 = ja3; a.ja3s = ja3s; a.cert_sha1 = cert; a.cert_issuer = issuer; a.in_seed = true;
  Cluster a2 = MakeCluster("A2", "https-c2", c, 1, 20 + static_cast<int>(c.Below(50)));
  a2.ja3 = ja3; a2.ja3s = ja3s; a2.cert_sha1 = cert; a2.cert_issuer = issuer;
  Cluster b = MakeCluster("B", "http-c2", c, 2, 50 + static_cast<int>(c.Below(50)));
  b.uri_pattern = "/api/v2/{hex8}/status";
  b.user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.45 Safari/537.36 SysMgr/2.1";
  // The actor rents from one hosting provider too: B's second address sits in
  // A2's /24 (as do C's and D's) -- the shared infrastructure campaigns link on.
  b.ips[1] = fmt::format("198.51.100.{}", 100 + c.Below(40));
  Cluster dns = MakeCluster("C", "dns-tunnel", c, 0, 120);
  dns.ips = {fmt::format("198.51.100.{}", 150 + c.Below(50))};  // the tunnel's authoritative server
  dns.domains.resize(1);
  Cluster exfil = MakeCluster("D", "exfil", c, 1, 200 + static_cast<int>(c.Below(50)));
  w.clusters = {a, a2, b, dns, exfil};

  auto pick_workstation = [&](const Org& o) {
    int first_ws = 0;
    while (o.hosts[first_ws].role != Host::kWorkstation) ++first_ws;
    return first_ws + static_cast<int>(c.Below(o.hosts.size() - first_ws));
  };
  int64_t hour_us = 3600LL * 1000000;
  int hours = std::max(1, options.hours);

  // The ransomed victim and its kill chain.
  int victim = static_cast<int>(c.Below(options.orgs));
  if (options.ransomware) {
    RansomPlan& p = w.ransom;
    const Org& o = w.orgs[victim];
    p.org = victim;
    p.patient_zero = pick_workstation(o);
    std::set<int> used = {p.patient_zero};
    p.staging = 4;  // APP01
    p.rdp_target = 5;  // APP02
    p.lateral_targets = {o.file_server, p.staging, p.rdp_target};
    for (int k = 0; k < 2; ++k) {
      int t = pick_workstation(o);
      if (used.insert(t).second) p.lateral_targets.push_back(t);
    }
    p.encrypting = {p.lateral_targets.back(), p.staging};
    p.exfil_cluster = 4;
    double h = hours;
    auto at = [&](double frac) { return w.start_us + static_cast<int64_t>(frac * h * hour_us); };
    p.t_implant = at(0.05);
    p.t_lateral = at(0.30);
    p.t_kerberoast = at(0.40);
    p.t_dcsync = at(0.45);
    p.t_staging = at(0.50);
    p.t_exfil = at(0.55);
    p.t_encrypt = at(0.65);
    Implant pz;
    pz.org = victim;
    pz.host = p.patient_zero;
    pz.cluster = 0;
    pz.period_s = 60;
    pz.jitter = 0.2;
    pz.start_hour = static_cast<int>((p.t_implant - w.start_us) / hour_us);
    pz.roles = {"patient_zero", "implant"};
    w.implants.push_back(pz);
  }
  // Quiet implants in a share of the other orgs.
  for (int i = 0; i < options.orgs; ++i) {
    if (i == victim && options.ransomware) continue;
    if (!c.Chance(options.implant_share)) continue;
    Implant im;
    im.org = i;
    im.host = pick_workstation(w.orgs[i]);
    double u = c.Unit();
    im.cluster = u < 0.3 ? 0 : u < 0.6 ? 1 : u < 0.8 ? 2 : 3;
    im.period_s = c.LogUniform(30, 7200);
    // DNS C2 polls often (dnscat2 and friends: seconds to minutes): each poll
    // can carry only a few hundred bytes.
    if (w.clusters[im.cluster].kind == "dns-tunnel") im.period_s = std::min(im.period_s, 300.0);
    im.jitter = c.Unit() * options.implant_jitter;
    im.working_hours_only = c.Chance(0.3);
    im.miss_rate = c.Unit() * 0.1;
    if (c.Chance(0.25)) {
      im.sleep_start_h = static_cast<int>(c.Below(hours));
      im.sleep_hours = static_cast<int>(c.Between(2, 5));
    }
    im.start_hour = static_cast<int>(c.Below(std::max(1, hours / 4)));
    const std::string& kind = w.clusters[im.cluster].kind;
    im.dga = kind == "http-c2" && c.Chance(0.5);
    im.tunnel_session = kind == "https-c2" && c.Chance(0.25);
    im.roles = {"implant"};
    w.implants.push_back(im);
  }
  return w;
}

}  // namespace dragnet::sim
