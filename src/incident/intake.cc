#include "incident/intake.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "hunt/orgs.h"

namespace dragnet {

namespace fs = std::filesystem;

Result<IncidentFileBytes> ReadIncidentFile(const std::string& path) {
  if (Status s = CheckInputPath(path, /*folder_ok=*/false); !s.ok()) return s;  // never opens a FIFO or device
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open: " + std::strerror(errno));
  IncidentFileBytes out;
  out.bytes.resize(kMaxIncidentFileBytes + 1);  // one byte more tells a longer file
  in.read(out.bytes.data(), static_cast<std::streamsize>(out.bytes.size()));
  if (in.bad()) return Status::Error(path + ": read failed: " + std::strerror(errno));
  out.bytes.resize(static_cast<size_t>(in.gcount()));
  if (out.bytes.size() > kMaxIncidentFileBytes) {
    out.bytes.resize(kMaxIncidentFileBytes);
    out.truncated = true;
  }
  return out;
}

namespace {

// Whether two regular files hold the same bytes.
bool SameBytes(const fs::path& a, const fs::path& b) {
  std::error_code ec1, ec2;
  if (fs::file_size(a, ec1) != fs::file_size(b, ec2) || ec1 || ec2) return false;
  std::ifstream ia(a, std::ios::binary), ib(b, std::ios::binary);
  if (!ia || !ib) return false;
  std::vector<char> ba(1 << 16), bb(1 << 16);
  while (ia && ib) {
    ia.read(ba.data(), static_cast<std::streamsize>(ba.size()));
    ib.read(bb.data(), static_cast<std::streamsize>(bb.size()));
    if (ia.gcount() != ib.gcount() || std::memcmp(ba.data(), bb.data(), static_cast<size_t>(ia.gcount())) != 0)
      return false;
  }
  return ia.eof() && ib.eof();
}

}  // namespace

namespace {

// A hidden name (".note.txt") would be filed where the hunt never looks (it
// skips hidden files): the leading dots go; a name of dots only is "report".
fs::path VisibleName(const fs::path& name) {
  std::string text = name.string();
  size_t dots = text.find_first_not_of('.');
  return dots == std::string::npos ? fs::path("report") : fs::path(text.substr(dots));
}

}  // namespace

Result<FiledReport> FileReport(const fs::path& dir, const std::string& source) {
  fs::path given = fs::path(source).filename();
  fs::path name = VisibleName(given);
  for (int n = 1;; ++n) {
    fs::path target = dir / (n == 1 ? name : fs::path(fmt::format("{}-{}{}", name.stem().string(), n,
                                                                    name.extension().string())));
    std::error_code ec;
    if (fs::exists(target, ec)) {
      if (SameBytes(source, target)) return FiledReport{target.string(), FiledReport::kAlreadyFiled};
      continue;
    }
    // copy_options::none fails rather than overwrite, should the name be taken meanwhile.
    if (fs::copy_file(source, target, fs::copy_options::none, ec))
      return FiledReport{target.string(), n == 1 && name == given ? FiledReport::kStored : FiledReport::kRenamed};
    if (ec != std::errc::file_exists) return Status::Error(target.string() + ": " + ec.message());
  }
}

}  // namespace dragnet
