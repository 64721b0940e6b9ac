// Whole-file reads and writes for small files (configs, lists, reports).
// Logs and feeds are streamed through ingest/ByteSource instead.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace dragnet {

// The file's bytes, or an error naming the file.
Result<std::string> ReadFileToString(const std::string& path);
// Writes beside the target and renames: readers never see half a file.
Status WriteFile(const std::string& path, std::string_view content);

}  // namespace dragnet
