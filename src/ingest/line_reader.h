// LineReader: splits a ByteSource into lines with a reused buffer. The buffer
// grows on demand with the longest line seen, up to max_line: nothing of
// max_line's size is allocated up front, so any max_line is safe. A line
// longer than max_line is skipped whole up to its newline and reported (the
// caller gets an Event::kTooLong for it), never buffered and never split into
// pieces.
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
  // Next line without its '\n' (and without a trailing '\r'), valid until the
  // next call. kTooLong: a line longer than max_line was skipped (its length
  // is skipped_bytes(); `line` is left untouched).
  Event Next(std::string_view& line);
  uint64_t line_number() const { return line_number_; }
  uint64_t skipped_bytes() const { return skipped_; }
  // Decompressed bytes read from the source so far.
  uint64_t bytes() const { return bytes_; }
  // Offset in the decompressed stream of the start of the last line returned.
  uint64_t line_offset() const { return line_offset_; }
  // True when the last line had no terminating newline (a file being written).
  bool last_line_unterminated() const { return unterminated_; }

 private:
  bool Fill();
  bool Grow();
  Event SkipTooLong(uint64_t dropped);
  Event Line(size_t len, size_t next, std::string_view& line);
  ByteSource& source_;
  size_t max_line_;
  std::vector<char> buf_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t line_number_ = 0;
  uint64_t skipped_ = 0;
  uint64_t bytes_ = 0;
  uint64_t line_offset_ = 0;
  bool unterminated_ = false;
};

}  // namespace dragnet
