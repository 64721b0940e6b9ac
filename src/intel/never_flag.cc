#include "intel/never_flag.h"

#include <filesystem>

namespace dragnet {

std::string InstalledWarninglistsDir(const std::string& executable) {
  namespace fs = std::filesystem;
  if (executable.empty()) return "";
  std::error_code ec;
  fs::path dir = fs::path(executable).parent_path();
  for (const fs::path& candidate : {dir / "share/dragnet/warninglists", dir / "../share/dragnet/warninglists"})
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
  return "";
}

std::string ExecutablePath() {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

std::string LoadNeverFlagSet(Warninglists& lists, const std::string& executable, Diagnostics& diag) {
  for (const BuiltinList& b : BuiltinNeverFlagLists()) {
    Status s = lists.LoadList("built-in:" + std::string(b.file), b.content, "built-in");
    // The lists are checked by a unit test; a failure here is a build defect.
    if (!s.ok()) diag.FileProblem("built-in:" + std::string(b.file), "never-flag list not loaded: " + s.message());
  }
  std::string dir = InstalledWarninglistsDir(executable);
  if (dir.empty())
    return "no installed MISP warninglists next to the binary (share/dragnet/warninglists): only Dragnet's "
           "built-in never-flag lists apply; scripts/update-warninglists.sh installs them";
  lists.LoadPath(dir, diag, {}, "installed");
  return "";
}

}  // namespace dragnet
