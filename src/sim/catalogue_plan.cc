// Each organisation's catalogue variant, drawn from its own stream of the
// benign seed: which vendors, which hosts, which schedules and periods.
#include "sim/catalogue_plan.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/catalogue_fleet.h"

namespace dragnet::sim {
namespace {

namespace br = benign_role;

void AddRole(Org& o, int host, const char* role) { o.hosts[host].benign_roles.emplace_back(role); }

int AddHost(Org& o, std::string name, std::string ip, Host::Role role) {
  Host h;
  h.name = std::move(name);
  h.ip = std::move(ip);
  h.role = role;
  h.user = "svc";
  o.hosts.push_back(std::move(h));
  return static_cast<int>(o.hosts.size() - 1);
}

// `count` distinct picks from `pool`, in pool order.
std::vector<int> Pick(const std::vector<int>& pool, size_t count, Rng& r) {
  std::vector<int> v = pool;
  for (size_t i = 0; i < v.size(); ++i) std::swap(v[i], v[i + r.Below(v.size() - i)]);
  v.resize(std::min(count, v.size()));
  std::sort(v.begin(), v.end());
  return v;
}

class Planner {
 public:
  Planner(Org& o, OrgCatalogue& c, Rng& r, uint64_t fleet_seed, const Internet& net, int hours)
      : o_(o), c_(c), r_(r), fleet_seed_(fleet_seed), net_(net), hours_(hours) {}

  void Run() {
    Hosts();
    TimeSync();
    Security();
    Sessions();
    Deployment();
    Administration();
    Operations();
    Files();
    for (Host& h : o_.hosts) {
      std::sort(h.benign_roles.begin(), h.benign_roles.end());
      h.benign_roles.erase(std::unique(h.benign_roles.begin(), h.benign_roles.end()), h.benign_roles.end());
      h.periodic.clear();  // the basic recipe's fixed services give way to the catalogue's
      h.streams = false;
    }
  }

 private:
  int Endpoint(const std::string& key, const std::string& label = "") {
    c_.endpoints.push_back(FleetEndpoint(key, fleet_seed_, net_, label));
    return static_cast<int>(c_.endpoints.size() - 1);
  }
  void AddFlow(Flow::Kind kind, int host, int endpoint, double period, double jitter, const char* role) {
    Flow f;
    f.kind = kind;
    f.host = host;
    f.endpoint = endpoint;
    f.period_s = period;
    f.jitter = jitter;
    f.working_hours_only = Person(host);
    c_.flows.push_back(f);
    AddRole(o_, host, role);
  }
  bool Person(int h) const {
    return o_.hosts[h].role == Host::kWorkstation || o_.hosts[h].role == Host::kAdminWorkstation;
  }
  void Note(const char* entry, std::string choice) { c_.summary.emplace_back(entry, std::move(choice)); }

  void Hosts() {
    OrgNaming n = DrawNaming(o_, r_);
    std::set<int> used_last;
    RenameAndReaddress(o_, n, used_last, r_);
    // IT admin workstations: none in some orgs, among the others' desks in
    // some, in their own subnet in the rest.
    int admins = static_cast<int>(r_.Below(4));
    bool own_subnet = r_.Chance(0.5);
    int ws = 0, seen = 0;
    for (const Host& h : o_.hosts) ws += h.role == Host::kWorkstation;
    for (size_t i = 0; i < o_.hosts.size(); ++i) {
      Host& h = o_.hosts[i];
      if (h.role != Host::kAdminWorkstation) continue;
      if (seen >= admins) {
        h.role = Host::kWorkstation;  // an ordinary desk in this org
        h.ip = o_.prefix + fmt::format("{}.{}", n.ws_base + (ws + seen) / 200, 10 + (ws + seen) % 200);
      } else if (own_subnet) {
        h.ip = o_.prefix + fmt::format("{}.{}", n.admin_net, 10 + seen);
      } else {
        h.ip = o_.prefix + fmt::format("{}.{}", n.ws_base + (ws + seen) / 200, 10 + (ws + seen) % 200);
      }
      h.name = n.ws_style == 2 ? "DESKTOP-" + r_.Hex(7) : fmt::format("{}-ADM{:02}", n.site, seen + 1);
      if (seen < admins) c_.admins.push_back(static_cast<int>(i));
      ++seen;
    }
    Note("admins", fmt::format("{} {}", admins, own_subnet ? "own-subnet" : "among-desks"));
    Note("naming", o_.hosts[o_.dc].name + " " + o_.hosts[o_.hosts.size() - 1].name);
    // A dedicated resolver in some orgs, the DC in the others.
    if (r_.Chance(0.4)) {
      o_.resolver = AddHost(o_, ServerName(n, Host::kAppServer, 9, "DNS"), ServerAddress(o_, n, used_last, r_),
                            Host::kAppServer);
    }
    // Printers, IoT and network devices.
    int printers = static_cast<int>(r_.Between(1, 6)), iot = static_cast<int>(r_.Below(9));
    int switches = static_cast<int>(r_.Between(2, 6));
    for (int i = 0; i < printers + iot + switches; ++i) {
      std::string ip = o_.prefix + fmt::format("{}.{}", n.device_net, 20 + i);
      const char* kind = i < printers ? "PRN" : i < printers + iot ? "CAM" : "SW";
      int h = AddHost(o_, fmt::format("{}-{}{:02}", n.site, kind, i + 1), ip, Host::kDevice);
      (i < printers ? c_.printers : i < printers + iot ? c_.iot_devices : c_.network_devices).push_back(h);
      AddRole(o_, h, i < printers ? br::kPrinter : i < printers + iot ? br::kIot : br::kNetworkDevice);
    }
    // The deployment server (absent with GPO, run from an admin's desk in some orgs).
    const char* kTools[] = {"sccm", "pdq", "paexec", "ansible-winrm", "gpo"};
    c_.deploy_tool = kTools[r_.Below(std::size(kTools))];
    if (c_.deploy_tool == "gpo") {
      c_.deploy_server = o_.dc;
    } else if (!c_.admins.empty() && c_.deploy_tool != "sccm" && r_.Chance(0.4)) {
      c_.deploy_server = c_.admins[0];
    } else {
      c_.deploy_server = AddHost(o_, ServerName(n, Host::kAppServer, 8, c_.deploy_tool == "sccm" ? "CM" : "DEPLOY"),
                                 ServerAddress(o_, n, used_last, r_), Host::kAppServer);
    }
    for (size_t i = 0; i < o_.hosts.size(); ++i) {
      Host::Role role = o_.hosts[i].role;
      if (role == Host::kDevice) continue;
      (Person(static_cast<int>(i)) ? desks_ : servers_).push_back(static_cast<int>(i));
      windows_.push_back(static_cast<int>(i));
    }
  }

  void TimeSync() {
    // DCs ask an external source every 2^6-2^10 s (w32time on DCs); domain
    // members ask a DC every 2^10-2^15 s; Linux servers run chrony/ntpd (64-
    // 1,024 s); a few stand-alone machines use time.windows.com weekly; Macs
    // use time.apple.com.
    const char* kExternal[] = {"time.windows.com", "pool.ntp.org", "time.google.com", "time.cloudflare.com",
                               "time.nist.gov"};
    std::string source = kExternal[r_.Below(std::size(kExternal))];
    double dc_poll = std::pow(2.0, static_cast<double>(r_.Between(6, 10)));
    double member_poll = std::pow(2.0, static_cast<double>(r_.Between(10, 15)));
    double chrony_poll = std::pow(2.0, static_cast<double>(r_.Between(6, 10)));
    Note("time", fmt::format("{} dc {:.0f}s members {:.0f}s", source, dc_poll, member_poll));
    for (int dc : {o_.dc, 1}) {
      int ep = Endpoint(source, source == "pool.ntp.org" ? std::to_string(r_.Below(4)) : "");
      AddFlow(Flow::kTimeSync, dc, ep, dc_poll, 0.02, br::kTimeSync);
      AddRole(o_, dc, br::kTimeServer);
    }
    double linux_share = r_.Unit() * 0.5, standalone = r_.Unit() * 0.1, mac = r_.Unit() * 0.2;
    for (int h : windows_) {
      if (h == o_.dc || h == 1) continue;
      Flow f;
      bool server = !Person(h);
      double u = r_.Unit();
      if (server && u < linux_share) {
        const char* key = r_.Chance(0.5) ? "pool.ntp.org" : "ubuntu-ntp";
        AddFlow(Flow::kTimeSync, h, Endpoint(key, key[0] == 'p' ? std::to_string(r_.Below(4)) : ""), chrony_poll,
                0.02, br::kTimeSync);
      } else if (!server && u < mac) {
        AddFlow(Flow::kTimeSync, h, Endpoint("time.apple.com"), r_.LogUniform(900, 3600), 0.1, br::kTimeSync);
        macs_.push_back(h);
      } else if (!server && u < mac + standalone) {
        AddFlow(Flow::kTimeSync, h, Endpoint("time.windows.com"), 604800, 0.01, br::kTimeSync);
      } else {
        f.kind = Flow::kTimeSync;
        f.host = h;
        f.peer = r_.Chance(0.5) ? o_.dc : 1;
        f.port = 123;
        f.period_s = member_poll;
        f.jitter = 0.02;
        f.working_hours_only = Person(h);
        c_.flows.push_back(f);
        AddRole(o_, h, br::kTimeSync);
      }
    }
  }

  void Security() {
    // One EDR vendor per org (two while migrating), on every Windows host.
    const char* kEdr[] = {"defender", "crowdstrike", "sentinelone", "sophos", "eset"};
    std::vector<std::string> vendors = {kEdr[r_.Below(std::size(kEdr))]};
    if (r_.Chance(0.15)) vendors.push_back(kEdr[r_.Below(std::size(kEdr))]);
    if (vendors.size() == 2 && vendors[0] == vendors[1]) vendors.pop_back();
    std::string tenant = r_.Alnum(8);
    for (const std::string& v : vendors) {
      Note("edr", v);
      int main = -1, update = -1;
      double period = 300, jitter = 0.05;
      Flow::Kind kind = Flow::kCheckin;
      if (v == "defender") { main = Endpoint("defender", r_.Chance(0.5) ? "eus" : "weu"); update = Endpoint("defender-maps"); period = r_.LogUniform(240, 900); }
      if (v == "crowdstrike") { main = Endpoint("crowdstrike"); update = Endpoint("crowdstrike-lfo"); kind = Flow::kHeld; }
      if (v == "sentinelone") { main = Endpoint("sentinelone", tenant); period = r_.LogUniform(60, 300); jitter = 0.1; }
      if (v == "sophos") { main = Endpoint("sophos"); update = Endpoint("sophos-update"); period = r_.LogUniform(600, 1800); }
      if (v == "eset") { main = Endpoint("eset"); update = Endpoint("eset-update"); kind = Flow::kHeld; }
      double update_period = 3600 * r_.LogUniform(1, 4);
      for (int h : windows_) {
        AddFlow(kind, h, main, period, jitter, br::kEdr);
        if (update >= 0) AddFlow(Flow::kCheckin, h, update, update_period, 0.05, br::kEdr);
      }
    }
    int chrome = Endpoint("chrome-update"), wu = Endpoint("windows-update");
    double chrome_share = 0.3 + r_.Unit() * 0.7;
    for (int h : windows_) {
      if (Person(h) && r_.Chance(chrome_share)) AddFlow(Flow::kCheckin, h, chrome, 18000, 0.02, br::kUpdates);
      if (r_.Chance(0.5)) AddFlow(Flow::kCheckin, h, wu, r_.LogUniform(3 * 3600, 22 * 3600), 0.1, br::kUpdates);
    }
  }

  void Sessions() {
    // Held open while the machine is on: WNS on Windows desks, FCM for
    // Chrome's web push, APNs on Macs; collaboration websockets; VPN and
    // streaming for a few.
    int wns = Endpoint("wns"), fcm = Endpoint("fcm"), apns = Endpoint("apns", std::to_string(r_.Between(1, 50)));
    double fcm_share = r_.Unit() * 0.8;
    const char* chat = r_.Chance(0.6) ? "teams" : "slack";
    int chat_ep = Endpoint(chat);
    Note("chat", chat);
    int vpn = -1;
    if (r_.Chance(0.4)) {
      c_.endpoints.push_back({"corporate-vpn", "vpn." + o_.domain + ".example", fmt::format("{}.{}.{}.{}", 20 + r_.Below(180), r_.Below(256), r_.Below(256), 1 + r_.Below(250)), 443, "tcp", "ssl", r_.Hex(64), ""});
      vpn = static_cast<int>(c_.endpoints.size() - 1);
      Note("vpn", c_.endpoints.back().ip);
    }
    int spotify = Endpoint("spotify");
    double vpn_share = 0.02 + r_.Unit() * 0.08, stream_share = 0.01 + r_.Unit() * 0.04;
    for (int h : desks_) {
      bool mac = std::find(macs_.begin(), macs_.end(), h) != macs_.end();
      AddFlow(Flow::kHeld, h, mac ? apns : wns, 0, 0, br::kPush);
      if (r_.Chance(fcm_share)) AddFlow(Flow::kHeld, h, fcm, 0, 0, br::kPush);
      AddFlow(Flow::kHeld, h, chat_ep, 0, 0, br::kCollaboration);
      if (vpn >= 0 && r_.Chance(vpn_share)) AddFlow(Flow::kHeld, h, vpn, 0, 0, br::kVpn);
      if (r_.Chance(stream_share)) AddFlow(Flow::kHeld, h, spotify, 0, 0, br::kStreaming);
    }
  }

  void Deployment() {
    Note("deployment", c_.deploy_tool);
    double day_chance = 0.4 + r_.Unit() * 0.6;
    c_.deploy_hour = static_cast<int>(r_.Below(24));
    // Local days from the one before the start (west of UTC) to the one after the end.
    int days = hours_ / 24 + 3;
    // Local hours since the local midnight of the start's UTC day: the window
    // is [tz, tz + hours); day d's rollout is at (d - 1) * 24 + deploy_hour.
    auto inside = [&](int d) {
      int at = (d - 1) * 24 + c_.deploy_hour;
      return at >= o_.tz_offset_hours && at < o_.tz_offset_hours + hours_;
    };
    bool any = false;
    for (int d = 0; d < days; ++d) {
      c_.deploy_days.push_back(r_.Chance(day_chance));
      any = any || (c_.deploy_days.back() && inside(d));
    }
    for (int d = 0; d < days && !any; ++d)  // at least one rollout inside the window
      if (inside(d)) any = c_.deploy_days[d] = true;
    std::vector<int> pool;
    for (int h : windows_)
      if (h != c_.deploy_server) pool.push_back(h);
    c_.deploy_targets = Pick(pool, r_.Between(20, 45), r_);
    AddRole(o_, c_.deploy_server, br::kDeployServer);
    for (int h : c_.deploy_targets) AddRole(o_, h, br::kDeployTarget);
  }

  void Administration() {
    if (c_.admins.empty()) return;
    c_.admin_rdp = r_.Chance(0.8);
    c_.admin_winrm = r_.Chance(0.6);
    c_.admin_psexec = r_.Chance(0.5);
    c_.admin_rate = 0.1 + r_.Unit() * 0.5;
    c_.admin_targets = servers_;
    for (int h : Pick(desks_, r_.Between(3, 15), r_)) c_.admin_targets.push_back(h);
    Note("admin_tools", fmt::format("rdp={} winrm={} psexec={}", c_.admin_rdp, c_.admin_winrm, c_.admin_psexec));
    for (int h : c_.admins) AddRole(o_, h, br::kAdminHost);
    for (int h : c_.admin_targets) AddRole(o_, h, br::kAdminTarget);
  }

  void Operations() {
    const char* kMonitors[] = {"snmp", "zabbix", "nrpe"};
    c_.monitor = 6;
    c_.monitor_kind = kMonitors[r_.Below(std::size(kMonitors))];
    double period = std::vector<double>{30, 60, 120, 300}[r_.Below(4)];
    Note("monitoring", fmt::format("{} {:.0f}s", c_.monitor_kind, period));
    AddRole(o_, c_.monitor, br::kMonitor);
    auto poll = [&](int target, int port) {
      Flow f;
      f.kind = Flow::kPoll;
      f.host = c_.monitor;
      f.peer = target;
      f.port = port;
      f.period_s = period;
      f.jitter = 0.005;
      c_.flows.push_back(f);
      AddRole(o_, target, br::kMonitored);
    };
    int agent_port = c_.monitor_kind == "zabbix" ? 10050 : c_.monitor_kind == "nrpe" ? 5666 : 161;
    for (int s : servers_) if (s != c_.monitor) poll(s, agent_port);
    for (int d : c_.network_devices) poll(d, 161);
    for (int d : c_.printers) poll(d, 161);
    const char* kScanners[] = {"nessus", "qualys", "rapid7"};
    c_.scanner = o_.scanner;
    c_.scan_product = kScanners[r_.Below(std::size(kScanners))];
    c_.scan_hour = static_cast<int>(r_.Below(24));
    c_.scan_weekday = r_.Chance(0.5) ? -1 : static_cast<int>(r_.Below(5));
    const int kPorts[] = {21, 22, 23, 25, 53, 80, 88, 110, 135, 139, 143, 389, 443, 445, 636, 1433, 3306, 3389, 5985,
                          5986, 8080, 8443};
    std::vector<int> all(std::begin(kPorts), std::end(kPorts));
    std::vector<int> idx;
    for (size_t i = 0; i < all.size(); ++i) idx.push_back(static_cast<int>(i));
    for (int i : Pick(idx, r_.Between(8, all.size()), r_)) c_.scan_ports.push_back(all[i]);
    if (std::find(c_.scan_ports.begin(), c_.scan_ports.end(), 445) == c_.scan_ports.end()) c_.scan_ports.push_back(445);
    Note("scanner", fmt::format("{} {} {}", c_.scan_product, c_.scan_weekday < 0 ? "daily" : "weekly", c_.scan_hour));
    AddRole(o_, c_.scanner, br::kScanner);
    const char* kBackups[] = {"veeam", "backupexec", "robocopy"};
    c_.backup = o_.backup_server;
    c_.backup_product = kBackups[r_.Below(std::size(kBackups))];
    c_.backup_hour = static_cast<int>((19 + r_.Below(10)) % 24);
    c_.backup_sources = {o_.file_server};
    for (int s : Pick(servers_, r_.Between(1, 5), r_))
      if (s != o_.file_server && s != c_.backup) c_.backup_sources.push_back(s);
    Note("backup", fmt::format("{} {:02}:00", c_.backup_product, c_.backup_hour));
    AddRole(o_, c_.backup, br::kBackupServer);
    for (int s : c_.backup_sources) AddRole(o_, s, br::kBackupSource);
    // The resolver asks upstream for its clients' cache misses.
    c_.dns.resolver_ip = o_.hosts[o_.resolver].ip;
    c_.dns.iterative = r_.Chance(0.4);
    c_.dns.forward_share = 0.15 + r_.Unit() * 0.35;
    if (c_.dns.iterative) {
      c_.dns.roots = RootServers();
      c_.dns.tlds = GtldServers();
      for (int i = 0; i < 12; ++i) c_.dns.upstreams.push_back(fmt::format("205.251.{}.{}", 192 + r_.Below(8), 1 + r_.Below(250)));
    } else {
      std::vector<std::string> pub = PublicResolvers();
      size_t first = r_.Below(pub.size() / 2) * 2;
      c_.dns.upstreams = {pub[first], pub[first + 1]};
    }
    Note("resolver", std::string(c_.dns.iterative ? "iterative" : "forwarder ") + (c_.dns.iterative ? "" : c_.dns.upstreams[0]));
    AddRole(o_, o_.resolver, br::kResolver);
  }

  void Files() {
    c_.office_share = 0.2 + r_.Unit() * 0.6;
    c_.print_rate = 0.02 + r_.Unit() * 0.1;
    for (int h : desks_) {
      AddRole(o_, h, br::kOffice);
      AddRole(o_, h, br::kLanChatter);
    }
    for (int d : c_.printers) AddRole(o_, d, br::kLanChatter);
    for (int d : c_.iot_devices) AddRole(o_, d, br::kLanChatter);
    const char* kSync[] = {"onedrive", "dropbox", "gdrive", "box"};
    int n = 1 + static_cast<int>(r_.Below(2));
    std::string tenant = o_.domain;
    for (char& ch : tenant) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    size_t first = r_.Below(std::size(kSync));
    for (int i = 0; i < n; ++i) {
      const char* key = kSync[(first + i) % std::size(kSync)];
      c_.sync_endpoints.push_back(Endpoint(key, tenant));
      Note("cloud_sync", key);
    }
    c_.sync_hosts = Pick(desks_, static_cast<size_t>(static_cast<double>(desks_.size()) * (0.1 + r_.Unit() * 0.4)), r_);
    for (int h : c_.sync_hosts) AddRole(o_, h, br::kCloudSync);
    if (r_.Chance(0.3)) {
      const char* kRemote[] = {"teamviewer", "anydesk", "screenconnect"};
      const char* key = kRemote[r_.Below(std::size(kRemote))];
      c_.remote_endpoint = Endpoint(key, std::to_string(r_.Between(1, 16)));
      c_.remote_hosts = Pick(desks_, r_.Between(1, 3), r_);
      for (int h : c_.remote_hosts) {
        AddFlow(Flow::kHeld, h, c_.remote_endpoint, 0, 0, br::kRemoteSupport);
      }
      Note("remote_support", key);
    }
  }

  Org& o_;
  OrgCatalogue& c_;
  Rng& r_;
  uint64_t fleet_seed_;
  const Internet& net_;
  int hours_;
  std::vector<int> desks_, servers_, windows_, macs_;
};

}  // namespace

void PlanCatalogue(World& world, const Internet& net) {
  uint64_t seed = world.options.benign_seed.value_or(world.options.seed);
  uint64_t fleet_seed = Rng(seed).Fork(77).Next();
  world.catalogue.assign(world.orgs.size(), OrgCatalogue{});
  for (size_t oi = 0; oi < world.orgs.size(); ++oi) {
    Rng r = Rng(seed).Fork(5000 + oi);
    Planner(world.orgs[oi], world.catalogue[oi], r, fleet_seed, net, world.options.hours).Run();
  }
}

}  // namespace dragnet::sim
