// The brute_force detector's second input path (issue 15, items 3 and 5):
// Zeek's own guessing detections in notice.log -- SSH::Password_Guessing
// ("A appears to be guessing SSH passwords (seen in 30 connections)", sub
// "Sampled servers: B, C"), FTP::Bruteforcing -- for sensors whose ssh or ftp
// logs are not kept. Each becomes part of the source's one brute_force
// finding, Zeek's message quoted. docs/detectors/brute_force.md.
#pragma once

#include <map>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "detect/brute_force/brute_force_detector.h"
#include "detect/detector.h"
#include "detect/zeek_notice.h"

namespace dragnet {

// Whether a notice type (Zeek's `note`) is a guessing detection.
bool IsGuessingNote(std::string_view note);

// The addresses a notice's `sub` lists ("Sampled servers: 10.0.0.1, 10.0.0.2"),
// in order, repeats kept.
std::vector<Ip> SampledServers(std::string_view sub);

// What one source's guessing notices say.
struct NoticeGuesses {
  NoticeKinds notes;        // count: the connections or failed logins Zeek saw
  std::map<Ip, uint32_t> servers;  // sampled servers and `dst`, with how often each was named
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  bool external = false;
};

// Per worker: the notices, by (org, source).
class GuessingNotices {
 public:
  // Reads `record` when it is a notice; false otherwise.
  bool OnRecord(const OrgContext& org, const Record& record);
  void Merge(GuessingNotices& other);
  static bool WantsField(std::string_view log, std::string_view field);

  // Folds each source's notices into `findings` (the logon path's, sorted):
  // into that source's brute_force finding when it has one (score the higher),
  // else a finding of its own scored like a burst of the notice's count
  // against its servers (BruteForceScore) when it reaches min_score. From
  // outside, the host is the org's server named most often (ties: the
  // smallest address) and the source is an indicator; a notice naming no
  // server of the org names no host and is left out.
  void Apply(const AnalysisContext& ctx, const BruteForceParams& p, std::vector<Finding>& findings) const;

 private:
  absl::flat_hash_map<HostKey, NoticeGuesses> sources_;
  FieldSet<6> notice_{{"note", "msg", "sub", "src", "dst", "n"}};
};

}  // namespace dragnet
