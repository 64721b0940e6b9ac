// The writer's lock of a state folder: DIR/lock, held with flock() for as
// long as the StateLock lives and naming its holder (pid, host, start time).
// The kernel releases it when the holder exits, even killed, so a crash
// leaves no stale lock; the file's text stays for the record. flock() is
// local to one machine: a state folder on NFS shared by two machines is not
// protected (docs/architecture.md).
#pragma once

#include <memory>
#include <string>

#include "core/status.h"

namespace dragnet {

class StateLock {
 public:
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

  // Takes the lock of `dir` (which must exist). When another process holds
  // it, the error names the lock file and its holder: "state X is in use by
  // pid 123 on host h since 2026-12-07T20:00:00Z (lock file X/lock)".
  static Result<std::unique_ptr<StateLock>> Acquire(const std::string& dir);

  // The text written in the lock file: "pid P host H started T".
  static std::string HolderText();

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace dragnet
