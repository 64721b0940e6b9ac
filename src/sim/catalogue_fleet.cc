// The software fleet of the catalogue: vendor endpoints with their real names
// and ports, the same in every organisation that runs the software (docs/
// simulator.md cites each). Addresses are drawn in the vendor's real ranges
// from the benign seed; an agent's TLS client fingerprint depends only on the
// software, as a real JA3 does.
#include "sim/catalogue_fleet.h"

#include <fmt/format.h>

#include "sim/rng.h"

namespace dragnet::sim {
namespace {

struct VendorDef {
  const char* key;
  const char* vendor;
  const char* host;        // "{}" takes a per-fleet label
  int port;
  const char* proto;
  const char* service;
  const char* ip;          // address pattern, "{}" per octet drawn
};

const VendorDef kVendors[] = {
    // Time.
    {"time.windows.com", "microsoft-time", "time.windows.com", 123, "udp", "ntp", "20.101.{}.{}"},
    {"pool.ntp.org", "ntp-pool", "{}.pool.ntp.org", 123, "udp", "ntp", "185.{}.{}.{}"},
    {"ubuntu-ntp", "ubuntu", "ntp.ubuntu.com", 123, "udp", "ntp", "185.125.190.{}"},
    {"time.google.com", "google-time", "time.google.com", 123, "udp", "ntp", "216.239.35.{}"},
    {"time.cloudflare.com", "cloudflare-time", "time.cloudflare.com", 123, "udp", "ntp", "162.159.200.{}"},
    {"time.apple.com", "apple-time", "time.apple.com", 123, "udp", "ntp", "17.253.{}.{}"},
    {"time.nist.gov", "nist-time", "time.nist.gov", 123, "udp", "ntp", "132.163.97.{}"},
    // Antivirus / EDR.
    {"defender", "microsoft-defender", "winatp-gw-{}.microsoft.com", 443, "tcp", "ssl", "20.{}.{}.{}"},
    {"defender-maps", "microsoft-defender", "wdcp.microsoft.com", 443, "tcp", "ssl", "40.{}.{}.{}"},
    {"crowdstrike", "crowdstrike", "ts01-b.cloudsink.net", 443, "tcp", "ssl", "52.{}.{}.{}"},
    {"crowdstrike-lfo", "crowdstrike", "lfodown01-b.cloudsink.net", 443, "tcp", "ssl", "54.{}.{}.{}"},
    {"sentinelone", "sentinelone", "usea1-{}.sentinelone.net", 443, "tcp", "ssl", "34.{}.{}.{}"},
    {"sophos", "sophos", "mcs2-cloudstation-eu-west-1.prod.hydra.sophos.com", 443, "tcp", "ssl", "3.{}.{}.{}"},
    {"sophos-update", "sophos", "dci.sophosupd.com", 443, "tcp", "ssl", "cdn"},
    {"eset", "eset", "epns.eset.com", 8883, "tcp", "ssl", "91.228.{}.{}"},
    {"eset-update", "eset", "update.eset.com", 443, "tcp", "ssl", "cdn"},
    // Push notifications and collaboration held open all day.
    {"wns", "microsoft-wns", "client.wns.windows.com", 443, "tcp", "ssl", "20.{}.{}.{}"},
    {"fcm", "google-fcm", "mtalk.google.com", 5228, "tcp", "ssl", "142.250.{}.188"},
    {"apns", "apple-apns", "{}-courier.push.apple.com", 5223, "tcp", "ssl", "17.57.{}.{}"},
    {"teams", "microsoft-teams", "go.trouter.teams.microsoft.com", 443, "tcp", "ssl", "52.{}.{}.{}"},
    {"slack", "slack", "wss-primary.slack.com", 443, "tcp", "ssl", "cdn"},
    {"spotify", "spotify", "ap-gew4.spotify.com", 4070, "tcp", "", "35.186.{}.{}"},
    // Software updates (CDN edges shared with thousands of sites).
    {"chrome-update", "google-update", "update.googleapis.com", 443, "tcp", "ssl", "142.250.{}.{}"},
    {"windows-update", "windows-update", "fe3cr.delivery.mp.microsoft.com", 443, "tcp", "ssl", "cdn"},
    // Cloud sync.
    {"onedrive", "microsoft-onedrive", "{}-my.sharepoint.com", 443, "tcp", "ssl", "13.107.136.{}"},
    {"dropbox", "dropbox", "content.dropboxapi.com", 443, "tcp", "ssl", "162.125.{}.{}"},
    {"gdrive", "google-drive", "www.googleapis.com", 443, "tcp", "ssl", "142.250.{}.{}"},
    {"box", "box", "upload.box.com", 443, "tcp", "ssl", "74.112.{}.{}"},
    // Remote support.
    {"teamviewer", "teamviewer", "router{}.teamviewer.com", 5938, "tcp", "", "37.252.{}.{}"},
    {"anydesk", "anydesk", "relay-{}.net.anydesk.com", 6568, "tcp", "", "195.181.{}.{}"},
    {"screenconnect", "connectwise", "instance-{}-relay.screenconnect.com", 8041, "tcp", "", "147.75.{}.{}"},
};

uint64_t Fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

std::string FillOctets(const char* pattern, Rng& r) {
  std::string out;
  for (const char* p = pattern; *p; ++p) {
    if (p[0] == '{' && p[1] == '}') {
      out += std::to_string(1 + r.Below(253));
      ++p;
    } else {
      out.push_back(*p);
    }
  }
  return out;
}

}  // namespace

Endpoint FleetEndpoint(const std::string& key, uint64_t fleet_seed, const Internet& net, const std::string& label) {
  for (const VendorDef& v : kVendors) {
    if (key != v.key) continue;
    Rng r = Rng(fleet_seed).Fork(Fnv(key) ^ Fnv(label));
    Endpoint e;
    e.vendor = v.vendor;
    e.host = fmt::format(fmt::runtime(v.host), label);
    e.port = v.port;
    e.proto = v.proto;
    e.service = v.service;
    if (std::string_view(v.ip) == "cdn") {
      // On a popular site's CDN edge: the address serves many unrelated sites.
      const Site& s = net.sites[r.Below(std::min<size_t>(net.sites.size(), 30))];
      e.ip = s.ips[r.Below(s.ips.size())];
    } else {
      e.ip = FillOctets(v.ip, r);
    }
    if (std::string_view(v.service) == "ssl") e.cert = r.Hex(64);
    Rng software(Fnv(v.vendor));
    if (std::string_view(v.service) == "ssl") e.ja3 = software.Hex(32);
    return e;
  }
  return Endpoint{};  // unknown key: a programming error the tests catch (empty ip)
}

std::vector<std::string> RootServers() {
  // IANA root servers a to m (root-servers.org).
  return {"198.41.0.4",   "170.247.170.2", "192.33.4.12",  "199.7.91.13",  "192.203.230.10",
          "192.5.5.241",  "192.112.36.4",  "198.97.190.53", "192.36.148.17", "192.58.128.30",
          "193.0.14.129", "199.7.83.42",   "202.12.27.33"};
}

std::vector<std::string> GtldServers() {
  // a/b/c.gtld-servers.net (.com and .net).
  return {"192.5.6.30", "192.33.14.30", "192.26.92.30"};
}

std::vector<std::string> PublicResolvers() {
  // Google, Cloudflare, Quad9, OpenDNS.
  return {"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "208.67.222.222"};
}

}  // namespace dragnet::sim
