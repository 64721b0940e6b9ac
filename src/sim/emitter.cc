#include "sim/emitter.h"

#include <fmt/format.h>

namespace dragnet::sim {
namespace {
constexpr char kSep = ZeekLogWriter::kElementSeparator;
std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out.push_back(kSep);
    out += v[i];
  }
  return out;
}
void Id(std::string* row, int at, const std::string& o, const std::string& op, const std::string& r,
        const std::string& rp) {
  row[at] = o;
  row[at + 1] = op;
  row[at + 2] = r;
  row[at + 3] = rp;
}
}  // namespace

std::string Emitter::Time(int64_t us) { return fmt::format("{}.{:06}", us / 1000000, us % 1000000); }

void Emitter::Seconds(std::string& out, double s) { out = fmt::format("{:.6f}", s); }

std::string Emitter::Token(int n) {
  static const char kAlpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(static_cast<size_t>(n), 'A');
  uint64_t bits = r_.Next();
  for (int i = 0; i < n; ++i) {
    if (i % 10 == 9) bits = r_.Next();
    s[i] = kAlpha[bits % 62];
    bits /= 62;
  }
  return s;
}

std::string Emitter::Conn(int64_t ts, const std::string& orig, const std::string& oport, const std::string& resp,
                          int rport, const char* proto, const char* service, double duration_s, uint64_t ob,
                          uint64_t rb, const char* state, const char* history, const std::string& uid) {
  std::string* row = b_.Add(kConn, ts);
  row[0] = Time(ts);
  row[1] = uid.empty() ? Uid() : uid;
  Id(row, 2, orig, oport, resp, std::to_string(rport));
  row[6] = proto;
  if (*service) row[7] = service;
  if (duration_s >= 0) {
    Seconds(row[8], duration_s);
    row[9] = std::to_string(ob);
    row[10] = std::to_string(rb);
  }
  row[11] = state;
  row[12] = Internal(orig) ? "T" : "F";
  row[13] = Internal(resp) ? "T" : "F";
  row[14] = "0";
  row[15] = history;
  uint64_t opk = ob / 1400 + 2, rpk = rb / 1400 + 2;
  row[16] = std::to_string(opk);
  row[17] = std::to_string(ob + opk * 40);
  row[18] = std::to_string(std::string_view(state) == "S0" ? 0 : rpk);
  row[19] = std::to_string(std::string_view(state) == "S0" ? 0 : rb + rpk * 40);
  row[20] = "";
  return row[1];
}

void Emitter::Dns(int64_t ts, const std::string& uid, const std::string& client, const std::string& resolver,
                  const std::string& query, const char* qtype, int qtype_code, const std::vector<std::string>& answers,
                  const char* rcode_name, int rcode) {
  std::string* row = b_.Add(kDns, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, client, Port(), resolver, "53");
  row[6] = "udp";
  row[7] = std::to_string(r_.Below(65536));
  Seconds(row[8], 0.0005 + r_.Unit() * 0.03);
  row[9] = query;
  row[10] = "1";
  row[11] = "C_INTERNET";
  row[12] = std::to_string(qtype_code);
  row[13] = qtype;
  row[14] = std::to_string(rcode);
  row[15] = rcode_name;
  row[16] = "F";
  row[17] = "F";
  row[18] = "T";
  row[19] = "T";
  row[20] = "0";
  if (!answers.empty()) {
    row[21] = Join(answers);
    std::string ttls;
    for (size_t i = 0; i < answers.size(); ++i) {
      if (i) ttls.push_back(kSep);
      ttls += fmt::format("{}.000000", 60 + r_.Below(3540));
    }
    row[22] = ttls;
  }
  row[23] = "F";
  if (up_ && resolver == up_->resolver_ip && client != resolver && r_.Chance(up_->forward_share))
    Forward(ts + 300 + static_cast<int64_t>(r_.Below(2000)), query, qtype, qtype_code, answers, rcode_name, rcode);
}

void Emitter::Forward(int64_t ts, const std::string& query, const char* qtype, int qtype_code,
                      const std::vector<std::string>& answers, const char* rcode_name, int rcode) {
  const std::string& me = up_->resolver_ip;
  if (!up_->iterative) {
    const std::string& server = up_->upstreams[r_.Below(up_->upstreams.size())];
    Dns(ts, Uid(), me, server, query, qtype, qtype_code, answers, rcode_name, rcode);
    return;
  }
  // Iterative: now and then the root and the TLD servers (referrals carry no
  // answer), then the zone's authoritative server.
  if (r_.Chance(0.05)) Dns(ts, Uid(), me, up_->roots[r_.Below(up_->roots.size())], query, qtype, qtype_code, {});
  if (r_.Chance(0.2)) Dns(ts + 500, Uid(), me, up_->tlds[r_.Below(up_->tlds.size())], query, qtype, qtype_code, {});
  Dns(ts + 1000, Uid(), me, up_->upstreams[r_.Below(up_->upstreams.size())], query, qtype, qtype_code, answers,
      rcode_name, rcode);
}

void Emitter::Ssl(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                  const std::string& resp, int rport, const std::string& sni, const std::string& cert_fp,
                  const std::string& ja3, const std::string& ja3s, bool resumed) {
  std::string* row = b_.Add(kSsl, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, resp, std::to_string(rport));
  row[6] = "TLSv13";
  row[7] = "TLS_AES_128_GCM_SHA256";
  row[8] = "x25519";
  if (!sni.empty()) row[9] = sni;
  row[10] = resumed ? "T" : "F";
  row[12] = "h2";
  row[13] = "T";
  row[14] = resumed ? "CsiI" : "CsxiI";
  row[15] = resumed || cert_fp.empty() ? "" : cert_fp;
  row[16] = "";
  if (!resumed && !cert_fp.empty()) row[17] = "T";
  row[18] = ja3;
  row[19] = ja3s;
}

void Emitter::X509(int64_t ts, const std::string& fp, const std::string& subject_cn, const std::string& issuer,
                   const std::vector<std::string>& san, bool self_signed_ca) {
  std::string* row = b_.Add(kX509, ts);
  row[0] = Time(ts);
  row[1] = fp;
  row[2] = "3";
  row[3] = fp.substr(0, 20);
  row[4] = "CN=" + subject_cn;
  row[5] = issuer;
  int64_t day = 86400LL * 1000000;
  row[6] = Time(ts - 30 * day);
  row[7] = Time(ts + 60 * day);
  row[8] = "id-ecPublicKey";
  row[9] = "ecdsa-with-SHA256";
  row[10] = "ecdsa";
  row[11] = "256";
  row[13] = "prime256v1";
  row[14] = Join(san);
  row[18] = self_signed_ca ? "T" : "F";
  row[20] = "T";
  row[21] = "F";
}

void Emitter::Http(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                   const std::string& resp, int rport, const char* method, const std::string& host,
                   const std::string& uri, const std::string& user_agent, int status, uint64_t req_len,
                   uint64_t resp_len, const std::string& resp_fuid, const std::string& mime) {
  std::string* row = b_.Add(kHttp, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, resp, std::to_string(rport));
  row[6] = "1";
  row[7] = method;
  row[8] = host;
  row[9] = uri;
  row[11] = "1.1";
  row[12] = user_agent;
  row[14] = std::to_string(req_len);
  row[15] = std::to_string(resp_len);
  row[16] = std::to_string(status);
  row[17] = status == 200 ? "OK" : status == 404 ? "Not Found" : status == 304 ? "Not Modified" : "Found";
  row[20] = "";
  if (!resp_fuid.empty()) {
    row[27] = resp_fuid;
    row[29] = mime;
  }
}

void Emitter::Files(int64_t ts, const std::string& fuid, const std::string& uid, const std::string& orig,
                    const std::string& oport, const std::string& resp, int rport, const char* source,
                    const std::string& mime, const std::string& filename, uint64_t size, bool is_orig) {
  std::string* row = b_.Add(kFiles, ts);
  row[0] = Time(ts);
  row[1] = fuid;
  row[2] = uid;
  Id(row, 3, orig, oport, resp, std::to_string(rport));
  row[7] = source;
  row[8] = "0";
  row[9] = "";
  row[10] = mime;
  if (!filename.empty()) row[11] = filename;
  Seconds(row[12], 0.01 + r_.Unit());
  row[13] = Internal(orig) ? "T" : "F";
  row[14] = is_orig ? "T" : "F";
  row[15] = std::to_string(size);
  row[16] = std::to_string(size);
  row[17] = "0";
  row[18] = "0";
  row[19] = "F";
}

void Emitter::SmbMapping(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                         const std::string& resp, const std::string& path, const char* share_type) {
  std::string* row = b_.Add(kSmbMapping, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, resp, "445");
  row[6] = path;
  row[7] = std::string_view(share_type) == "PIPE" ? "IPC" : "A:";
  if (std::string_view(share_type) == "DISK") row[8] = "NTFS";
  row[9] = share_type;
}

void Emitter::SmbFile(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                      const std::string& resp, const char* action, const std::string& path, const std::string& name,
                      uint64_t size, const std::string& prev_name) {
  std::string* row = b_.Add(kSmbFiles, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, resp, "445");
  row[7] = action;
  row[8] = path;
  row[9] = name;
  row[10] = std::to_string(size);
  if (!prev_name.empty()) row[11] = prev_name;
  std::string t = Time(ts - 86400LL * 1000000 * static_cast<int64_t>(1 + r_.Below(300)));
  row[12] = t;
  row[13] = t;
  row[14] = t;
  row[15] = t;
}

void Emitter::DceRpc(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                     const std::string& resp, int rport, const char* endpoint, const char* operation,
                     const char* pipe) {
  std::string* row = b_.Add(kDceRpc, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, resp, std::to_string(rport));
  Seconds(row[6], 0.0002 + r_.Unit() * 0.002);
  row[7] = pipe;
  row[8] = endpoint;
  row[9] = operation;
}

void Emitter::Kerberos(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                       const std::string& dc, const char* type, const std::string& client,
                       const std::string& service, bool success, const char* cipher, const char* error) {
  std::string* row = b_.Add(kKerberos, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, dc, "88");
  row[6] = type;
  row[7] = client;
  row[8] = service;
  row[9] = success ? "T" : "F";
  if (*error) row[10] = error;
  if (success) {
    row[11] = Time(ts);
    row[12] = Time(ts + 10LL * 3600 * 1000000);
    row[13] = cipher;
    row[14] = "T";
    row[15] = "T";
  }
}

void Emitter::Ntlm(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                   const std::string& resp, const std::string& user, const std::string& host, bool success) {
  std::string* row = b_.Add(kNtlm, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, resp, "445");
  row[6] = user;
  row[7] = host;
  row[8] = org_.domain;
  std::string server = org_.hosts[org_.file_server].name;
  row[9] = server;
  for (char& c : server) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  row[10] = server + "." + org_.name + ".local";
  row[11] = org_.name + ".local";
  row[12] = success ? "T" : "F";
}

void Emitter::Rdp(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                  const std::string& resp, const std::string& cookie, const char* result) {
  std::string* row = b_.Add(kRdp, ts);
  row[0] = Time(ts);
  row[1] = uid;
  Id(row, 2, orig, oport, resp, "3389");
  row[6] = cookie;
  row[7] = result;
  row[8] = "HYBRID";
  row[9] = "";
  row[17] = "X.509";
  row[18] = "2";
  row[19] = "F";
}

}  // namespace dragnet::sim
