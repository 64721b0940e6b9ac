// The hunt: read every log of every organisation once (in parallel by file),
// feed each record to every detector's per-worker state, merge, and collect
// findings plus the counts a run report needs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aggregate/aggregates.h"
#include "core/status.h"
#include "correlate/campaigns.h"
#include "correlate/verdicts.h"
#include "incident/incidents.h"
#include "detect/finding.h"
#include "detect/roles/host_roles.h"
#include "hunt/health.h"
#include "hunt/orgs.h"
#include "ingest/diagnostics.h"
#include "ingest/zeek_reader.h"
#include "intel/indicator_set.h"
#include "intel/warninglist.h"
#include "store/store_outcome.h"

namespace dragnet {

struct HuntOptions {
  std::vector<OrgSource> orgs;
  std::vector<std::string> intel_paths;
  bool intel_allow_broad = false;  // take feed networks broader than IndicatorSet::IsBroadNetwork
  std::vector<std::string> warninglist_paths;
  // The never-flag set (intel/never_flag.h) for intel matches: on unless
  // --no-default-warninglists; its installed part is found next to `executable`.
  bool default_warninglists = true;
  std::string executable;
  int threads = 0;              // 0: one per core
  bool progress = false;        // progress line on stderr
  size_t max_line = LineReader::kDefaultMaxLine;
  AggregateParams aggregates;   // memory cap and series caps of the behavioural state
  std::optional<double> min_score;  // overrides behavioural detectors' reporting threshold
  std::vector<std::string> detectors;  // names to run (registry order kept); empty: all
  std::vector<std::pair<std::string, std::string>> params;  // detector.parameter=value overrides
  bool org_affinity = true;     // let each org be read by one worker when orgs spread evenly
  std::string ransomware_families;  // misp-galaxy ransomware cluster: family names in incident reports
  std::vector<std::string> exclude;  // folders never read as logs, intel or warninglists (the output folder)
  // Leave the behavioural state allocated when the hunt returns: a command
  // that exits next need not free millions of entries one by one (over a
  // second of a 40-org x 48-h hunt). The state stays reachable, so leak
  // checkers do not count it. Off for library use.
  bool keep_state_at_exit = false;
  // Findings this returns true for (`hunt --state`'s suppressions,
  // hunt/hunt_state.h) are set aside before correlation: they count in no
  // verdict, kill chain or campaign, and come back in HuntReport::set_aside.
  std::function<bool(const Finding&)> set_aside;
};

// One org's part of the behavioural state: what it holds and what the cap
// took from it (run.json "state.orgs").
struct OrgStateReport {
  std::string org;
  uint64_t held_bytes = 0;  // estimated, after settling
  uint8_t level = 0;        // keys kept: those of hash rank >= level (about 2^-level of them); 0 all
  OrgDrops drops;
  // Pairs, names or domains of this org were sampled away: its analysis saw
  // only part of its data.
  bool incomplete() const { return level > 0; }
};

// The behavioural state's size and what its caps turned away (run.json "state").
struct StateReport {
  uint64_t cap_bytes = 0, peak_bytes = 0;
  uint64_t share_bytes = 0;  // the max-min fair share of each org (0: no org needed one)
  uint64_t ip_pairs = 0, name_pairs = 0, domains = 0;
  uint64_t pairs_refused = 0, samples_dropped = 0, domains_refused = 0;  // records, all orgs
  uint64_t client_values_refused = 0;  // JA3 / user-agent values past the cross-org tables' part of the cap
  std::vector<OrgStateReport> orgs;    // every org, in input order
  uint64_t dropped() const { return pairs_refused + samples_dropped + domains_refused + client_values_refused; }
  // The orgs whose keys were sampled away, in input order.
  std::vector<const OrgStateReport*> incomplete() const;
};

struct FileResult {
  std::string path;
  std::string org;
  FileReadStats stats;
};

struct LogTotals {
  uint64_t files = 0, records = 0, bytes = 0;
};

struct OrgTotals {
  std::string name;
  uint64_t files = 0, records = 0, bytes = 0, malformed = 0, incomplete = 0;
  uint64_t files_read = 0;  // files read as Zeek logs; 0: the org was not swept (no data)
  bool swept() const { return files_read > 0; }
};

struct HuntReport {
  // Inputs
  IndicatorSet intel;
  Warninglists warninglists;  // --warninglist: intel and behavioural detectors
  Warninglists never_flag;    // the default never-flag set: intel only (empty when turned off)
  std::string never_flag_note;  // why part of it is missing, or ""
  std::map<std::string, std::string> feeds_skipped, feeds_failed;
  std::vector<uint64_t> suppressed;  // per warninglist: `warninglists`' then `never_flag`'s
  // Per org name: intel matches where neither party is one of the org's
  // internal addresses, so no host of the org can be named (not reported).
  std::map<std::string, uint64_t> intel_unattributed;
  // Address hits not taken: every listing names another port (docs/detectors/intel.md).
  uint64_t intel_port_mismatches = 0;
  // Reading
  std::vector<FileResult> files;     // sorted by path
  std::vector<OrgTotals> orgs;
  std::map<std::string, LogTotals> by_log;
  uint64_t files_read = 0, files_skipped = 0, lines = 0, records = 0, malformed = 0;
  uint64_t incomplete = 0;  // unfinished last lines (files being written)
  uint64_t bytes = 0, file_bytes = 0;
  double intel_seconds = 0, read_seconds = 0, analysis_seconds = 0, wall_seconds = 0;
  StateReport state;
  std::vector<OrgHealth> health;  // per org, input order (hunt/health.h)
  // Host roles learnt per org (null when no detector asked for them).
  std::shared_ptr<const HostRoles> roles;
  int threads = 1;
  bool org_affinity = false;         // each org read by one worker (states adopted, not merged)
  // Output
  std::vector<Finding> findings;     // stable order
  std::vector<HostVerdict> verdicts; // one per (org, host) with findings, by org then host
  std::vector<Campaign> campaigns;   // largest first
  std::vector<Incident> incidents;   // ransom notes and reports from ROOT/<org>/incidents/
  double correlation_seconds = 0;    // kill chains and campaigns (part of analysis_seconds)
  std::vector<Finding> set_aside;    // HuntOptions::set_aside's, in FindingLess order
  std::optional<StoreOutcome> store; // `hunt --state`: what the state store made of this run
};

// Runs the hunt. Problems with input go to `diag`; the Status fails only for
// what stops the run as a whole.
Result<std::unique_ptr<HuntReport>> RunHunt(const HuntOptions& options, Diagnostics& diag);

}  // namespace dragnet
