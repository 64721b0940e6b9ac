// Progress on stderr for long runs: files done/total, bytes, MB/s, ETA. Shown
// only when stderr is a terminal (and CI is not set); silent otherwise, so
// logs of automated runs stay clean.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace dragnet {

class Progress {
 public:
  // `enabled` false makes every call a no-op.
  Progress(bool enabled, uint64_t total_files, uint64_t total_bytes);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Readers add bytes as they go (bytes()); a finished file counts once.
  std::atomic<uint64_t>* bytes() { return &bytes_done_; }
  void FileDone() { files_done_.fetch_add(1, std::memory_order_relaxed); }
  void Finish();

  // Whether progress should be shown on this process's stderr.
  static bool WantedOnStderr();

 private:
  void Loop();
  void Print(bool final_line);
  bool enabled_;
  uint64_t total_files_, total_bytes_;
  std::atomic<uint64_t> files_done_{0}, bytes_done_{0};
  int64_t start_us_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace dragnet
