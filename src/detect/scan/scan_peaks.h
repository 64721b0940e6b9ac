// What the scan detector measures in one source's probes and calls (pure;
// pinned by unit tests): the densest window of hosts on one port, of ports on
// one host, of enumeration calls, and on how many days any of them crossed
// its threshold.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "core/ip.h"
#include "detect/scan/scan_detector.h"

namespace dragnet {

// One TCP connection attempt that got no service (IsFailedProbe).
struct Probe {
  int64_t ts = 0;  // microseconds
  Ip dest;
  uint16_t port = 0;
  friend bool operator<(const Probe& a, const Probe& b) {
    return std::tie(a.ts, a.dest, a.port) < std::tie(b.ts, b.dest, b.port);
  }
};

// One directory enumeration call (kind as EnumerationKind; 5 an LDAP search).
struct EnumCall {
  int64_t ts = 0;
  Ip dest;
  uint8_t kind = 0;
  friend bool operator<(const EnumCall& a, const EnumCall& b) {
    return std::tie(a.ts, a.dest, a.kind) < std::tie(b.ts, b.dest, b.kind);
  }
};

struct ScanPeaks {
  uint64_t hosts = 0;  // distinct hosts on one port inside a window
  uint16_t hosts_port = 0;
  uint64_t ports = 0;  // distinct ports on one host inside a window
  Ip ports_host;
  uint64_t rpc_calls = 0;  // SAMR/LSARPC/DRSUAPI/SRVSVC calls inside a window
  uint64_t ldap = 0;       // LDAP searches inside a window
  uint64_t scan_days = 0;  // UTC days on which any peak reached its threshold
  bool has_scan = false;   // some peak reached its threshold
  bool any() const { return has_scan; }
  double EnumRatio(const ScanParams& p) const {
    return std::max(static_cast<double>(rpc_calls) / p.min_enum_calls, static_cast<double>(ldap) / p.min_ldap_searches);
  }
};

// `days`: UTC day -> probes sorted; `calls` sorted.
ScanPeaks FindScanPeaks(const std::map<int64_t, std::vector<Probe>>& days, const std::vector<EnumCall>& calls,
                        const ScanParams& p);

// Everything probed or called, for the finding's lists.
struct ScanTally {
  std::set<Ip> hosts;
  std::set<uint16_t> ports;
  std::vector<std::pair<uint16_t, uint64_t>> by_port;  // distinct hosts per port, most first
  std::vector<std::pair<Ip, uint64_t>> by_host;        // distinct ports per host, most first
};
ScanTally TallyScan(const std::map<int64_t, std::vector<Probe>>& days, const std::vector<EnumCall>& calls);

}  // namespace dragnet
