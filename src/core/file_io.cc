#include "core/file_io.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dragnet {

Result<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open: " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFile(const std::string& path, std::string_view content) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return Status::Error(path + ": exists and is not a regular file (a folder, device, FIFO or socket): not replaced");
  std::string tmp = path + ".tmp";
  // On any failure the temporary is removed: no *.tmp stays behind.
  auto fail = [&](const std::string& what) {
    int err = errno;
    std::remove(tmp.c_str());
    return Status::Error(what + std::strerror(err));
  };
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Error(tmp + ": cannot write: " + std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();  // flushes: a full disk shows here
    if (!out) return fail(tmp + ": write failed: ");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return fail(path + ": cannot rename into place: ");
  return Status::Ok();
}

std::optional<FileId> FileIdOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

bool SameFile(const std::string& a, const std::string& b) {
  auto id = FileIdOf(a);
  return id && id == FileIdOf(b);
}

const char* KindOfMode(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file or folder";
}

std::string WhyNotAFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::string("cannot read: ") + std::strerror(errno);
  if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) return "";
  return KindOfMode(st.st_mode);
}

}  // namespace dragnet
