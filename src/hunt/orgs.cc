#include "hunt/orgs.h"

#include "core/file_io.h"
#include "core/output_set.h"
#include "core/text.h"
#include "ingest/diagnostics.h"
#include "ingest/byte_source.h"
#include "store/sqlite_store.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <sys/stat.h>

#include <fmt/format.h>

namespace dragnet {
namespace {

namespace fs = std::filesystem;

bool IsDateName(const std::string& n) {
  // Zeek's archive folders: YYYY-MM-DD
  return n.size() == 10 && n[4] == '-' && n[7] == '-' &&
         std::all_of(n.begin(), n.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}

std::string NameOf(const fs::path& p) {
  fs::path clean = p.lexically_normal();
  std::string name = clean.filename().string();
  if (name.empty()) name = clean.parent_path().filename().string();
  if (name.empty() || name == ".") name = fs::absolute(clean).lexically_normal().filename().string();
  if (name.empty()) name = fs::absolute(clean).lexically_normal().parent_path().filename().string();
  return name;
}

// Whether a file's first line is a Zeek log header or a Zeek JSON record
// (other files, like a simulator's truth.json, are not logs). Reads up to
// 4 KiB: a source may hand its first bytes over in several reads.
bool LooksLikeLog(const std::string& path) {
  auto source = ByteSource::Open(path);
  if (!source.ok()) return false;
  char buf[4096];
  size_t n = 0;
  while (n < sizeof buf) {
    size_t got = (*source)->Read(buf + n, sizeof buf - n);
    if (got == 0) break;
    n += got;
  }
  std::string_view head(buf, n);
  head = head.substr(0, head.find('\n'));
  size_t start = head.find_first_not_of(" \t");
  if (start == std::string_view::npos) return false;
  head.remove_prefix(start);
  if (head.starts_with("#separator") || head.starts_with("#fields")) return true;
  return head.starts_with("{") && head.find("\"ts\"") != std::string_view::npos;
}

// The identities (FileIdOf) of the paths that exist.
std::set<FileId> IdsOf(const std::vector<std::string>& paths) {
  std::set<FileId> ids;
  for (const auto& p : paths)
    if (auto id = FileIdOf(p)) ids.insert(*id);
  return ids;
}

bool IsOneOf(const std::string& path, const std::set<FileId>& ids) {
  if (ids.empty()) return false;
  auto id = FileIdOf(path);
  return id && ids.count(*id) > 0;
}

// Where the --out folder is relative to an org's folder.
enum class OutPlace { kApart, kSame, kChild, kBelow };

// Compares resolved paths (links and ../ followed as far as they exist: OUT
// may not exist yet).
OutPlace PlaceOfOut(const std::string& org_path, const std::string& out) {
  std::error_code ec;
  if (!fs::is_directory(org_path, ec)) return OutPlace::kApart;
  fs::path org = fs::weakly_canonical(org_path, ec);
  if (ec) return OutPlace::kApart;
  fs::path o = fs::weakly_canonical(fs::absolute(out, ec), ec);
  if (ec) return OutPlace::kApart;
  if (o == org) return OutPlace::kSame;
  if (o.parent_path() == org) return OutPlace::kChild;
  return std::mismatch(org.begin(), org.end(), o.begin(), o.end()).first == org.end() ? OutPlace::kBelow
                                                                                    : OutPlace::kApart;
}

// Depth-first listing of one folder into `out`, following links to folders;
// `listed` holds every folder already listed (loops and second links end there).
void ListFolder(const fs::path& dir, const std::set<FileId>& exclude, std::set<FileId>& listed, LogListing& out) {
  std::error_code ec;
  std::vector<std::string> names;  // sorted: which of two links lists a folder does not depend on the disk
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    names.push_back(it->path().filename().string());
  if (ec) {
    out.problems.emplace_back(dir.string(), "cannot list folder: " + ec.message() + ": its logs were not read");
    return;
  }
  std::sort(names.begin(), names.end());
  for (const std::string& n : names) {
    if (n.empty() || n[0] == '.') continue;
    fs::path path = dir / n;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      out.problems.emplace_back(path.string(), fmt::format("cannot read: {}: skipped", std::strerror(errno)));
      continue;
    }
    if (S_ISREG(st.st_mode)) {
      out.files.push_back(path.string());
    } else if (S_ISDIR(st.st_mode)) {
      FileId id{st.st_dev, st.st_ino};
      if (n == "incidents" || exclude.count(id)) continue;
      if (IsOutputSet(path.string())) {
        out.notes.emplace_back(path.string(), OutputFolderSkipReason(path.string(), {}));
        continue;
      }
      if (!listed.insert(id).second) {
        out.problems.emplace_back(path.string(), "symbolic link to a folder already listed (a loop or a second "
                                                 "link): not read again");
        continue;
      }
      ListFolder(path, exclude, listed, out);
    } else {
      out.problems.emplace_back(path.string(), std::string(KindOfMode(st.st_mode)) + ", not a log: skipped, never opened");
    }
  }
}

// A ROOT's sub-folder that is the --out (or --state) folder is no org when it
// is empty or holds Dragnet's outputs (or state store); with anything else in it, it is an org whose logs
// the outputs would hide (a usage error).
Status CheckSubfolderIsNotOut(const std::string& folder, const std::set<FileId>& out) {
  std::error_code ec;
  if (!IsOneOf(folder, out) || IsOutputSet(folder) || HoldsStateStore(folder) || fs::is_empty(folder, ec))
    return Status::Ok();
  return Status::Error(folder + ": is the --out folder and an organisation's folder (it holds files that are not "
                       "Dragnet outputs): choose an --out outside the organisations' folders");
}

// --out directly in an org's folder is a usage error; further below (or
// directly in a ROOT that is one org) it is left out of the org's logs and
// said on stderr. (--out that is the org's folder: check_path in DiscoverOrgs.)
Status CheckOutInsideOrg(const std::string& name, const std::string& path, const std::string& out, bool whole_root,
                         Diagnostics* diag) {
  OutPlace place = PlaceOfOut(path, out);
  if (place == OutPlace::kChild && !whole_root)
    return Status::Error("--out " + out + ": directly inside the folder of organisation " + QuoteOrgName(name) + " (" +
                         path + "): choose an --out outside the organisations' folders");
  if ((place == OutPlace::kChild || place == OutPlace::kBelow) && diag)
    diag->Note(out, "the --out folder is inside the folder of organisation " + QuoteOrgName(name) + " (" + path +
                        "): not read as its logs");
  return Status::Ok();
}

}  // namespace

std::string QuoteOrgName(std::string_view name) {
  std::string q = "'";
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) q += fmt::format("\\x{:02x}", u);
    else q += c;
  }
  return q + "'";
}

Status ValidateOrgName(std::string_view name) {
  auto bad = [&](std::string_view why) {
    return Status::Error("organisation name " + QuoteOrgName(name) + " " + std::string(why) +
                         " (names become folder names: 1-" + std::to_string(kMaxOrgNameBytes) +
                         " bytes, no '/', '\\' or control characters, not starting with '.' or '-')");
  };
  if (name.empty()) return bad("is empty");
  if (name == "." || name == "..") return bad("is a path step, not a name");
  if (name.size() > kMaxOrgNameBytes) return bad("is longer than " + std::to_string(kMaxOrgNameBytes) + " bytes");
  if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
    return bad("holds a path separator");
  if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return bad("holds a control character");
  if (name.front() == '.') return bad("starts with '.' (a hidden folder)");
  if (name.front() == '-') return bad("starts with '-' (read as an option)");
  return Status::Ok();
}

Status CheckInputPath(const std::string& path, bool folder_ok) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Error(path + ": no such file or folder");
    return Status::Error(path + ": " + std::strerror(errno));
  }
  if (S_ISREG(st.st_mode)) return Status::Ok();
  if (S_ISDIR(st.st_mode)) return folder_ok ? Status::Ok() : Status::Error(path + ": a folder, not a file");
  return Status::Error(path + ": " + KindOfMode(st.st_mode) +
                       (folder_ok ? ", not a file or folder" : ", not a regular file") + ": refused (never opened)");
}

Result<OrgConfig> ParseOrgConfig(const std::string& path, std::string_view content) {
  OrgConfig config;
  std::string current;
  size_t pos = 0;
  int line_no = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    auto where = path + ":" + std::to_string(line_no) + ": ";
    if (line.front() == '[') {
      if (line.back() != ']' || !line.starts_with("[org "))
        return Status::Error(where + "expected a section like [org NAME]");
      current = std::string(Trim(line.substr(5, line.size() - 6)));
      if (current.empty()) return Status::Error(where + "org section without a name");
      if (Status valid = ValidateOrgName(current); !valid.ok()) return Status::Error(where + valid.message());
      if (config.orgs.count(current)) return Status::Error(where + "org '" + current + "' defined twice");
      config.orgs[current];
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Status::Error(where + "expected key = value");
    if (current.empty()) return Status::Error(where + "key outside an [org NAME] section");
    std::string_view key = Trim(line.substr(0, eq));
    std::string_view value = Trim(line.substr(eq + 1));
    auto& entry = config.orgs[current];
    if (key == "path") {
      entry.paths.emplace_back(value);
    } else if (key == "home" || key == "admins") {
      auto& networks = key == "home" ? entry.home_networks : entry.admins;
      for (std::string_view item : Split(value, ',')) {
        item = Trim(item);
        if (item.empty()) continue;
        auto cidr = Cidr::Parse(item);
        if (!cidr) return Status::Error(where + "not a network: '" + std::string(item) + "'");
        // 10.0.0.1/8 is a typo for a host or for a longer prefix: which, only
        // the user knows.
        if (auto address = Ip::Parse(item.substr(0, item.find('/'))); address && *address != cidr->network)
          return Status::Error(where + "'" + std::string(item) + "' has host bits set: the network is " +
                               cidr->ToString() + " (write that, or the prefix you meant)");
        networks.push_back(*cidr);
      }
    } else if (key == "allow") {
      for (std::string_view item : Split(value, ',')) {
        item = Trim(item);
        if (item.empty()) continue;
        if (item.find('/') != std::string_view::npos && !Cidr::Parse(item))
          return Status::Error(where + "not a network: '" + std::string(item) + "'");
        entry.allow.push_back(AsciiLower(item));
      }
    } else if (key == "inbound") {
      std::string v = AsciiLower(value);
      if (v == "yes" || v == "true" || v == "on") entry.inbound = true;
      else if (v == "no" || v == "false" || v == "off") entry.inbound = false;
      else return Status::Error(where + "inbound expects yes or no, got '" + std::string(value) + "'");
    } else {
      return Status::Error(where + "unknown key '" + std::string(key) + "' (path, home, allow, admins, inbound)");
    }
  }
  return config;
}

Result<std::vector<OrgSource>> DiscoverOrgs(
    const std::vector<std::string>& roots,
    const std::vector<std::pair<std::string, std::string>>& explicit_orgs, const OrgConfig& config,
    const std::vector<std::string>& exclude, Diagnostics* diag) {
  std::vector<OrgSource> orgs;
  std::map<std::string, std::pair<std::string, std::string>> seen;  // lower-case name -> (name, where it came from)
  std::set<FileId> excluded = IdsOf(exclude);
  // Every org path passes here: a file or folder, not the output folder.
  auto check_path = [&](const std::string& what, const std::string& path) -> Status {
    if (Status s = CheckInputPath(path); !s.ok()) return Status::Error(what + s.message());
    if (IsOneOf(path, excluded))
      return Status::Error(what + path +
                           ": is the --out folder or the --state folder, where the hunt writes: not read as logs");
    return Status::Ok();
  };
  auto add = [&](const std::string& what, const std::string& name, const std::string& path) -> Status {
    if (Status valid = ValidateOrgName(name); !valid.ok())
      return Status::Error(what + valid.message() + "; from " + path + " (rename the folder or use --org NAME=PATH)");
    if (auto it = seen.find(AsciiLower(name)); it != seen.end()) {
      if (it->second.first != name)
        return Status::Error("organisation names " + QuoteOrgName(it->second.first) + " (" + it->second.second +
                             ") and " + QuoteOrgName(name) + " (" + path +
                             ") differ only by case: one folder on a case-insensitive disk (rename one)");
      return Status::Error("duplicate organisation name '" + name + "': " + it->second.second + " and " + path +
                           " (rename a folder or use --org NAME=PATH)");
    }
    seen[AsciiLower(name)] = {name, path};
    orgs.push_back(OrgSource{name, {path}, {}});
    return Status::Ok();
  };
  std::set<std::string> whole_roots;  // ROOTs that are one org themselves
  for (const auto& root : roots) {
    if (Status s = check_path("", root); !s.ok()) return s;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
      Status s = add("", NameOf(fs::path(root).parent_path()), root);
      if (!s.ok()) return s;
      continue;
    }
    bool all_dates = true;
    std::vector<std::string> subdirs, loose_logs;
    for (const auto& e : fs::directory_iterator(root, ec)) {
      std::string n = e.path().filename().string();
      if (n.empty() || n[0] == '.') continue;
      // A ROOT's intel/ folder holds feeds (as `dragnet simulate` writes it), not an org.
      if (n == "intel" && e.is_directory(ec)) continue;
      if (e.is_directory(ec)) {
        if (Status s = CheckSubfolderIsNotOut(e.path().string(), excluded); !s.ok()) return s;
        if (IsOneOf(e.path().string(), excluded)) continue;  // the --out folder, empty or our outputs
        if (IsOutputSet(e.path().string())) {
          if (diag) diag->Note(e.path().string(), OutputFolderSkipReason(e.path().string(), {}));
          continue;
        }
        subdirs.push_back(n);
        if (!IsDateName(n)) all_dates = false;
      } else if (e.is_regular_file(ec) && LooksLikeLog(e.path().string())) {
        loose_logs.push_back(e.path().string());
      }
    }
    if (ec) return Status::Error(root + ": cannot list: " + ec.message());
    if (subdirs.empty() || all_dates) {
      Status s = add("", NameOf(root), root);
      if (!s.ok()) return s;
      whole_roots.insert(root);
      continue;
    }
    std::sort(loose_logs.begin(), loose_logs.end());
    for (const std::string& f : loose_logs)
      if (diag)
        diag->FileProblem(f, "a log directly in ROOT " + root + ", whose sub-folders are the organisations: "
                             "not read (move it into its organisation's folder)");
    std::sort(subdirs.begin(), subdirs.end());
    for (const auto& d : subdirs) {
      Status s = add("", d, (fs::path(root) / d).string());
      if (!s.ok()) return s;
    }
  }
  for (const auto& [name, path] : explicit_orgs) {
    std::string what = "--org " + QuoteOrgName(name) + "=" + path + ": ";
    if (Status s = check_path(what, path); !s.ok()) return s;
    Status s = add("--org: ", name, path);
    if (!s.ok()) return s;
  }
  for (const auto& [config_name, entry] : config.orgs) {
    const std::string& name = config_name;  // lambdas cannot capture bindings (C++20 in clang 14)
    if (Status valid = ValidateOrgName(name); !valid.ok()) return Status::Error("config: " + valid.message());
    for (const auto& path : entry.paths) {
      if (Status s = check_path("config org " + name + ": ", path); !s.ok()) return s;
      auto it = std::find_if(orgs.begin(), orgs.end(), [&](const OrgSource& o) { return o.name == name; });
      if (it == orgs.end()) {
        Status s = add("config: ", name, path);
        if (!s.ok()) return s;
      } else if (std::none_of(it->roots.begin(), it->roots.end(),
                              [&](const std::string& root) { return SameFile(path, root); })) {
        it->roots.push_back(path);  // not a folder the org already reads, however spelt
      }
    }
  }
  for (const OrgSource& org : orgs)
    for (const std::string& path : org.roots)
      for (const std::string& out : exclude)
        if (Status s = CheckOutInsideOrg(org.name, path, out, whole_roots.count(path) > 0, diag); !s.ok()) return s;
  for (const auto& [config_name, entry] : config.orgs) {
    const std::string& name = config_name;
    if (diag != nullptr && std::none_of(orgs.begin(), orgs.end(), [&](const OrgSource& o) { return o.name == name; }))
      diag->Note("config", "[org " + name + "] names no organisation of this hunt (no ROOT sub-folder, --org or path " +
                               "gives it): its settings are not used -- a typo?");
  }
  for (auto& org : orgs) {
    auto it = config.orgs.find(org.name);
    if (it != config.orgs.end()) {
      org.home_networks = it->second.home_networks;
      org.allow = it->second.allow;
      org.admins = it->second.admins;
      org.inbound = it->second.inbound;
    }
  }
  std::sort(orgs.begin(), orgs.end(), [](const OrgSource& a, const OrgSource& b) { return a.name < b.name; });
  return orgs;
}

LogListing ListLogFiles(const std::string& root, const std::vector<std::string>& exclude) {
  LogListing out;
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0 || S_ISREG(st.st_mode)) {
    out.files.push_back(root);  // a file given as an org's path (the reader reports it if it has gone)
    return out;
  }
  if (!S_ISDIR(st.st_mode)) {
    out.problems.emplace_back(root, std::string(KindOfMode(st.st_mode)) + ", not a log: skipped, never opened");
    return out;
  }
  std::set<FileId> excluded = IdsOf(exclude);
  if (excluded.count({st.st_dev, st.st_ino})) return out;
  std::set<FileId> listed{{st.st_dev, st.st_ino}};
  ListFolder(root, excluded, listed, out);
  std::sort(out.files.begin(), out.files.end());
  return out;
}

}  // namespace dragnet
