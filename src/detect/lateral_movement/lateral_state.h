// The lateral_movement detector's per-worker state: per (org, source, peer)
// one Contact -- what the source did to the peer over the whole run -- folded
// from dce_rpc, smb_mapping, smb_files, rdp and conn (WinRM) records.
//
// Contract: only internal-to-internal records count. State grows with host
// pairs, never with records: at most kMaxPeersPerSource peers per source
// (more are counted in `dropped`), kMaxHours admin hours per source,
// kMaxContactDays execution days and kMaxToolNames tool names per contact,
// each keeping the smallest values so merged state does not depend on the
// record order or the worker split.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "detect/detector.h"

namespace dragnet {

inline constexpr size_t kMaxPeersPerSource = 8192;
inline constexpr size_t kMaxHours = 64;
inline constexpr size_t kMaxContactDays = 8;
inline constexpr size_t kMaxToolNames = 4;

// What one source did to one peer over the whole run.
struct Contact {
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  int64_t first_exec_us = INT64_MAX, last_exec_us = INT64_MIN, first_rdp_us = INT64_MAX;
  uint16_t actions = 0;
  uint16_t steps = 0;  // ExecStep bits
  // First time of the steps whose spacing tells the tool: service created and
  // deleted, task registered and deleted.
  int64_t service_create_us = INT64_MAX, service_delete_us = INT64_MAX;
  int64_t task_register_us = INT64_MAX, task_delete_us = INT64_MAX;
  uint64_t events = 0, exec_events = 0;
  std::string exec_detail;             // how code was first run there ("svcctl CreateServiceW")
  std::vector<int64_t> exec_days;      // UTC days (epoch / 86400) code was run there, smallest kept
  std::vector<std::string> tool_names;  // executables written to its admin shares, smallest kept

  // Whether code was run there on at least `days` distinct days.
  bool Recurs(uint32_t days) const { return exec_days.size() >= days; }
};

struct Source {
  absl::flat_hash_map<Ip, Contact> peers;
  std::set<int64_t> hours;  // hours (epoch / 3600) it administered in, the smallest kMaxHours
  uint64_t dropped = 0;     // contacts with peers past kMaxPeersPerSource
  bool file_records = false;  // smb_files has records of its SMB sessions: a file it wrote would show
};

// Folds one action (and its ExecStep bits) into a contact (`tool`: the
// executable written, if any).
void Fold(Contact& c, uint16_t action, uint16_t steps, int64_t ts, std::string_view detail, std::string_view tool);
// The contact's ExecTell bits (all but kTellWinRmLateral): a create or
// register step counts with its delete only when the delete came within
// `quick_s` seconds of it; "nothing written" needs `files_visible` (the
// source's file records are in the data) when an admin share was mapped.
uint8_t ContactTells(const Contact& c, bool files_visible, double quick_s);
// Folds another worker's contact for the same pair.
void MergeContact(Contact& into, const Contact& from);

class LateralState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override;
  void Merge(DetectorState& other) override;
  absl::flat_hash_map<HostKey, Source>& sources() { return sources_; }
  static bool WantsField(std::string_view log, std::string_view field);

 private:
  void Touch(const OrgContext& org, const Record& r, int src_field, int dst_field, uint16_t action, uint16_t steps,
             std::string_view detail, std::string_view tool = {});
  // Notes that the source's SMB file records are in the data.
  void MarkFileRecords(const OrgContext& org, const Record& r, int src_field, int dst_field);

  absl::flat_hash_map<HostKey, Source> sources_;
  FieldSet<4> rpc_{{"id.orig_h", "id.resp_h", "endpoint", "operation"}};
  FieldSet<3> mapping_{{"id.orig_h", "id.resp_h", "path"}};
  FieldSet<5> files_{{"id.orig_h", "id.resp_h", "path", "action", "name"}};
  FieldSet<2> rdp_{{"id.orig_h", "id.resp_h"}};
  FieldSet<4> conn_{{"id.orig_h", "id.resp_h", "id.resp_p", "orig_bytes"}};
};

}  // namespace dragnet
