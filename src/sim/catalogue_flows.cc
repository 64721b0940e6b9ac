// The catalogue's recurring traffic: time sync, agent check-ins, sessions held
// open all day, monitoring polls; and the LAN's discovery chatter.
#include <fmt/format.h>

#include "sim/activity.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kHour = 3600 * kSecond;

const OrgCatalogue& Catalogue(const HourContext& h) { return h.world.catalogue[h.org_index]; }

void Lookup(Emitter& e, const Host& host, const Endpoint& ep, int64_t ts) {
  const Org& o = e.org();
  if (ep.host.empty() || host.ip == o.hosts[o.resolver].ip) return;
  e.Dns(ts - 15000, e.Uid(), host.ip, o.hosts[o.resolver].ip, ep.host, "A", 1, {ep.ip});
}

void External(Emitter& e, const HourContext& h, const Host& host, const Endpoint& ep, int64_t ts, double duration,
              uint64_t up, uint64_t down) {
  Rng& r = e.rng();
  if (r.Chance(0.15)) Lookup(e, host, ep, ts);
  bool udp = std::string_view(ep.proto) == "udp";
  std::string port = udp && ep.port == 123 ? "123" : e.Port();
  std::string uid = e.Conn(ts, host.ip, port, ep.ip, ep.port, ep.proto, ep.service, duration, up, down, "SF",
                           udp ? "Dd" : "ShADadFf");
  if (std::string_view(ep.service) == "ssl")
    e.Ssl(ts + 20000, uid, host.ip, port, ep.ip, ep.port, ep.host, ep.cert, ep.ja3, h.net.ja3s, r.Chance(0.5));
}

void Emit(Emitter& e, const HourContext& h, const Flow& f, int64_t ts) {
  const Org& o = e.org();
  const OrgCatalogue& c = Catalogue(h);
  Rng& r = e.rng();
  const Host& host = o.hosts[f.host];
  if (f.peer >= 0) {
    const Host& peer = o.hosts[f.peer];
    bool udp = f.port == 123 || f.port == 161;
    const char* service = f.port == 123 ? "ntp" : f.port == 161 ? "snmp" : "";
    e.Conn(ts, host.ip, f.port == 123 ? "123" : e.Port(), peer.ip, f.port, udp ? "udp" : "tcp", service,
           udp ? 0.002 + r.Unit() * 0.01 : 0.01 + r.Unit() * 0.02, udp ? 48 + r.Below(60) : 120 + r.Below(80),
           udp ? 48 + r.Below(400) : 80 + r.Below(400), "SF", udp ? "Dd" : "ShADadFf");
    return;
  }
  const Endpoint& ep = c.endpoints[f.endpoint];
  if (f.kind == Flow::kTimeSync) {
    External(e, h, host, ep, ts, 0.02 + r.Unit() * 0.05, 48, 48);
  } else {
    External(e, h, host, ep, ts, 0.2 + r.Unit() * 0.6, 800 + r.Below(6000), 2000 + r.Below(12000));
  }
}

// A session held open: logged once an hour while the machine is on.
void Held(Emitter& e, const HourContext& h, const Flow& f) {
  const Org& o = e.org();
  const Endpoint& ep = Catalogue(h).endpoints[f.endpoint];
  Rng& r = e.rng();
  bool heavy = ep.vendor == "spotify" || ep.vendor == "corporate-vpn";
  uint64_t up = heavy ? 2000000 + r.Below(20000000) : 8000 + r.Below(60000);
  uint64_t down = heavy ? 40000000 + r.Below(400000000) : 12000 + r.Below(90000);
  int64_t ts = h.hour_start + static_cast<int64_t>(r.Unit() * 20) * kSecond;
  External(e, h, o.hosts[f.host], ep, ts, 3570 + r.Unit() * 25, up, down);
}

}  // namespace

void EmitCatalogueFlows(Emitter& e, const HourContext& h, OrgState& state) {
  const OrgCatalogue& c = Catalogue(h);
  Rng& r = e.rng();
  const int64_t end = h.hour_start + kHour;
  if (state.flow_next.empty()) {
    state.flow_next.resize(c.flows.size());
    for (size_t i = 0; i < c.flows.size(); ++i)
      state.flow_next[i] = h.hour_start + static_cast<int64_t>(r.Unit() * c.flows[i].period_s * kSecond);
  }
  for (size_t i = 0; i < c.flows.size(); ++i) {
    const Flow& f = c.flows[i];
    bool on = !f.working_hours_only || h.working;
    if (f.kind == Flow::kHeld) {
      if (on) Held(e, h, f);
      continue;
    }
    int64_t& next = state.flow_next[i];
    while (next < end) {
      if (on) Emit(e, h, f, next);
      double jittered = f.period_s * (1 + f.jitter * (2 * r.Unit() - 1) * 1.7320508);
      next += std::max<int64_t>(kSecond, static_cast<int64_t>(jittered * kSecond));
    }
  }
}

void EmitLanChatter(Emitter& e, const HourContext& h) {
  const Org& o = e.org();
  const OrgCatalogue& c = Catalogue(h);
  Rng& r = e.rng();
  auto multicast = [&](const Host& from, const char* group, int port, int64_t ts, uint64_t bytes) {
    e.Conn(ts, from.ip, std::to_string(port == 1900 || port == 5355 ? 49152 + r.Below(16383) : port), group, port,
           "udp", port == 5353 ? "dns" : "", 0, bytes, 0, "S0", "D");
  };
  auto at = [&] { return h.hour_start + static_cast<int64_t>(r.Unit() * kHour); };
  for (const Host& host : o.hosts) {
    bool person = host.role == Host::kWorkstation || host.role == Host::kAdminWorkstation;
    if (!person || !h.working) continue;
    if (r.Chance(0.3)) multicast(host, "239.255.255.250", 1900, at(), 125 + r.Below(60));  // SSDP M-SEARCH
    if (r.Chance(0.15)) multicast(host, "224.0.0.252", 5355, at(), 30 + r.Below(30));      // LLMNR
    if (r.Chance(0.1)) {                                                                      // NetBIOS name query
      std::string bcast = host.ip.substr(0, host.ip.rfind('.')) + ".255";
      e.Conn(at(), host.ip, "137", bcast, 137, "udp", "dns", 0, 50, 0, "S0", "D");
    }
  }
  for (int d : c.printers) multicast(o.hosts[d], "224.0.0.251", 5353, at(), 300 + r.Below(300));  // mDNS announce
  for (int d : c.iot_devices) {
    multicast(o.hosts[d], "224.0.0.251", 5353, at(), 200 + r.Below(300));
    for (int k = 0; k < 2; ++k)  // UPnP NOTIFY, re-sent within half of max-age 1,800 s
      multicast(o.hosts[d], "239.255.255.250", 1900, h.hour_start + k * 1800 * kSecond + static_cast<int64_t>(r.Unit() * 60 * kSecond), 300 + r.Below(100));
  }
  // Printing: IPP (HTTP on 631) from desks to a printer.
  if (!h.working || c.printers.empty()) return;
  for (const Host& host : o.hosts) {
    if (host.role != Host::kWorkstation || !r.Chance(c.print_rate)) continue;
    const Host& printer = o.hosts[c.printers[r.Below(c.printers.size())]];
    e.Conn(at(), host.ip, e.Port(), printer.ip, 631, "tcp", "http", 1 + r.Exponential(5), 20000 + r.Below(3000000),
           500 + r.Below(2000));
  }
}

void EmitCatalogueHour(Emitter& e, const HourContext& h, OrgState& state) {
  EmitCatalogueFlows(e, h, state);
  EmitLanChatter(e, h);
  EmitDeployment(e, h);
  EmitAdministration(e, h);
  EmitBackupAndScan(e, h);
  EmitCloudAndSupport(e, h);
}

}  // namespace dragnet::sim
