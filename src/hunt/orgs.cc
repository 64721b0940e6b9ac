#include "hunt/orgs.h"

#include "core/text.h"
#include "ingest/byte_source.h"

#include <algorithm>
#include <filesystem>
#include <set>

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

// Whether a file's first line is a Zeek log header or a Zeek JSON record: a
// ROOT holding such files is itself one org (other files, like a
// simulator's truth.json, do not make it one).
bool LooksLikeLog(const std::string& path) {
  auto source = ByteSource::Open(path);
  if (!source.ok()) return false;
  char buf[4096];
  size_t n = (*source)->Read(buf, sizeof buf);
  std::string_view head(buf, n);
  head = head.substr(0, head.find('\n'));
  size_t start = head.find_first_not_of(" \t");
  if (start == std::string_view::npos) return false;
  head.remove_prefix(start);
  if (head.starts_with("#separator") || head.starts_with("#fields")) return true;
  return head.starts_with("{") && head.find("\"ts\"") != std::string_view::npos;
}

}  // namespace

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
    } else {
      return Status::Error(where + "unknown key '" + std::string(key) + "' (path, home, allow, admins)");
    }
  }
  return config;
}

Result<std::vector<OrgSource>> DiscoverOrgs(
    const std::vector<std::string>& roots,
    const std::vector<std::pair<std::string, std::string>>& explicit_orgs, const OrgConfig& config) {
  std::vector<OrgSource> orgs;
  std::map<std::string, std::string> seen;  // name -> where it came from
  auto add = [&](const std::string& name, const std::string& path) -> Status {
    if (auto it = seen.find(name); it != seen.end())
      return Status::Error("duplicate organisation name '" + name + "': " + it->second + " and " + path +
                           " (rename a folder or use --org NAME=PATH)");
    seen[name] = path;
    orgs.push_back(OrgSource{name, {path}, {}});
    return Status::Ok();
  };
  for (const auto& root : roots) {
    std::error_code ec;
    if (!fs::exists(root, ec)) return Status::Error(root + ": no such file or folder");
    if (!fs::is_directory(root, ec)) {
      Status s = add(NameOf(fs::path(root).parent_path()), root);
      if (!s.ok()) return s;
      continue;
    }
    bool has_files = false, all_dates = true;
    std::vector<std::string> subdirs;
    for (const auto& e : fs::directory_iterator(root, ec)) {
      std::string n = e.path().filename().string();
      if (n.empty() || n[0] == '.') continue;
      // A ROOT's intel/ folder holds feeds (as `dragnet simulate` writes it), not an org.
      if (n == "intel" && e.is_directory(ec)) continue;
      if (e.is_directory(ec)) {
        subdirs.push_back(n);
        if (!IsDateName(n)) all_dates = false;
      } else if (e.is_regular_file(ec) && LooksLikeLog(e.path().string())) {
        has_files = true;
      }
    }
    if (ec) return Status::Error(root + ": cannot list: " + ec.message());
    if (has_files || subdirs.empty() || all_dates) {
      Status s = add(NameOf(root), root);
      if (!s.ok()) return s;
      continue;
    }
    std::sort(subdirs.begin(), subdirs.end());
    for (const auto& d : subdirs) {
      Status s = add(d, (fs::path(root) / d).string());
      if (!s.ok()) return s;
    }
  }
  for (const auto& [name, path] : explicit_orgs) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return Status::Error("--org " + name + "=" + path + ": no such file or folder");
    Status s = add(name, path);
    if (!s.ok()) return s;
  }
  for (const auto& [config_name, entry] : config.orgs) {
    const std::string& name = config_name;  // lambdas cannot capture bindings (C++20 in clang 14)
    for (const auto& path : entry.paths) {
      std::error_code ec;
      if (!fs::exists(path, ec)) return Status::Error("config org " + name + ": " + path + ": no such file or folder");
      auto it = std::find_if(orgs.begin(), orgs.end(), [&](const OrgSource& o) { return o.name == name; });
      if (it == orgs.end()) {
        Status s = add(name, path);
        if (!s.ok()) return s;
      } else if (std::find(it->roots.begin(), it->roots.end(), path) == it->roots.end()) {
        it->roots.push_back(path);
      }
    }
  }
  for (auto& org : orgs) {
    auto it = config.orgs.find(org.name);
    if (it != config.orgs.end()) {
      org.home_networks = it->second.home_networks;
      org.allow = it->second.allow;
      org.admins = it->second.admins;
    }
  }
  std::sort(orgs.begin(), orgs.end(), [](const OrgSource& a, const OrgSource& b) { return a.name < b.name; });
  return orgs;
}

std::vector<std::string> ListLogFiles(const std::string& root) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    files.push_back(root);
    return files;
  }
  auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string n = it->path().filename().string();
    if (!n.empty() && n[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec)) {
      if (n == "incidents") it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace dragnet
