#include "ingest/read_ahead.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace dragnet {
namespace {

class ReadAheadSource : public ByteSource {
 public:
  ReadAheadSource(std::unique_ptr<ByteSource> inner, size_t buffers, size_t buffer_bytes)
      : inner_(std::move(inner)), blocks_(std::max<size_t>(2, buffers)) {
    compression_ = inner_->compression();
    for (size_t i = 0; i < blocks_.size(); ++i) {
      blocks_[i].data.resize(buffer_bytes);
      free_.push_back(i);
    }
    producer_ = std::thread([this] { Produce(); });
  }

  // The producer owns inner_ while it runs, but reopening only reads what
  // inner_ was built from, never changed after construction.
  std::unique_ptr<ByteSource> Reopen() const override { return inner_->Reopen(); }

  ~ReadAheadSource() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    producer_.join();
  }

  size_t Read(char* out, size_t capacity) override {
    while (current_ < 0 || offset_ == blocks_[static_cast<size_t>(current_)].size) {
      std::unique_lock lock(mu_);
      if (current_ >= 0) {
        if (blocks_[static_cast<size_t>(current_)].size == 0) return 0;  // the end, already reported
        free_.push_back(static_cast<size_t>(current_));
        current_ = -1;
        changed_.notify_all();
      }
      changed_.wait(lock, [&] { return !full_.empty(); });
      current_ = static_cast<int>(full_.front());
      full_.pop_front();
      offset_ = 0;
      const Block& b = blocks_[static_cast<size_t>(current_)];
      file_bytes_read_ = b.file_bytes;
      if (b.size == 0) {
        status_ = inner_status_;
        corrupt_ = inner_corrupt_;
        return 0;
      }
    }
    const Block& b = blocks_[static_cast<size_t>(current_)];
    size_t n = std::min(capacity, b.size - offset_);
    std::memcpy(out, b.data.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  struct Block {
    std::vector<char> data;
    size_t size = 0;          // 0: the end of the data
    uint64_t file_bytes = 0;  // the inner source's file_bytes_read() after this block
  };

  // Fills free blocks until the inner source ends; the end is a block of
  // size 0 of its own, carrying the inner source's final status.
  void Produce() {
    bool ended = false;
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
        if (stop_) return;
        i = free_.front();
        free_.pop_front();
      }
      Block& b = blocks_[i];
      b.size = 0;
      while (!ended && b.size < b.data.size()) {
        size_t n = inner_->Read(b.data.data() + b.size, b.data.size() - b.size);
        if (n == 0) ended = true;
        b.size += n;
      }
      b.file_bytes = inner_->file_bytes_read();
      {
        std::lock_guard lock(mu_);
        if (b.size == 0) {
          inner_status_ = inner_->status();
          inner_corrupt_ = inner_->corrupt();
        }
        full_.push_back(i);
      }
      changed_.notify_all();
      if (b.size == 0) return;
    }
  }

  std::unique_ptr<ByteSource> inner_;
  std::vector<Block> blocks_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<size_t> free_, full_;  // block indices
  bool stop_ = false;
  Status inner_status_;
  bool inner_corrupt_ = false;
  int current_ = -1;  // the block being read (consumer side only)
  size_t offset_ = 0;
  std::thread producer_;
};

}  // namespace

std::unique_ptr<ByteSource> ReadAhead(std::unique_ptr<ByteSource> source, size_t buffers, size_t buffer_bytes) {
  if (source->compression() == Compression::kNone) return source;
  return std::make_unique<ReadAheadSource>(std::move(source), buffers, buffer_bytes);
}

}  // namespace dragnet
