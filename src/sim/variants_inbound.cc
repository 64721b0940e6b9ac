// Variant writer for an intrusion that comes in from outside (issue 15 item
// 4, the case it names: "a public server polled from one outside address
// every few minutes over HTTP with an empty Host header and a bizarre user
// agent, while an SSH session stayed open for days"): a web shell on the
// host, polled by its operator, and (flavor 1) the operator's SSH session
// into the host, open for the rest of the run.
#include <fmt/format.h>

#include "sim/campaign_variants.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;

// An agent no browser sends: a short tool-like token and a version, never
// starting "Mozilla/".
std::string OddAgent(Rng& t) {
  static const char* kShapes[] = {"{}/{}.{}", "{}-client {}.{}", "{}_{}.{}"};
  return fmt::format(fmt::runtime(kShapes[t.Below(std::size(kShapes))]), t.Alnum(3 + static_cast<int>(t.Below(6))),
                     t.Below(10), t.Below(100));
}

}  // namespace

void EmitInbound(VariantRun& run) {
  Rng& t = run.timing;
  const double period = t.LogUniform(60, 600), jitter = 0.05 + t.Unit() * 0.25;
  const std::string agent = OddAgent(t);
  const std::string uri = "/" + t.Alnum(5 + static_cast<int>(t.Below(6))) + (t.Chance(0.5) ? ".php" : ".aspx");
  const std::string& server = run.source().ip;
  // The session first: one SSH connection from the operator's address, open
  // from a few minutes after the start to the end of the run (logged with
  // its start time, as Zeek does).
  const int64_t ssh_start = run.v.start_us + static_cast<int64_t>(60 + t.Below(600)) * kSecond;
  const double ssh_seconds = static_cast<double>(run.v.end_us - ssh_start) / kSecond + t.Unit() * 3600;
  if (run.v.flavor == 1 && run.In(ssh_start)) {
    run.e.Conn(ssh_start, run.v.ip, run.e.Port(), server, 22, "tcp", "ssh", ssh_seconds,
               40000 + t.Below(400000), 200000 + t.Below(4000000), "SF", "ShAdDaFf");
    run.Saw(ssh_start);
  }
  for (int64_t ts = run.v.start_us; ts < run.v.end_us && ts < run.end;
       ts += static_cast<int64_t>(period * (1 + jitter * (2 * t.Unit() - 1)) * kSecond)) {
    uint64_t up = 300 + t.Below(900), down = 200 + t.Below(t.Chance(0.1) ? 40000 : 1500);
    if (!run.In(ts)) continue;
    std::string port = run.e.Port();
    std::string uid = run.e.Conn(ts, run.v.ip, port, server, run.v.port, "tcp", "http", 0.05 + t.Unit() * 0.6,
                                 up, down, "SF", "ShADadfF");
    std::string* row = run.buffer.Add(kHttp, ts + 15000);
    row[0] = Emitter::Time(ts + 15000);
    row[1] = uid;
    row[2] = run.v.ip, row[3] = port, row[4] = server, row[5] = std::to_string(run.v.port);
    row[6] = "1";
    row[7] = "POST";  // row[8], Host, unset: the operator's client sends none
    row[9] = uri;
    row[11] = "1.1";
    row[12] = agent;
    row[14] = std::to_string(up - 200);
    row[15] = std::to_string(down - 150);
    row[16] = "200";
    row[17] = "OK";
    row[20] = "";
    run.Saw(ts);
  }
}

}  // namespace dragnet::sim
