// The detector plug-in interface. A Detector is immutable configuration
// (thresholds, indicator sets) and a factory for DetectorState, the mutable
// run-time state of one worker thread. States see records, are merged, and
// turn into findings; detectors never print. Registration is the explicit list
// in detect/registry.cc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "aggregate/aggregates.h"
#include "core/cidr_table.h"
#include "detect/finding.h"
#include "detect/finding_source.h"
#include "ingest/record.h"

namespace dragnet {

// What a detector knows of the organisation a record came from.
struct OrgContext {
  uint32_t index = 0;
  std::string name;
  std::vector<Cidr> home_networks;  // empty: fall back to local_orig/local_resp, then RFC 1918/ULA
  // Destinations behavioural detectors never report for this org: a name
  // (and its subdomains), an address or a network.
  std::vector<std::string> allow;
  // Hosts whose job is to administer others (the IT subnet, the vulnerability
  // scanner, backup servers): lateral_movement does not report them.
  std::vector<Cidr> admins;
  // Connections from outside to the org's hosts are analysed too (config
  // `inbound = yes` or hunt --inbound; detectors/inbound.md). Off by default.
  bool inbound = false;

  // Whether ip is inside the organisation. `local_hint` is Zeek's
  // local_orig/local_resp for that endpoint when the log has it (-1 unknown).
  bool IsInternal(const Ip& ip, int local_hint = -1) const;
  // Whether a destination name (lower-case) or address is on the allow-list.
  bool Allows(std::string_view dest) const;
  bool Allows(const Ip& ip) const;
  bool IsAdmin(const Ip& ip) const;
};

struct DetectorParameter {
  std::string name;
  std::string default_value;
  std::string help;
  std::string range;  // accepted values, as NumberRange::Text() writes them ("[0, 1]", ">= 1")
};

// A detector's declaration: what its findings are to the later stages
// (FindingSourceSpec: stage, campaign traits, exports, containment), its
// ATT&CK ids and parameters, and the Zeek logs it reads -- docs/detectors/NAME.md
// says the same (tests/unit/detector_docs_test.cc checks it).
struct DetectorSpec : FindingSourceSpec {
  std::vector<std::string> attack;      // ATT&CK ids it can emit
  std::vector<DetectorParameter> parameters;
  // Log types (Zeek paths) without which it finds nothing: all of them are
  // needed. Empty when any one of `logs_optional` is enough.
  std::vector<std::string> logs_required;
  // Log types it also reads when they are there.
  std::vector<std::string> logs_optional;
  // One sentence: what it does, or misses, when some of those logs are absent.
  std::string without_logs;
  bool specific = false;  // findings precise on their own (intel, DCSync), not weak behaviour (correlate/verdicts.h)
};

class Warninglists;
class HostRoles;

// What a detector's analysis may read besides its own state.
struct AnalysisContext {
  const std::vector<OrgContext>& orgs;  // indexed by OrgContext::index
  const Aggregates* aggregates;         // null unless some detector NeedsAggregates()
  const Warninglists* warninglists;     // known-benign values (never null)
  const HostRoles* roles = nullptr;     // roles learnt per org (detect/roles/); null unless NeedsHostRoles()
};

class DetectorState {
 public:
  virtual ~DetectorState() = default;
  // `log_path` is the record's Zeek log type ("conn", "dns", ...).
  virtual void OnRecord(const OrgContext& org, const Record& record) = 0;
  // Folds another worker's state into this one.
  virtual void Merge(DetectorState& other) = 0;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual const DetectorSpec& spec() const = 0;
  // Per-worker state for detectors that read records themselves; nullptr for
  // detectors that only analyse the shared aggregates.
  virtual std::unique_ptr<DetectorState> NewState() const = 0;
  // Whether this detector reads the shared per-org aggregates (aggregate/).
  virtual bool NeedsAggregates() const { return false; }
  // Whether this detector reads the host roles (AnalysisContext::roles).
  virtual bool NeedsHostRoles() const { return false; }
  // The fields this detector reads (projection, see RecordVisitor::WantsField).
  // The default reads everything; detectors that know their fields say so and
  // make reading faster for all.
  virtual bool WantsField(std::string_view /*log_path*/, std::string_view /*field*/) const { return true; }
  // Log types that must be read (by every worker) before all others, because
  // other records are judged against them (x509 before ssl).
  virtual std::vector<std::string> FirstPassLogs() const { return {}; }
  // Called once between the first pass and the rest, with all workers' states.
  virtual void EndFirstPass(std::vector<DetectorState*>& /*states*/) const {}
  // Findings from the merged state (null when NewState gives none) and the
  // aggregates.
  virtual std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& context) const = 0;
};

}  // namespace dragnet
