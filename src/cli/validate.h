// Checks of command-line arguments made before any work starts: numbers
// against their documented ranges (a CLI11 validator, so every subcommand
// shares one wording), and input paths against what the option expects.
// Every failure is a usage error (exit 2) whose message names the option, the
// value or path, and what is wrong.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/number_range.h"
#include "core/status.h"

namespace dragnet {

// A CLI11 check: the option's text is a number in `range`, parsed strictly
// (see ParseNumber: no trailing characters, no NaN or infinity, no negative
// value wrapping into an unsigned option). CLI11 prefixes the option's name.
CLI::Validator InRange(const NumberRange& range);

// A CLI11 check: the value is not empty. An empty path or severity would
// otherwise read as "not given" (--fail-on '' turned the gate off, --config ''
// was ignored). Every option taking a path, name or severity has it.
CLI::Validator NonEmpty();

// What an input path must be.
enum class PathKind { kFile, kFolder, kFileOrFolder };

struct InputPath {
  std::string option;  // "--intel", "ROOT": how the message names it
  std::string path;
  PathKind kind;
};

// Ok when `p.path` exists, is of the expected kind and can be read; else
// the option named before CheckInputPath's (hunt/orgs.h) message, e.g.
// "--intel feeds/x.json: no such file or folder". A FIFO or device is never
// opened.
Status CheckOptionPath(const InputPath& p);
// The first failing CheckOptionPath of `paths`, in order.
Status CheckOptionPaths(const std::vector<InputPath>& paths);

// Ok when the output path `p.path` is missing or what a write may replace:
// a regular file (kFile; links followed) or a folder (kFolder). A device,
// FIFO or socket is never replaced nor opened: the error names the option,
// the path and what it is (CheckInputPath's words).
Status CheckOutputPath(const InputPath& p);
Status CheckOutputPaths(const std::vector<InputPath>& paths);

}  // namespace dragnet
