// What the stager detector gathers beside files.log: the HTTP requests an
// internal host sent to an external address without naming it (no Host
// header, or a literal address), and the long TCP sessions internal hosts
// held with external addresses on ports other than the web's, with their
// ports. So a fetch by address followed by a session to another port of the
// same address is seen even when no executable was captured (a one-sided
// capture, a stage loaded in memory): Metasploit's and Cobalt Strike's
// handlers serve the stage on one port and the session on another.
#pragma once

#include <map>
#include <tuple>
#include <vector>

#include "aggregate/field_set.h"
#include "detect/detector.h"

namespace dragnet {

struct DownloadKey {
  uint32_t org;
  Ip host, server;
  friend bool operator<(const DownloadKey& a, const DownloadKey& b) {
    return std::tie(a.org, a.host, a.server) < std::tie(b.org, b.host, b.server);
  }
};

// HTTP requests to an address that no Host header named.
struct BareFetch {
  int64_t first_us = INT64_MAX;
  uint64_t requests = 0;
  uint16_t port = 0;  // the smallest responder port among them
};

// One long TCP connection to an external address.
struct AddressSession {
  int64_t start_us = 0;
  uint32_t seconds = 0;
  uint16_t port = 0;
  uint64_t bytes = 0;  // both directions
  friend bool operator<(const AddressSession& a, const AddressSession& b) {
    return std::tie(a.start_us, a.port, a.seconds, a.bytes) < std::tie(b.start_us, b.port, b.seconds, b.bytes);
  }
};

class BareAddressSessions {
 public:
  // At the caps the smallest keys, and per key the earliest sessions, stay:
  // one function of the input whatever the arrival order or worker count.
  static constexpr size_t kMaxKeys = 1 << 16;
  static constexpr size_t kMaxSessionsPerKey = 8;

  // Sessions shorter than `min_session_s` are not kept.
  explicit BareAddressSessions(double min_session_s) : min_session_s_(min_session_s) {}

  void OnHttp(const OrgContext& org, const Record& r);
  void OnConn(const OrgContext& org, const Record& r);
  void Merge(const BareAddressSessions& other);
  static bool WantsField(std::string_view log, std::string_view field);

  const std::map<DownloadKey, BareFetch>& fetches() const { return fetches_; }
  // The kept sessions with the address, earliest first (empty when none).
  const std::vector<AddressSession>& SessionsOf(const DownloadKey& key) const;

 private:
  void AddFetch(const DownloadKey& key, const BareFetch& f);
  void AddSession(const DownloadKey& key, const AddressSession& s);

  double min_session_s_;
  std::map<DownloadKey, BareFetch> fetches_;
  std::map<DownloadKey, std::vector<AddressSession>> sessions_;
  FieldSet<6> http_{{"id.orig_h", "id.resp_h", "id.resp_p", "host", "local_orig", "local_resp"}};
  FieldSet<9> conn_{{"id.orig_h", "id.resp_h", "id.resp_p", "proto", "duration", "orig_bytes", "resp_bytes",
                     "local_orig", "local_resp"}};
};

}  // namespace dragnet
