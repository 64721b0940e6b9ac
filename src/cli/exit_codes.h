// Exit codes of the dragnet command: stable, for automation (docs/cli.md).
#pragma once

namespace dragnet {

enum ExitCode : int {
  kExitOk = 0,            // the run completed, whatever it found
  kExitInternal = 1,      // an unexpected internal error
  kExitUsage = 2,         // bad arguments, unknown org path, duplicate or unsafe org names (ValidateOrgName),
                          // an input that is a FIFO or device, an org path that is --out, bad config
  kExitNothingRead = 3,   // no input file could be read as a log
  kExitFindings = 4,      // --fail-on: a finding at or above the given severity
  kExitOutput = 5,        // the output folder or files could not be written (checked before reading;
                          // a late failure keeps the earlier outputs)
  kExitState = 6,         // --state: the store is not a Dragnet state, truncated or damaged, of another schema
                          // version, missing (triage, state check), or a persist failed (the previous state stays)
  kExitStateLocked = 7,   // --state: another run holds the store's lock (the message names its pid, host, start)
};

}  // namespace dragnet
