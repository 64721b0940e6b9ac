// `dragnet incident`: take in ransom notes and incident reports.
//   incident extract FILE...             the identifiers of each file, one JSON line per file
//   incident add --root ROOT --org ORG [--create] FILE...   file them under ROOT/ORG/incidents/ for the next hunt
// Every path is checked before any file is read (exit 2 naming it): FILEs
// must be regular files; ROOT and ROOT/ORG must exist unless --create.
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
  bool create = false;  // add: make ROOT and ROOT/ORG when missing (an org's first report)
};

CLI::App* AddIncidentCommand(CLI::App& app, IncidentArgs& args);
int RunIncidentCommand(const IncidentArgs& args);

}  // namespace dragnet
