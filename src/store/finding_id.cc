#include "store/finding_id.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

namespace dragnet {
namespace {

std::string Hex64(uint64_t h) { return fmt::format("{:016x}", h); }

// Reads up to `n` bytes at `offset`; fewer at the end of the file.
std::string ReadAt(std::FILE* f, uint64_t offset, size_t n) {
  std::string buf(n, '\0');
  if (std::fseek(f, static_cast<long>(offset), SEEK_SET) != 0) return {};
  buf.resize(std::fread(buf.data(), 1, n, f));
  return buf;
}

}  // namespace

std::string StableFindingId(std::string_view org, std::string_view host, std::string_view detector,
                            std::string_view indicator) {
  std::string key;
  for (std::string_view part : {org, host, detector, indicator}) {
    key.append(part);
    key.push_back('\0');
  }
  return "f" + Hex64(XXH3_64bits(key.data(), key.size()));
}

Result<FileRecord> FileFingerprint(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Status::Error(path + ": " + std::strerror(errno));
  FileRecord r;
  r.path = path;
  r.size = static_cast<uint64_t>(st.st_size);
  r.mtime = static_cast<int64_t>(st.st_mtim.tv_sec);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::Error(path + ": " + std::strerror(errno));
  std::string head = ReadAt(f, 0, kFingerprintBytes);
  uint64_t tail_from = r.size > kFingerprintBytes ? r.size - kFingerprintBytes : 0;
  std::string tail = ReadAt(f, tail_from, kFingerprintBytes);
  std::fclose(f);
  r.head_hash = Hex64(XXH3_64bits(head.data(), head.size()));
  r.tail_hash = Hex64(XXH3_64bits(tail.data(), tail.size()));
  return r;
}

}  // namespace dragnet
