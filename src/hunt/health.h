// Data health per organisation (issue 15, item 3): which Zeek log types
// arrived with how many records and malformed lines, the time they cover and
// the holes in it, and which detectors could run on them fully, partly or not
// at all and why (DetectorSpec logs_required / logs_optional / without_logs).
// An org's health is made of its own files and records only. Written to
// run.json `health`, the console and report.html. docs/cli.md#data-health.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ingest/record.h"

namespace dragnet {

struct DetectorSpec;
struct FileResult;

// Whole UTC hours without a single record, inside an org's span, that make a
// gap: a sensor down, a rotation lost, a partial copy. Any network of a few
// hosts writes conn and dns every hour (resolvers, NTP, updates).
inline constexpr int64_t kMinGapHours = 2;
// A hole longer than this (a week) is no outage of one capture but separate
// captures in one folder (test fixtures, archives of several incidents): the
// org's data is then in several `periods`, and the hole is no gap.
inline constexpr int64_t kMaxGapHours = 7 * 24;

// One log type of one org.
struct LogHealth {
  uint64_t files = 0, records = 0, malformed = 0;
  int64_t first_us = 0, last_us = 0;  // of its records' ts; both 0 when none had one
};

struct DataGap {
  int64_t from_us = 0, to_us = 0;  // whole hours: [from, to) held no record of the org
  int64_t hours() const { return (to_us - from_us) / 3'600'000'000; }
};

enum class Coverage { kFull, kPartial, kNone };
const char* CoverageName(Coverage c);  // "full", "partial", "none"

struct DetectorCoverage {
  std::string detector;
  Coverage coverage = Coverage::kFull;
  std::string why;  // empty when full: the logs missing, and the spec's without_logs
  // The log types behind `coverage`: the required ones that did not arrive,
  // else the optional ones that did not.
  std::vector<std::string> lacking;
  // Whether a log type that matters (OrgHealth::missing) is among them.
  bool for_missing = false;
};

struct OrgHealth {
  std::string org;
  bool swept = false;
  std::map<std::string, LogHealth> logs;  // by Zeek log type, records > 0 or malformed > 0
  int64_t first_us = 0, last_us = 0;      // over all its timed records
  std::vector<DataGap> gaps;
  uint32_t periods = 0;  // runs of data separated by holes over kMaxGapHours (0: no timed record)
  uint64_t malformed = 0, incomplete = 0;
  // Log types that matter and did not arrive: conn and dns (the base of a
  // Zeek sensor's output, read by most detectors), and the traffic-wide
  // types -- ssl, http, files, x509, written whenever users browse -- when
  // more than half of the swept orgs (two or more) have them. A protocol's
  // own log (rdp, smb_files, kerberos, dhcp, notice ...) is written only when
  // that protocol was used: its absence is no fault, only its detectors'
  // coverage says it.
  std::vector<std::string> missing;
  std::vector<DetectorCoverage> detectors;  // in registry order
  bool attention() const { return swept && (!missing.empty() || !gaps.empty()); }
};

// Per worker: the time of each record by org and log type. Cheap per record
// (the log type's slot is cached by schema version).
class HealthObserver {
 public:
  explicit HealthObserver(size_t orgs) : orgs_(orgs) {}
  void OnRecord(uint32_t org, const Record& record);
  void Merge(const HealthObserver& other);

  struct Span {
    int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  };
  struct OrgTimes {
    std::map<std::string, Span> by_log;
    std::vector<int64_t> hours;  // UTC hours with a record; sorted and unique after Settle()
  };
  void Settle();
  const std::vector<OrgTimes>& orgs() const { return orgs_; }

 private:
  std::vector<OrgTimes> orgs_;
  uint64_t cached_version_ = 0;
  uint32_t cached_org_ = UINT32_MAX;
  Span* cached_ = nullptr;
  int64_t last_hour_ = INT64_MIN;
};

// Whether log type `have` serves a spec's `wanted`: the same, or one of its
// kind ("ldap" is served by "ldap_search").
bool LogServes(const std::string& have, const std::string& wanted);

// The health of every org (input order): its files (`files`, any org's; only
// its own are used), its record times (`times`, settled, indexed like
// `orgs`) and the detectors that ran.
std::vector<OrgHealth> BuildHealth(const std::vector<std::string>& orgs, const std::vector<FileResult>& files,
                                   const HealthObserver& times, const std::vector<const DetectorSpec*>& detectors);

// What one detector can do with the log types `arrived` (pure).
DetectorCoverage CoverageOf(const DetectorSpec& spec, const std::map<std::string, LogHealth>& arrived);

}  // namespace dragnet
