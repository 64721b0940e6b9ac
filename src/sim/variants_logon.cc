// Variant writers for brute force (RDP, SSH, Kerberos pre-authentication,
// NTLM) and port scans (horizontal and vertical) from one workstation.
#include <fmt/format.h>

#include <map>
#include <set>

#include "sim/campaign_variants.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kMs = 1000;
constexpr int64_t kSecond = 1000000;
constexpr int64_t kMinute = 60 * kSecond;

// Accounts a spraying tool tries: the org's people, then common names.
std::vector<std::string> Accounts(const VariantRun& run, Rng& t, size_t n) {
  static const char* kCommon[] = {"administrator", "admin", "guest", "backup", "svc_sql", "test", "scanner",
                                  "helpdesk", "support", "user", "sa", "operator"};
  std::vector<std::string> out;
  for (const Host& h : run.org.hosts)
    if (!h.user.empty() && out.size() < n) out.push_back(h.user);
  for (size_t i = 0; out.size() < n; ++i) out.push_back(fmt::format("{}{}", kCommon[i % std::size(kCommon)], i / std::size(kCommon) ? std::to_string(i / std::size(kCommon)) : ""));
  for (size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[t.Below(i)]);
  return out;
}

// Hosts of the org other than the source, `n` of them.
std::vector<int> Targets(const VariantRun& run, Rng& t, size_t n) {
  std::vector<int> all;
  for (size_t h = 0; h < run.org.hosts.size(); ++h)
    if (static_cast<int>(h) != run.v.host) all.push_back(static_cast<int>(h));
  for (size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[t.Below(i)]);
  all.resize(std::min(n, all.size()));
  return all;
}

void Rdp(VariantRun& run, Rng& t) {
  static const char* kCookies[] = {"", "nmap", "hello", "Administr"};
  const std::vector<int> targets = Targets(run, t, 1 + t.Below(19));
  const std::string cookie = kCookies[t.Below(std::size(kCookies))];
  const int attempts = 150 + static_cast<int>(t.Below(650));
  const int64_t gap = (run.v.end_us - run.v.start_us - 10 * kMinute) / attempts;
  int64_t ts = run.v.start_us;
  for (int a = 0; a < attempts; ++a, ts += gap / 2 + static_cast<int64_t>(t.Below(gap))) {
    const Host& target = run.org.hosts[targets[t.Below(targets.size())]];
    double dur = 0.3 + t.Unit() * 3;
    if (!run.In(ts)) continue;
    std::string port = run.e.Port();
    std::string uid = run.e.Conn(ts, run.source().ip, port, target.ip, 3389, "tcp", "rdp", dur, 1800, 1900);
    RdpRow(run, ts + 8000, uid, port, target.ip, cookie, "encrypted");
    run.Saw(ts);
  }
  // The guess that worked: a long interactive session.
  if (run.v.succeeds && run.In(ts)) {
    const Host& target = run.org.hosts[targets[0]];
    std::string port = run.e.Port();
    std::string uid = run.e.Conn(ts, run.source().ip, port, target.ip, 3389, "tcp", "rdp", 900, 800000, 9000000);
    RdpRow(run, ts + 8000, uid, port, target.ip, cookie, "encrypted");
    run.Saw(ts);
  }
}

void Ssh(VariantRun& run, Rng& t) {
  static const char* kClients[] = {"SSH-2.0-libssh_0.9.6", "SSH-2.0-Go", "SSH-2.0-paramiko_2.11.0"};
  const std::vector<int> targets = Targets(run, t, 1 + t.Below(3));
  const std::string client = kClients[t.Below(std::size(kClients))];
  const int attempts = 100 + static_cast<int>(t.Below(400));
  const int64_t gap = (run.v.end_us - run.v.start_us - 10 * kMinute) / attempts;
  int64_t ts = run.v.start_us;
  for (int a = 0; a <= attempts; ++a, ts += gap / 2 + static_cast<int64_t>(t.Below(gap))) {
    const Host& target = run.org.hosts[targets[t.Below(targets.size())]];
    int tries = 1 + static_cast<int>(t.Below(6));
    bool success = a == attempts;
    if (success && !run.v.succeeds) break;
    if (!run.In(ts)) continue;
    std::string port = run.e.Port();
    std::string uid = run.e.Conn(ts, run.source().ip, port, target.ip, 22, "tcp", "ssh", success ? 600.0 : 2.0 + tries,
                                 success ? 90000 : 1500 + 300 * tries, success ? 400000 : 2500 + 300 * tries);
    SshRow(run, ts + 200000, uid, port, target.ip, success, success ? 1 : tries, client);
    run.Saw(ts);
  }
}

// Spraying: one or two guesses per account against the DC (Kerberos AS
// pre-authentication) or file servers (NTLM).
void Spray(VariantRun& run, Rng& t, bool kerberos) {
  const std::vector<std::string> accounts = Accounts(run, t, 40 + t.Below(260));
  const std::vector<int> targets = kerberos ? std::vector<int>{run.org.dc} : Targets(run, t, 1 + t.Below(5));
  const std::string realm = run.org.domain + ".LOCAL";
  const int64_t gap = (run.v.end_us - run.v.start_us - 10 * kMinute) / static_cast<int64_t>(2 * accounts.size());
  int64_t ts = run.v.start_us;
  for (size_t i = 0; i <= accounts.size(); ++i) {
    bool success = i == accounts.size();
    if (success && !run.v.succeeds) break;
    const std::string& user = accounts[success ? 0 : i];
    int guesses = success ? 1 : 1 + static_cast<int>(t.Below(2));
    const Host& target = run.org.hosts[targets[t.Below(targets.size())]];
    for (int g = 0; g < guesses; ++g, ts += gap / 2 + static_cast<int64_t>(t.Below(gap))) {
      if (!run.In(ts)) continue;
      std::string port = run.e.Port();
      if (kerberos) {
        run.e.Kerberos(ts, run.e.Uid(), run.source().ip, port, target.ip, "AS", user + "/" + realm,
                       "krbtgt/" + realm, success, "aes256-cts-hmac-sha1-96", success ? "" : "KDC_ERR_PREAUTH_FAILED");
      } else {
        std::string uid = run.e.Conn(ts, run.source().ip, port, target.ip, 445, "tcp", "smb,ntlm", 0.05, 900, 700);
        NtlmRow(run, ts + 20 * kMs, uid, port, target, user, success);
      }
      run.Saw(ts);
    }
  }
}

// Probes of one address:port: open (SYN, SYN-ACK, RST), closed (REJ) or
// nobody there (S0).
void Probe(VariantRun& run, int64_t ts, const std::string& ip, int port, int state) {
  static const char* kState[] = {"S0", "REJ", "RSTO"};
  static const char* kHistory[] = {"S", "Sr", "ShR"};
  run.e.Conn(ts, run.source().ip, run.e.Port(), ip, port, "tcp", "", state == 0 ? -1 : 0.0004, 0, 0, kState[state],
             kHistory[state]);
}

}  // namespace

void EmitBruteForce(VariantRun& run) {
  Rng& t = run.timing;
  switch (run.v.flavor) {
    case 0: Rdp(run, t); break;
    case 1: Ssh(run, t); break;
    default: Spray(run, t, run.v.flavor == 2); break;
  }
}

// A horizontal sweep (one port over the source's /24 and the servers' /24),
// then 5-40 minutes later a vertical scan of one host (1-1024 and a few
// well-known higher ports).
void EmitScan(VariantRun& run) {
  static const int kSweepPorts[] = {445, 3389, 22, 5985, 1433, 80};
  static const int kHigh[] = {1433, 3268, 3269, 3306, 3389, 5432, 5900, 5985, 5986, 8080, 8443, 9389};
  Rng& t = run.timing;
  const int sweep_port = kSweepPorts[t.Below(std::size(kSweepPorts))];
  std::map<std::string, const Host*> by_ip;
  for (const Host& h : run.org.hosts) by_ip[h.ip] = &h;
  const std::string& src = run.source().ip;
  std::string own_net = src.substr(0, src.rfind('.') + 1), servers = run.org.prefix + "0.";
  int64_t ts = run.v.start_us;
  for (const std::string& net : {own_net, servers}) {
    if (net == servers && own_net == servers) break;
    for (int last = 1; last < 255; ++last, ts += (5 + static_cast<int64_t>(t.Below(45))) * kMs) {
      std::string ip = net + std::to_string(last);
      if (ip == src || !run.In(ts)) continue;
      auto it = by_ip.find(ip);
      int state = 0;
      if (it != by_ip.end()) {
        bool server = it->second->role != Host::kWorkstation;
        state = sweep_port == 445 || (server && (sweep_port == 3389 || sweep_port == 5985)) ? 2 : 1;
      }
      Probe(run, ts, ip, sweep_port, state);
      run.Saw(ts);
    }
  }
  ts += (5 + static_cast<int64_t>(t.Below(36))) * kMinute;
  const Host& target = run.org.hosts[run.v.target];
  const std::set<int> open = {135, 139, 445, 3389, 5985};
  std::vector<int> ports;
  for (int p = 1; p <= 1024; ++p) ports.push_back(p);
  ports.insert(ports.end(), std::begin(kHigh), std::end(kHigh));
  for (int p : ports) {
    ts += (1 + static_cast<int64_t>(t.Below(9))) * kMs;
    if (!run.In(ts)) continue;
    Probe(run, ts, target.ip, p, open.count(p) ? 2 : 1);
    run.Saw(ts);
  }
}

}  // namespace dragnet::sim
