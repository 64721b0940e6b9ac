#include "cli/incident_command.h"

#include <filesystem>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/validate.h"
#include "core/file_io.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "hunt/orgs.h"
#include "incident/identifiers.h"
#include "incident/intake.h"

namespace dragnet {

namespace fs = std::filesystem;

CLI::App* AddIncidentCommand(CLI::App& app, IncidentArgs& a) {
  auto* cmd = app.add_subcommand("incident", "take in ransom notes and incident reports (docs/incidents.md)");
  cmd->require_subcommand(1);
  a.extract = cmd->add_subcommand("extract", "print the contact and payment identifiers of each file, one JSON line per file");
  a.extract->add_option("files", a.files, "ransom notes or reports (text, HTML, JSON)")->required()->check(NonEmpty());
  a.extract->add_option("--ransomware-families", a.families, "misp-galaxy ransomware cluster (JSON): family names")->check(NonEmpty());
  a.add = cmd->add_subcommand("add", "file reports under ROOT/ORG/incidents/ for the next hunt and print what they hold");
  a.add->add_option("--root", a.root, "the hunt ROOT the org's folder is in")->required()->check(NonEmpty());
  a.add->add_option("--org", a.org, "the organisation that reported them (its folder under ROOT)")->required()->check(NonEmpty());
  a.add->add_flag("--create", a.create,
                  "create ROOT and ROOT/ORG when they do not exist (an organisation's first report); without it a "
                  "missing one is an error, so a typo cannot file reports under a new name");
  a.add->add_option("files", a.files, "ransom notes or reports")->required()->check(NonEmpty());
  a.add->add_option("--ransomware-families", a.families, "misp-galaxy ransomware cluster (JSON): family names")->check(NonEmpty());
  return cmd;
}

namespace {

// Every input path, checked before anything is read.
Status CheckIncidentInputs(const IncidentArgs& a) {
  std::vector<InputPath> paths;
  if (!a.families.empty()) paths.push_back({"--ransomware-families", a.families, PathKind::kFile});
  for (const std::string& file : a.files) paths.push_back({"FILE", file, PathKind::kFile});
  return CheckOptionPaths(paths);
}

// `incident add`'s --root and --org: a valid org name, and unless --create an
// existing ROOT/ORG (a typo must not file reports under a new org).
Status CheckIncidentFolder(const IncidentArgs& a) {
  if (Status valid = ValidateOrgName(a.org); !valid.ok())  // it becomes ROOT/ORG/
    return Status::Error("--org: " + valid.message());
  // The hunt refuses two org folders that differ only by case: never make one.
  std::error_code ec;
  for (auto it = fs::directory_iterator(a.root, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name != a.org && AsciiLower(name) == AsciiLower(a.org))
      return Status::Error(fmt::format("--org {}: {} already holds the organisation {} (names that differ only by "
                                       "case are one organisation)",
                                       a.org, a.root, name));
  }
  if (a.create) return Status::Ok();
  if (Status s = CheckOptionPath({"--root", a.root, PathKind::kFolder}); !s.ok())
    return Status::Error(s.message() + " (--create makes it)");
  fs::path org_dir = fs::path(a.root) / a.org;
  if (!fs::is_directory(org_dir, ec))
    return Status::Error(fmt::format("--org {}: no folder {}: an organisation never seen under this root (check "
                                     "the name; --create files its first report)",
                                     a.org, org_dir.string()));
  return Status::Ok();
}

// One JSON line: the file, where it was filed (add), its identifiers.
std::string ExtractionLine(const std::string& file, const std::string& stored, bool truncated, const Extraction& e) {
  JsonWriter w;
  w.BeginObject();
  w.Key("file").String(file);
  if (!stored.empty()) w.Key("stored").String(stored);
  if (truncated) w.Key("truncated").Bool(true);
  w.Key("identifiers").BeginArray();
  for (const Identifier& id : e.identifiers) {
    w.BeginObject();
    w.Key("type").String(IdentifierKindName(id.kind));
    w.Key("value").String(id.value);
    w.EndObject();
  }
  w.EndArray();
  w.Key("rejected").Uint(e.rejected);
  w.EndObject();
  return w.Take();
}

}  // namespace

int RunIncidentCommand(const IncidentArgs& a) {
  if (Status s = CheckIncidentInputs(a); !s.ok()) {  // before anything is read or filed
    fmt::print(stderr, "dragnet: {}\n", s.message());
    return kExitUsage;
  }
  FamilyNames families;
  if (!a.families.empty()) {
    auto text = ReadFileToString(a.families);
    std::string error;
    if (text.ok()) families = FamilyNames::FromGalaxy(*text, &error);
    if (!text.ok() || !error.empty()) {
      fmt::print(stderr, "dragnet: --ransomware-families {}: {}\n", a.families,
                 text.ok() ? error : text.status().message());
      return kExitUsage;
    }
  }
  fs::path dest;
  if (*a.add) {
    if (Status s = CheckIncidentFolder(a); !s.ok()) {
      fmt::print(stderr, "dragnet: {}\n", s.message());
      return kExitUsage;
    }
    dest = fs::path(a.root) / a.org / "incidents";
    std::error_code ec;
    fs::create_directories(dest, ec);
    if (ec) {
      fmt::print(stderr, "dragnet: {}: {}\n", dest.string(), ec.message());
      return kExitOutput;
    }
  }
  int rc = kExitOk;
  for (const std::string& file : a.files) {
    auto read = ReadIncidentFile(file);
    if (!read.ok()) {
      fmt::print(stderr, "dragnet: {}\n", read.status().message());
      rc = kExitNothingRead;
      continue;
    }
    if (read->truncated)
      fmt::print(stderr, "dragnet: {}: larger than {} MiB: only its start was read\n", file,
                 kMaxIncidentFileBytes >> 20);
    std::string stored;
    if (*a.add) {
      auto filed = FileReport(dest, file);
      if (!filed.ok()) {
        fmt::print(stderr, "dragnet: {}\n", filed.status().message());
        return kExitOutput;
      }
      stored = filed->path;
      if (filed->outcome == FiledReport::kRenamed)
        fmt::print(stderr, "dragnet: {}: stored as {}: {}\n", file, stored,
                   fs::path(file).filename().string().starts_with('.')
                       ? "a hidden name, which the hunt would not read"
                       : "another report already has its name");
      if (filed->outcome == FiledReport::kAlreadyFiled)
        fmt::print(stderr, "dragnet: {}: already filed as {} (same bytes): not copied again\n", file, stored);
    }
    Extraction e = ExtractIdentifiers(NoteText(read->bytes), families);
    fmt::print("{}\n", ExtractionLine(file, stored, read->truncated, e));
  }
  return rc;
}

}  // namespace dragnet
