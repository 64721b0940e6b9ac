// Reading and filing incident reports safely: a report is read only when it
// is a regular file, and only up to a cap (a folder, /dev/zero or a huge file
// cannot hang or exhaust a run); filing one never overwrites another.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "core/status.h"

namespace dragnet {

// Ransom notes and reports are kilobytes; past this the rest of a file is not
// read (and the caller says so).
inline constexpr size_t kMaxIncidentFileBytes = size_t{16} << 20;

struct IncidentFileBytes {
  std::string bytes;       // at most kMaxIncidentFileBytes
  bool truncated = false;  // the file is longer: only its start was read
};

// A regular file's first kMaxIncidentFileBytes bytes; an error naming the
// file when it is missing, not a regular file (folder, device, pipe) or
// unreadable.
Result<IncidentFileBytes> ReadIncidentFile(const std::string& path);

// Where FileReport put a report.
struct FiledReport {
  enum Outcome {
    kStored,        // under its own name
    kRenamed,       // its name was taken by a different file: under NAME-2.EXT (or -3, ...);
                    // or it was hidden (.NAME): under NAME, which the hunt reads
    kAlreadyFiled,  // a file in the folder has the same bytes: nothing copied
  };
  std::string path;  // the copy in the folder (or the identical file already there)
  Outcome outcome = kStored;
};

// Copies the regular file `source` into the existing folder `dir`, never
// overwriting: see FiledReport::Outcome. An error names the path that failed.
Result<FiledReport> FileReport(const std::filesystem::path& dir, const std::string& source);

}  // namespace dragnet
