// A set of output files replaced together (docs/cli.md, "Outputs"). Every
// file is first written into a hidden staging folder inside OUT
// (OUT/.dragnet-tmp-XXXXXX/); Commit() then moves each earlier output aside
// into the staging folder and the new one into place, in the order the
// outputs were staged (the hunt stages run.json last). If any step fails, the
// new outputs already moved are taken back out and the earlier ones put back,
// so OUT holds the earlier set or the new one, never a mix; the staging folder
// (with the earlier set after a success) is removed at destruction, so no
// temporary stays.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace dragnet {

// Whether `folder` holds the outputs of a Dragnet hunt: a regular run.json
// that starts with the field RunJson writes first ({"dragnet_version":). Such
// a folder is never read as logs, intel or warninglists (docs/cli.md,
// "Outputs"). Never opens anything but a regular file.
bool IsOutputSet(const std::string& folder);

// Why the folder `folder`, met while looking for inputs, is not read: it is
// one of `exclude` (the current --out; same file, whatever the path) or an
// output set (IsOutputSet). "" when it is read.
std::string OutputFolderSkipReason(const std::string& folder, const std::vector<std::string>& exclude);

// A folder given as input (intel, warninglists) listed: every regular file
// below it, sorted, except what is below a folder OutputFolderSkipReason
// names (the folder itself included); those folders are in `skipped` as
// (folder, reason), each once. Entries that must not be opened (FIFOs,
// devices, dangling links: WhyNotAFile) are in `not_files`, for the caller to
// report. `error` is set when listing failed.
struct InputFolderListing {
  std::vector<std::string> files;                              // regular files, sorted
  std::vector<std::pair<std::string, std::string>> skipped;    // output folders: (folder, why)
  std::vector<std::pair<std::string, std::string>> not_files;  // never opened: (path, WhyNotAFile)
  std::string error;
};
InputFolderListing ListInputFolder(const std::string& folder, const std::vector<std::string>& exclude);

class OutputSet {
 public:
  // Creates OUT (and its parents) if missing, and the staging folder in it:
  // the check that OUT is writable, done before any work. The error names OUT
  // and what is wrong.
  static Result<std::unique_ptr<OutputSet>> Begin(const std::string& out);
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Checks that each of `names` (entries directly in OUT) can be replaced:
  // absent, or of the same kind as what will replace it (a file for a file,
  // a folder for a folder). `folders` says which names are folders. The
  // error names the path. Commit() checks this again before moving anything.
  Status CheckReplaceable(const std::vector<std::string>& names, const std::vector<std::string>& folders = {}) const;

  // The path to write `name` to, inside the staging folder; `name` is
  // relative ("run.json", "orgs/acme/report.html") and its parent folders are
  // created. The first component of `name` becomes an entry of OUT at Commit.
  Result<std::string> Stage(const std::string& name);
  // Stage(name), then WriteFile.
  Status Write(const std::string& name, std::string_view content);

  // Moves the staged entries into OUT (see above). Once only.
  Status Commit();

  const std::string& out() const { return out_; }
  const std::string& staging() const { return staging_; }

 private:
  OutputSet(std::string out, std::string staging) : out_(std::move(out)), staging_(std::move(staging)) {}
  Status Rollback(size_t moved, const std::vector<bool>& backed_up, Status why);
  std::string out_, staging_;
  std::vector<std::string> entries_;  // first components, in staging order
  bool committed_ = false;
};

}  // namespace dragnet
