// The hidden campaign: implants beaconing to actor infrastructure, and the
// ransomed victim's kill chain (docs/simulator.md).
#include <fmt/format.h>

#include "sim/activity.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kHour = 3600 * kSecond;

const char* kSpns[] = {"MSSQLSvc/sql01", "MSSQLSvc/sql02", "HTTP/intranet", "HTTP/sharepoint", "exchangeMDB/mail01",
                       "FIMService/fim01", "kadmin/changepw", "TERMSRV/rds01", "WSMAN/app01", "HOST/backup01",
                       "CIFS/nas01", "MSSQLSvc/report01", "HTTP/jira", "HTTP/confluence", "SAP/erp01",
                       "MSSQLSvc/hr01", "ldap/legacy01", "HTTP/crm", "MSSQLSvc/fin01", "HTTP/tableau",
                       "oracle/db01", "HTTP/gitlab", "MSSQLSvc/ops01", "HTTP/wsus", "HTTP/vcenter"};
const char* kFolders[] = {"Finance", "HR", "Legal", "Sales", "Projects", "Board", "IT", "Marketing", "Payroll",
                          "Contracts", "Engineering", "Procurement"};
const char* kDocs[] = {"report", "budget", "minutes", "invoice", "plan", "contract", "salaries", "offer", "design"};
const char* kExts[] = {".docx", ".xlsx", ".pdf", ".pptx"};

std::string Base32(Rng& r, int n) {
  static const char kB32[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string s(static_cast<size_t>(n), 'a');
  for (auto& c : s) c = kB32[r.Below(32)];
  return s;
}

void Beacon(Emitter& e, const Implant& im, const Cluster& c, int64_t ts, OrgState& state) {
  const Org& o = e.org();
  const Host& host = o.hosts[im.host];
  Rng& r = e.rng();
  const std::string& resolver = o.hosts[o.resolver].ip;
  state.Saw(im.host, "implant", ts);
  if (c.kind == "dns-tunnel") {
    // Only the resolver talks to the tunnel's server: the host never connects.
    int queries = static_cast<int>(1 + r.Below(4));
    for (int q = 0; q < queries; ++q) {
      std::string name = Base32(r, 40) + "." + Base32(r, 12) + "." + c.domains[0];
      e.Dns(ts + q * 150000, e.Uid(), host.ip, resolver, name, "TXT", 16, {"\"" + Base32(r, 60) + "\""});
    }
    // Now and then the client resolves the tunnel's server itself.
    if (r.Chance(0.1)) e.Dns(ts + 900000, e.Uid(), host.ip, resolver, "ns1." + c.domains[0], "A", 1, {c.ips[0]});
    return;
  }
  const std::string& ip = c.ips[r.Below(c.ips.size())];
  const std::string& domain = c.domains[r.Below(c.domains.size())];
  std::string port = e.Port();
  if (r.Chance(0.1)) e.Dns(ts - 30000, e.Uid(), host.ip, resolver, domain, "A", 1, {ip});
  if (c.kind == "https-c2") {
    std::string uid = e.Conn(ts, host.ip, port, ip, 443, "tcp", "ssl", 0.4 + r.Unit() * 0.3, 380 + r.Below(60),
                             1500 + r.Below(200));
    e.Ssl(ts + 25000, uid, host.ip, port, ip, 443, domain, c.cert_sha1, c.ja3, c.ja3s);
    if (r.Chance(0.05)) e.X509(ts + 26000, c.cert_sha1, domain, c.cert_issuer, {domain});
  } else {  // http-c2
    std::string uid = e.Conn(ts, host.ip, port, ip, 80, "tcp", "http", 0.2 + r.Unit() * 0.2, 320 + r.Below(40),
                             240 + r.Below(40));
    e.Http(ts + 10000, uid, host.ip, port, ip, 80, "GET", domain, fmt::format("/api/v2/{}/status", r.Hex(8)),
           c.user_agent, 200, 0, 32);
  }
}

// Each hour a DGA implant tries generated names until one resolves: most do
// not exist; the C2's own name answers.
void DgaLookups(Emitter& e, const Implant& im, const Cluster& c, int64_t hour_start) {
  static const char kLetters[] = "abcdefghijklmnopqrstuvwxyz";
  static const char* kTlds[] = {"com", "net", "org", "info", "biz"};
  const Org& o = e.org();
  Rng& r = e.rng();
  const std::string& host = o.hosts[im.host].ip;
  const std::string& resolver = o.hosts[o.resolver].ip;
  int64_t ts = hour_start + static_cast<int64_t>(r.Below(600)) * kSecond;
  int tries = static_cast<int>(8 + r.Below(8));
  for (int i = 0; i < tries; ++i) {
    std::string label(static_cast<size_t>(10 + r.Below(7)), 'a');
    for (auto& ch : label) ch = kLetters[r.Below(26)];
    e.Dns(ts, e.Uid(), host, resolver, label + "." + kTlds[r.Below(std::size(kTlds))], "A", 1, {}, "NXDOMAIN", 3);
    ts += static_cast<int64_t>(200 + r.Below(800)) * 1000;
  }
  e.Dns(ts, e.Uid(), host, resolver, c.domains[0], "A", 1, {c.ips[0]});
}

void Implants(Emitter& e, const HourContext& h, OrgState& state) {
  const World& w = h.world;
  Rng& r = e.rng();
  const int64_t end = h.hour_start + kHour;
  if (state.implant_next.empty()) state.implant_next.assign(w.implants.size(), -1);
  for (size_t i = 0; i < w.implants.size(); ++i) {
    const Implant& im = w.implants[i];
    if (im.org != h.org_index) continue;
    int64_t start = w.start_us + im.start_hour * kHour;
    if (w.ransom.org == im.org && im.host == w.ransom.patient_zero) start = w.ransom.t_implant;
    if (end <= start) continue;
    int64_t& next = state.implant_next[i];
    if (next < 0) next = start;
    int hour_index = static_cast<int>((h.hour_start - w.start_us) / kHour);
    bool asleep = im.sleep_start_h >= 0 && hour_index >= im.sleep_start_h && hour_index < im.sleep_start_h + im.sleep_hours;
    const Cluster& cluster = w.clusters[im.cluster];
    if (h.hour_start >= start && !asleep) {
      if (im.dga) DgaLookups(e, im, cluster, h.hour_start);
      if (im.tunnel_session) {
        const Host& host = e.org().hosts[im.host];
        e.Conn(h.hour_start + 2 * kSecond, host.ip, e.Port(), cluster.ips[0], 443, "tcp", "ssl", 3590 + r.Unit() * 5,
               200000 + r.Below(100000), 400000 + r.Below(200000));
        state.Saw(im.host, "implant", h.hour_start + 2 * kSecond);
      }
    }
    while (next < end) {
      bool skip = asleep || (im.working_hours_only && !h.working) || r.Chance(im.miss_rate);
      if (!skip && next >= h.hour_start) Beacon(e, im, w.clusters[im.cluster], next, state);
      double jittered = im.period_s * (1 + im.jitter * (2 * r.Unit() - 1));
      next += std::max<int64_t>(kSecond, static_cast<int64_t>(jittered * kSecond));
    }
  }
}

bool InHour(int64_t t, const HourContext& h) { return t >= h.hour_start && t < h.hour_start + kHour; }

void Ransom(Emitter& e, const HourContext& h, OrgState& state) {
  const RansomPlan& p = h.world.ransom;
  if (p.org != h.org_index) return;
  const Org& o = e.org();
  Rng& r = e.rng();
  const Host& pz = o.hosts[p.patient_zero];
  const std::string realm = o.domain + ".LOCAL";
  const std::string& dc = o.hosts[o.dc].ip;
  // Lateral movement: admin shares, remote service creation, RDP.
  if (InHour(p.t_lateral, h)) {
    int64_t ts = p.t_lateral;
    for (int t : p.lateral_targets) {
      const Host& target = o.hosts[t];
      std::string port = e.Port();
      e.Kerberos(ts, e.Uid(), pz.ip, e.Port(), dc, "TGS", pz.user + "/" + realm, "cifs/" + target.name + "." + realm,
                 true, "aes256-cts-hmac-sha1-96");
      std::string uid = e.Conn(ts + 100000, pz.ip, port, target.ip, 445, "tcp", "smb,dce_rpc,krb", 12.0, 480000, 90000);
      e.SmbMapping(ts + 200000, uid, pz.ip, port, target.ip, "\\\\" + target.name + "\\ADMIN$", "DISK");
      e.SmbFile(ts + 400000, uid, pz.ip, port, target.ip, "SMB::FILE_WRITE", "\\\\" + target.name + "\\ADMIN$",
                "PSEXESVC.exe", 383320);
      e.SmbMapping(ts + 600000, uid, pz.ip, port, target.ip, "\\\\" + target.name + "\\IPC$", "PIPE");
      for (const char* op : {"OpenSCManagerW", "CreateServiceW", "StartServiceW"}) {
        e.DceRpc(ts + 800000, uid, pz.ip, port, target.ip, 445, "svcctl", op, "\\pipe\\svcctl");
        ts += 300000;
      }
      state.Saw(t, "lateral_target", ts);
      state.Saw(p.patient_zero, "lateral_source", ts);
      ts += static_cast<int64_t>((120 + r.Below(180)) * kSecond);
    }
    const Host& rdp = o.hosts[p.rdp_target];
    std::string port = e.Port();
    std::string uid = e.Conn(ts, pz.ip, port, rdp.ip, 3389, "tcp", "rdp", 1800, 900000, 12000000);
    e.Rdp(ts + 30000, uid, pz.ip, port, rdp.ip, "adm.it1", "Success");
    state.Saw(p.rdp_target, "lateral_target", ts);
  }
  // Kerberoasting: RC4 service tickets for many SPNs within a minute.
  if (InHour(p.t_kerberoast, h)) {
    int64_t ts = p.t_kerberoast;
    for (const char* spn : kSpns) {
      e.Kerberos(ts, e.Uid(), pz.ip, e.Port(), dc, "TGS", pz.user + "/" + realm, std::string(spn) + "." + realm, true,
                 "rc4-hmac");
      ts += static_cast<int64_t>(1 + r.Below(3)) * kSecond;
    }
    state.Saw(p.patient_zero, "kerberoasting", ts);
    // AS-REP roasting: AS requests without pre-authentication for the
    // accounts that allow it, answered with RC4.
    for (int k = 0; k < 8; ++k) {
      e.Kerberos(ts, e.Uid(), pz.ip, e.Port(), dc, "AS", fmt::format("svc_legacy{}/{}", k, realm), "krbtgt/" + realm,
                 true, "rc4-hmac");
      ts += static_cast<int64_t>(1 + r.Below(2)) * kSecond;
    }
    state.Saw(p.patient_zero, "asrep_roasting", ts);
  }
  // DCSync: the patient zero asks the domain controller to replicate secrets.
  if (InHour(p.t_dcsync, h)) {
    std::string port = e.Port();
    std::string uid = e.Conn(p.t_dcsync, pz.ip, port, dc, 49667, "tcp", "dce_rpc", 4.0, 60000, 2400000);
    e.DceRpc(p.t_dcsync + 5000, uid, pz.ip, port, dc, 49667, "drsuapi", "DRSBind", "49667");
    e.DceRpc(p.t_dcsync + 9000, uid, pz.ip, port, dc, 49667, "drsuapi", "DRSGetNCChanges", "49667");
    state.Saw(p.patient_zero, "dcsync", p.t_dcsync);
  }
  // Staging: the staging host pulls the file server's data.
  if (InHour(p.t_staging, h)) {
    const Host& st = o.hosts[p.staging];
    const std::string& fs = o.hosts[o.file_server].ip;
    int64_t ts = p.t_staging;
    std::string port = e.Port();
    std::string uid = e.Conn(ts, st.ip, port, fs, 445, "tcp", "smb,krb", 1500, 30000000, 4200000000ULL);
    e.SmbMapping(ts + 100000, uid, st.ip, port, fs, e.org().Share("Shared"), "DISK");
    for (int i = 0; i < 600; ++i)
      e.SmbFile(ts + 200000 + i * 2 * kSecond, uid, st.ip, port, fs, "SMB::FILE_OPEN", e.org().Share("Shared"),
                fmt::format("{}\\{}_{}{}", kFolders[i % std::size(kFolders)], kDocs[i % std::size(kDocs)], i,
                            kExts[i % std::size(kExts)]),
                200000 + r.Below(20000000));
    state.Saw(p.staging, "staging", ts);
  }
  // Exfiltration to a rare external address.
  if (InHour(p.t_exfil, h) && p.exfil_cluster >= 0) {
    const Host& st = o.hosts[p.staging];
    const Cluster& c = h.world.clusters[p.exfil_cluster];
    int64_t ts = p.t_exfil;
    for (int i = 0; i < 4; ++i) {
      std::string port = e.Port();
      std::string uid = e.Conn(ts, st.ip, port, c.ips[0], 443, "tcp", "ssl", 580, 1000000000 + r.Below(100000000),
                               2000000 + r.Below(100000));
      e.Ssl(ts + 20000, uid, st.ip, port, c.ips[0], 443, "", r.Hex(64), r.Hex(32), r.Hex(32));
      state.Saw(p.staging, "exfiltration", ts);
      ts += 600 * kSecond;
    }
  }
  // Encryption over SMB: renames to the new extension, notes in every folder.
  if (InHour(p.t_encrypt, h)) {
    const std::string& fs = o.hosts[o.file_server].ip;
    int64_t ts = p.t_encrypt;
    for (int enc : p.encrypting) {
      const Host& host = o.hosts[enc];
      std::string port = e.Port();
      std::string uid = e.Conn(ts, host.ip, port, fs, 445, "tcp", "smb,krb", 900, 900000000, 40000000);
      e.SmbMapping(ts + 100000, uid, host.ip, port, fs, e.org().Share("Shared"), "DISK");
      int64_t t = ts + 500000;
      for (size_t f = 0; f < std::size(kFolders); ++f) {
        for (int k = 0; k < 15; ++k) {
          std::string name = fmt::format("{}\\{}_{}{}", kFolders[f], kDocs[k % std::size(kDocs)], k + 100 * enc,
                                         kExts[k % std::size(kExts)]);
          if (enc == p.staging) {
            // Write-then-delete: an encrypted copy beside the original, then the original goes.
            e.SmbFile(t, uid, host.ip, port, fs, "SMB::FILE_WRITE", e.org().Share("Shared"), name + p.extension,
                      500000 + r.Below(4000000));
            e.SmbFile(t + 200000, uid, host.ip, port, fs, "SMB::FILE_DELETE", e.org().Share("Shared"), name, 0);
          } else {
            e.SmbFile(t, uid, host.ip, port, fs, "SMB::FILE_WRITE", e.org().Share("Shared"), name, 500000 + r.Below(4000000));
            e.SmbFile(t + 200000, uid, host.ip, port, fs, "SMB::FILE_RENAME", e.org().Share("Shared"), name + p.extension,
                      500000, name);
          }
          t += static_cast<int64_t>((400 + r.Below(800)) * 1000);
        }
        e.SmbFile(t, uid, host.ip, port, fs, "SMB::FILE_WRITE", e.org().Share("Shared"),
                  std::string(kFolders[f]) + "\\" + p.note_name, 2048);
      }
      state.Saw(enc, "encryption", ts);
      state.Saw(enc, "encryption", t);
      ts += 90 * kSecond;
    }
  }
}

}  // namespace

void EmitCampaignHour(Emitter& e, const HourContext& h, OrgState& state) {
  if (!h.world.options.campaign) return;
  Implants(e, h, state);
  Ransom(e, h, state);
}

}  // namespace dragnet::sim
