#include "cli/validate.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "hunt/orgs.h"

namespace dragnet {

namespace fs = std::filesystem;

CLI::Validator InRange(const NumberRange& range) {
  return CLI::Validator([range](std::string& text) { return CheckNumber(text, range); }, range.Text());
}

CLI::Validator NonEmpty() {
  return CLI::Validator([](std::string& text) { return text.empty() ? std::string("an empty value") : std::string(); },
                        "NOT EMPTY");
}

Status CheckOptionPath(const InputPath& p) {
  auto fail = [&](std::string_view what) { return Status::Error(fmt::format("{} {}: {}", p.option, p.path, what)); };
  if (p.path.empty()) return Status::Error(p.option + ": an empty path");
  std::error_code ec;
  bool folder = fs::is_directory(p.path, ec);
  if (p.kind == PathKind::kFolder) {
    if (!folder) return fail(fs::exists(p.path, ec) ? "not a folder" : "no such folder");
  } else if (Status s = CheckInputPath(p.path, /*folder_ok=*/p.kind == PathKind::kFileOrFolder); !s.ok()) {
    return Status::Error(p.option + " " + s.message());
  }
  if (::access(p.path.c_str(), folder ? R_OK | X_OK : R_OK) != 0)
    return fail(fmt::format("not readable: {}", std::strerror(errno)));
  return Status::Ok();
}

Status CheckOptionPaths(const std::vector<InputPath>& paths) {
  for (const InputPath& p : paths) {
    Status s = CheckOptionPath(p);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status CheckOutputPath(const InputPath& p) {
  if (p.path.empty()) return Status::Error(p.option + ": an empty path");
  struct stat st {};
  if (::stat(p.path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();  // missing (or a dangling link): written new
    return Status::Error(fmt::format("{} {}: {}", p.option, p.path, std::strerror(errno)));
  }
  if (p.kind == PathKind::kFolder && !S_ISDIR(st.st_mode))
    return Status::Error(fmt::format("{} {}: exists and is not a folder", p.option, p.path));
  if (p.kind == PathKind::kFolder) return Status::Ok();
  if (Status s = CheckInputPath(p.path, /*folder_ok=*/false); !s.ok()) return Status::Error(p.option + " " + s.message());
  return Status::Ok();
}

Status CheckOutputPaths(const std::vector<InputPath>& paths) {
  for (const InputPath& p : paths)
    if (Status s = CheckOutputPath(p); !s.ok()) return s;
  return Status::Ok();
}

}  // namespace dragnet
