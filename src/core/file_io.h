// Whole-file reads and writes for small files (configs, lists, reports).
// Logs and feeds are streamed through ingest/ByteSource instead.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace dragnet {

// The file's bytes, or an error naming the file.
Result<std::string> ReadFileToString(const std::string& path);
// Writes beside the target (PATH.tmp) and renames: readers never see half a
// file; on failure the temporary is removed and the target left as it was.
// Only a missing target or a regular file (links followed) is replaced:
// anything else (a device, a FIFO, a folder) is an error, nothing written.
Status WriteFile(const std::string& path, std::string_view content);

}  // namespace dragnet
