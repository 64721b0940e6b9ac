#include "cli/validate.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace dragnet {

namespace fs = std::filesystem;

CLI::Validator InRange(const NumberRange& range) {
  return CLI::Validator([range](std::string& text) { return CheckNumber(text, range); }, range.Text());
}

namespace {

const char* KindName(PathKind kind) {
  switch (kind) {
    case PathKind::kFile: return "file";
    case PathKind::kFolder: return "folder";
    case PathKind::kFileOrFolder: return "file or folder";
  }
  return "path";
}

}  // namespace

Status CheckInputPath(const InputPath& p) {
  auto fail = [&](std::string_view what) { return Status::Error(fmt::format("{} {}: {}", p.option, p.path, what)); };
  if (p.path.empty()) return fail(fmt::format("an empty path, expected a {}", KindName(p.kind)));
  std::error_code ec;
  fs::file_status st = fs::status(p.path, ec);
  if (st.type() == fs::file_type::not_found) return fail(fmt::format("no such {}", KindName(p.kind)));
  if (ec) return fail(ec.message());
  bool folder = fs::is_directory(st), file = fs::is_regular_file(st);
  if (p.kind == PathKind::kFile && !file)
    return fail(folder ? "is a folder, expected a file" : "not a regular file (a device, pipe or socket)");
  if (p.kind == PathKind::kFolder && !folder) return fail("not a folder");
  if (p.kind == PathKind::kFileOrFolder && !file && !folder)
    return fail("neither a file nor a folder (a device, pipe or socket)");
  if (::access(p.path.c_str(), folder ? R_OK | X_OK : R_OK) != 0)
    return fail(fmt::format("not readable: {}", std::strerror(errno)));
  return Status::Ok();
}

Status CheckInputPaths(const std::vector<InputPath>& paths) {
  for (const InputPath& p : paths) {
    Status s = CheckInputPath(p);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace dragnet
