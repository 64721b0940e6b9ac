#include "cli/incident_command.h"

#include <filesystem>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "core/file_io.h"
#include "core/json_writer.h"
#include "hunt/orgs.h"
#include "incident/identifiers.h"

namespace dragnet {

namespace fs = std::filesystem;

CLI::App* AddIncidentCommand(CLI::App& app, IncidentArgs& a) {
  auto* cmd = app.add_subcommand("incident", "take in ransom notes and incident reports (docs/incidents.md)");
  cmd->require_subcommand(1);
  a.extract = cmd->add_subcommand("extract", "print the contact and payment identifiers of each file, one JSON line per file");
  a.extract->add_option("files", a.files, "ransom notes or reports (text, HTML, JSON)")->required();
  a.extract->add_option("--ransomware-families", a.families, "misp-galaxy ransomware cluster (JSON): family names");
  a.add = cmd->add_subcommand("add", "file reports under ROOT/ORG/incidents/ for the next hunt and print what they hold");
  a.add->add_option("--root", a.root, "the hunt ROOT the org's folder is in")->required();
  a.add->add_option("--org", a.org, "the organisation that reported them")->required();
  a.add->add_option("files", a.files, "ransom notes or reports")->required();
  a.add->add_option("--ransomware-families", a.families, "misp-galaxy ransomware cluster (JSON): family names");
  return cmd;
}

int RunIncidentCommand(const IncidentArgs& a) {
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
    if (Status valid = ValidateOrgName(a.org); !valid.ok()) {  // it becomes ROOT/ORG/
      fmt::print(stderr, "dragnet: --org: {}\n", valid.message());
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
    auto bytes = ReadFileToString(file);
    if (!bytes.ok()) {
      fmt::print(stderr, "dragnet: {}\n", bytes.status().message());
      rc = kExitNothingRead;
      continue;
    }
    if (*a.add) {
      fs::path target = dest / fs::path(file).filename();
      std::error_code ec;
      fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
      if (ec) {
        fmt::print(stderr, "dragnet: {}: {}\n", target.string(), ec.message());
        return kExitOutput;
      }
    }
    Extraction e = ExtractIdentifiers(NoteText(*bytes), families);
    JsonWriter w;
    w.BeginObject();
    w.Key("file").String(file);
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
    fmt::print("{}\n", w.Take());
  }
  return rc;
}

}  // namespace dragnet
