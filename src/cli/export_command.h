// `dragnet export --from OUT ...`: a hunt's indicators for Zeek, Suricata,
// MISP and spreadsheets (docs/exports.md).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace dragnet {

struct ExportArgs {
  std::string from, zeek_intel, suricata_dir, misp_event, csv;
  double min_score = 0.5;
  std::vector<std::string> warninglists;  // --warninglist, as hunt's
  bool no_default_warninglists = false;   // turn off the never-flag set
};

CLI::App* AddExportCommand(CLI::App& app, ExportArgs& args);
int RunExportCommand(const ExportArgs& args);

}  // namespace dragnet
