// Whole-file reads and writes for small files (configs, lists, reports).
// Logs and feeds are streamed through ingest/ByteSource instead.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace dragnet {

// The file's bytes, or an error naming the file.
Result<std::string> ReadFileToString(const std::string& path);
// Writes beside the target (PATH.tmp) and renames: readers never see half a
// file; on failure the temporary is removed and the target left as it was.
// Only a missing target or a regular file (links followed) is replaced:
// anything else (a device, a FIFO, a folder) is an error, nothing written.
Status WriteFile(const std::string& path, std::string_view content);

// A file's or folder's identity (device, inode; links followed), so that two
// paths to it (links, ../, another spelling) compare equal. nullopt when
// stat(2) fails (missing, dangling link, no permission).
using FileId = std::pair<dev_t, ino_t>;
std::optional<FileId> FileIdOf(const std::string& path);
// Both paths exist and are the same file or folder (FileIdOf).
bool SameFile(const std::string& a, const std::string& b);

// What a stat(2) mode is when it is neither a regular file nor a folder:
// "a FIFO", "a socket", "a character device", ... (for messages).
const char* KindOfMode(mode_t mode);
// Why an entry met in a folder walk must not be opened as a file: "" for a
// regular file or a folder, else its kind (KindOfMode) or "cannot read:
// ERROR" (a dangling link, no permission). Links are followed, so a link to
// /dev/zero is a character device. Only stat(2): the path is never opened
// (opening a FIFO blocks; a device reads without end).
std::string WhyNotAFile(const std::string& path);

}  // namespace dragnet
