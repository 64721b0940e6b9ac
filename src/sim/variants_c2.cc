// Variant writers for command and control: a C2 that no longer answers, a
// fast interactive implant, DGA failover, and a stager fetched by address.
#include <fmt/format.h>

#include "sim/campaign_variants.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;

int64_t Jittered(Rng& r, double period_s, double jitter) {
  double s = period_s * (1 + jitter * (2 * r.Unit() - 1));
  return std::max<int64_t>(200000, static_cast<int64_t>(s * kSecond));
}

const std::string& Resolver(const VariantRun& run) { return run.org.hosts[run.org.dc].ip; }

}  // namespace

// TCP attempts every few seconds to tens of seconds to one address on an
// unusual port; nothing answers (S0) or the port is closed (REJ).
void EmitFailedC2(VariantRun& run) {
  Rng& t = run.timing;
  const double period = t.LogUniform(3, 40), jitter = 0.1 + t.Unit() * 0.4;
  const bool refused = run.v.flavor == 1;
  for (int64_t ts = run.v.start_us; ts < run.v.end_us && ts < run.end; ts += Jittered(t, period, jitter)) {
    double rtt = 0.02 + t.Unit() * 0.2;
    if (!run.In(ts)) continue;
    if (refused)
      run.e.Conn(ts, run.source().ip, run.e.Port(), run.v.ip, run.v.port, "tcp", "", rtt, 0, 0, "REJ", "Sr");
    else
      run.e.Conn(ts, run.source().ip, run.e.Port(), run.v.ip, run.v.port, "tcp", "", -1, 0, 0, "S0", "S");
    run.Saw(ts);
  }
}

// An interactive implant sleeping 1-10 s: hundreds of short connections to
// one rare address, over HTTPS or raw TCP, then quiet.
void EmitFastC2(VariantRun& run) {
  Rng& t = run.timing;
  const double period = t.LogUniform(1, 10), jitter = t.Unit() * 0.3;
  const std::string domain = t.Alnum(6 + static_cast<int>(t.Below(6))) + ".com";
  const std::string cert = t.Hex(40), ja3 = t.Hex(32), ja3s = t.Hex(32);
  const bool tls = run.v.flavor == 0;
  const std::string& src = run.source().ip;
  if (tls && run.In(run.v.start_us)) run.e.Dns(run.v.start_us - 40000, run.e.Uid(), src, Resolver(run), domain, "A", 1, {run.v.ip});
  for (int64_t ts = run.v.start_us; ts < run.v.end_us && ts < run.end; ts += Jittered(t, period, jitter)) {
    double dur = 0.05 + t.Unit() * 1.5;
    uint64_t up = 200 + t.Below(2500), down = 150 + t.Below(t.Chance(0.1) ? 200000 : 4000);
    if (!run.In(ts)) continue;
    std::string port = run.e.Port();
    std::string uid =
        run.e.Conn(ts, src, port, run.v.ip, run.v.port, "tcp", tls ? "ssl" : "", dur, up, down, "SF", "ShADadFf");
    if (tls) run.e.Ssl(ts + 20000, uid, src, port, run.v.ip, run.v.port, domain, cert, ja3, ja3s);
    run.Saw(ts);
  }
}

// A bot whose C2 names are gone: 2-6 random-looking names under real TLDs,
// asked thousands of times; NXDOMAIN, or no reply at all (rcode unset).
void EmitDgaFailover(VariantRun& run) {
  static const char* kTlds[] = {"com", "net", "org", "info", "ru", "biz", "top", "xyz"};
  Rng& t = run.timing;
  std::vector<std::string> names(2 + t.Below(5));
  for (auto& n : names) {
    n.assign(8 + t.Below(9), 'a');
    for (auto& c : n) c = static_cast<char>('a' + t.Below(26));
    n += std::string(".") + kTlds[t.Below(std::size(kTlds))];
  }
  const double period = 1.5 + t.Unit() * 4;
  size_t i = 0;
  for (int64_t ts = run.v.start_us; ts < run.v.end_us && ts < run.end; ts += Jittered(t, period, 0.5), ++i) {
    if (!run.In(ts)) continue;
    const std::string& name = names[i % names.size()];
    if (run.v.flavor == 0)
      run.e.Dns(ts, run.e.Uid(), run.source().ip, Resolver(run), name, "A", 1, {}, "NXDOMAIN", 3);
    else
      DnsNoReply(run, ts, name);
    run.Saw(ts);
  }
}

// Metasploit/Cobalt Strike staging: an executable fetched by address (no
// Host header, or the literal address), then a session of minutes to the
// same address on another port.
void EmitStager(VariantRun& run) {
  static const int kSessionPorts[] = {4444, 443, 8443, 4443};
  Rng& t = run.timing;
  const std::string& src = run.source().ip;
  const std::string uri = "/" + t.Alnum(4 + static_cast<int>(t.Below(5)));
  const uint64_t size = (run.v.flavor & 2) ? 73802 : 7168;
  const std::string cert = t.Hex(40), ja3 = t.Hex(32), ja3s = t.Hex(32);
  int session_port = kSessionPorts[t.Below(std::size(kSessionPorts))];
  if (session_port == run.v.port) session_port = 4444;
  int64_t ts = run.v.start_us;
  if (run.In(ts)) {
    std::string port = run.e.Port(), fuid = run.e.Fuid();
    std::string uid = run.e.Conn(ts, src, port, run.v.ip, run.v.port, "tcp", "http", 0.1 + t.Unit() * 0.4, 180,
                                 size + 205, "SF", "ShADadfF");
    std::string* row = run.buffer.Add(kHttp, ts + 20000);
    row[0] = Emitter::Time(ts + 20000);
    row[1] = uid;
    row[2] = src, row[3] = port, row[4] = run.v.ip, row[5] = std::to_string(run.v.port);
    row[6] = "1";
    row[7] = "GET";
    if (run.v.flavor & 1) row[8] = run.v.ip;  // else unset, as in the OTRF captures
    row[9] = uri;
    row[11] = "1.1";
    row[14] = "0";
    row[15] = std::to_string(size);
    row[16] = "200";
    row[17] = "OK";
    row[20] = "";
    row[27] = fuid;
    row[29] = "application/x-dosexec";
    run.e.Files(ts + 30000, fuid, uid, src, port, run.v.ip, run.v.port, "HTTP", "application/x-dosexec", "", size,
                false);
    run.Saw(ts);
  } else {
    t.Unit();  // keep the timing stream identical whichever hour is written
  }
  ts += static_cast<int64_t>(5 + t.Below(55)) * kSecond;
  const int sessions = 3 + static_cast<int>(t.Below(8));
  for (int s = 0; s < sessions && ts < run.end; ++s) {
    double dur = 20 + t.Unit() * 280;
    uint64_t up = 1000 + t.Below(50000), down = 100000 + t.Below(900000);
    if (run.In(ts)) {
      std::string port = run.e.Port();
      bool tls = session_port != 4444;
      std::string uid = run.e.Conn(ts, src, port, run.v.ip, session_port, "tcp", tls ? "ssl" : "", dur, up, down);
      if (tls) run.e.Ssl(ts + 30000, uid, src, port, run.v.ip, session_port, "", cert, ja3, ja3s);
      run.Saw(ts);
    }
    ts += static_cast<int64_t>(dur * kSecond) + static_cast<int64_t>(1 + t.Below(30)) * kSecond;
  }
}

}  // namespace dragnet::sim
