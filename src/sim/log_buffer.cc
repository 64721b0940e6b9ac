#include "sim/log_buffer.h"

namespace dragnet::sim {
namespace {

using T = ZeekType;

std::vector<ZeekColumn> WithId(std::vector<ZeekColumn> head, std::vector<ZeekColumn> tail) {
  head.insert(head.end(), {{"id.orig_h", T::kAddr}, {"id.orig_p", T::kPort}, {"id.resp_h", T::kAddr},
                           {"id.resp_p", T::kPort}});
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

// Zeek 6.0's default columns (plus ja3/ja3s on ssl, from the widely deployed
// ja3 package).
const std::array<std::vector<ZeekColumn>, kLogCount>& Schemas() {
  static const std::array<std::vector<ZeekColumn>, kLogCount> s = {
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"proto", T::kEnum}, {"service", T::kString}, {"duration", T::kInterval},
              {"orig_bytes", T::kCount}, {"resp_bytes", T::kCount}, {"conn_state", T::kString},
              {"local_orig", T::kBool}, {"local_resp", T::kBool}, {"missed_bytes", T::kCount},
              {"history", T::kString}, {"orig_pkts", T::kCount}, {"orig_ip_bytes", T::kCount},
              {"resp_pkts", T::kCount}, {"resp_ip_bytes", T::kCount}, {"tunnel_parents", T::kSetString}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"proto", T::kEnum}, {"trans_id", T::kCount}, {"rtt", T::kInterval}, {"query", T::kString},
              {"qclass", T::kCount}, {"qclass_name", T::kString}, {"qtype", T::kCount},
              {"qtype_name", T::kString}, {"rcode", T::kCount}, {"rcode_name", T::kString}, {"AA", T::kBool},
              {"TC", T::kBool}, {"RD", T::kBool}, {"RA", T::kBool}, {"Z", T::kCount},
              {"answers", T::kVectorString}, {"TTLs", T::kVectorInterval}, {"rejected", T::kBool}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"trans_depth", T::kCount}, {"method", T::kString}, {"host", T::kString}, {"uri", T::kString},
              {"referrer", T::kString}, {"version", T::kString}, {"user_agent", T::kString},
              {"origin", T::kString}, {"request_body_len", T::kCount}, {"response_body_len", T::kCount},
              {"status_code", T::kCount}, {"status_msg", T::kString}, {"info_code", T::kCount},
              {"info_msg", T::kString}, {"tags", T::kSetString}, {"username", T::kString},
              {"password", T::kString}, {"proxied", T::kSetString}, {"orig_fuids", T::kVectorString},
              {"orig_filenames", T::kVectorString}, {"orig_mime_types", T::kVectorString},
              {"resp_fuids", T::kVectorString}, {"resp_filenames", T::kVectorString},
              {"resp_mime_types", T::kVectorString}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"version", T::kString}, {"cipher", T::kString}, {"curve", T::kString},
              {"server_name", T::kString}, {"resumed", T::kBool}, {"last_alert", T::kString},
              {"next_protocol", T::kString}, {"established", T::kBool}, {"ssl_history", T::kString},
              {"cert_chain_fps", T::kVectorString}, {"client_cert_chain_fps", T::kVectorString},
              {"sni_matches_cert", T::kBool}, {"ja3", T::kString}, {"ja3s", T::kString}}),
      std::vector<ZeekColumn>{{"ts", T::kTime}, {"fingerprint", T::kString}, {"certificate.version", T::kCount},
                              {"certificate.serial", T::kString}, {"certificate.subject", T::kString},
                              {"certificate.issuer", T::kString}, {"certificate.not_valid_before", T::kTime},
                              {"certificate.not_valid_after", T::kTime}, {"certificate.key_alg", T::kString},
                              {"certificate.sig_alg", T::kString}, {"certificate.key_type", T::kString},
                              {"certificate.key_length", T::kCount}, {"certificate.exponent", T::kString},
                              {"certificate.curve", T::kString}, {"san.dns", T::kVectorString},
                              {"san.uri", T::kVectorString}, {"san.email", T::kVectorString},
                              {"san.ip", T::kVectorString}, {"basic_constraints.ca", T::kBool},
                              {"basic_constraints.path_len", T::kCount}, {"host_cert", T::kBool},
                              {"client_cert", T::kBool}},
      WithId({{"ts", T::kTime}, {"fuid", T::kString}, {"uid", T::kString}},
             {{"source", T::kString}, {"depth", T::kCount}, {"analyzers", T::kSetString},
              {"mime_type", T::kString}, {"filename", T::kString}, {"duration", T::kInterval},
              {"local_orig", T::kBool}, {"is_orig", T::kBool}, {"seen_bytes", T::kCount},
              {"total_bytes", T::kCount}, {"missing_bytes", T::kCount}, {"overflow_bytes", T::kCount},
              {"timedout", T::kBool}, {"parent_fuid", T::kString}, {"md5", T::kString}, {"sha1", T::kString},
              {"sha256", T::kString}, {"extracted", T::kString}, {"extracted_cutoff", T::kBool},
              {"extracted_size", T::kCount}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"fuid", T::kString}, {"action", T::kEnum}, {"path", T::kString}, {"name", T::kString},
              {"size", T::kCount}, {"prev_name", T::kString}, {"times.modified", T::kTime},
              {"times.accessed", T::kTime}, {"times.created", T::kTime}, {"times.changed", T::kTime}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"path", T::kString}, {"service", T::kString}, {"native_file_system", T::kString},
              {"share_type", T::kString}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"rtt", T::kInterval}, {"named_pipe", T::kString}, {"endpoint", T::kString},
              {"operation", T::kString}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"request_type", T::kString}, {"client", T::kString}, {"service", T::kString},
              {"success", T::kBool}, {"error_msg", T::kString}, {"from", T::kTime}, {"till", T::kTime},
              {"cipher", T::kString}, {"forwardable", T::kBool}, {"renewable", T::kBool},
              {"client_cert_subject", T::kString}, {"client_cert_fuid", T::kString},
              {"server_cert_subject", T::kString}, {"server_cert_fuid", T::kString}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"username", T::kString}, {"hostname", T::kString}, {"domainname", T::kString},
              {"server_nb_computer_name", T::kString}, {"server_dns_computer_name", T::kString},
              {"server_tree_name", T::kString}, {"success", T::kBool}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"cookie", T::kString}, {"result", T::kString}, {"security_protocol", T::kString},
              {"client_channels", T::kVectorString}, {"keyboard_layout", T::kString},
              {"client_build", T::kString}, {"client_name", T::kString}, {"client_dig_product_id", T::kString},
              {"desktop_width", T::kCount}, {"desktop_height", T::kCount}, {"requested_color_depth", T::kString},
              {"cert_type", T::kString}, {"cert_count", T::kCount}, {"cert_permanent", T::kBool},
              {"encryption_level", T::kString}, {"encryption_method", T::kString}}),
      WithId({{"ts", T::kTime}, {"uid", T::kString}},
             {{"version", T::kCount}, {"auth_success", T::kBool}, {"auth_attempts", T::kCount},
              {"direction", T::kEnum}, {"client", T::kString}, {"server", T::kString},
              {"cipher_alg", T::kString}, {"mac_alg", T::kString}, {"compression_alg", T::kString},
              {"kex_alg", T::kString}, {"host_key_alg", T::kString}, {"host_key", T::kString}}),
  };
  return s;
}

const char* kNames[kLogCount] = {"conn", "dns", "http", "ssl", "x509", "files", "smb_files", "smb_mapping",
                                 "dce_rpc", "kerberos", "ntlm", "rdp", "ssh"};

}  // namespace

const char* LogName(Log log) { return kNames[log]; }
const std::vector<ZeekColumn>& LogColumns(Log log) { return Schemas()[log]; }

int ColumnIndex(Log log, std::string_view name) {
  const auto& cols = LogColumns(log);
  for (size_t i = 0; i < cols.size(); ++i)
    if (cols[i].name == name) return static_cast<int>(i);
  return -1;
}

LogBuffer::LogBuffer() = default;

std::string* LogBuffer::Add(Log log, int64_t ts_us) {
  const size_t n = LogColumns(log).size();
  auto& arena = arena_[log];
  size_t first = used_[log];
  if (arena.size() < first + n) arena.resize(first + n);
  for (size_t i = first; i < first + n; ++i) arena[i].assign(ZeekLogWriter::kUnset);
  used_[log] = first + n;
  recs_[log].push_back(Rec{ts_us, seq_++, static_cast<uint32_t>(first)});
  return &arena[first];
}

}  // namespace dragnet::sim
