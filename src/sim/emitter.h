// Emitter: writes one org's records into the hour's LogBuffer, one function
// per kind of record (a connection, a DNS answer, a TLS handshake, an SMB
// file action...), filling the columns the way Zeek would.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/log_buffer.h"
#include "sim/rng.h"
#include "sim/world.h"

namespace dragnet::sim {

class Emitter {
 public:
  Emitter(LogBuffer& buffer, Rng& rng, const Org& org) : b_(buffer), r_(rng), org_(org) {}

  // With the catalogue on, the org's resolver asks upstream for a share of
  // what its clients ask (cache misses), bad names included.
  void SetUpstream(const DnsUpstream* upstream) { up_ = upstream; }

  Rng& rng() { return r_; }
  const Org& org() const { return org_; }
  std::string Uid() { return "C" + Token(17); }
  std::string Fuid() { return "F" + Token(17); }
  std::string Port() { return std::to_string(49152 + r_.Below(16383)); }
  bool Internal(std::string_view ip) const { return ip.starts_with(org_.prefix); }

  // conn.log; returns the uid so related records can share it.
  std::string Conn(int64_t ts, const std::string& orig, const std::string& oport, const std::string& resp,
                   int rport, const char* proto, const char* service, double duration_s, uint64_t ob,
                   uint64_t rb, const char* state = "SF", const char* history = "ShADadFf",
                   const std::string& uid = "");
  void Dns(int64_t ts, const std::string& uid, const std::string& client, const std::string& resolver,
           const std::string& query, const char* qtype, int qtype_code, const std::vector<std::string>& answers,
           const char* rcode_name = "NOERROR", int rcode = 0);
  void Ssl(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
           const std::string& resp, int rport, const std::string& sni, const std::string& cert_fp,
           const std::string& ja3, const std::string& ja3s, bool resumed = false);
  void X509(int64_t ts, const std::string& fp, const std::string& subject_cn, const std::string& issuer,
            const std::vector<std::string>& san, bool self_signed_ca = false);
  void Http(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
            const std::string& resp, int rport, const char* method, const std::string& host,
            const std::string& uri, const std::string& user_agent, int status, uint64_t req_len,
            uint64_t resp_len, const std::string& resp_fuid = "", const std::string& mime = "");
  void Files(int64_t ts, const std::string& fuid, const std::string& uid, const std::string& orig,
             const std::string& oport, const std::string& resp, int rport, const char* source,
             const std::string& mime, const std::string& filename, uint64_t size, bool is_orig);
  void SmbMapping(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                  const std::string& resp, const std::string& path, const char* share_type);
  void SmbFile(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
               const std::string& resp, const char* action, const std::string& path, const std::string& name,
               uint64_t size, const std::string& prev_name = "");
  void DceRpc(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
              const std::string& resp, int rport, const char* endpoint, const char* operation,
              const char* pipe);
  void Kerberos(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
                const std::string& dc, const char* type, const std::string& client, const std::string& service,
                bool success, const char* cipher, const char* error = "");
  void Ntlm(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
            const std::string& resp, const std::string& user, const std::string& host, bool success);
  void Rdp(int64_t ts, const std::string& uid, const std::string& orig, const std::string& oport,
           const std::string& resp, const std::string& cookie, const char* result);

  static std::string Time(int64_t us);

 private:
  std::string Token(int n);
  static void Seconds(std::string& out, double s);
  void Forward(int64_t ts, const std::string& query, const char* qtype, int qtype_code,
               const std::vector<std::string>& answers, const char* rcode_name, int rcode);

  LogBuffer& b_;
  Rng& r_;
  const Org& org_;
  const DnsUpstream* up_ = nullptr;
};

}  // namespace dragnet::sim
