// Stable ids of findings across hunts, and the fingerprint of a file read.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/state_store.h"

namespace dragnet {

// "f" and 16 hex digits: XXH3-64 (xxHash >= 0.8, whose output is frozen) of
// org, host, detector and the finding's primary indicator, each followed by a
// NUL byte. Never of the score or times, so the same finding keeps its id
// from one hunt to the next; any store implementation computes the same id.
std::string StableFindingId(std::string_view org, std::string_view host, std::string_view detector,
                            std::string_view indicator);

// Size, modification time and XXH3-64 hex of the first and of the last
// kFingerprintBytes of the file as stored (compressed bytes for a .gz): a
// rotated copy of a file keeps both hashes, a grown file keeps its head. The
// error names the path.
inline constexpr size_t kFingerprintBytes = 64 * 1024;
Result<FileRecord> FileFingerprint(const std::string& path);

}  // namespace dragnet
