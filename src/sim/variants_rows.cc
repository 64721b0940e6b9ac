// Log rows the variants need and the Emitter does not write, filled the way
// Zeek 6 fills them.
#include "sim/campaign_variants.h"

namespace dragnet::sim {
namespace {

void Id(std::string* row, const std::string& o, const std::string& op, const std::string& r, const std::string& rp) {
  row[2] = o;
  row[3] = op;
  row[4] = r;
  row[5] = rp;
}

}  // namespace

// ssh.log: auth_success F with the attempts counted, as Zeek's SSH analyzer
// logs a failed password guess (WRCCDC 2018 ssh.log).
void SshRow(VariantRun& run, int64_t ts, const std::string& uid, const std::string& oport, const std::string& resp,
            bool success, int attempts, const std::string& client) {
  std::string* row = run.buffer.Add(kSsh, ts);
  row[0] = Emitter::Time(ts);
  row[1] = uid;
  Id(row, run.source().ip, oport, resp, "22");
  row[6] = "2";
  row[7] = success ? "T" : "F";
  row[8] = std::to_string(attempts);
  row[10] = client;
  row[11] = "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6";
  row[12] = "chacha20-poly1305@openssh.com";
  row[13] = "umac-64-etm@openssh.com";
  row[14] = "none";
  row[15] = "curve25519-sha256";
  row[16] = "ssh-ed25519";
  row[17] = "7c:1e:0a:55:93:41:2b:6f:d0:8e:3a:c4:19:b2:77:e5";
}

// dns.log for a query nobody answered: no rcode, no answers, no rtt.
void DnsNoReply(VariantRun& run, int64_t ts, const std::string& query) {
  std::string* row = run.buffer.Add(kDns, ts);
  row[0] = Emitter::Time(ts);
  row[1] = run.e.Uid();
  Id(row, run.source().ip, run.e.Port(), run.org.hosts[run.org.dc].ip, "53");
  row[6] = "udp";
  row[7] = std::to_string(run.e.rng().Below(65536));
  row[9] = query;
  row[10] = "1";
  row[11] = "C_INTERNET";
  row[12] = "1";
  row[13] = "A";
  row[16] = "F";
  row[17] = "F";
  row[18] = "T";
  row[19] = "F";
  row[20] = "0";
  row[23] = "F";
}

// rdp.log for one connection attempt: the cookie (mstshash) the tool sends,
// or none; with NLA (HYBRID) Zeek sees only "encrypted".
void RdpRow(VariantRun& run, int64_t ts, const std::string& uid, const std::string& oport, const std::string& resp,
            const std::string& cookie, const char* result) {
  std::string* row = run.buffer.Add(kRdp, ts);
  row[0] = Emitter::Time(ts);
  row[1] = uid;
  Id(row, run.source().ip, oport, resp, "3389");
  if (!cookie.empty()) row[6] = cookie;
  row[7] = result;
  row[8] = "HYBRID";
}

// ntlm.log for one logon to `server`.
void NtlmRow(VariantRun& run, int64_t ts, const std::string& uid, const std::string& oport, const Host& server,
             const std::string& user, bool success) {
  std::string* row = run.buffer.Add(kNtlm, ts);
  row[0] = Emitter::Time(ts);
  row[1] = uid;
  Id(row, run.source().ip, oport, server.ip, "445");
  row[6] = user;
  row[7] = run.source().name;
  row[8] = run.org.domain;
  row[9] = server.name;
  row[10] = server.name + "." + run.org.name + ".local";
  row[11] = run.org.name + ".local";
  row[12] = success ? "T" : "F";
}

}  // namespace dragnet::sim
