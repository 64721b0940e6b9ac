#include "cli/export_command.h"

#include <filesystem>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/validate.h"
#include "core/file_io.h"
#include "report/exports.h"

namespace dragnet {

CLI::App* AddExportCommand(CLI::App& app, ExportArgs& a) {
  auto* cmd = app.add_subcommand("export", "write a hunt's indicators for Zeek, Suricata, MISP or CSV");
  cmd->add_option("--from", a.from, "the hunt's output folder (findings.jsonl, campaigns.json)")->required();
  cmd->add_option("--zeek-intel", a.zeek_intel, "Zeek Intel framework file to write");
  cmd->add_option("--suricata-dataset", a.suricata_dir, "folder for Suricata dataset files and rules using them");
  cmd->add_option("--misp-event", a.misp_event, "MISP event JSON to write");
  cmd->add_option("--csv", a.csv, "CSV file to write");
  cmd->add_option("--min-score", a.min_score, "leave out findings below this score")
      ->capture_default_str()
      ->check(InRange(NumberRange::Unit()));
  return cmd;
}

int RunExportCommand(const ExportArgs& a) {
  if (a.zeek_intel.empty() && a.suricata_dir.empty() && a.misp_event.empty() && a.csv.empty()) {
    fmt::print(stderr, "dragnet export: say what to write: --zeek-intel, --suricata-dataset, --misp-event or --csv\n");
    return kExitUsage;
  }
  if (Status s = CheckOptionPath({"--from", a.from, PathKind::kFolder}); !s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitUsage;
  }
  auto indicators = CollectExports(a.from, a.min_score);
  if (!indicators.ok()) {
    fmt::print(stderr, "dragnet: {}\n", indicators.status().message());
    return kExitNothingRead;
  }
  Status s;
  if (s.ok() && !a.zeek_intel.empty()) s = WriteFile(a.zeek_intel, ZeekIntelFile(*indicators));
  if (s.ok() && !a.misp_event.empty())
    s = WriteFile(a.misp_event, MispEventJson(*indicators, "Dragnet hunt " + std::filesystem::path(a.from).filename().string()));
  if (s.ok() && !a.csv.empty()) s = WriteFile(a.csv, CsvExport(*indicators));
  if (s.ok() && !a.suricata_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(a.suricata_dir, ec);
    if (ec) s = Status::Error(a.suricata_dir + ": " + ec.message());
    for (const auto& [name, content] : SuricataDatasets(*indicators))
      if (s.ok()) s = WriteFile((std::filesystem::path(a.suricata_dir) / name).string(), content);
  }
  if (!s.ok()) {
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitOutput;
  }
  fmt::print("exported {} indicators from {}\n", indicators->size(), a.from);
  return kExitOk;
}

}  // namespace dragnet
