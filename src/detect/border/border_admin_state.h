// The border_admin detector's per-worker state: per (org, internal host,
// outside address, protocol, direction) one AdminContact, folded from conn
// records of established TCP connections whose protocol (border_ports.h) is
// an administration or remote-access one and whose two ends are on either
// side of the org's border.
//
// Contract: state grows with such contacts, never with records. At most
// kMaxBorderPeers outside addresses are kept per (org, host, protocol,
// direction); the others are counted in `overflow`, so a host answering the
// whole Internet on a port costs kMaxBorderPeers contacts. Whether a port
// passed the cap does not depend on the worker split (it has more distinct
// outside addresses than the cap), so the detector leaves such ports out
// entirely and its findings are the same whatever the thread count.
#pragma once

#include <cstdint>
#include <tuple>

#include <absl/container/flat_hash_map.h>

#include "aggregate/field_set.h"
#include "detect/border/border_ports.h"
#include "detect/detector.h"

namespace dragnet {

inline constexpr uint32_t kMaxBorderPeers = 64;

struct BorderPort {
  uint32_t org;
  Ip host;
  AdminProtocol protocol;
  bool inbound;  // the outside address opened the connection
  friend bool operator==(const BorderPort&, const BorderPort&) = default;
  friend bool operator<(const BorderPort& a, const BorderPort& b) {
    return std::tie(a.org, a.host, a.protocol, a.inbound) < std::tie(b.org, b.host, b.protocol, b.inbound);
  }
  template <typename H>
  friend H AbslHashValue(H h, const BorderPort& k) {
    return H::combine(std::move(h), k.org, k.host, k.protocol, k.inbound);
  }
};

struct BorderKey {
  BorderPort port;
  Ip peer;  // the outside address
  friend bool operator==(const BorderKey&, const BorderKey&) = default;
  friend bool operator<(const BorderKey& a, const BorderKey& b) {
    if (!(a.port == b.port)) return a.port < b.port;
    return a.peer < b.peer;
  }
  template <typename H>
  friend H AbslHashValue(H h, const BorderKey& k) {
    return H::combine(std::move(h), k.port, k.peer);
  }
};

struct AdminContact {
  uint64_t conns = 0, orig_bytes = 0, resp_bytes = 0;
  uint16_t port = 0;  // the smallest responder port seen
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
};

class BorderAdminState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override;
  void Merge(DetectorState& other) override;
  const absl::flat_hash_map<BorderKey, AdminContact>& contacts() const { return contacts_; }
  // Outside addresses of a port not kept (past kMaxBorderPeers).
  uint32_t Overflow(const BorderPort& p) const;
  static bool WantsField(std::string_view log, std::string_view field);

 private:
  void Add(const BorderKey& key, const AdminContact& c);

  absl::flat_hash_map<BorderKey, AdminContact> contacts_;
  absl::flat_hash_map<BorderPort, uint32_t> peers_, overflow_;
  FieldSet<10> conn_{{"id.orig_h", "id.resp_h", "id.resp_p", "proto", "conn_state", "service", "orig_bytes",
                      "resp_bytes", "local_orig", "local_resp"}};
};

}  // namespace dragnet
