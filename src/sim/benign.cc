// Benign life, each part a trap for a naive detector (docs/simulator.md).
#include <fmt/format.h>

#include "sim/activity.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kHour = 3600 * kSecond;

const char* kPopular[] = {
    "www.google.com", "www.microsoft.com", "login.microsoftonline.com", "outlook.office365.com",
    "teams.microsoft.com", "www.office.com", "graph.microsoft.com", "www.youtube.com", "www.linkedin.com",
    "github.com", "api.github.com", "www.wikipedia.org", "www.amazon.com", "slack.com", "zoom.us",
    "www.salesforce.com", "docs.google.com", "drive.google.com", "www.bbc.co.uk", "www.nytimes.com",
    "cdn.jsdelivr.net", "fonts.googleapis.com", "ajax.googleapis.com", "www.dropbox.com", "www.apple.com",
    "www.adobe.com", "stackoverflow.com", "www.reuters.com", "www.bloomberg.com", "www.atlassian.com"};
const char* kWords[] = {"north", "river", "stone", "bright", "maple", "harbor", "summit", "pixel", "orbit",
                        "garden", "silver", "quantum", "urban", "coastal", "prairie", "civic", "alpine", "lumen"};
const char* kTlds[] = {"com", "net", "org", "de", "fr", "co.uk", "io", "nl", "es", "it"};
const char* kCloud[] = {"{}.cloudfront.net", "{}.blob.core.windows.net", "{}.s3.amazonaws.com",
                        "{}.azureedge.net", "{}.execute-api.eu-west-1.amazonaws.com", "{}.appspot.com"};
const char* kDocs[] = {"report", "budget", "minutes", "invoice", "plan", "contract", "photo", "draft", "notes"};
const char* kExts[] = {".docx", ".xlsx", ".pdf", ".pptx", ".jpg", ".txt"};
const char* kUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";

std::string CdnIp(Rng& r, int pool) {
  // Shared CDN ranges: many sites on the same addresses.
  static const char* kPools[] = {"13.32.{}.{}", "23.212.{}.{}", "151.101.{}.{}", "104.16.{}.{}", "52.84.{}.{}"};
  return fmt::format(fmt::runtime(kPools[pool % 5]), r.Below(8), 1 + r.Below(254));
}

}  // namespace

Internet BuildInternet(uint64_t seed) {
  Internet n;
  Rng r = Rng(seed).Fork(3);
  auto site = [&](std::string domain, int pool) {
    Site s;
    s.domain = std::move(domain);
    for (int i = 0; i < 2; ++i) s.ips.push_back(CdnIp(r, pool));
    s.cert_fp = r.Hex(64);
    s.issuer = pool % 2 ? "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US"
                        : "CN=R3,O=Let's Encrypt,C=US";
    n.sites.push_back(std::move(s));
  };
  for (size_t i = 0; i < std::size(kPopular); ++i) site(kPopular[i], static_cast<int>(i));
  for (int i = 0; i < 3000; ++i) {
    int k = static_cast<int>(r.Below(10));
    std::string d;
    if (k == 0) {
      d = fmt::format(fmt::runtime(kCloud[r.Below(std::size(kCloud))]), r.Alnum(14));
    } else {
      d = std::string(k < 5 ? "www." : "") + kWords[r.Below(std::size(kWords))] + kWords[r.Below(std::size(kWords))] +
          "." + kTlds[r.Below(std::size(kTlds))];
    }
    site(d, static_cast<int>(r.Below(5)));
  }
  for (int i = 0; i < 4; ++i) n.ntp_servers.push_back(fmt::format("162.159.200.{}", 1 + i * 122));
  for (int i = 0; i < 3; ++i) n.vpn_servers.push_back(fmt::format("146.112.{}.{}", 60 + i, 10 + r.Below(200)));
  n.cloud_sync_ip = CdnIp(r, 7);
  n.cloud_sync_cert = r.Hex(64);
  for (size_t i = 0; i < kPeriodicServices.size(); ++i) {
    n.periodic_ips.push_back(CdnIp(r, static_cast<int>(i)));
    n.periodic_certs.push_back(r.Hex(64));
  }
  for (int i = 0; i < 6; ++i) n.browser_ja3.push_back(r.Hex(32));
  n.ja3s = r.Hex(32);
  return n;
}

void OrgState::Saw(int host, const std::string& role, int64_t ts) {
  for (auto& s : stages) {
    if (s.host == host && s.role == role) {
      s.first = std::min(s.first, ts);
      s.last = std::max(s.last, ts);
      return;
    }
  }
  stages.push_back(StageSeen{host, role, ts, ts});
}

namespace {

void Browse(Emitter& e, const HourContext& h, const Host& host, int64_t ts) {
  Rng& r = e.rng();
  const Org& o = e.org();
  const Site& s = h.net.sites[r.Skewed(h.net.sites.size())];
  const std::string& ip = s.ips[r.Below(s.ips.size())];
  const std::string& resolver = o.hosts[o.resolver].ip;
  std::string port = e.Port();
  if (r.Chance(0.5)) e.Dns(ts - 20000, e.Uid(), host.ip, resolver, s.domain, "A", 1, {ip});
  if (r.Chance(0.85)) {
    std::string uid = e.Conn(ts, host.ip, port, ip, 443, "tcp", "ssl", 0.2 + r.Exponential(8),
                             300 + r.Below(3000), 2000 + r.Below(400000));
    bool resumed = r.Chance(0.3);
    e.Ssl(ts + 15000, uid, host.ip, port, ip, 443, s.domain, s.cert_fp,
          h.net.browser_ja3[r.Below(h.net.browser_ja3.size())], h.net.ja3s, resumed);
    if (!resumed && r.Chance(0.15)) e.X509(ts + 16000, s.cert_fp, s.domain, s.issuer, {s.domain});
  } else {
    uint64_t len = 500 + r.Below(90000);
    std::string uid = e.Conn(ts, host.ip, port, ip, 80, "tcp", "http", 0.05 + r.Exponential(1), 400 + r.Below(600),
                             len + 300);
    std::string fuid = r.Chance(0.4) ? e.Fuid() : "";
    std::string uri = fmt::format("/{}/{}.html", kWords[r.Below(std::size(kWords))], r.Below(1000));
    e.Http(ts + 10000, uid, host.ip, port, ip, 80, "GET", s.domain, uri, kUserAgent, 200, 0, len, fuid, "text/html");
    if (!fuid.empty())
      e.Files(ts + 20000, fuid, uid, host.ip, port, ip, 80, "HTTP", "text/html", "", len, false);
  }
}

void Periodic(Emitter& e, const HourContext& h, const Host& host, int service, int64_t ts) {
  const PeriodicService& ps = kPeriodicServices[service];
  const Org& o = e.org();
  Rng& r = e.rng();
  std::string port = e.Port();
  if (std::string_view(ps.name) == "ntp") {
    e.Conn(ts, host.ip, "123", h.net.ntp_servers[r.Below(h.net.ntp_servers.size())], 123, "udp", "ntp", 0.03, 48, 48,
           "SF", "Dd");
    return;
  }
  if (std::string_view(ps.name) == "monitoring-agent") {
    e.Conn(ts, host.ip, port, o.hosts[6].ip, ps.port, "tcp", "", 0.01 + r.Unit() * 0.01, 180 + r.Below(40),
           90 + r.Below(20));
    return;
  }
  const std::string& ip = h.net.periodic_ips[service];
  if (r.Chance(0.2)) e.Dns(ts - 10000, e.Uid(), host.ip, o.hosts[o.resolver].ip, ps.domain, "A", 1, {ip});
  std::string uid = e.Conn(ts, host.ip, port, ip, ps.port, "tcp", ps.service, 0.3 + r.Unit() * 0.2,
                           600 + r.Below(200), 4000 + r.Below(800));
  e.Ssl(ts + 20000, uid, host.ip, port, ip, ps.port, ps.domain, h.net.periodic_certs[service],
        h.net.browser_ja3[0], h.net.ja3s);
}

void FileShareWork(Emitter& e, const HourContext& h, const Host& host, int64_t ts) {
  Rng& r = e.rng();
  const Org& o = e.org();
  const std::string& fs = o.hosts[o.file_server].ip;
  std::string port = e.Port();
  std::string uid = e.Conn(ts, host.ip, port, fs, 445, "tcp", "smb,gssapi,krb", 30 + r.Exponential(300),
                           20000 + r.Below(2000000), 50000 + r.Below(5000000));
  e.SmbMapping(ts + 50000, uid, host.ip, port, fs, e.org().Share("Shared"), "DISK");
  int files = static_cast<int>(1 + r.Below(8));
  for (int i = 0; i < files; ++i) {
    std::string name = fmt::format("{}\\{}_{}{}", kWords[r.Below(std::size(kWords))], kDocs[r.Below(std::size(kDocs))],
                                   r.Below(100), kExts[r.Below(std::size(kExts))]);
    const char* action = r.Chance(0.7) ? "SMB::FILE_OPEN" : "SMB::FILE_WRITE";
    e.SmbFile(ts + 100000 + i * 2000000, uid, host.ip, port, fs, action, e.org().Share("Shared"), name, 10000 + r.Below(5000000));
  }
  // Saving an Office document on the share (catalogue): temporary-file renames.
  if (h.world.catalogue_on() && r.Chance(h.world.catalogue[h.org_index].office_share))
    EmitOfficeSave(e, uid, host, port, ts + 20000000);
  // A user renaming a few photos: a trap for rename-based ransomware detection.
  if (r.Chance(0.05)) {
    for (int i = 0; i < 12; ++i) {
      std::string old_name = fmt::format("Photos\\IMG_{:04}.jpg", 1000 + i);
      std::string new_name = fmt::format("Photos\\holiday_{:02}.jpg", i);
      e.SmbFile(ts + 30000000 + i * 1500000, uid, host.ip, port, fs, "SMB::FILE_RENAME", e.org().Share("Shared"), new_name,
                2000000, old_name);
    }
  }
}

void AdminPsExec(Emitter& e, const Host& admin, const Host& target, int64_t ts) {
  if (admin.ip == target.ip) return;
  std::string port = e.Port();
  std::string uid = e.Conn(ts, admin.ip, port, target.ip, 445, "tcp", "smb,dce_rpc,krb", 8.0, 420000, 60000);
  e.SmbMapping(ts + 200000, uid, admin.ip, port, target.ip, "\\\\" + target.name + "\\ADMIN$", "DISK");
  e.SmbFile(ts + 400000, uid, admin.ip, port, target.ip, "SMB::FILE_WRITE", "\\\\" + target.name + "\\ADMIN$",
            "PSEXESVC.exe", 383320);
  for (const char* op : {"OpenSCManagerW", "CreateServiceW", "StartServiceW"})
    e.DceRpc(ts += 300000, uid, admin.ip, port, target.ip, 445, "svcctl", op, "\\pipe\\svcctl");
}

void DayStartLogon(Emitter& e, const Host& host, int64_t ts) {
  const Org& o = e.org();
  const std::string& dc = o.hosts[o.dc].ip;
  std::string realm = o.domain + ".LOCAL";
  e.Kerberos(ts, e.Uid(), host.ip, e.Port(), dc, "AS", host.user + "/" + realm, "krbtgt/" + realm, true,
             "aes256-cts-hmac-sha1-96");
  for (const std::string& svc : {"cifs/" + o.hosts[o.file_server].name, "ldap/" + o.hosts[o.dc].name, "host/" + host.name}) {
    std::string service = svc + "." + realm;
    e.Kerberos(ts + 200000, e.Uid(), host.ip, e.Port(), dc, "TGS", host.user + "/" + realm, service, true,
               "aes256-cts-hmac-sha1-96");
  }
  std::string port = e.Port();
  std::string uid = e.Conn(ts + 300000, host.ip, port, dc, 445, "tcp", "smb,dce_rpc", 0.4, 3000, 5000);
  e.DceRpc(ts + 310000, uid, host.ip, port, dc, 445, "lsarpc", "LsarLookupSids3", "\\pipe\\lsass");
  e.DceRpc(ts + 320000, uid, host.ip, port, dc, 445, "netlogon", "NetrLogonSamLogonEx", "\\pipe\\lsass");
}

}  // namespace

void EmitBenignHour(Emitter& e, const HourContext& h, OrgState& state) {
  const Org& o = e.org();
  Rng& r = e.rng();
  const int64_t end = h.hour_start + kHour;
  const bool catalogue = h.world.catalogue_on();
  if (state.periodic_next.empty()) {
    state.periodic_next.resize(o.hosts.size());
    for (size_t i = 0; i < o.hosts.size(); ++i)
      for (int s : o.hosts[i].periodic)
        state.periodic_next[i].push_back(h.hour_start + static_cast<int64_t>(r.Unit() * kPeriodicServices[s].period_s * kSecond));
  }
  for (size_t hi = 0; hi < o.hosts.size(); ++hi) {
    const Host& host = o.hosts[hi];
    bool person = host.role == Host::kWorkstation || host.role == Host::kAdminWorkstation;
    // Periodic software, on whether anyone is at work or not.
    for (size_t k = 0; k < host.periodic.size(); ++k) {
      int s = host.periodic[k];
      int64_t& next = state.periodic_next[hi][k];
      while (next < end) {
        Periodic(e, h, host, s, next);
        double period = kPeriodicServices[s].period_s;
        double jittered = period * (1 + kPeriodicServices[s].jitter * (2 * r.Unit() - 1) * 1.7320508);
        next += static_cast<int64_t>(jittered * kSecond);
      }
    }
    if (!person) continue;
    // Browsing: busy in working hours, a trickle otherwise.
    int sessions = h.working ? static_cast<int>(r.Between(10, 30)) : (r.Chance(0.2) ? 1 : 0);
    for (int i = 0; i < sessions; ++i) Browse(e, h, host, h.hour_start + static_cast<int64_t>(r.Unit() * kHour));
    if (h.working && h.local_hour == o.work_start) DayStartLogon(e, host, h.hour_start + static_cast<int64_t>(r.Unit() * 0.5 * kHour));
    if (h.working && r.Chance(0.3)) FileShareWork(e, h, host, h.hour_start + static_cast<int64_t>(r.Unit() * 0.9 * kHour));
    if (h.working && hi % 23 == 0) {  // a legacy application still on NTLM
      std::string port = e.Port();
      std::string uid = e.Conn(h.hour_start + 600 * kSecond, host.ip, port, o.hosts[o.file_server].ip, 445, "tcp",
                               "smb,ntlm", 1.0, 2000, 3000);
      e.Ntlm(h.hour_start + 600 * kSecond + 10000, uid, host.ip, port, o.hosts[o.file_server].ip, host.user, host.name, true);
    }
    // Typos and stale names: NXDOMAIN answers that are not a DGA.
    if (h.working && r.Chance(0.15)) {
      std::string typo = h.net.sites[r.Skewed(h.net.sites.size())].domain;
      size_t at = r.Below(typo.find('.') == std::string::npos ? typo.size() : typo.find('.'));
      typo.insert(at, 1, typo[at]);
      e.Dns(h.hour_start + static_cast<int64_t>(r.Unit() * kHour), e.Uid(), host.ip, o.hosts[o.resolver].ip, typo, "A", 1,
            {}, "NXDOMAIN", 3);
    }
    if (catalogue) continue;  // the catalogue has its own administration, sync and sessions
    // Admin RDP from the IT subnet.
    if (host.role == Host::kAdminWorkstation && h.working && r.Chance(0.4)) {
      int target = static_cast<int>(r.Below(8));
      int64_t ts = h.hour_start + static_cast<int64_t>(r.Unit() * kHour);
      std::string port = e.Port();
      std::string uid = e.Conn(ts, host.ip, port, o.hosts[target].ip, 3389, "tcp", "rdp", 600 + r.Exponential(900),
                               200000 + r.Below(2000000), 2000000 + r.Below(20000000));
      e.Rdp(ts + 20000, uid, host.ip, port, o.hosts[target].ip, host.user, "Success");
    }
    // Admin tools from the IT subnet: PsExec to patch a server, WinRM
    // sessions (lateral_movement's look-alikes, learned as routine).
    if (host.role == Host::kAdminWorkstation && h.working && r.Chance(0.15))
      AdminPsExec(e, host, o.hosts[r.Below(8)], h.hour_start + static_cast<int64_t>(r.Unit() * kHour));
    if (host.role == Host::kAdminWorkstation && h.working && r.Chance(0.2)) {
      const Host& target = o.hosts[r.Below(8)];
      e.Conn(h.hour_start + static_cast<int64_t>(r.Unit() * kHour), host.ip, e.Port(), target.ip, 5985, "tcp", "http",
             20 + r.Exponential(120), 8000 + r.Below(40000), 20000 + r.Below(200000));
    }
    // File sync to a cloud service a quarter of the staff use: small uploads,
    // now and then a large one (a video, a dataset) -- exfiltration's look-alike.
    if (hi % 4 == 1 && h.working && r.Chance(0.3)) {
      bool large = r.Chance(0.03);
      int64_t ts = h.hour_start + static_cast<int64_t>(r.Unit() * kHour);
      std::string port = e.Port();
      uint64_t up = large ? 300000000 + r.Below(1700000000) : 1000000 + r.Below(30000000);
      std::string uid = e.Conn(ts, host.ip, port, h.net.cloud_sync_ip, 443, "tcp", "ssl", 5 + up / 4000000.0, up,
                               20000 + r.Below(200000));
      e.Ssl(ts + 20000, uid, host.ip, port, h.net.cloud_sync_ip, 443, "upload.syncbox-cloud.com",
            h.net.cloud_sync_cert, h.net.browser_ja3[0], h.net.ja3s);
    }
    // Long-lived VPN / streaming connection, logged when it closes each hour.
    if (host.streams && h.working) {
      const std::string& vpn = h.net.vpn_servers[hi % h.net.vpn_servers.size()];
      e.Conn(h.hour_start + 5 * kSecond, host.ip, e.Port(), vpn, 443, "tcp", "ssl", 3580 + r.Unit() * 10,
             5000000 + r.Below(20000000), 200000000 + r.Below(800000000));
    }
  }
  // Domain controllers replicate from each other (DRSGetNCChanges between DCs is normal).
  for (int from : {0, 1}) {
    int64_t ts = h.hour_start + (900 + 1200 * from) * kSecond;
    const std::string& a = o.hosts[1 - from].ip;
    const std::string& b = o.hosts[from].ip;
    std::string port = e.Port();
    std::string uid = e.Conn(ts, a, port, b, 49667, "tcp", "dce_rpc", 2.5, 40000, 900000);
    e.DceRpc(ts + 5000, uid, a, port, b, 49667, "drsuapi", "DRSGetNCChanges", "49667");
  }
  if (catalogue) {
    EmitCatalogueHour(e, h, state);
    return;
  }
  // Nightly backup: the backup server reads the file server through C$.
  if (h.local_hour == 1) {
    const Host& bkp = o.hosts[o.backup_server];
    const std::string& fs = o.hosts[o.file_server].ip;
    int64_t ts = h.hour_start + 60 * kSecond;
    std::string port = e.Port();
    std::string uid = e.Conn(ts, bkp.ip, port, fs, 445, "tcp", "smb,gssapi,krb", 3300, 50000000, 30000000000ULL);
    e.SmbMapping(ts + 100000, uid, bkp.ip, port, fs, e.org().Share("C$"), "DISK");
    for (int i = 0; i < 400; ++i)
      e.SmbFile(ts + 200000 + i * 8 * kSecond, uid, bkp.ip, port, fs, "SMB::FILE_OPEN", e.org().Share("C$"),
                fmt::format("Shares\\Shared\\{}\\{}_{}{}", kWords[i % std::size(kWords)], kDocs[i % std::size(kDocs)], i,
                            kExts[i % std::size(kExts)]),
                100000 + r.Below(50000000));
  }
  // The vulnerability scanner sweeps every host at 02:00 local, with
  // credentials: on open SMB it checks the admin shares, the service manager
  // and the registry (lateral_movement's look-alike: no code is run).
  if (h.local_hour == 2) {
    const Host& scan = o.hosts[o.scanner];
    int64_t ts = h.hour_start + 120 * kSecond;
    for (size_t i = 0; i < o.hosts.size(); ++i) {
      if (static_cast<int>(i) == o.scanner) continue;
      const Host& target = o.hosts[i];
      for (int p : {22, 80, 135, 139, 443, 445, 3389, 5985}) {
        bool open = (p == 445 || p == 135) || r.Chance(0.2);
        std::string port = e.Port();
        std::string uid = e.Conn(ts, scan.ip, port, target.ip, p, "tcp", p == 445 ? "smb,dce_rpc" : "",
                                 open ? 0.002 : -1, 0, 0, open ? "SF" : "REJ", open ? "ShAFf" : "Sr");
        if (p == 445) {
          for (const char* share : {"IPC$", "ADMIN$", "C$"})
            e.SmbMapping(ts + 1000, uid, scan.ip, port, target.ip, "\\\\" + target.name + "\\" + share,
                         share[0] == 'I' ? "PIPE" : "DISK");
          e.DceRpc(ts + 2000, uid, scan.ip, port, target.ip, 445, "svcctl", "OpenSCManagerW", "\\pipe\\svcctl");
          e.DceRpc(ts + 3000, uid, scan.ip, port, target.ip, 445, "svcctl", "EnumServicesStatusW", "\\pipe\\svcctl");
          e.DceRpc(ts + 4000, uid, scan.ip, port, target.ip, 445, "winreg", "BaseRegOpenKey", "\\pipe\\winreg");
        }
        ts += 20000 + static_cast<int64_t>(r.Below(30000));
      }
    }
  }
}

}  // namespace dragnet::sim
