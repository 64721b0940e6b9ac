#include "core/output_set.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include "core/file_io.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPrevious = ".previous";  // inside staging: the earlier outputs, while committing

Status Move(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0)
    return Status::Error(to + ": cannot move into place: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

bool IsOutputSet(const std::string& folder) {
  std::string run = (fs::path(folder) / "run.json").string();
  struct stat st {};
  if (::stat(run.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::ifstream in(run, std::ios::binary);
  constexpr std::string_view kMark = "{\"dragnet_version\":";
  std::string head(kMark.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(kMark.size()) && head == kMark;
}

std::string OutputFolderSkipReason(const std::string& folder, const std::vector<std::string>& exclude) {
  for (const std::string& out : exclude)
    if (SameFile(folder, out)) return "the --out folder of this hunt: not read as input";
  if (IsOutputSet(folder)) return "the outputs of an earlier hunt (its run.json): not read as input";
  return "";
}

InputFolderListing ListInputFolder(const std::string& folder, const std::vector<std::string>& exclude) {
  InputFolderListing out;
  if (std::string why = OutputFolderSkipReason(folder, exclude); !why.empty()) {
    out.skipped.emplace_back(folder, why);
    return out;
  }
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code entry_ec;  // a dangling link must not end the walk
    std::string entry = it->path().string();
    if (it->is_directory(entry_ec)) {
      std::string why = OutputFolderSkipReason(entry, exclude);
      if (!why.empty()) {
        out.skipped.emplace_back(std::move(entry), why);
        it.disable_recursion_pending();
      }
    } else if (std::string why = WhyNotAFile(entry); why.empty()) {
      out.files.push_back(std::move(entry));
    } else {
      out.not_files.emplace_back(std::move(entry), std::move(why));
    }
  }
  if (ec) out.error = "cannot list folder: " + ec.message();
  std::sort(out.files.begin(), out.files.end());
  return out;
}

Result<std::unique_ptr<OutputSet>> OutputSet::Begin(const std::string& out) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Status::Error(out + ": cannot create the output folder: " + ec.message());
  if (!fs::is_directory(out, ec)) return Status::Error(out + ": not a folder");
  std::string tmpl = (fs::path(out) / ".dragnet-tmp-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr)
    return Status::Error(out + ": output folder not writable: " + std::strerror(errno));
  return std::unique_ptr<OutputSet>(new OutputSet(out, tmpl));
}

OutputSet::~OutputSet() {
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

Status OutputSet::CheckReplaceable(const std::vector<std::string>& names,
                                   const std::vector<std::string>& folders) const {
  for (const std::string& name : names) {
    fs::path target = fs::path(out_) / name;
    std::error_code ec;
    fs::file_status st = fs::symlink_status(target, ec);
    if (ec || !fs::exists(st)) continue;
    bool want_folder = std::find(folders.begin(), folders.end(), name) != folders.end();
    if (want_folder && !fs::is_directory(st))
      return Status::Error(target.string() + ": not a folder: the output folder " + name + "/ cannot replace it");
    if (!want_folder && fs::is_directory(st))
      return Status::Error(target.string() + ": is a folder: the output file cannot replace it");
  }
  return Status::Ok();
}

Result<std::string> OutputSet::Stage(const std::string& name) {
  fs::path rel(name);
  if (rel.empty() || rel.is_absolute() || rel.begin()->string().starts_with("."))
    return Status::Error(name + ": not an output name");
  std::string first = rel.begin()->string();
  if (std::find(entries_.begin(), entries_.end(), first) == entries_.end()) entries_.push_back(first);
  fs::path path = fs::path(staging_) / rel;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::Error(path.parent_path().string() + ": " + ec.message());
  return path.string();
}

Status OutputSet::Write(const std::string& name, std::string_view content) {
  auto path = Stage(name);
  if (!path.ok()) return path.status();
  return WriteFile(*path, content);
}

Status OutputSet::Commit() {
  if (committed_) return Status::Error(out_ + ": outputs already committed");
  committed_ = true;
  std::vector<std::string> folders;
  for (const std::string& e : entries_)
    if (fs::is_directory(fs::path(staging_) / e)) folders.push_back(e);
  if (Status s = CheckReplaceable(entries_, folders); !s.ok()) return s;
  std::string previous = (fs::path(staging_) / kPrevious).string();
  std::error_code ec;
  fs::create_directory(previous, ec);
  if (ec) return Status::Error(previous + ": " + ec.message());
  std::vector<bool> backed_up;
  for (size_t i = 0; i < entries_.size(); ++i) {
    std::string target = (fs::path(out_) / entries_[i]).string();
    bool exists = fs::exists(fs::symlink_status(target, ec));
    if (exists) {
      if (Status s = Move(target, (fs::path(previous) / entries_[i]).string()); !s.ok())
        return Rollback(i, backed_up, s);
    }
    backed_up.push_back(exists);
    if (Status s = Move((fs::path(staging_) / entries_[i]).string(), target); !s.ok())
      return Rollback(i, backed_up, s);
  }
  return Status::Ok();
}

// Undoes a failed Commit: entries [0, moved) are in place and entry `moved`
// may have its earlier version set aside (backed_up has one more element then).
Status OutputSet::Rollback(size_t moved, const std::vector<bool>& backed_up, Status why) {
  std::string message = why.message() + "; the earlier outputs in " + out_ + " are kept";
  fs::path previous = fs::path(staging_) / kPrevious;
  for (size_t i = backed_up.size(); i-- > 0;) {
    std::string target = (fs::path(out_) / entries_[i]).string();
    if (i < moved) {
      if (std::rename(target.c_str(), (fs::path(staging_) / entries_[i]).c_str()) != 0)
        message += "; cannot take back " + target + ": " + std::strerror(errno);
    }
    if (backed_up[i] && std::rename((previous / entries_[i]).c_str(), target.c_str()) != 0)
      message += "; cannot put back " + target + ": " + std::strerror(errno);
  }
  return Status::Error(message);
}

}  // namespace dragnet
