#include "sim/bench_world.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "sim/rng.h"

namespace dragnet {
namespace {

const char* kSyllables[] = {"ka", "lo", "mi", "ne", "ru", "ta", "ve", "zo", "pri", "sta",
                            "con", "dor", "fin", "gle", "hub", "net", "sys", "web", "cloud", "data"};
const char* kTlds[] = {"com", "net", "org", "io", "de", "co.uk", "fr", "info"};

std::string MakeDomain(Rng& r) {
  std::string d;
  int n = 2 + static_cast<int>(r.Below(3));
  for (int i = 0; i < n; ++i) d += kSyllables[r.Below(std::size(kSyllables))];
  d += ".";
  d += kTlds[r.Below(std::size(kTlds))];
  if (r.Below(3) == 0) d = std::string(r.Below(2) ? "www." : "api.") + d;
  return d;
}

std::string MakeUid(Rng& r, char prefix) {
  static const char kAlpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string u(18, prefix);
  for (int i = 1; i < 18; ++i) u[i] = kAlpha[r.Below(62)];
  return u;
}

std::string Hex(Rng& r, int n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(static_cast<size_t>(n), '0');
  for (auto& c : s) c = kHex[r.Below(16)];
  return s;
}

std::string Seconds(int64_t micros) { return fmt::format("{}.{:06}", micros / 1000000, micros % 1000000); }

std::vector<ZeekColumn> ConnColumns() {
  using T = ZeekType;
  return {{"ts", T::kTime}, {"uid", T::kString}, {"id.orig_h", T::kAddr}, {"id.orig_p", T::kPort},
          {"id.resp_h", T::kAddr}, {"id.resp_p", T::kPort}, {"proto", T::kEnum}, {"service", T::kString},
          {"duration", T::kInterval}, {"orig_bytes", T::kCount}, {"resp_bytes", T::kCount},
          {"conn_state", T::kString}, {"local_orig", T::kBool}, {"local_resp", T::kBool},
          {"missed_bytes", T::kCount}, {"history", T::kString}, {"orig_pkts", T::kCount},
          {"orig_ip_bytes", T::kCount}, {"resp_pkts", T::kCount}, {"resp_ip_bytes", T::kCount},
          {"tunnel_parents", T::kSetString}};
}

std::vector<ZeekColumn> DnsColumns() {
  using T = ZeekType;
  return {{"ts", T::kTime}, {"uid", T::kString}, {"id.orig_h", T::kAddr}, {"id.orig_p", T::kPort},
          {"id.resp_h", T::kAddr}, {"id.resp_p", T::kPort}, {"proto", T::kEnum}, {"trans_id", T::kCount},
          {"rtt", T::kInterval}, {"query", T::kString}, {"qclass", T::kCount}, {"qclass_name", T::kString},
          {"qtype", T::kCount}, {"qtype_name", T::kString}, {"rcode", T::kCount}, {"rcode_name", T::kString},
          {"AA", T::kBool}, {"TC", T::kBool}, {"RD", T::kBool}, {"RA", T::kBool}, {"Z", T::kCount},
          {"answers", T::kVectorString}, {"TTLs", T::kVectorInterval}, {"rejected", T::kBool}};
}

std::vector<ZeekColumn> SslColumns() {
  using T = ZeekType;
  return {{"ts", T::kTime}, {"uid", T::kString}, {"id.orig_h", T::kAddr}, {"id.orig_p", T::kPort},
          {"id.resp_h", T::kAddr}, {"id.resp_p", T::kPort}, {"version", T::kString}, {"cipher", T::kString},
          {"curve", T::kString}, {"server_name", T::kString}, {"resumed", T::kBool},
          {"last_alert", T::kString}, {"next_protocol", T::kString}, {"established", T::kBool},
          {"ssl_history", T::kString}, {"cert_chain_fps", T::kVectorString},
          {"client_cert_chain_fps", T::kVectorString}, {"sni_matches_cert", T::kBool},
          {"ja3", T::kString}, {"ja3s", T::kString}};
}

}  // namespace

Result<BenchWorldResult> GenerateBenchWorld(const BenchWorldOptions& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(o.out_dir) / "intel", ec);
  if (ec) return Status::Error(o.out_dir + ": " + ec.message());
  Rng rng(o.seed);
  BenchWorldResult result;

  // Shared Internet: domains, their addresses, TLS fingerprints.
  const size_t kDomains = 20000;
  std::vector<std::string> domains;
  std::vector<std::string> domain_ips;
  for (size_t i = 0; i < kDomains; ++i) {
    domains.push_back(MakeDomain(rng));
    domain_ips.push_back(fmt::format("{}.{}.{}.{}", 23 + rng.Below(180), rng.Below(256), rng.Below(256),
                                     1 + rng.Below(254)));
  }
  std::vector<std::string> ja3s;
  for (int i = 0; i < 40; ++i) ja3s.push_back(Hex(rng, 32));
  std::vector<std::string> certs;
  for (int i = 0; i < 500; ++i) certs.push_back(Hex(rng, 64));
  // Planted indicators: addresses and names nobody else uses.
  std::vector<std::string> bad_ips, bad_domains;
  for (int i = 0; i < 8; ++i) bad_ips.push_back(fmt::format("203.0.113.{}", 10 + i));
  for (int i = 0; i < 8; ++i) bad_domains.push_back(fmt::format("upd{}.{}", i, MakeDomain(rng)));
  {
    std::ofstream feed(fs::path(o.out_dir) / "intel" / "planted.txt");
    feed << "# Planted indicators of the bench world (seed " << o.seed << ")\n";
    for (const auto& ip : bad_ips) feed << ip << " # bench-c2\n";
    for (const auto& d : bad_domains) feed << d << " # bench-c2\n";
    result.intel_file = (fs::path(o.out_dir) / "intel" / "planted.txt").string();
  }
  std::set<std::tuple<std::string, std::string, std::string>> planted;

  const char* ext = o.format == ZeekLogWriter::Format::kTsv ? "log" : "json";
  const char* gz = o.gzip ? ".gz" : "";
  for (int org = 0; org < o.orgs; ++org) {
    std::string org_name = fmt::format("org{:03}", org + 1);
    fs::path dir = fs::path(o.out_dir) / "orgs" / org_name / "2024-05-01";
    fs::create_directories(dir, ec);
    int64_t t = 1714521600LL * 1000000 + org * 3600LL * 1000000;  // orgs in different time zones
    Timestamp open(t);
    ZeekLogWriter conn((dir / fmt::format("conn.00:00:00-23:59:59.{}{}", ext, gz)).string(), "conn",
                       ConnColumns(), o.format, o.gzip, open);
    ZeekLogWriter dns((dir / fmt::format("dns.00:00:00-23:59:59.{}{}", ext, gz)).string(), "dns",
                      DnsColumns(), o.format, o.gzip, open);
    ZeekLogWriter ssl((dir / fmt::format("ssl.00:00:00-23:59:59.{}{}", ext, gz)).string(), "ssl",
                      SslColumns(), o.format, o.gzip, open);
    // All orgs use the same private plan: 10.0.0.0/16 (overlap on purpose).
    std::vector<std::string> hosts;
    for (int h = 0; h < o.hosts_per_org; ++h) hosts.push_back(fmt::format("10.0.{}.{}", h / 250, 10 + h % 250));
    std::string resolver = "10.0.255.53";
    std::vector<std::string> s(24);
    std::vector<std::string> empty, answers, ttls, fps;
    std::vector<ZeekLogWriter::Field> f(24);
    auto set = [&](size_t i, std::string v) {
      s[i] = std::move(v);
      f[i] = ZeekLogWriter::Field{s[i]};
    };
    uint64_t bytes = 0;
    while (bytes < o.bytes_per_org) {
      t += static_cast<int64_t>(rng.Below(20000));
      int h = static_cast<int>(rng.Below(hosts.size()));
      bool infected = h < o.infected_per_org;
      bool plant = infected && rng.Unit() < o.plant_rate;
      size_t di = rng.Skewed(kDomains);
      std::string domain = domains[di];
      std::string ip = domain_ips[di];
      if (plant) {
        size_t k = rng.Below(bad_ips.size());
        domain = bad_domains[k];
        ip = bad_ips[k];
        planted.insert({org_name, hosts[h], ip});
        planted.insert({org_name, hosts[h], domain});
      }
      std::string uid = MakeUid(rng, 'C');
      std::string port = std::to_string(49152 + rng.Below(16000));
      bool tls = rng.Below(10) < 7;
      // DNS lookup before the connection, half the time.
      if (rng.Below(2) == 0 || plant) {
        answers = {ip};
        ttls = {std::to_string(60 + rng.Below(3600)) + ".000000"};
        set(0, Seconds(t)); set(1, MakeUid(rng, 'C')); set(2, hosts[h]); set(3, port);
        set(4, resolver); set(5, "53"); set(6, "udp"); set(7, std::to_string(rng.Below(65536)));
        set(8, fmt::format("0.{:06}", rng.Below(200000))); set(9, domain); set(10, "1");
        set(11, "C_INTERNET"); set(12, "1"); set(13, "A"); set(14, "0"); set(15, "NOERROR");
        set(16, "F"); set(17, "F"); set(18, "T"); set(19, "T"); set(20, "0");
        f[21] = ZeekLogWriter::Field{{}, &answers}; f[22] = ZeekLogWriter::Field{{}, &ttls}; set(23, "F");
        dns.Write(std::vector<ZeekLogWriter::Field>(f.begin(), f.begin() + 24));
        ++result.records;
      }
      uint64_t ob = rng.Below(4000), rb = rng.Below(200000);
      set(0, Seconds(t)); set(1, uid); set(2, hosts[h]); set(3, port); set(4, ip);
      set(5, tls ? "443" : "80"); set(6, "tcp"); set(7, tls ? "ssl" : "http");
      set(8, fmt::format("{}.{:06}", rng.Below(30), rng.Below(1000000)));
      set(9, std::to_string(ob)); set(10, std::to_string(rb)); set(11, "SF"); set(12, "T"); set(13, "F");
      set(14, "0"); set(15, "ShADadFf"); set(16, std::to_string(ob / 500 + 3));
      set(17, std::to_string(ob + 200)); set(18, std::to_string(rb / 1400 + 3));
      set(19, std::to_string(rb + 200)); f[20] = ZeekLogWriter::Field{{}, &empty};
      conn.Write(std::vector<ZeekLogWriter::Field>(f.begin(), f.begin() + 21));
      ++result.records;
      if (tls) {
        fps = {certs[di % certs.size()], certs[(di + 7) % certs.size()]};
        set(0, Seconds(t + 1000)); set(1, uid); set(2, hosts[h]); set(3, port); set(4, ip); set(5, "443");
        set(6, "TLSv13"); set(7, "TLS_AES_128_GCM_SHA256"); set(8, "x25519"); set(9, domain);
        set(10, "F"); f[11] = ZeekLogWriter::Unset(); set(12, "h2"); set(13, "T"); set(14, "CsiI");
        f[15] = ZeekLogWriter::Field{{}, &fps}; f[16] = ZeekLogWriter::Field{{}, &empty}; set(17, "T");
        set(18, ja3s[rng.Skewed(ja3s.size())]); set(19, ja3s[rng.Below(ja3s.size())]);
        ssl.Write(std::vector<ZeekLogWriter::Field>(f.begin(), f.begin() + 20));
        ++result.records;
      }
      bytes = conn.bytes_written() + dns.bytes_written() + ssl.bytes_written();
    }
    Timestamp close(t);
    for (ZeekLogWriter* w : {&conn, &dns, &ssl}) {
      Status st = w->Close(close);
      if (!st.ok()) return st;
      result.bytes += w->bytes_written();
    }
    for (const char* log : {"conn", "dns", "ssl"})
      result.files.push_back((dir / fmt::format("{}.00:00:00-23:59:59.{}{}", log, ext, gz)).string());
  }
  result.planted.assign(planted.begin(), planted.end());
  std::ofstream truth(fs::path(o.out_dir) / "planted.tsv");
  for (const auto& [org, host, indicator] : result.planted) truth << org << '\t' << host << '\t' << indicator << '\n';
  return result;
}

}  // namespace dragnet
