// `dragnet incident`: take in ransom notes and incident reports.
//   incident extract FILE...             the identifiers of each file, one JSON line per file
//   incident add --root ROOT --org ORG FILE...   file them under ROOT/ORG/incidents/ for the next hunt
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace dragnet {

struct IncidentArgs {
  CLI::App* extract = nullptr;
  CLI::App* add = nullptr;
  std::vector<std::string> files;
  std::string root, org, families;
};

CLI::App* AddIncidentCommand(CLI::App& app, IncidentArgs& args);
int RunIncidentCommand(const IncidentArgs& args);

}  // namespace dragnet
