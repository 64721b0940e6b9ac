#include "cli/export_command.h"

#include <filesystem>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/validate.h"
#include "core/file_io.h"
#include "intel/never_flag.h"
#include "report/export_filter.h"
#include "report/exports.h"

namespace dragnet {

CLI::App* AddExportCommand(CLI::App& app, ExportArgs& a) {
  auto* cmd = app.add_subcommand("export", "write a hunt's indicators for Zeek, Suricata, MISP or CSV");
  cmd->add_option("--from", a.from, "the hunt's output folder (findings.jsonl, campaigns.json)")->required()->check(NonEmpty());
  cmd->add_option("--zeek-intel", a.zeek_intel, "Zeek Intel framework file to write")->check(NonEmpty());
  cmd->add_option("--suricata-dataset", a.suricata_dir, "folder for Suricata dataset files and rules using them")->check(NonEmpty());
  cmd->add_option("--misp-event", a.misp_event, "MISP event JSON to write")->check(NonEmpty());
  cmd->add_option("--csv", a.csv, "CSV file to write")->check(NonEmpty());
  cmd->add_option("--min-score", a.min_score, "leave out findings below this score")
      ->capture_default_str()
      ->check(InRange(NumberRange::Unit()));
  cmd->add_option("--warninglist", a.warninglists, "MISP warninglist file or folder whose values are left out (repeatable)")
      ->check(NonEmpty());
  cmd->add_flag("--no-default-warninglists", a.no_default_warninglists,
                "do not leave out values on the never-flag set (built-in and installed warninglists)");
  return cmd;
}

namespace {

namespace fs = std::filesystem;

// What export reads in --from: findings.jsonl and, when there, campaigns.json.
// Each must be a regular file (a FIFO or a link to a device would never end).
// A missing findings.jsonl is left to CollectExports ("nothing read").
std::vector<InputPath> ExportInputPaths(const ExportArgs& a) {
  std::vector<InputPath> paths;
  for (const auto& p : a.warninglists) paths.push_back({"--warninglist", p, PathKind::kFileOrFolder});
  for (const char* name : {"findings.jsonl", "campaigns.json"}) {
    std::string path = (fs::path(a.from) / name).string();
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec))) paths.push_back({"--from", path, PathKind::kFile});
  }
  return paths;
}

// Every path export will write: each missing or of the kind a write replaces
// (CheckOutputPath), checked before anything is written.
std::vector<InputPath> ExportOutputPaths(const ExportArgs& a, const std::vector<std::pair<std::string, std::string>>& datasets) {
  std::vector<InputPath> paths;
  if (!a.zeek_intel.empty()) paths.push_back({"--zeek-intel", a.zeek_intel, PathKind::kFile});
  if (!a.misp_event.empty()) paths.push_back({"--misp-event", a.misp_event, PathKind::kFile});
  if (!a.csv.empty()) paths.push_back({"--csv", a.csv, PathKind::kFile});
  if (!a.suricata_dir.empty()) {
    paths.push_back({"--suricata-dataset", a.suricata_dir, PathKind::kFolder});
    for (const auto& dataset : datasets)
      paths.push_back({"--suricata-dataset", (fs::path(a.suricata_dir) / dataset.first).string(), PathKind::kFile});
  }
  return paths;
}

}  // namespace

int RunExportCommand(const ExportArgs& a) {
  if (a.zeek_intel.empty() && a.suricata_dir.empty() && a.misp_event.empty() && a.csv.empty()) {
    fmt::print(stderr, "dragnet export: say what to write: --zeek-intel, --suricata-dataset, --misp-event or --csv\n");
    return kExitUsage;
  }
  if (Status s = CheckOptionPath({"--from", a.from, PathKind::kFolder}); !s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitUsage;
  }
  if (Status s = CheckOptionPaths(ExportInputPaths(a)); !s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitUsage;
  }
  auto indicators = CollectExports(a.from, a.min_score);
  if (!indicators.ok()) {
    fmt::print(stderr, "dragnet: {}\n", indicators.status().message());
    return kExitNothingRead;
  }
  // The same lists as the hunt's intel matches: nothing on them is exported.
  Diagnostics diag(true);
  Warninglists given, never_flag;
  for (const auto& p : a.warninglists) given.LoadPath(p, diag);
  if (!a.no_default_warninglists) LoadNeverFlagSet(never_flag, ExecutablePath(), diag);
  std::vector<LeftOut> left_out = LeaveOutListed(*indicators, {&given, &never_flag});
  std::string comment = LeftOutComment(left_out);
  auto datasets = SuricataDatasets(*indicators, comment);
  if (Status s = CheckOutputPaths(ExportOutputPaths(a, datasets)); !s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitUsage;
  }
  Status s;
  if (s.ok() && !a.zeek_intel.empty()) s = WriteFile(a.zeek_intel, ZeekIntelFile(*indicators, comment));
  if (s.ok() && !a.misp_event.empty())
    s = WriteFile(a.misp_event, MispEventJson(*indicators, "Dragnet hunt " + fs::path(a.from).filename().string()));
  if (s.ok() && !a.csv.empty()) s = WriteFile(a.csv, CsvExport(*indicators));
  if (s.ok() && !a.suricata_dir.empty()) {
    std::error_code ec;
    fs::create_directories(a.suricata_dir, ec);
    if (ec) s = Status::Error(a.suricata_dir + ": " + ec.message());
    for (const auto& [name, content] : datasets)
      if (s.ok()) s = WriteFile((fs::path(a.suricata_dir) / name).string(), content);
  }
  if (!s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitOutput;
  }
  fmt::print("exported {} indicators from {}\n", indicators->size(), a.from);
  if (!left_out.empty()) {
    fmt::print(stderr, "dragnet export: left out {} value(s) on warninglists or the never-flag set (listed in the "
                       "Zeek file's and dragnet.rules' comments):", left_out.size());
    for (size_t i = 0; i < left_out.size() && i < 5; ++i) fmt::print(stderr, " {}", left_out[i].value);
    fmt::print(stderr, "{}\n", left_out.size() > 5 ? " ..." : "");
  }
  return kExitOk;
}

}  // namespace dragnet
