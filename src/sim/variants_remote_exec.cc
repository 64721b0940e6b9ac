// Variant writers for remote execution and credential theft beyond PsExec:
// WMI, DCOM, scheduled tasks, SMBexec, PowerShell remoting, DCSync from a
// workstation, Zerologon, AS-REQ without pre-authentication, RC4 downgrade.
// Endpoint and operation names are those of Zeek's DCE-RPC tables
// (base/protocols/dce-rpc/consts.zeek).
#include <fmt/format.h>

#include "sim/campaign_variants.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kMs = 1000;
constexpr int64_t kSecond = 1000000;
constexpr const char* kIDispatch = "unknown-00020400-0000-0000-c000-000000000046";

struct Call {
  const char* endpoint;
  const char* operation;
};

// One TCP connection carrying DCE-RPC calls, `gap_ms` apart; returns the time after the last.
int64_t RpcConn(VariantRun& run, int64_t ts, const std::string& resp, int port, const char* service,
                const std::vector<Call>& calls, const char* pipe, int64_t gap_ms) {
  std::string oport = run.e.Port();
  double dur = 0.05 + static_cast<double>(calls.size() * gap_ms) / 1000.0;
  std::string uid = run.e.Conn(ts, run.source().ip, oport, resp, port, "tcp", service, dur,
                               2000 + 600 * calls.size(), 1500 + 900 * calls.size());
  std::string named_pipe = *pipe ? pipe : std::to_string(port);
  for (const Call& c : calls) {
    ts += gap_ms * kMs;
    run.e.DceRpc(ts, uid, run.source().ip, oport, resp, port, c.endpoint, c.operation, named_pipe.c_str());
  }
  run.Saw(ts);
  return ts;
}

int DynamicPort(Rng& t) { return 49664 + static_cast<int>(t.Below(200)); }

// The endpoint mapper, then the DCOM activation, as every DCOM/WMI client does.
int64_t Activate(VariantRun& run, int64_t ts, const std::string& target) {
  return RpcConn(run, ts, target, 135, "dce_rpc",
                 {{"epmapper", "ept_map"}, {"IRemoteSCMActivator", "RemoteCreateInstance"}}, "", 20);
}

void Wmi(VariantRun& run, Rng& t, const Host& target) {
  int64_t ts = Activate(run, run.v.start_us, target.ip);
  std::vector<Call> calls = {{"IWbemLevel1Login", "NTLMLogin"}, {"IWbemServices", "GetObject"}};
  int n = 1 + static_cast<int>(t.Below(3));
  for (int i = 0; i < n; ++i) calls.push_back({"IWbemServices", "ExecMethod"});
  run.SawTarget(run.v.target, RpcConn(run, ts + 50 * kMs, target.ip, DynamicPort(t), "dce_rpc", calls, "", 150));
}

void Dcom(VariantRun& run, Rng& t, const Host& target) {
  int64_t ts = Activate(run, run.v.start_us, target.ip);
  // Zeek's table has no IDispatch: it logs the interface UUID and the opnums
  // ([MS-OAUT]: GetIDsOfNames 5, Invoke 6).
  std::vector<Call> calls = {{"IRemUnknown2", "RemQueryInterface2"}, {kIDispatch, "unknown-5"}};
  int n = 2 + static_cast<int>(t.Below(3));
  for (int i = 0; i < n; ++i) calls.push_back({kIDispatch, "unknown-6"});
  run.SawTarget(run.v.target, RpcConn(run, ts + 50 * kMs, target.ip, DynamicPort(t), "dce_rpc", calls, "", 120));
}

// SMB to the target's IPC$, then calls over a named pipe.
void OverSmb(VariantRun& run, int64_t ts, const Host& target, const char* pipe, const std::vector<Call>& calls,
             int64_t gap_ms) {
  std::string oport = run.e.Port();
  std::string uid = run.e.Conn(ts, run.source().ip, oport, target.ip, 445, "tcp", "smb,dce_rpc,krb",
                               1.0 + static_cast<double>(calls.size() * gap_ms) / 1000.0, 6000 + 800 * calls.size(),
                               4000 + 700 * calls.size());
  run.e.SmbMapping(ts + 100 * kMs, uid, run.source().ip, oport, target.ip, "\\\\" + target.name + "\\IPC$", "PIPE");
  ts += 200 * kMs;
  for (const Call& c : calls) {
    ts += gap_ms * kMs;
    run.e.DceRpc(ts, uid, run.source().ip, oport, target.ip, 445, c.endpoint, c.operation, pipe);
  }
  run.Saw(ts);
  run.SawTarget(run.v.target, ts);
}

void ScheduledTask(VariantRun& run, const Host& target) {
  if (run.v.flavor == 0)
    OverSmb(run, run.v.start_us, target, "\\PIPE\\atsvc",
            {{"ITaskSchedulerService", "SchRpcRegisterTask"}, {"ITaskSchedulerService", "SchRpcRun"},
             {"ITaskSchedulerService", "SchRpcGetLastRunInfo"}, {"ITaskSchedulerService", "SchRpcDelete"}},
            200);
  else
    OverSmb(run, run.v.start_us, target, "\\PIPE\\atsvc", {{"atsvc", "NetrJobAdd"}}, 200);
}

// Invoke-SMBExec / impacket smbexec: one service per command, its binary
// path the command line itself, created, started and deleted; no file copied.
void SmbExec(VariantRun& run, Rng& t, const Host& target) {
  int commands = 2 + static_cast<int>(t.Below(7));
  int64_t ts = run.v.start_us;
  for (int c = 0; c < commands; ++c) {
    int64_t next = ts + static_cast<int64_t>(5 + t.Below(55)) * kSecond;
    if (run.In(ts))
      OverSmb(run, ts, target, "\\pipe\\svcctl",
              {{"svcctl", "OpenSCManagerW"}, {"svcctl", "CreateServiceW"}, {"svcctl", "StartServiceW"},
               {"svcctl", "DeleteService"}, {"svcctl", "CloseServiceHandle"}},
              40);
    ts = next;
  }
}

// PowerShell remoting: POSTs to /wsman on 5985 (HTTP) or 5986 (TLS), to
// another workstation and to the DC.
void WinRm(VariantRun& run, Rng& t) {
  const bool tls = run.v.flavor == 1;
  int64_t ts = run.v.start_us;
  for (int dest : {run.v.target, run.org.dc}) {
    const Host& h = run.org.hosts[dest];
    int conns = 2 + static_cast<int>(t.Below(5));
    for (int c = 0; c < conns; ++c) {
      int posts = 3 + static_cast<int>(t.Below(12));
      double dur = 1 + t.Unit() * 30;
      if (run.In(ts)) {
        std::string oport = run.e.Port();
        std::string uid = run.e.Conn(ts, run.source().ip, oport, h.ip, tls ? 5986 : 5985, "tcp", tls ? "ssl" : "http",
                                     dur, 4000 * posts, 6000 * posts);
        if (tls) run.e.Ssl(ts + 20 * kMs, uid, run.source().ip, oport, h.ip, 5986, "", "", "", "");
        for (int p = 0; !tls && p < posts; ++p)
          run.e.Http(ts + (p + 1) * 200 * kMs, uid, run.source().ip, oport, h.ip, 5985, "POST",
                     fmt::format("{}:5985", h.name), "/wsman", "Microsoft WinRM Client", p == 0 ? 401 : 200,
                     3000 + run.e.rng().Below(3000), p == 0 ? 0 : 2000 + run.e.rng().Below(8000));
        run.Saw(ts);
        run.SawTarget(dest, ts);
      }
      ts += static_cast<int64_t>(dur * kSecond) + static_cast<int64_t>(2 + t.Below(60)) * kSecond;
    }
  }
}

void DcSync(VariantRun& run, Rng& t) {
  const std::string& dc = run.org.hosts[run.org.dc].ip;
  int64_t ts = RpcConn(run, run.v.start_us, dc, 135, "dce_rpc", {{"epmapper", "ept_map"}}, "", 10);
  std::vector<Call> calls = {{"drsuapi", "DRSBind"}, {"drsuapi", "DRSCrackNames"}};
  int n = 1 + static_cast<int>(t.Below(20));
  for (int i = 0; i < n; ++i) calls.push_back({"drsuapi", "DRSGetNCChanges"});
  calls.push_back({"drsuapi", "DRSUnbind"});
  RpcConn(run, ts + 30 * kMs, dc, DynamicPort(t), "dce_rpc", calls, "", 80);
}

// CVE-2020-1472: hundreds to 2,000 challenge/authenticate pairs with a zero
// client credential within a minute or two, then the password reset.
void Zerologon(VariantRun& run, Rng& t) {
  const std::string& dc = run.org.hosts[run.org.dc].ip;
  const char* auth = run.v.flavor == 0 ? "NetrServerAuthenticate2" : "NetrServerAuthenticate3";
  int64_t ts = RpcConn(run, run.v.start_us, dc, 135, "dce_rpc", {{"epmapper", "ept_map"}}, "", 10);
  std::vector<Call> calls;
  int tries = 200 + static_cast<int>(t.Below(1800));
  for (int i = 0; i < tries; ++i) {
    calls.push_back({"netlogon", "NetrServerReqChallenge"});
    calls.push_back({"netlogon", auth});
  }
  calls.push_back({"netlogon", "NetrServerPasswordSet2"});
  RpcConn(run, ts + 30 * kMs, dc, DynamicPort(t), "dce_rpc", calls, "", 25);
}

// AS requests answered without pre-authentication (no PREAUTH_REQUIRED
// round first), RC4-encrypted: AS-REP roasting of several accounts.
void AsRep(VariantRun& run, Rng& t) {
  const std::string realm = run.org.domain + ".LOCAL";
  int n = 3 + static_cast<int>(t.Below(18));
  int64_t ts = run.v.start_us;
  for (int i = 0; i < n; ++i, ts += (300 + static_cast<int64_t>(t.Below(2000))) * kMs) {
    const Host& h = run.org.hosts[t.Below(run.org.hosts.size())];
    run.e.Kerberos(ts, run.e.Uid(), run.source().ip, run.e.Port(), run.org.hosts[run.org.dc].ip, "AS",
                   h.user + "/" + realm, "krbtgt/" + realm, true, "rc4-hmac");
    run.Saw(ts);
  }
}

// Overpass-the-hash (Rubeus asktgt /rc4): a TGT asked with RC4 only, then
// RC4 service tickets for the next hop -- in a domain where AES is the rule.
void Rc4Downgrade(VariantRun& run, const Host& target) {
  const std::string realm = run.org.domain + ".LOCAL";
  const std::string& dc = run.org.hosts[run.org.dc].ip;
  const std::string client = run.source().user + "/" + realm;
  int64_t ts = run.v.start_us;
  run.e.Kerberos(ts, run.e.Uid(), run.source().ip, run.e.Port(), dc, "AS", client, "krbtgt/" + realm, true, "rc4-hmac");
  for (const char* svc : {"cifs", "host"}) {
    ts += 800 * kMs;
    run.e.Kerberos(ts, run.e.Uid(), run.source().ip, run.e.Port(), dc, "TGS", client,
                   std::string(svc) + "/" + target.name + "." + realm, true, "rc4-hmac");
  }
  run.Saw(ts);
}

}  // namespace

void EmitRemoteExec(VariantRun& run) {
  Rng& t = run.timing;
  const Host& target = run.org.hosts[run.v.target];
  const std::string method = run.v.kind.substr(std::string("remote_exec_").size());
  // Every method but SMBexec and WinRM fits in the minute it starts: written
  // whole in the hour of its start.
  if (method == "smbexec") return SmbExec(run, t, target);
  if (method == "winrm") return WinRm(run, t);
  if (!run.In(run.v.start_us)) return;
  if (method == "wmi") Wmi(run, t, target);
  else if (method == "dcom") Dcom(run, t, target);
  else if (method == "schtask") ScheduledTask(run, target);
  else if (method == "dcsync") DcSync(run, t);
  else if (method == "zerologon") Zerologon(run, t);
  else if (method == "asrep") AsRep(run, t);
  else if (method == "rc4") Rc4Downgrade(run, target);
}

}  // namespace dragnet::sim
