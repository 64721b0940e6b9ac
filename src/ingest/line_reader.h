// LineReader: splits a ByteSource into lines with a reused buffer. Memory is
// bounded by max_line: a longer line is skipped whole and reported (the caller
// gets a LineEvent::kTooLong for it), never buffered.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ingest/byte_source.h"

namespace dragnet {

class LineReader {
 public:
  static constexpr size_t kDefaultMaxLine = 1 << 20;
  // Bytes readable past the end of every line handed out (simdjson needs them).
  static constexpr size_t kPadding = 64;

  explicit LineReader(ByteSource& source, size_t max_line = kDefaultMaxLine);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  enum class Event { kLine, kTooLong, kEnd };
  // Next line without its '\n' (and without a trailing '\r'). For kTooLong,
  // line holds the length that was skipped as its size() of an empty view, see
  // skipped_bytes().
  Event Next(std::string_view& line);
  uint64_t line_number() const { return line_number_; }
  uint64_t skipped_bytes() const { return skipped_; }
  uint64_t bytes() const { return bytes_; }
  // True when the last line had no terminating newline (a file being written).
  bool last_line_unterminated() const { return unterminated_; }

 private:
  bool Fill();
  ByteSource& source_;
  size_t max_line_;
  std::vector<char> buf_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t line_number_ = 0;
  uint64_t skipped_ = 0;
  uint64_t bytes_ = 0;
  bool unterminated_ = false;
};

}  // namespace dragnet
