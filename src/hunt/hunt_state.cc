#include "hunt/hunt_state.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>

#include "store/finding_id.h"
#include "store/sqlite_store.h"

namespace dragnet {
namespace {

std::string UserName() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return "uid " + std::to_string(::geteuid());
}

std::string HostName() {
  char host[256] = {};
  return ::gethostname(host, sizeof host - 1) == 0 ? host : "unknown";
}

// Stable ids for `findings` (in FindingLess order): StableFindingId, and for
// the rare second finding of one scope in a run, "-2", "-3"... in that order.
void AssignIds(std::vector<Finding>& findings) {
  std::map<std::string, int> seen;
  for (Finding& f : findings) {
    SuppressionScope s = ScopeOf(f);
    std::string id = StableFindingId(s.org, s.host, s.detector, s.indicator);
    int n = ++seen[id];
    f.id = n == 1 ? id : id + "-" + std::to_string(n);
  }
}

StoredFinding ToStored(const Finding& f, FindingStatus status, int64_t first_seen, int64_t now) {
  SuppressionScope s = ScopeOf(f);
  StoredFinding out;
  out.id = f.id;
  out.org = s.org;
  out.host = s.host;
  out.detector = s.detector;
  out.indicator = s.indicator;
  out.status = status;
  out.severity = SeverityName(f.severity);
  out.score = f.score;
  out.summary = f.summary;
  out.first_seen = first_seen;
  out.last_seen = now;
  return out;
}

// The files the hunt read as logs, fingerprinted now; a file gone since it
// was read is left out (nothing to recognise it by).
std::vector<FileRecord> FilesRead(const HuntReport& r) {
  std::vector<FileRecord> files;
  for (const FileResult& file : r.files) {
    if (file.stats.skipped) continue;
    auto print = FileFingerprint(file.path);
    if (!print.ok()) continue;
    print->org = file.org;
    files.push_back(std::move(*print));
  }
  return files;
}

}  // namespace

SuppressionScope ScopeOf(const Finding& f) {
  return {f.org, f.host.ToString(), f.detector, f.indicators.empty() ? std::string() : f.indicators.front()};
}

RunIdentity CurrentRunIdentity(const std::string& version) {
  return {static_cast<int64_t>(std::time(nullptr)), UserName(), HostName(), version};
}

Result<std::unique_ptr<HuntState>> HuntState::Load(std::unique_ptr<StateStore> store,
                                                   const std::vector<OrgSource>& orgs, RunIdentity identity) {
  std::unique_ptr<HuntState> state(new HuntState(std::move(store), std::move(identity)));
  for (const OrgSource& org : orgs) {
    auto in_force = state->store_->Suppressions(org.name, state->id_.started_at);
    if (!in_force.ok()) return in_force.status();
    for (const Suppression& s : *in_force) state->suppressed_.insert(s.scope);
  }
  return state;
}

bool HuntState::Suppressed(const Finding& f) const { return suppressed_.count(ScopeOf(f)) > 0; }

Result<std::map<std::string, StoredFinding>> HuntState::LoadStored(const std::set<std::string>& orgs) const {
  std::map<std::string, StoredFinding> stored;
  for (const std::string& org : orgs) {
    auto found = store_->Findings(org);
    if (!found.ok()) return found.status();
    for (StoredFinding& f : *found) stored.emplace(f.id, std::move(f));
  }
  return stored;
}

bool HuntState::MayResolve(const StoredFinding& f, const std::set<std::string>& swept) const {
  return f.status != FindingStatus::kResolved && swept.count(f.org) &&
         (only_detectors_.empty() || only_detectors_.count(f.detector));
}

Status HuntState::Record(HuntReport& r) {
  for (Finding& f : r.set_aside) r.findings.push_back(std::move(f));
  r.set_aside.clear();
  std::sort(r.findings.begin(), r.findings.end(), FindingLess);
  AssignIds(r.findings);
  RunRecord run{id_.started_at, id_.user, id_.host, id_.version, {}, FilesRead(r), {}};
  StoreOutcome outcome{store_->Location(), kStateSchemaVersion, run.files.size(), {}, {}, suppressed_.size()};
  // The orgs this run judges: those swept (their unseen findings resolve),
  // and any other a finding names.
  std::set<std::string> swept, orgs;
  for (const OrgTotals& o : r.orgs)
    if (o.swept()) swept.insert(o.name);
  orgs = swept;
  for (const Finding& f : r.findings) orgs.insert(f.org);
  run.orgs.assign(orgs.begin(), orgs.end());
  auto stored = LoadStored(orgs);
  if (!stored.ok()) return stored.status();
  std::set<std::string> now_seen;
  for (Finding& f : r.findings) {
    auto before = stored->find(f.id);
    bool known = before != stored->end();
    FindingStatus status = Suppressed(f) ? FindingStatus::kSuppressed
                           : known       ? FindingStatus::kActive
                                         : FindingStatus::kNew;
    f.status = FindingStatusName(status);
    ++outcome.by_status[f.status];
    now_seen.insert(f.id);
    run.findings.push_back(ToStored(f, status, known ? before->second.first_seen : id_.started_at, id_.started_at));
  }
  for (auto& [id, f] : *stored) {  // by id: outcome.resolved comes out by org, then id
    if (now_seen.count(id) || !MayResolve(f, swept)) continue;
    f.status = FindingStatus::kResolved;
    run.findings.push_back(f);
    outcome.resolved.push_back(f);
  }
  std::stable_sort(outcome.resolved.begin(), outcome.resolved.end(),
                   [](const StoredFinding& a, const StoredFinding& b) { return a.org < b.org; });
  outcome.by_status["resolved"] = outcome.resolved.size();
  if (Status s = store_->Persist(run); !s.ok()) return s;
  r.store = std::move(outcome);
  return Status::Ok();
}

}  // namespace dragnet
