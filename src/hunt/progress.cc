#include "hunt/progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace dragnet {
namespace {
int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

bool Progress::WantedOnStderr() {
  const char* ci = std::getenv("CI");
  return isatty(STDERR_FILENO) && !(ci && *ci && std::string_view(ci) != "false");
}

Progress::Progress(bool enabled, uint64_t total_files, uint64_t total_bytes)
    : enabled_(enabled), total_files_(total_files), total_bytes_(total_bytes), start_us_(NowUs()) {
  if (enabled_) thread_ = std::thread([this] { Loop(); });
}

Progress::~Progress() { Finish(); }

void Progress::Finish() {
  if (!enabled_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  Print(true);
}

void Progress::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::milliseconds(250));
    if (!stop_) Print(false);
  }
}

void Progress::Print(bool final_line) {
  double secs = static_cast<double>(NowUs() - start_us_) / 1e6;
  uint64_t bytes = bytes_done_.load(), files = files_done_.load();
  double rate = secs > 0 ? static_cast<double>(bytes) / secs : 0;
  char eta[32] = "--:--";
  if (rate > 0 && bytes < total_bytes_) {
    auto left = static_cast<int64_t>(static_cast<double>(total_bytes_ - bytes) / rate);
    std::snprintf(eta, sizeof eta, "%lld:%02lld", static_cast<long long>(left / 60),
                  static_cast<long long>(left % 60));
  } else if (bytes >= total_bytes_) {
    std::snprintf(eta, sizeof eta, "0:00");
  }
  std::fprintf(stderr, "\r\033[Kfiles %llu/%llu  %.1f/%.1f MB  %.0f MB/s  ETA %s%s",
               static_cast<unsigned long long>(files), static_cast<unsigned long long>(total_files_),
               static_cast<double>(bytes) / 1e6, static_cast<double>(total_bytes_) / 1e6, rate / 1e6, eta,
               final_line ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace dragnet
