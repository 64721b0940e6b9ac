// The dragnet command line. CLI11 is included in this file only (it is slow
// to compile); each subcommand's work lives in the library.
#include <CLI/CLI.hpp>

#include <algorithm>

#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/exit_codes.h"
#include "cli/validate.h"
#include "detect/registry.h"
#include "hunt/hunt.h"
#include "hunt/progress.h"
#include "intel/never_flag.h"
#include "aggregate/memory_budget.h"
#include "report/fail_on.h"
#include "report/run_report.h"
#include "report/store_outputs.h"
#include "eval/eval.h"
#include "cli/export_command.h"
#include "report/html_report.h"
#include "report/stix_bundle.h"
#include "cli/incident_command.h"
#include "cli/detectors_command.h"
#include "cli/hunt_outputs.h"
#include "cli/state_command.h"
#include "sim/simulate.h"
#include "sim/campaign_variants.h"

namespace dragnet {
namespace {

struct HuntArgs {
  std::vector<std::string> roots;
  std::vector<std::string> orgs;  // NAME=PATH
  std::vector<std::string> intel;
  bool intel_allow_broad = false;
  std::vector<std::string> warninglists;
  bool no_default_warninglists = false;
  std::string config;
  std::string out = "dragnet-out";
  std::string fail_on;
  int threads = 0;
  bool quiet = false;
  bool no_progress = false;
  size_t max_line = LineReader::kDefaultMaxLine;
  uint64_t state_memory_mb = 0;  // 0: DefaultStateCapBytes()
  std::optional<double> min_score;
  std::vector<std::string> detectors;
  std::vector<std::string> params;
  std::string families;
  bool split_by_org = false;
  std::string state_dir;  // --state: the state store (not --state-memory's behavioural state)
  bool inbound = false;  // every org: as `inbound = yes` in the config
};

// Every path hunt will read, in the order the message for the first bad one
// should come: ROOTs, --org paths (malformed --org values are left to
// RunHuntCommand), then feeds, lists and files.
std::vector<InputPath> HuntInputPaths(const HuntArgs& a) {
  std::vector<InputPath> paths;
  for (const auto& root : a.roots) paths.push_back({"ROOT", root, PathKind::kFileOrFolder});
  for (const auto& o : a.orgs) {
    size_t eq = o.find('=');
    if (eq != std::string::npos && eq > 0 && eq + 1 < o.size())
      paths.push_back({"--org " + o.substr(0, eq), o.substr(eq + 1), PathKind::kFileOrFolder});
  }
  for (const auto& p : a.intel) paths.push_back({"--intel", p, PathKind::kFileOrFolder});
  for (const auto& p : a.warninglists) paths.push_back({"--warninglist", p, PathKind::kFileOrFolder});
  if (!a.config.empty()) paths.push_back({"--config", a.config, PathKind::kFile});
  if (!a.families.empty()) paths.push_back({"--ransomware-families", a.families, PathKind::kFile});
  return paths;
}

int RunHuntCommand(const HuntArgs& a) {
  if (Status s = CheckOptionPaths(HuntInputPaths(a)); !s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitUsage;
  }
  std::optional<Severity> fail_on;
  if (!a.fail_on.empty()) {
    fail_on = SeverityFromName(a.fail_on);
    if (!fail_on) {
      fmt::print(stderr, "dragnet: --fail-on: unknown severity '{}' (info, low, medium, high, critical)\n", a.fail_on);
      return kExitUsage;
    }
  }
  OrgConfig config;
  if (!a.config.empty()) {
    auto text = ReadFileToString(a.config);  // a regular file: HuntInputPaths (a FIFO would hang the read)
    if (!text.ok()) {
      fmt::print(stderr, "dragnet: --config {}\n", text.status().message());
      return kExitUsage;
    }
    auto parsed = ParseOrgConfig(a.config, *text);
    if (!parsed.ok()) {
      fmt::print(stderr, "dragnet: {}\n", parsed.status().message());
      return kExitUsage;
    }
    config = std::move(*parsed);
  }
  std::vector<std::pair<std::string, std::string>> explicit_orgs;
  for (const auto& o : a.orgs) {
    size_t eq = o.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == o.size()) {
      fmt::print(stderr, "dragnet: --org expects NAME=PATH, got '{}'\n", o);
      return kExitUsage;
    }
    explicit_orgs.emplace_back(o.substr(0, eq), o.substr(eq + 1));
  }
  Diagnostics diag(!a.quiet);  // from here: what discovery leaves out is said, and kept for run.json
  std::vector<std::string> not_logs = {a.out};  // OUT and the state store are never read as logs
  if (!a.state_dir.empty()) not_logs.push_back(a.state_dir);
  auto orgs = DiscoverOrgs(a.roots, explicit_orgs, config, not_logs, &diag);
  if (!orgs.ok()) {
    fmt::print(stderr, "dragnet: {}\n", orgs.status().message());
    return kExitUsage;
  }
  if (orgs->empty()) {
    fmt::print(stderr, "dragnet: no organisations to hunt in: give ROOT folders, --org or a --config with paths\n");
    return kExitUsage;
  }
  HuntOptions options;
  options.orgs = std::move(*orgs);
  if (a.inbound)
    for (OrgSource& org : options.orgs) org.inbound = true;
  options.intel_paths = a.intel;
  options.intel_allow_broad = a.intel_allow_broad;
  options.warninglist_paths = a.warninglists;
  options.default_warninglists = !a.no_default_warninglists;
  options.executable = ExecutablePath();
  options.threads = a.threads;
  options.progress = !a.no_progress && !a.quiet && Progress::WantedOnStderr();
  options.max_line = a.max_line;
  options.aggregates.memory_cap_bytes = a.state_memory_mb > 0 ? a.state_memory_mb << 20 : DefaultStateCapBytes();
  options.min_score = a.min_score;
  options.ransomware_families = a.families;
  options.keep_state_at_exit = true;  // the command exits after writing its outputs
  options.exclude = not_logs;
  for (const std::string& name : a.detectors) {
    auto specs = DetectorSpecs();
    if (std::none_of(specs.begin(), specs.end(), [&](const DetectorSpec& s) { return s.name == name; })) {
      std::string known;
      for (const auto& s : specs) known += (known.empty() ? "" : ", ") + s.name;
      fmt::print(stderr, "dragnet: --detectors: unknown detector '{}' ({})\n", name, known);
      return kExitUsage;
    }
  }
  options.detectors = a.detectors;
  for (const std::string& p : a.params) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || p.find('.') > eq) {
      fmt::print(stderr, "dragnet: --param: expected DETECTOR.NAME=VALUE, got '{}'\n", p);
      return kExitUsage;
    }
    options.params.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  {
    // Unknown names and bad values are usage errors, found before any reading.
    IndicatorSet no_intel;
    Warninglists no_lists;
    auto check = BuildDetectors({no_intel, no_lists, options.min_score, options.params});
    if (!check.ok()) {
      fmt::print(stderr, "dragnet: --param: {}\n", check.status().message());
      return kExitUsage;
    }
  }
  std::unique_ptr<HuntState> state;  // --state: opened and locked before OUT is made
  if (!a.state_dir.empty()) {
    if (int rc = OpenHuntState(a.state_dir, options, &state); rc != kExitOk) return rc;
    options.set_aside = state->SetAsidePredicate();
  }
  // Last of the checks, so a usage error leaves no OUT behind; still before
  // any log is read.
  auto outputs = PrepareHuntOutputs(a.out, a.split_by_org);
  if (!outputs.ok()) {
    fmt::print(stderr, "dragnet: --out {}\n", outputs.status().message());
    return kExitOutput;
  }
  auto report = RunHunt(options, diag);
  if (!report.ok()) {
    fmt::print(stderr, "dragnet: {}\n", report.status().message());
    return kExitInternal;
  }
  if (state) {  // persisted before the outputs are written: a failure leaves both as they were
    if (Status persisted = state->Record(**report); !persisted.ok()) {
      fmt::print(stderr, "dragnet: --state {} (the state is unchanged; no output written)\n", persisted.message());
      return kExitState;
    }
  }
  const HuntReport& r = **report;
  Status s = WriteHuntOutputs(**outputs, r, diag, a.split_by_org);
  if (!s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitOutput;
  }
  if (!a.quiet) {
    PrintConsoleSummary(stdout, r, diag);
    if (r.store) PrintStoreSummary(stdout, *r.store);
    fmt::print("wrote {0}/findings.jsonl, {0}/campaigns.json, {0}/incidents.json, {0}/stix-bundle.json, {0}/report.html "
               "and {0}/run.json{1}\n",
               a.out, a.split_by_org ? fmt::format(", and per org {}/orgs/ORG/", a.out) : "");
  }
  if (r.files_read == 0) {
    fmt::print(stderr, "dragnet: no input file could be read as a Zeek log\n");
    return kExitNothingRead;
  }
  if (fail_on) {
    if (auto tripped = FailOnMessage(r.findings, *fail_on)) {
      fmt::print(stderr, "dragnet: {}\n", *tripped);
      return kExitFindings;
    }
  }
  return kExitOk;
}

// eval's inputs: the truth, the findings and, when given, the campaigns.
std::vector<InputPath> EvalInputPaths(const EvalOptions& eval) {
  std::vector<InputPath> paths = {{"--truth", eval.truth_path, PathKind::kFile},
                                  {"--findings", eval.findings_path, PathKind::kFile}};
  if (!eval.campaigns_path.empty()) paths.push_back({"--campaigns", eval.campaigns_path, PathKind::kFile});
  return paths;
}

// The demo: the project's main job on its built-in dataset.
int RunDemo(const std::string& out, uint64_t seed, BenignLife benign) {
  std::error_code ec;
  std::filesystem::remove_all(out + "/world", ec);
  SimulateOptions sim;
  sim.out_dir = out + "/world";
  sim.seed = seed;
  sim.benign = benign;
  sim.gzip = true;
  sim.rotate = true;
  fmt::print("== simulating {} organisations for {} h (seed {}, {} benign life) into {}\n", sim.orgs, sim.hours, seed,
             benign == BenignLife::kCatalogue ? "catalogue" : "basic", sim.out_dir);
  auto stats = Simulate(sim);
  if (!stats.ok()) {
    fmt::print(stderr, "dragnet: {}\n", stats.status().message());
    return kExitOutput;
  }
  fmt::print("   {} files, {} records, {:.0f} MB of Zeek logs in {:.1f} s\n\n", stats->files, stats->records,
             static_cast<double>(stats->bytes) / 1e6, stats->seconds);
  fmt::print("== hunting with the seed intel ({}/intel/seed.stix.json) and every behavioural detector\n",
             sim.out_dir);
  HuntArgs hunt;
  hunt.roots = {sim.out_dir};
  hunt.intel = {sim.out_dir + "/intel"};
  hunt.out = out;
  hunt.no_progress = true;
  int rc = RunHuntCommand(hunt);
  if (rc != kExitOk) return rc;
  EvalOptions eval;
  eval.truth_path = sim.out_dir + "/truth.json";
  eval.findings_path = out + "/findings.jsonl";
  eval.campaigns_path = out + "/campaigns.json";
  auto result = Evaluate(eval);
  if (!result.ok()) {
    fmt::print(stderr, "dragnet: {}\n", result.status().message());
    return kExitInternal;
  }
  // Which orgs the seed intel reveals, and which only behaviour finds.
  std::set<std::string> by_intel, by_behaviour;
  {
    std::ifstream in(eval.findings_path);
    std::string line;
    while (std::getline(in, line)) {
      size_t p = line.find("\"org\":\"");
      if (p == std::string::npos) continue;
      std::string org = line.substr(p + 7, line.find('"', p + 7) - p - 7);
      (line.find("\"detector\":\"intel\"") != std::string::npos ? by_intel : by_behaviour).insert(org);
    }
  }
  std::vector<std::string> behaviour_only;
  for (const auto& o : by_behaviour)
    if (!by_intel.count(o)) behaviour_only.push_back(o);
  fmt::print("\n== compared with the simulation's ground truth ({})\n{}", eval.truth_path, EvalTable(*result));
  fmt::print("\nransomed organisation: {}\n", stats->victim_org);
  fmt::print("organisations flagged: {} of {} compromised ({} false)\n", result->orgs.tp,
             result->orgs.tp + result->orgs.fn, result->orgs.fp);
  fmt::print("  by the seed intel ({}): {}\n", by_intel.size(), fmt::join(by_intel, ", "));
  fmt::print("  by behaviour alone, no feed knowing them ({}): {}\n", behaviour_only.size(),
             fmt::join(behaviour_only, ", "));
  fmt::print("\nreport: {0}/findings.jsonl, {0}/campaigns.json, {0}/incidents.json, {0}/run.json; scores: dragnet eval "
             "--truth {1} --findings {2} --campaigns {3}\n",
             out, eval.truth_path, eval.findings_path, eval.campaigns_path);
  return kExitOk;
}

int Main(int argc, char** argv) {
  CLI::App app{"dragnet: threat hunting across the Zeek logs of many organisations"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dragnet 0.1.0");

  HuntArgs hunt;
  auto* hunt_cmd = app.add_subcommand("hunt", "sweep the logs of every organisation against threat intel and detectors");
  hunt_cmd->add_option("roots", hunt.roots, "folders whose sub-folders are organisations (a folder without sub-folders is one org)")->check(NonEmpty());
  hunt_cmd->add_option("--org", hunt.orgs, "an organisation as NAME=PATH (repeatable)")->check(NonEmpty());
  hunt_cmd->add_option("--intel", hunt.intel, "threat-intel feed file or folder (repeatable)")->check(NonEmpty());
  hunt_cmd->add_flag("--intel-allow-broad", hunt.intel_allow_broad,
                     "take feed networks broader than IPv4 /16 or IPv6 /32 (refused by default)");
  hunt_cmd->add_option("--warninglist", hunt.warninglists, "MISP warninglist file or folder (repeatable)")->check(NonEmpty());
  hunt_cmd->add_flag("--no-default-warninglists", hunt.no_default_warninglists,
                     "turn off the never-flag set (built-in and installed warninglists) for intel matches");
  hunt_cmd->add_flag("--inbound", hunt.inbound,
                     "analyse connections from outside into every org too (web-shell polling, long inbound "
                     "sessions; off by default: public servers are polled by the whole Internet)");
  hunt_cmd->add_option("--config", hunt.config, "org config file: home networks and paths (docs/config.md)")->check(NonEmpty());
  hunt_cmd->add_option("--out", hunt.out, "output folder: findings.jsonl, campaigns.json, incidents.json, stix-bundle.json, report.html, "
                  "run.json (and orgs/ORG/ with --split-by-org), replaced together")
      ->capture_default_str()
      ->check(NonEmpty());
  hunt_cmd->add_option("--fail-on", hunt.fail_on, "exit 4 when a finding is at or above this severity")->check(NonEmpty());
  hunt_cmd->add_option("--threads", hunt.threads, "worker threads (default: one per core)")
      ->check(InRange(NumberRange::Whole(1, 1024)));
  hunt_cmd->add_option("--max-line", hunt.max_line, "longest accepted log line in bytes (4 KiB to 1 GiB)")
      ->capture_default_str()
      ->check(InRange(NumberRange::Whole(4096, 1 << 30)));
  hunt_cmd->add_option("--state-memory", hunt.state_memory_mb,
                       "cap in MB on the in-memory behavioural state (host pairs, DNS domains; not --state's store); past it new keys are counted, "
                       "not kept (default: a quarter of physical memory, 1-16 GiB)")
      ->check(InRange(NumberRange::Whole(16, 1 << 20)));
  hunt_cmd->add_option("--min-score", hunt.min_score,
                       "report behavioural findings from this score (default: each detector's min_score)")
      ->check(InRange(NumberRange::Unit()));
  hunt_cmd->add_option("--param", hunt.params,
                       "set a detector parameter, DETECTOR.NAME=VALUE (repeatable; `dragnet detectors` lists them)");
  hunt_cmd->add_option("--detectors", hunt.detectors,
                       "run only these detectors (comma-separated; default: all, see `dragnet detectors`)")
      ->delimiter(',');
  hunt_cmd->add_option("--ransomware-families", hunt.families,
                       "misp-galaxy ransomware cluster (JSON): family names to find in incident reports")
      ->check(NonEmpty());
  hunt_cmd->add_flag("--split-by-org", hunt.split_by_org,
                     "also write OUT/orgs/ORG/report.html and findings.jsonl with nothing of any other org");
  hunt_cmd->add_option("--state", hunt.state_dir,
                       "state store folder (created when missing): findings get stable ids and a status (new, active, "
                       "resolved, suppressed) across hunts; not --state-memory")
      ->check(NonEmpty());
  hunt_cmd->add_flag("--quiet", hunt.quiet, "print nothing but errors");
  hunt_cmd->add_flag("--no-progress", hunt.no_progress, "never show the progress line");

  IncidentArgs incident;
  auto* incident_cmd = AddIncidentCommand(app, incident);
  ExportArgs export_args;
  auto* export_cmd = AddExportCommand(app, export_args);

  TriageArgs triage;
  auto* triage_cmd = AddTriageCommand(app, triage);
  StateArgs state_args;
  auto* state_check_cmd = AddStateCommand(app, state_args);

  auto* detectors_cmd =
      app.add_subcommand("detectors", "list the registered detectors and their parameters (default, accepted range)");

  SimulateOptions sim;
  std::string sim_format = "tsv";
  auto* sim_cmd = app.add_subcommand("simulate", "write a simulated world of many organisations' Zeek logs with a hidden campaign and its ground truth");
  sim_cmd->add_option("--orgs", sim.orgs, "organisations")
      ->capture_default_str()
      ->check(InRange(NumberRange::Whole(1, 10000)));
  sim_cmd->add_option("--hosts-per-org", sim.hosts_per_org, "average workstations per organisation")
      ->capture_default_str()
      ->check(InRange(NumberRange::Whole(1, 100000)));
  sim_cmd->add_option("--hours", sim.hours, "hours simulated (at most a year)")
      ->capture_default_str()
      ->check(InRange(NumberRange::Whole(1, 8760)));
  sim_cmd->add_option("--seed", sim.seed, "seed (same seed, same bytes)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);  // "-1" would wrap to 2^64-1
  sim_cmd->add_option("--out", sim.out_dir, "output folder")->check(NonEmpty())->required();
  sim_cmd->add_option("--format", sim_format, "tsv or json")->check(CLI::IsMember({"tsv", "json"}))->capture_default_str();
  sim_cmd->add_flag("--gzip", sim.gzip, "gzip every log");
  sim_cmd->add_flag("--rotate", sim.rotate, "hourly files in dated folders, like Zeek's archiver");
  sim_cmd->add_option("--threads", sim.threads, "worker threads (default: one per core; output is identical)")
      ->check(InRange(NumberRange::Whole(1, 1024)));
  sim_cmd->add_option("--implant-share", sim.implant_share, "share of the other orgs with a quiet implant")
      ->capture_default_str()
      ->check(InRange(NumberRange::Unit()));
  sim_cmd->add_option("--implant-jitter", sim.implant_jitter, "implants' jitter: uniform in [0, this) of the period")
      ->capture_default_str()
      ->check(InRange(NumberRange::Real(0, 0.9)));
  std::string sim_benign = "basic";
  uint64_t sim_benign_seed = 0;
  sim_cmd->add_option("--benign", sim_benign,
                      "benign life: basic (one recipe for every org) or catalogue (everyday IT, each org its own variant)")
      ->check(CLI::IsMember({"basic", "catalogue"}))
      ->capture_default_str();
  auto* benign_seed_opt =
      sim_cmd->add_option("--benign-seed", sim_benign_seed, "seed of the catalogue's per-org variants (default: --seed)")
          ->check(CLI::NonNegativeNumber);
  bool no_campaign = false, no_ransomware = false;
  std::string sim_variants = "all";
  sim_cmd->add_option("--variants", sim_variants,
                      "campaign variants on fresh hosts of the compromised orgs: all, none, or a list of " +
                          fmt::format("{}", fmt::join(sim::VariantKinds(), ",")) + " (remote_exec: every method)")
      ->capture_default_str();

  std::string demo_out = "demo-out";
  uint64_t demo_seed = 7;
  auto* demo_cmd = app.add_subcommand("demo", "simulate the built-in world (40 orgs, 24 h), hunt it with its seed intel, score it");
  demo_cmd->add_option("--out", demo_out, "output folder (the world goes to OUT/world)")->check(NonEmpty())->capture_default_str();
  demo_cmd->add_option("--seed", demo_seed, "seed of the simulated world")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  std::string demo_benign = "catalogue";
  demo_cmd->add_option("--benign", demo_benign,
                       "benign life: catalogue (everyday IT, each org its own variant) or basic (one recipe for every org)")
      ->capture_default_str()
      ->check(CLI::IsMember({"basic", "catalogue"}));

  EvalOptions eval;
  std::string eval_json;
  auto* eval_cmd = app.add_subcommand("eval", "score findings (and campaigns) against a simulated world's truth.json");
  eval_cmd->add_option("--truth", eval.truth_path, "DIR/truth.json from dragnet simulate")->check(NonEmpty())->required();
  eval_cmd->add_option("--findings", eval.findings_path, "OUT/findings.jsonl from dragnet hunt")->check(NonEmpty())->required();
  eval_cmd->add_option("--campaigns", eval.campaigns_path, "OUT/campaigns.json (optional)")->check(NonEmpty());
  eval_cmd->add_option("--min-score", eval.min_score, "ignore findings below this score")
      ->capture_default_str()
      ->check(InRange(NumberRange::Unit()));
  eval_cmd->add_option("--json", eval_json, "also write the scores as JSON to this file")->check(NonEmpty());
  sim_cmd->add_flag("--no-campaign", no_campaign, "benign life only");
  sim_cmd->add_flag("--no-ransomware", no_ransomware, "implants only, no ransomed victim");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (*hunt_cmd) return RunHuntCommand(hunt);
  if (*incident_cmd) return RunIncidentCommand(incident);
  if (*export_cmd) return RunExportCommand(export_args);
  if (*triage_cmd) return RunTriageCommand(triage);
  if (*state_check_cmd) return RunStateCheckCommand(state_args);
  if (*demo_cmd)
    return RunDemo(demo_out, demo_seed, demo_benign == "basic" ? BenignLife::kBasic : BenignLife::kCatalogue);
  if (*eval_cmd) {
    if (Status s = CheckOptionPaths(EvalInputPaths(eval)); !s.ok()) {
      fmt::print(stderr, "dragnet: {}\n", s.message());
      return kExitUsage;
    }
    auto result = Evaluate(eval);
    if (!result.ok()) {
      fmt::print(stderr, "dragnet: {}\n", result.status().message());
      return kExitUsage;
    }
    fmt::print("{}", EvalTable(*result));
    if (!eval_json.empty()) {
      Status s = WriteFile(eval_json, EvalJson(*result));
      if (!s.ok()) {
        fmt::print(stderr, "dragnet: {}\n", s.message());
        return kExitOutput;
      }
    }
    return kExitOk;
  }
  if (*sim_cmd) {
    sim.json = sim_format == "json";
    sim.benign = sim_benign == "catalogue" ? BenignLife::kCatalogue : BenignLife::kBasic;
    if (benign_seed_opt->count() > 0) sim.benign_seed = sim_benign_seed;
    sim.campaign = !no_campaign;
    sim.ransomware = !no_ransomware;
    auto variants = sim::ParseVariants(sim_variants);
    if (!variants.ok()) {
      fmt::print(stderr, "dragnet: {}\n", variants.status().message());
      return kExitUsage;
    }
    sim.variants = *variants;
    auto stats = Simulate(sim);
    if (!stats.ok()) {
      fmt::print(stderr, "dragnet: {}\n", stats.status().message());
      return kExitOutput;
    }
    double secs = std::max(stats->seconds, 1e-9);
    fmt::print("simulated {} orgs x {} h: {} files, {} records, {:.1f} MB of logs in {:.2f} s ({:.0f} MB/s)\n", sim.orgs,
               sim.hours, stats->files, stats->records, static_cast<double>(stats->bytes) / 1e6, secs,
               static_cast<double>(stats->bytes) / 1e6 / secs);
    fmt::print("campaign: victim {}, {} compromised hosts in {} orgs; truth in {}/truth.json, seed intel in {}/intel/seed.stix.json\n",
               stats->victim_org.empty() ? "(none)" : stats->victim_org, stats->compromised_hosts, stats->compromised_orgs,
               sim.out_dir, sim.out_dir);
    return kExitOk;
  }
  if (*detectors_cmd) {
    PrintDetectors();
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace
}  // namespace dragnet

int main(int argc, char** argv) {
  try {
    return dragnet::Main(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "dragnet: internal error: {}\n", e.what());
    return dragnet::kExitInternal;
  }
}
