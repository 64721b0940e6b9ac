#include "ingest/line_reader.h"

#include <cstring>

namespace dragnet {

namespace {
constexpr size_t kChunk = 1 << 20;
// One spare buffer per thread: rotated logs are many small files, and
// zero-filling a fresh 2 MB buffer for each cost more than reading them.
thread_local std::vector<char> t_spare;
}  // namespace

LineReader::LineReader(ByteSource& source, size_t max_line)
    : source_(source), max_line_(max_line) {
  buf_.swap(t_spare);
  size_t need = std::max(max_line_, kChunk) + kChunk + kPadding;
  if (buf_.size() < need) buf_.resize(need);
}

LineReader::~LineReader() {
  if (buf_.size() > t_spare.size()) t_spare.swap(buf_);
}

bool LineReader::Fill() {
  // Move the partial line to the front, then read behind it.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  size_t room = buf_.size() - kPadding - end_;
  if (room == 0 || eof_) return false;
  size_t n = source_.Read(buf_.data() + end_, room);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  bytes_ += n;
  return true;
}

LineReader::Event LineReader::Next(std::string_view& line) {
  size_t scan_from = begin_;
  for (;;) {
    const char* nl = static_cast<const char*>(
        std::memchr(buf_.data() + scan_from, '\n', end_ - scan_from));
    if (nl != nullptr) {
      size_t pos = static_cast<size_t>(nl - buf_.data());
      size_t len = pos - begin_;
      ++line_number_;
      if (len > max_line_) {
        skipped_ = len;
        begin_ = pos + 1;
        return Event::kTooLong;
      }
      if (len > 0 && buf_[pos - 1] == '\r') --len;
      line = std::string_view(buf_.data() + begin_, len);
      begin_ = pos + 1;
      return Event::kLine;
    }
    size_t pending = end_ - begin_;
    if (pending > max_line_) {
      // Too long: drop what we have and keep dropping until the newline.
      uint64_t dropped = pending;
      begin_ = end_ = 0;
      for (;;) {
        if (!Fill()) {
          ++line_number_;
          skipped_ = dropped;
          unterminated_ = true;
          return Event::kTooLong;
        }
        const char* nl2 = static_cast<const char*>(std::memchr(buf_.data(), '\n', end_));
        if (nl2 != nullptr) {
          size_t pos = static_cast<size_t>(nl2 - buf_.data());
          dropped += pos;
          begin_ = pos + 1;
          ++line_number_;
          skipped_ = dropped;
          return Event::kTooLong;
        }
        dropped += end_;
        begin_ = end_ = 0;
      }
    }
    size_t old_pending = pending;
    if (!Fill()) {
      if (end_ > begin_) {
        // Last line without a newline.
        ++line_number_;
        unterminated_ = true;
        size_t len = end_ - begin_;
        if (buf_[end_ - 1] == '\r') --len;
        line = std::string_view(buf_.data() + begin_, len);
        begin_ = end_;
        return Event::kLine;
      }
      return Event::kEnd;
    }
    scan_from = begin_ + old_pending;
  }
}

}  // namespace dragnet
