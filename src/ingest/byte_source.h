// ByteSource: the decompressed bytes of one input file, read in chunks with
// read() into caller buffers (read() beats mmap on this hardware, see
// ../shared/MACHINE-FACTS.md). The compression is sniffed from the first bytes,
// not the file name: gzip (possibly multi-member, inflated with isa-l), zstd,
// or plain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace dragnet {

enum class Compression { kNone, kGzip, kZstd };
const char* CompressionName(Compression c);

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Copies up to `capacity` decompressed bytes into `out`. Returns 0 at the end
  // of the data, whether it ended cleanly or not; then status() tells which (a
  // truncated or corrupt stream is an error after every byte that could be
  // recovered has been delivered).
  virtual size_t Read(char* out, size_t capacity) = 0;
  const Status& status() const { return status_; }
  // True when the stream held invalid data (a decoder error, a checksum
  // mismatch) rather than merely ending early: bytes delivered before the
  // error was seen may already be damaged (gzip checks a member only at its
  // end).
  bool corrupt() const { return corrupt_; }
  // A new source over the same input from its start (nullptr when there is
  // none): lets a reader check a stream's integrity ahead of where it is.
  virtual std::unique_ptr<ByteSource> Reopen() const { return reopen_ ? reopen_() : nullptr; }

  Compression compression() const { return compression_; }
  // Bytes of the file itself consumed so far (compressed bytes for .gz/.zst).
  uint64_t file_bytes_read() const { return file_bytes_read_; }

  // Opens `path` and sniffs its compression. Fails when the file cannot be opened.
  static Result<std::unique_ptr<ByteSource>> Open(const std::string& path);
  // A source over bytes held in memory (used by fuzz targets and tests).
  static std::unique_ptr<ByteSource> FromMemory(std::string bytes);

 protected:
  Status status_;
  bool corrupt_ = false;
  std::function<std::unique_ptr<ByteSource>()> reopen_;
  Compression compression_ = Compression::kNone;
  uint64_t file_bytes_read_ = 0;
};

}  // namespace dragnet
