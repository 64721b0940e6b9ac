#include "ingest/line_reader.h"

#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>

namespace dragnet {

namespace {
// The buffer's first size; it doubles when a line does not fit.
constexpr size_t kChunk = 1 << 20;
// One spare buffer per thread: rotated logs are many small files, and
// zero-filling a fresh buffer for each cost more than reading them. A buffer
// grown past this by one long line is freed, not kept for the thread's life.
constexpr size_t kMaxSpare = 4 * kChunk;
thread_local std::vector<char> t_spare;

size_t SaturatingAdd(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }
}  // namespace

LineReader::LineReader(ByteSource& source, size_t max_line)
    : source_(source), max_line_(max_line) {
  buf_.swap(t_spare);
  if (buf_.size() < kChunk + kPadding) buf_.resize(kChunk + kPadding);
}

LineReader::~LineReader() {
  if (buf_.size() <= kMaxSpare && buf_.size() > t_spare.size()) t_spare.swap(buf_);
}

// Doubles the buffer, up to what a line of max_line bytes plus one (enough
// to tell it is too long) and the padding need. False when it is that big
// already or the memory is not there.
bool LineReader::Grow() {
  const size_t limit = SaturatingAdd(SaturatingAdd(max_line_, 1), kPadding);
  if (buf_.size() >= limit) return false;
  size_t want = buf_.size() > limit / 2 ? limit : buf_.size() * 2;
  try {
    buf_.resize(want);
  } catch (const std::bad_alloc&) {
    return false;
  } catch (const std::length_error&) {
    return false;
  }
  return true;
}

// Moves the pending partial line to the front and reads behind it, growing
// the buffer when the line fills it. False at the end of the data (eof_
// set) or when the buffer cannot hold more (eof_ not set).
bool LineReader::Fill() {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (eof_) return false;
  if (buf_.size() - kPadding == end_ && !Grow()) return false;
  size_t n = source_.Read(buf_.data() + end_, buf_.size() - kPadding - end_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  bytes_ += n;
  return true;
}

// Hands out buf_[begin_, begin_ + len) (minus a trailing '\r') and moves
// begin_ to `next`.
LineReader::Event LineReader::Line(size_t len, size_t next, std::string_view& line) {
  if (len > 0 && buf_[begin_ + len - 1] == '\r') --len;
  line_offset_ = bytes_ - end_ + begin_;
  line = std::string_view(buf_.data() + begin_, len);
  begin_ = next;
  return Event::kLine;
}

// Drops the pending line, longer than max_line (or than memory allows), and
// the rest of it up to and including its newline, reading in place.
LineReader::Event LineReader::SkipTooLong(uint64_t dropped) {
  ++line_number_;
  line_offset_ = bytes_ - end_ + begin_;
  begin_ = end_ = 0;
  for (;;) {
    if (!Fill()) {
      unterminated_ = true;
      skipped_ = dropped;
      return Event::kTooLong;
    }
    const char* nl = static_cast<const char*>(std::memchr(buf_.data(), '\n', end_));
    if (nl != nullptr) {
      size_t pos = static_cast<size_t>(nl - buf_.data());
      skipped_ = dropped + pos;
      begin_ = pos + 1;
      return Event::kTooLong;
    }
    dropped += end_;
    begin_ = end_ = 0;
  }
}

LineReader::Event LineReader::Next(std::string_view& line) {
  size_t scan_from = begin_;
  for (;;) {
    const char* nl = static_cast<const char*>(
        std::memchr(buf_.data() + scan_from, '\n', end_ - scan_from));
    if (nl != nullptr) {
      size_t pos = static_cast<size_t>(nl - buf_.data());
      ++line_number_;
      if (pos - begin_ > max_line_) {
        line_offset_ = bytes_ - end_ + begin_;
        skipped_ = pos - begin_;
        begin_ = pos + 1;
        return Event::kTooLong;
      }
      return Line(pos - begin_, pos + 1, line);
    }
    size_t pending = end_ - begin_;
    if (pending > max_line_) return SkipTooLong(pending);
    if (!Fill()) {
      if (!eof_) return SkipTooLong(end_ - begin_);  // no memory for a line this long
      if (end_ == begin_) return Event::kEnd;
      // The last line, without a newline.
      ++line_number_;
      unterminated_ = true;
      return Line(end_ - begin_, end_, line);
    }
    scan_from = pending;  // Fill moved the partial line to the front
  }
}

}  // namespace dragnet
