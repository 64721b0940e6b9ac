// The state store on the command line (docs/cli.md): `hunt --state DIR`'s
// opening, `dragnet triage ID --state DIR --as VERDICT` and
// `dragnet state check --state DIR`.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "hunt/hunt_state.h"

namespace dragnet {

// Opens DIR's store for a hunt (created when missing) and loads the
// suppressions of `options.orgs`. On failure prints the message and returns
// the exit code (kExitState, kExitStateLocked); else kExitOk.
int OpenHuntState(const std::string& dir, const HuntOptions& options, std::unique_ptr<HuntState>* state);

struct TriageArgs {
  std::string id, state, verdict, note;
  int expires_days = 90;
};
CLI::App* AddTriageCommand(CLI::App& app, TriageArgs& args);
int RunTriageCommand(const TriageArgs& args);

struct StateArgs {
  std::string state;
};
// `dragnet state check`; returns the `check` subcommand.
CLI::App* AddStateCommand(CLI::App& app, StateArgs& args);
int RunStateCheckCommand(const StateArgs& args);

}  // namespace dragnet
