// The catalogue's IT operations: software deployment fanning out from one
// server, IT staff on remote-administration tools, backups at night and
// credentialed vulnerability scans.
#include <algorithm>

#include <fmt/format.h>

#include "sim/activity.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kHour = 3600 * kSecond;

const OrgCatalogue& Catalogue(const HourContext& h) { return h.world.catalogue[h.org_index]; }

// Copies `file` into \\TARGET\ADMIN$ and runs it as service `service` through
// the service manager: how SCCM client push, PDQ Deploy, PAExec, PsExec and
// Veeam's guest processing all start their code on a remote machine.
void AdminShareService(Emitter& e, const Host& from, const Host& to, int64_t ts, const std::string& file,
                       uint64_t size, bool delete_after) {
  std::string port = e.Port();
  std::string uid = e.Conn(ts, from.ip, port, to.ip, 445, "tcp", "smb,dce_rpc,krb", 4 + e.rng().Exponential(20),
                           size + 20000, 30000 + e.rng().Below(40000));
  std::string share = "\\\\" + to.name + "\\ADMIN$";
  e.SmbMapping(ts + 150000, uid, from.ip, port, to.ip, share, "DISK");
  e.SmbFile(ts + 300000, uid, from.ip, port, to.ip, "SMB::FILE_WRITE", share, file, size);
  std::vector<const char*> ops = {"OpenSCManagerW", "CreateServiceW", "StartServiceW"};
  if (delete_after) ops.push_back("DeleteService");
  for (const char* op : ops) e.DceRpc(ts += 250000, uid, from.ip, port, to.ip, 445, "svcctl", op, "\\pipe\\svcctl");
}

void DeployTo(Emitter& e, const HourContext& h, const Host& server, const Host& target, int64_t ts) {
  const OrgCatalogue& c = Catalogue(h);
  Rng& r = e.rng();
  if (c.deploy_tool == "sccm") {
    AdminShareService(e, server, target, ts, "ccmsetup\\ccmsetup.exe", 5800000, false);
    // The new client then fetches its package from the management point.
    std::string port = e.Port();
    int64_t t = ts + (30 + static_cast<int64_t>(r.Below(60))) * kSecond;
    std::string uid = e.Conn(t, target.ip, port, server.ip, 80, "tcp", "http", 20, 2000, 60000000);
    e.Http(t + 10000, uid, target.ip, port, server.ip, 80, "GET", server.name, "/CCM_Client/client.msi",
           "ccmsetup", 200, 0, 60000000);
  } else if (c.deploy_tool == "pdq") {
    AdminShareService(e, server, target, ts, "Admin Arsenal\\PDQDeployRunner\\PDQDeployRunner-1.exe", 1500000,
                      true);
  } else if (c.deploy_tool == "paexec") {
    AdminShareService(e, server, target, ts,
                      fmt::format("PAExec-{}-{}.exe", 1000 + r.Below(9000), server.name), 190000, true);
  } else if (c.deploy_tool == "ansible-winrm") {
    for (int k = 0; k < 3; ++k)
      e.Conn(ts + k * 4 * kSecond, server.ip, e.Port(), target.ip, 5986, "tcp", "ssl", 2 + r.Exponential(10),
             20000 + r.Below(200000), 10000 + r.Below(80000));
  } else {  // gpo: the client reads its startup script from SYSVOL and the package from NETLOGON
    std::string port = e.Port();
    std::string uid = e.Conn(ts, target.ip, port, server.ip, 445, "tcp", "smb,krb", 3 + r.Exponential(10), 4000,
                             8000000);
    std::string sysvol = "\\\\" + e.org().domain + "\\SYSVOL";
    e.SmbMapping(ts + 100000, uid, target.ip, port, server.ip, sysvol, "DISK");
    e.SmbFile(ts + 200000, uid, target.ip, port, server.ip, "SMB::FILE_OPEN", sysvol,
              e.org().domain + ".local\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\Machine\\Scripts\\Startup\\install.cmd", 900);
    std::string netlogon = "\\\\" + e.org().domain + "\\NETLOGON";
    e.SmbMapping(ts + 300000, uid, target.ip, port, server.ip, netlogon, "DISK");
    e.SmbFile(ts + 400000, uid, target.ip, port, server.ip, "SMB::FILE_OPEN", netlogon, "packages\\agent.msi", 7800000);
  }
}

int LocalDay(const HourContext& h) {
  int64_t local = h.hour_start - h.world.start_us + h.world.orgs[h.org_index].tz_offset_hours * kHour;
  return static_cast<int>((local + 86400 * kSecond) / (86400 * kSecond));  // 0: the day before the start
}

}  // namespace

void EmitDeployment(Emitter& e, const HourContext& h) {
  const OrgCatalogue& c = Catalogue(h);
  int day = LocalDay(h);
  if (h.local_hour != c.deploy_hour || day >= static_cast<int>(c.deploy_days.size()) || !c.deploy_days[day]) return;
  const Org& o = e.org();
  Rng& r = e.rng();
  int64_t ts = h.hour_start + static_cast<int64_t>(r.Unit() * 600) * kSecond;
  for (int target : c.deploy_targets) {
    DeployTo(e, h, o.hosts[c.deploy_server], o.hosts[target], ts);
    ts += (5 + static_cast<int64_t>(r.Below(40))) * kSecond;
  }
}

void EmitAdministration(Emitter& e, const HourContext& h) {
  const OrgCatalogue& c = Catalogue(h);
  if (!h.working || c.admin_targets.empty()) return;
  const Org& o = e.org();
  Rng& r = e.rng();
  for (int a : c.admins) {
    if (!r.Chance(c.admin_rate)) continue;
    const Host& admin = o.hosts[a];
    const Host& target = o.hosts[c.admin_targets[r.Below(c.admin_targets.size())]];
    if (target.ip == admin.ip) continue;
    int64_t ts = h.hour_start + static_cast<int64_t>(r.Unit() * kHour);
    std::vector<int> tools;
    if (c.admin_rdp) tools.push_back(0);
    if (c.admin_winrm) tools.push_back(1);
    if (c.admin_psexec) tools.push_back(2);
    if (tools.empty()) tools.push_back(0);
    int tool = tools[r.Below(tools.size())];
    std::string port = e.Port();
    if (tool == 0) {
      std::string uid = e.Conn(ts, admin.ip, port, target.ip, 3389, "tcp", "rdp", 300 + r.Exponential(1200),
                               200000 + r.Below(2000000), 2000000 + r.Below(20000000));
      e.Rdp(ts + 20000, uid, admin.ip, port, target.ip, admin.user, "Success");
    } else if (tool == 1) {
      e.Conn(ts, admin.ip, port, target.ip, 5985, "tcp", "http", 20 + r.Exponential(300), 8000 + r.Below(40000),
             20000 + r.Below(200000));
    } else {
      AdminShareService(e, admin, target, ts, "PSEXESVC.exe", 383320, true);
    }
  }
}

void EmitBackupAndScan(Emitter& e, const HourContext& h) {
  const OrgCatalogue& c = Catalogue(h);
  const Org& o = e.org();
  Rng& r = e.rng();
  if (h.local_hour == c.backup_hour) {
    const Host& bkp = o.hosts[c.backup];
    int64_t ts = h.hour_start + 60 * kSecond;
    for (int s : c.backup_sources) {
      const Host& src = o.hosts[s];
      std::string port = e.Port();
      uint64_t volume = 2000000000ULL + r.Below(40000000000ULL);
      if (c.backup_product == "veeam") {
        AdminShareService(e, bkp, src, ts, "VeeamVssSupport\\VeeamGuestHelper.exe", 3000000, false);
        e.Conn(ts + 30 * kSecond, bkp.ip, port, src.ip, static_cast<int>(r.Between(2500, 3300)), "tcp", "",
               1200 + r.Exponential(1200), 2000000, volume);
      } else if (c.backup_product == "backupexec") {
        e.Conn(ts, bkp.ip, port, src.ip, 10000, "tcp", "", 1200 + r.Exponential(1200), 3000000, volume);
      } else {
        std::string uid = e.Conn(ts, bkp.ip, port, src.ip, 445, "tcp", "smb,krb", 1500 + r.Exponential(900), 30000000,
                                 volume);
        std::string share = "\\\\" + src.name + "\\C$";
        e.SmbMapping(ts + 100000, uid, bkp.ip, port, src.ip, share, "DISK");
        for (int i = 0; i < 100; ++i)
          e.SmbFile(ts + 200000 + i * 5 * kSecond, uid, bkp.ip, port, src.ip, "SMB::FILE_OPEN", share,
                    fmt::format("Data\\archive\\{:04}.dat", i), 1000000 + r.Below(500000000));
      }
      ts += (120 + static_cast<int64_t>(r.Below(600))) * kSecond;
    }
  }
  bool scan_day = c.scan_weekday < 0 || c.scan_weekday == h.local_weekday;
  if (h.local_hour != c.scan_hour || !scan_day) return;
  const Host& scan = o.hosts[c.scanner];
  int64_t ts = h.hour_start + 60 * kSecond;
  for (const Host& target : o.hosts) {
    if (target.ip == scan.ip) continue;
    for (int p : c.scan_ports) {
      bool open = p == 445 ? target.role != Host::kDevice : r.Chance(0.15);
      std::string port = e.Port();
      std::string uid = e.Conn(ts, scan.ip, port, target.ip, p, "tcp", p == 445 && open ? "smb,dce_rpc" : "",
                               open ? 0.002 + r.Unit() * 0.01 : -1, 0, 0, open ? "SF" : "REJ", open ? "ShAFf" : "Sr");
      if (p == 445 && open) {
        for (const char* share : {"IPC$", "ADMIN$", "C$"})
          e.SmbMapping(ts + 1000, uid, scan.ip, port, target.ip, "\\\\" + target.name + "\\" + share,
                       share[0] == 'I' ? "PIPE" : "DISK");
        e.DceRpc(ts + 2000, uid, scan.ip, port, target.ip, 445, "svcctl", "OpenSCManagerW", "\\pipe\\svcctl");
        e.DceRpc(ts + 3000, uid, scan.ip, port, target.ip, 445, "svcctl", "EnumServicesStatusW", "\\pipe\\svcctl");
        e.DceRpc(ts + 4000, uid, scan.ip, port, target.ip, 445, "winreg", "BaseRegOpenKey", "\\pipe\\winreg");
      }
      ts += 10000 + static_cast<int64_t>(r.Below(40000));
    }
  }
}

}  // namespace dragnet::sim
