// The scan detector (issue 15, item 5): reconnaissance from one source --
// horizontal port scans (one port, many hosts), vertical ones (one host, many
// ports) from conn.log's unanswered or empty TCP attempts, and Active
// Directory enumeration bursts (SAMR, LSARPC, DRSUAPI name cracking, session
// and share enumeration in dce_rpc; LDAP search floods in ldap_search). One
// finding per (org, source) listing its ports and targets. Sources that scan
// on several days of the run are scored low as "routine scanner?", not hidden.
// docs/detectors/scan.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct ScanParams {
  uint32_t min_hosts = 10;          // distinct hosts probed on one port within the window (horizontal)
  uint32_t min_ports = 15;          // distinct ports probed on one host within the window (vertical)
  uint32_t min_enum_calls = 30;     // SAMR/LSARPC/DRSUAPI/SRVSVC enumeration calls within the window
  uint32_t min_ldap_searches = 500; // LDAP searches within the window
  uint32_t min_dhcp_addresses = 10; // distinct addresses one client REQUESTs by DHCP within the window
  double window_s = 300;
  uint32_t routine_days = 3;        // days with a scan that make a source a routine scanner
  double routine_factor = 0.5;      // its score is multiplied by this (reported all the same)
  double min_score = 0.5;
};

// Whether a conn record is a probe that got no service: no answer or a reset
// (S0, REJ, RSTOS0, RSTRH, SH, SHR), or a handshake that carried nothing
// either way (a connect scan). `conn_state` as Zeek writes it.
bool IsFailedProbe(std::string_view conn_state, std::optional<uint64_t> orig_bytes,
                   std::optional<uint64_t> resp_bytes);

// What an enumeration call is, by dce_rpc endpoint and operation: kind
// (0 none, 1 SAMR accounts/groups, 2 LSARPC lookups, 3 DRSUAPI name
// cracking, 4 session/share enumeration).
int EnumerationKind(std::string_view endpoint, std::string_view operation);

// Which way a source's probes went: from outside in, inside the org, or from
// an inside host out to the Internet (most of its probed hosts external).
enum class ScanDirection { kInbound, kInternal, kOutbound };
const char* ScanDirectionName(ScanDirection d);

// The scan score from its parts (pure; pinned by unit tests): `hosts_ratio`,
// `ports_ratio`, `enum_ratio` are each peak / threshold (below 1: that part
// is absent). Routine scanners are scored by the caller (routine_factor).
double ScanScore(double hosts_ratio, double ports_ratio, double enum_ratio, ScanDirection direction);

std::unique_ptr<Detector> NewScanDetector(ScanParams params = {});
std::vector<ParamBinding> Bindings(ScanParams& p);

}  // namespace dragnet
