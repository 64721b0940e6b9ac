#include "cli/state_command.h"

#include <ctime>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/validate.h"
#include "store/sqlite_store.h"

namespace dragnet {
namespace {

constexpr const char* kVersion = "0.1.0";  // as run.json's dragnet_version
constexpr int64_t kSecondsPerDay = 86400;

std::string Utc(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Opens the store of --state DIR, printing why not and returning the exit code.
int OpenStore(const std::string& dir, StoreAccess access, std::unique_ptr<StateStore>* store) {
  if (Status s = CheckOutputPath({"--state", dir, PathKind::kFolder}); !s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitUsage;
  }
  StoreOpenOptions options;
  options.access = access;
  StoreOpenError error = StoreOpenError::kNone;
  auto opened = OpenSqliteStateStore(dir, options, &error);
  if (!opened.ok()) {
    fmt::print(stderr, "dragnet: --state {}\n", opened.status().message());
    return error == StoreOpenError::kLocked ? kExitStateLocked : kExitState;
  }
  *store = std::move(*opened);
  return kExitOk;
}

}  // namespace

int OpenHuntState(const std::string& dir, const HuntOptions& options, std::unique_ptr<HuntState>* state) {
  std::unique_ptr<StateStore> store;
  if (int rc = OpenStore(dir, StoreAccess::kCreate, &store); rc != kExitOk) return rc;
  auto loaded = HuntState::Load(std::move(store), options.orgs, CurrentRunIdentity(kVersion));
  if (!loaded.ok()) {
    fmt::print(stderr, "dragnet: --state {}\n", loaded.status().message());
    return kExitState;
  }
  (*loaded)->OnlyDetectors(options.detectors);
  *state = std::move(*loaded);
  return kExitOk;
}

CLI::App* AddTriageCommand(CLI::App& app, TriageArgs& a) {
  auto* cmd = app.add_subcommand("triage", "record a verdict on a finding of a --state store; false and benign "
                                           "suppress its (org, host, detector, indicator) in later hunts");
  cmd->add_option("id", a.id, "the finding's id (findings.jsonl \"id\", from `hunt --state`)")->required()->check(NonEmpty());
  cmd->add_option("--state", a.state, "the state folder of the hunts (hunt --state DIR)")->required()->check(NonEmpty());
  cmd->add_option("--as", a.verdict, "true, false, benign or ack")
      ->required()
      ->check(CLI::IsMember({"true", "false", "benign", "ack"}));
  cmd->add_option("--note", a.note, "why, in words (kept with the verdict)");
  cmd->add_option("--expires", a.expires_days, "days a false or benign verdict suppresses the finding")
      ->capture_default_str()
      ->check(InRange(NumberRange::Whole(1, 3650)));
  return cmd;
}

int RunTriageCommand(const TriageArgs& a) {
  std::unique_ptr<StateStore> store;
  if (int rc = OpenStore(a.state, StoreAccess::kWrite, &store); rc != kExitOk) return rc;
  auto found = store->FindingById(a.id);
  if (!found.ok()) {
    fmt::print(stderr, "dragnet: --state {}\n", found.status().message());
    return kExitState;
  }
  if (!*found) {
    fmt::print(stderr, "dragnet: triage: no finding {} in {} (ids are findings.jsonl's \"id\" of `hunt --state`)\n",
               a.id, store->Location());
    return kExitUsage;
  }
  RunIdentity who = CurrentRunIdentity(kVersion);
  TriageRecord t;
  t.finding_id = a.id;
  t.verdict = a.verdict;
  t.note = a.note;
  t.user = who.user;
  t.recorded_at = who.started_at;
  bool suppresses = a.verdict == "false" || a.verdict == "benign";
  t.expires_at = suppresses ? who.started_at + a.expires_days * kSecondsPerDay : 0;
  if (Status s = store->RecordTriage(t); !s.ok()) {
    fmt::print(stderr, "dragnet: --state {}\n", s.message());
    return kExitState;
  }
  const StoredFinding& f = **found;
  fmt::print("recorded {} as {} by {} at {}: {}/{} {} {}\n", f.id, a.verdict, t.user, Utc(t.recorded_at), f.org, f.host,
             f.detector, f.indicator);
  if (suppresses) fmt::print("suppressed in later hunts until {}\n", Utc(t.expires_at));
  if (a.verdict == "true") fmt::print("any suppression of it is lifted\n");
  return kExitOk;
}

CLI::App* AddStateCommand(CLI::App& app, StateArgs& a) {
  auto* state = app.add_subcommand("state", "inspect a --state store");
  state->require_subcommand(1);
  auto* check = state->add_subcommand("check", "what the store holds per org: files, days covered, findings by "
                                               "status, suppressions");
  check->add_option("--state", a.state, "the state folder (hunt --state DIR)")->required()->check(NonEmpty());
  return check;
}

int RunStateCheckCommand(const StateArgs& a) {
  std::unique_ptr<StateStore> store;
  if (int rc = OpenStore(a.state, StoreAccess::kRead, &store); rc != kExitOk) return rc;
  auto summary = store->Summarise(static_cast<int64_t>(std::time(nullptr)));
  if (!summary.ok()) {
    fmt::print(stderr, "dragnet: --state {}\n", summary.status().message());
    return kExitState;
  }
  fmt::print("state {}: schema version {}, {} runs{}, {} orgs\n", store->Location(), summary->schema_version,
             summary->runs, summary->runs ? ", last at " + Utc(summary->last_run_at) : "", summary->orgs.size());
  for (const OrgSummary& o : summary->orgs) {
    auto n = [&](const char* status) {
      auto it = o.findings_by_status.find(status);
      return it == o.findings_by_status.end() ? uint64_t{0} : it->second;
    };
    // Days by the files' modification times (a Zeek log's is its rotation),
    // until the store keeps per-day aggregates of the data itself.
    std::string days = o.days.empty() ? "no file" : o.days.size() == 1
                           ? "modified on 1 day, " + o.days.front()
                           : fmt::format("modified on {} days, {}..{}", o.days.size(), o.days.front(), o.days.back());
    fmt::print("  {}: {} files ({} bytes), {}; findings: {} new, {} active, {} resolved, {} suppressed; "
               "suppressions: {} in force, {} expired; {} triage records\n",
               o.org, o.files, o.bytes, days, n("new"), n("active"), n("resolved"), n("suppressed"),
               o.suppressions_active, o.suppressions_expired, o.triage_records);
  }
  return kExitOk;
}

}  // namespace dragnet
