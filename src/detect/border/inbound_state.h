// The inbound detector's per-worker state: per (org, internal server, outside
// client, server port) one InboundSeries -- what that outside address did to
// that server over the whole run -- folded from conn/open_conn (times,
// durations) and http/open_http (Host header, user agent) records whose
// originator is outside the org and whose responder is inside it, for the
// orgs that turned inbound analysis on (OrgContext::inbound) only.
//
// Contract: established TCP connections only (an unanswered SYN is a scan,
// not a session). State grows with (server, client, port) triples, never with
// records: each series keeps the kMaxInboundSamples smallest start times, the
// smallest user agent and summed counters, so merged state does not depend
// on record order or the worker split. At most kMaxInboundClients outside
// clients are kept per (org, server, port); a port past that (a busy public
// server) is marked Crowded -- which does not depend on the worker split --
// and the detector leaves it out.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "aggregate/field_set.h"
#include "detect/detector.h"

namespace dragnet {

inline constexpr size_t kMaxInboundSamples = 4096;
inline constexpr uint32_t kMaxInboundClients = 8192;

struct InboundKey {
  uint32_t org;
  Ip server, client;
  uint16_t port;
  friend bool operator==(const InboundKey&, const InboundKey&) = default;
  friend bool operator<(const InboundKey& a, const InboundKey& b) {
    if (a.org != b.org) return a.org < b.org;
    if (a.server != b.server) return a.server < b.server;
    if (a.client != b.client) return a.client < b.client;
    return a.port < b.port;
  }
  template <typename H>
  friend H AbslHashValue(H h, const InboundKey& k) {
    return H::combine(std::move(h), k.org, k.server, k.client, k.port);
  }
};

struct InboundSeries {
  std::vector<uint32_t> starts;  // connection start times (epoch s), a multiset; Samples() gives them sorted
  uint64_t conns = 0, open_conns = 0;
  uint64_t duration_us = 0;      // summed durations of closed connections
  int64_t open_us = 0;           // longest connection still open when logged
  uint64_t orig_bytes = 0, resp_bytes = 0;
  uint64_t http_requests = 0, http_without_host = 0;
  std::string user_agent;        // smallest non-empty agent seen
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;

  void AddStart(uint32_t ts);
  // The kMaxInboundSamples smallest start times, sorted.
  std::vector<uint32_t> Samples() const;
  double total_seconds() const { return static_cast<double>(duration_us + static_cast<uint64_t>(open_us)) / 1e6; }
};

void MergeSeries(InboundSeries& into, const InboundSeries& from);

class InboundState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override;
  void Merge(DetectorState& other) override;
  const absl::flat_hash_map<InboundKey, InboundSeries>& series() const { return series_; }
  // Whether the key's (org, server, port) had more than kMaxInboundClients outside clients.
  bool Crowded(const InboundKey& k) const { return crowded_.contains(PortOf(k)); }
  static bool WantsField(std::string_view log, std::string_view field);

 private:
  void OnConn(const OrgContext& org, const Record& r, bool open);
  void OnHttp(const OrgContext& org, const Record& r);
  using ServerPort = std::tuple<uint32_t, Ip, uint16_t>;
  static ServerPort PortOf(const InboundKey& k) { return {k.org, k.server, k.port}; }
  // The key's series, or null when its port is (now) crowded.
  InboundSeries* Admit(const InboundKey& key);

  absl::flat_hash_map<InboundKey, InboundSeries> series_;
  absl::flat_hash_map<ServerPort, uint32_t> clients_;  // kept clients per port
  absl::flat_hash_set<ServerPort> crowded_;
  FieldSet<10> conn_{{"id.orig_h", "id.resp_h", "id.resp_p", "proto", "conn_state", "duration", "orig_bytes",
                      "resp_bytes", "local_orig", "local_resp"}};
  FieldSet<5> http_{{"id.orig_h", "id.resp_h", "id.resp_p", "host", "user_agent"}};
};

// Whether Zeek's conn_state shows an established connection (the responder
// answered): anything but S0, REJ, RSTOS0, SH, RSTRH, SHR and OTH.
bool IsEstablished(std::string_view conn_state);

}  // namespace dragnet
