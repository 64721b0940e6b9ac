#include "store/state_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

namespace dragnet {
namespace {

std::string IsoUtc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string ReadAll(int fd) {
  std::string text;
  char buf[512];
  ssize_t n;
  if (::lseek(fd, 0, SEEK_SET) != 0) return text;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

// "pid P host H started T" -> "pid P on host H since T".
std::string DescribeHolder(const std::string& text) {
  char pid[32] = {}, host[256] = {}, started[64] = {};
  if (std::sscanf(text.c_str(), "pid %31s host %255s started %63s", pid, host, started) == 3)
    return fmt::format("pid {} on host {} since {}", pid, host, started);
  return text.empty() ? "another process (the lock file names no holder yet)" : "'" + text + "'";
}

}  // namespace

StateLock::~StateLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

std::string StateLock::HolderText() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "unknown");
  return fmt::format("pid {} host {} started {}\n", ::getpid(), host, IsoUtc(std::time(nullptr)));
}

Result<std::unique_ptr<StateLock>> StateLock::Acquire(const std::string& dir) {
  std::string path = dir + "/lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(fmt::format("state {}: cannot open lock file {}: {}", dir, path, std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder = ReadAll(fd);
    ::close(fd);
    if (err == EWOULDBLOCK)
      return Status::Error(fmt::format("state {} is in use by {} (lock file {}); wait for it to finish", dir,
                                       DescribeHolder(holder), path));
    return Status::Error(fmt::format("state {}: cannot lock {}: {}", dir, path, std::strerror(err)));
  }
  std::string text = HolderText();
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    int err = errno;
    ::close(fd);
    return Status::Error(fmt::format("state {}: cannot write lock file {}: {}", dir, path, std::strerror(err)));
  }
  return std::unique_ptr<StateLock>(new StateLock(fd));
}

}  // namespace dragnet
