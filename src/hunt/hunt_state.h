// `dragnet hunt --state DIR`: the hunt's side of the state store. Before the
// hunt, the suppressions in force; after it, each finding's stable id and
// status (new, active, suppressed), the stored findings it resolved, and the
// run persisted in one transaction. Files read are recorded, not yet skipped
// (docs/architecture.md, "State store").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "hunt/hunt.h"
#include "store/state_store.h"

namespace dragnet {

// Who runs the hunt and when, as the store records it.
struct RunIdentity {
  int64_t started_at = 0;  // Unix seconds
  std::string user, host, version;
};
RunIdentity CurrentRunIdentity(const std::string& version);

class HuntState {
 public:
  // Loads the suppressions of `orgs` in force at `identity.started_at`.
  static Result<std::unique_ptr<HuntState>> Load(std::unique_ptr<StateStore> store, const std::vector<OrgSource>& orgs,
                                                 RunIdentity identity);

  // For HuntOptions::set_aside: whether a finding's scope is suppressed.
  bool Suppressed(const Finding& f) const;
  std::function<bool(const Finding&)> SetAsidePredicate() const {
    return [this](const Finding& f) { return Suppressed(f); };
  }

  // With `hunt --detectors`: only findings of these detectors can be
  // resolved (the others were not looked for). Empty: every detector ran.
  void OnlyDetectors(const std::vector<std::string>& names) { only_detectors_ = {names.begin(), names.end()}; }

  // Puts the set-aside findings back among `r.findings` (in FindingLess
  // order), gives every finding its id and status, resolves the stored
  // findings of the swept orgs not seen now, records the files read, and
  // persists it all at once; fills r.store. On failure the store holds what
  // it held before and `r` is left with ids and statuses only.
  Status Record(HuntReport& r);

 private:
  // The stored findings of `orgs`, by id.
  Result<std::map<std::string, StoredFinding>> LoadStored(const std::set<std::string>& orgs) const;
  // Whether a stored finding not seen now becomes resolved: not already, of
  // an org swept now, by a detector run now.
  bool MayResolve(const StoredFinding& f, const std::set<std::string>& swept) const;

  HuntState(std::unique_ptr<StateStore> store, RunIdentity identity) : store_(std::move(store)), id_(identity) {}
  std::unique_ptr<StateStore> store_;
  RunIdentity id_;
  std::set<SuppressionScope> suppressed_;
  std::set<std::string> only_detectors_;
};

// The scope of a finding: org, host, detector and its first indicator.
SuppressionScope ScopeOf(const Finding& f);

}  // namespace dragnet
