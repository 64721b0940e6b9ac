#include "ingest/byte_source.h"

#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <vector>

namespace dragnet {

const char* CompressionName(Compression c) {
  switch (c) {
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
    default: return "plain";
  }
}

namespace {

constexpr size_t kInputChunk = 1 << 20;

// Where the raw bytes come from: a file descriptor or a string in memory.
class RawInput {
 public:
  explicit RawInput(int fd) : fd_(fd) {}
  explicit RawInput(std::string bytes) : memory_(std::move(bytes)) {}
  ~RawInput() {
    if (fd_ >= 0) close(fd_);
  }
  RawInput(const RawInput&) = delete;
  RawInput& operator=(const RawInput&) = delete;

  // Returns bytes read, 0 at end of file, -1 on error (errno set).
  ssize_t Read(char* out, size_t capacity) {
    if (fd_ < 0) {
      size_t n = std::min(capacity, memory_.size() - memory_pos_);
      std::memcpy(out, memory_.data() + memory_pos_, n);
      memory_pos_ += n;
      return static_cast<ssize_t>(n);
    }
    for (;;) {
      ssize_t n = ::read(fd_, out, capacity);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

 private:
  int fd_ = -1;
  std::string memory_;
  size_t memory_pos_ = 0;
};

// Bytes already read for sniffing are replayed before the rest of the input.
struct Prefix {
  std::vector<char> bytes;
  size_t pos = 0;
};

class PlainSource : public ByteSource {
 public:
  PlainSource(std::unique_ptr<RawInput> in, Prefix prefix)
      : in_(std::move(in)), prefix_(std::move(prefix)) {}
  size_t Read(char* out, size_t capacity) override {
    if (prefix_.pos < prefix_.bytes.size()) {
      size_t n = std::min(capacity, prefix_.bytes.size() - prefix_.pos);
      std::memcpy(out, prefix_.bytes.data() + prefix_.pos, n);
      prefix_.pos += n;
      file_bytes_read_ += n;
      return n;
    }
    ssize_t n = in_->Read(out, capacity);
    if (n < 0) {
      status_ = Status::Error(std::string("read error: ") + std::strerror(errno));
      return 0;
    }
    file_bytes_read_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }

 private:
  std::unique_ptr<RawInput> in_;
  Prefix prefix_;
};

// A spare input buffer per thread, reused from file to file (see LineReader).
thread_local std::vector<char> t_spare_input;

// Shared input buffering of the two decompressors.
class CompressedSource : public ByteSource {
 protected:
  CompressedSource(std::unique_ptr<RawInput> in, Prefix prefix) : in_(std::move(in)) {
    buffer_.swap(t_spare_input);
    if (buffer_.size() < kInputChunk) buffer_.resize(kInputChunk);
    std::memcpy(buffer_.data(), prefix.bytes.data(), prefix.bytes.size());
    filled_ = prefix.bytes.size();
    file_bytes_read_ = filled_;
  }
  ~CompressedSource() override {
    if (buffer_.size() > t_spare_input.size()) t_spare_input.swap(buffer_);
  }
  // Ensures unconsumed input is available; returns false at end of file.
  bool Refill() {
    if (pos_ < filled_) return true;
    if (eof_) return false;
    ssize_t n = in_->Read(buffer_.data(), buffer_.size());
    if (n < 0) {
      status_ = Status::Error(std::string("read error: ") + std::strerror(errno));
      eof_ = true;
      return false;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    pos_ = 0;
    filled_ = static_cast<size_t>(n);
    file_bytes_read_ += static_cast<uint64_t>(n);
    return true;
  }

  // Ends the stream as corrupt: `what` names the error and is completed
  // with the file offset the decoder had reached ("... at byte N)").
  void Corrupt(const std::string& what) {
    uint64_t at = file_bytes_read_ - (filled_ - pos_);
    status_ = Status::Error(what + " at byte " + std::to_string(at) + " of the file)");
    corrupt_ = true;
    done_ = true;
  }

  std::unique_ptr<RawInput> in_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t filled_ = 0;
  bool eof_ = false;
  bool done_ = false;
};

class GzipSource : public CompressedSource {
 public:
  GzipSource(std::unique_ptr<RawInput> in, Prefix prefix)
      : CompressedSource(std::move(in), std::move(prefix)) {
    compression_ = Compression::kGzip;
    isal_inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP;
  }

  size_t Read(char* out, size_t capacity) override {
    size_t produced = 0;
    while (!done_ && produced < capacity) {
      if (state_.block_state == ISAL_BLOCK_FINISH) {
        // A member ended; another may follow (concatenated gzip files).
        if (!Refill()) {
          done_ = true;
          break;
        }
        isal_inflate_reset(&state_);
        state_.crc_flag = ISAL_GZIP;
        in_member_ = false;
      }
      if (!Refill()) {
        // The input is over, but the decoder may still hold bytes it decoded
        // and had no room for (the caller's buffer was small): drain them
        // before calling the stream truncated, or what a truncated file
        // yields would depend on the reader's buffer size.
        if (in_member_ && Drain(out, capacity, produced)) continue;
        done_ = true;
        if (in_member_) status_ = Status::Error("truncated gzip stream (ends inside a member)");
        break;
      }
      in_member_ = true;
      state_.next_in = reinterpret_cast<uint8_t*>(buffer_.data() + pos_);
      state_.avail_in = static_cast<uint32_t>(filled_ - pos_);
      state_.next_out = reinterpret_cast<uint8_t*>(out + produced);
      state_.avail_out = static_cast<uint32_t>(capacity - produced);
      int rc = isal_inflate(&state_);
      size_t consumed = (filled_ - pos_) - state_.avail_in;
      pos_ += consumed;
      size_t made = (capacity - produced) - state_.avail_out;
      produced += made;
      if (rc != ISAL_DECOMP_OK && rc != ISAL_END_INPUT) {
        Corrupt(rc == ISAL_INCORRECT_CHECKSUM ? "gzip checksum mismatch (member ending"
                                              : "corrupt gzip data (code " + std::to_string(rc));
        break;
      }
      if (state_.block_state == ISAL_BLOCK_FINISH) in_member_ = false;
      if (consumed == 0 && made == 0 && state_.block_state != ISAL_BLOCK_FINISH) {
        // No progress with input available: the decoder wants more input than
        // the buffer holds, which only happens on garbage.
        if (pos_ < filled_ && state_.avail_in > 0 && state_.avail_out > 0) Corrupt("corrupt gzip data (decoder stalled");
      }
    }
    return produced;
  }

 private:
  // Runs the decoder without input; true when it produced bytes or finished
  // the member (the caller's loop goes on), false when it has nothing more.
  bool Drain(char* out, size_t capacity, size_t& produced) {
    if (produced >= capacity || state_.block_state == ISAL_BLOCK_FINISH) return false;
    state_.next_in = nullptr;
    state_.avail_in = 0;
    state_.next_out = reinterpret_cast<uint8_t*>(out + produced);
    state_.avail_out = static_cast<uint32_t>(capacity - produced);
    int rc = isal_inflate(&state_);
    size_t made = (capacity - produced) - state_.avail_out;
    produced += made;
    if (state_.block_state == ISAL_BLOCK_FINISH) in_member_ = false;
    return (rc == ISAL_DECOMP_OK || rc == ISAL_END_INPUT) && (made > 0 || !in_member_);
  }

  inflate_state state_;
  bool in_member_ = false;
};

class ZstdSource : public CompressedSource {
 public:
  ZstdSource(std::unique_ptr<RawInput> in, Prefix prefix)
      : CompressedSource(std::move(in), std::move(prefix)) {
    compression_ = Compression::kZstd;
    ctx_ = ZSTD_createDStream();
  }
  ~ZstdSource() override { ZSTD_freeDStream(ctx_); }

  // Decodes one block per call: a ZSTD_decompressStream call that fails
  // reports none of the bytes it wrote, so a call given more (a frame
  // smaller than the input buffer was decoded in one call) loses the good
  // blocks before a damaged one with it. Each call gets at most the input the
  // decoder asks for next (the rest of the current block), and output the
  // decoder still holds when the caller's room ran out is flushed by a call
  // of its own, without input, before anything more is decoded.
  size_t Read(char* out, size_t capacity) override {
    ZSTD_outBuffer ob{out, 0, 0};
    while (!done_ && ob.pos < capacity) {
      bool flush_only = flush_pending_;
      if (!flush_only && !Refill()) {
        done_ = true;
        if (in_frame_) status_ = Status::Error("truncated zstd stream (ends inside a frame)");
        break;
      }
      ob.size = std::min(capacity, ob.pos + ZSTD_DStreamOutSize());
      ZSTD_inBuffer ib{buffer_.data() + pos_, flush_only ? 0 : std::min(filled_ - pos_, next_in_), 0};
      size_t rc = ZSTD_decompressStream(ctx_, &ob, &ib);
      pos_ += ib.pos;
      if (ZSTD_isError(rc)) {
        Corrupt(std::string("corrupt zstd data (") + ZSTD_getErrorName(rc));
        break;
      }
      in_frame_ = rc != 0;
      if (!flush_only) next_in_ = rc == 0 ? 1 : rc;  // rc: the input the decoder wants next
      flush_pending_ = ob.pos == ob.size;
    }
    return ob.pos;
  }

 private:
  ZSTD_DStream* ctx_;
  size_t next_in_ = 1;          // input bytes to give the next decoding call
  bool flush_pending_ = false;  // the last call filled its output: the decoder may hold more
  bool in_frame_ = false;
};

std::unique_ptr<ByteSource> MakeSource(std::unique_ptr<RawInput> in) {
  Prefix prefix;
  prefix.bytes.resize(4);
  size_t got = 0;
  while (got < 4) {
    ssize_t n = in->Read(prefix.bytes.data() + got, 4 - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  prefix.bytes.resize(got);
  const auto* b = reinterpret_cast<const unsigned char*>(prefix.bytes.data());
  if (got >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
    return std::make_unique<GzipSource>(std::move(in), std::move(prefix));
  }
  if (got >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) {
    return std::make_unique<ZstdSource>(std::move(in), std::move(prefix));
  }
  return std::make_unique<PlainSource>(std::move(in), std::move(prefix));
}

}  // namespace

Result<std::unique_ptr<ByteSource>> ByteSource::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(path + ": cannot open: " + std::strerror(errno));
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  auto source = MakeSource(std::make_unique<RawInput>(fd));
  source->reopen_ = [path]() -> std::unique_ptr<ByteSource> {
    auto again = Open(path);
    return again.ok() ? std::move(*again) : nullptr;
  };
  return source;
}

std::unique_ptr<ByteSource> ByteSource::FromMemory(std::string bytes) {
  auto kept = std::make_shared<const std::string>(std::move(bytes));
  auto source = MakeSource(std::make_unique<RawInput>(*kept));
  source->reopen_ = [kept] { return FromMemory(*kept); };
  return source;
}

}  // namespace dragnet
