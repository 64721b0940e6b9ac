// The scan detector's second input path (issue 15, items 3 and 5): scans that
// only Zeek's own logs show. notice.log carries Zeek's detections --
// Scan::Address_Scan, Scan::Port_Scan, ICMP::ICMPAddressScan, ICMP::TimestampScan,
// ICMP::AddressMaskScan ... -- and dhcp.log a client REQUESTing many addresses
// at once (a DHCP address scan). Each becomes part of the source's one scan
// finding, Zeek's message quoted as evidence. docs/detectors/scan.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "detect/detector.h"
#include "detect/scan/scan_detector.h"
#include "detect/zeek_notice.h"

namespace dragnet {

// Whether a notice type (Zeek's `note`) is a scan detection: Scan::* and
// ICMP::*Scan.
bool IsScanNote(std::string_view note);

// The score of a DHCP address scan whose peak is `ratio` times
// min_dhcp_addresses (0 below 1): 0.5 at the threshold, +0.15 per tenfold,
// at most 0.8. A client asks for its one lease; many at once is a tool.
double DhcpScanScore(double ratio);

// What one source did in notice.log and dhcp.log.
struct SideScan {
  NoticeKinds notes;  // by note (count: hosts, or ports for Scan::Port_Scan)
  std::vector<Ip> notice_targets;            // `dst` of its notices (sorted, unique, capped)
  bool remote_victims = false;               // a notice's `sub` was "remote" (Zeek: the victims were not local)
  std::vector<std::pair<int64_t, Ip>> dhcp;  // (time, requested address) of its DHCP REQUESTs, earliest kept
  uint64_t dhcp_requests = 0;
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  bool external = false;  // the source is outside the org
};

// Per worker: the notice and dhcp records, by (org, source).
class SideScans {
 public:
  // Reads `record` when it is a notice or dhcp record; false otherwise.
  bool OnRecord(const OrgContext& org, const Record& record);
  void Merge(SideScans& other);
  static bool WantsField(std::string_view log, std::string_view field);

  // Folds each source's notice and DHCP evidence into `findings` (the conn
  // path's, sorted by FindingLess): into that source's scan finding when it
  // has one (score the higher of the two), else a finding of its own when
  // the score reaches min_score.
  void Apply(const AnalysisContext& ctx, const ScanParams& p, std::vector<Finding>& findings) const;

 private:
  void OnNotice(const OrgContext& org, const Record& r);
  void OnDhcp(const OrgContext& org, const Record& r);
  SideScan& Source(const OrgContext& org, const Ip& ip, int64_t ts);
  absl::flat_hash_map<HostKey, SideScan> sources_;
  FieldSet<7> notice_{{"note", "msg", "sub", "src", "dst", "p", "n"}};
  FieldSet<3> dhcp_{{"client_addr", "requested_addr", "msg_types"}};
};

}  // namespace dragnet
