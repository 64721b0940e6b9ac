// Organisations, the unit of tenancy. `dragnet hunt ROOT...` makes each
// sub-folder of each ROOT one organisation named after the folder; a ROOT
// without sub-folders (or with only dated archive folders) is one
// organisation. Log files directly in a ROOT that has org sub-folders are
// reported, not read.
// A sub-folder named intel/ holds feeds, not an org, and is left out.
// `--org NAME=PATH` names them explicitly, and a config file (docs/config.md)
// gives their home networks. A host is (org, ip): address plans overlap.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/ip.h"
#include "core/status.h"

namespace dragnet {

class Diagnostics;

struct OrgSource {
  std::string name;
  std::vector<std::string> roots;   // folders (or single files) holding its logs
  std::vector<Cidr> home_networks;  // empty: Zeek's local_* flags, then RFC 1918/ULA
  std::vector<std::string> allow;   // destinations behavioural detectors never report (names, addresses, networks)
  std::vector<Cidr> admins;         // hosts that administer others by job (IT, scanner, backup)
  // Analyse connections from outside into the org too (detector `inbound`):
  // off by default, as public servers are polled by the whole Internet.
  bool inbound = false;
};

// Contents of a --config file.
struct OrgConfig {
  struct Entry {
    std::vector<std::string> paths;
    std::vector<Cidr> home_networks;
    std::vector<std::string> allow;
    std::vector<Cidr> admins;
    bool inbound = false;  // `inbound = yes`
  };
  std::map<std::string, Entry> orgs;
};
Result<OrgConfig> ParseOrgConfig(const std::string& path, std::string_view content);

// The one rule for an organisation name, applied wherever a name enters
// (hunt --org, config sections, folder names, incident add) because every
// name becomes a folder name (OUT/orgs/NAME/, ROOT/NAME/incidents/). A name
// is 1 to kMaxOrgNameBytes bytes; it is not "." or ".."; it holds no '/',
// '\\', NUL or other control character (bytes below 0x20 and 0x7f); it does
// not start with '.' (a hidden folder, never read) or '-' (read as an
// option). Ok, or an error saying what is wrong, the name quoted with
// control bytes escaped. (Names that differ only by case are refused by
// DiscoverOrgs: they would share one folder on a case-insensitive disk.)
inline constexpr size_t kMaxOrgNameBytes = 128;
Status ValidateOrgName(std::string_view name);

// `name` in single quotes, control bytes and bytes >= 0x7f as \xNN: safe to print.
std::string QuoteOrgName(std::string_view name);

// Builds the org list from ROOTs, explicit NAME=PATH pairs and the config.
// Fails (a usage error) on duplicate names (also when they differ only by
// case), names ValidateOrgName refuses, missing paths, and paths that are
// neither a regular file nor a folder (a FIFO or device is never opened).
// `exclude` is the --out folder: an org path that is it is an error, and so
// is a ROOT's sub-folder that is it unless it is empty or holds Dragnet's
// outputs (then it is no org); --out directly inside an org folder is an
// error, further below (or directly in a ROOT that is one org) a note on
// `diag`, and the folder is not read (ListLogFiles' exclude). A ROOT's
// sub-folder holding an earlier hunt's outputs (IsOutputSet) is no org: a
// note on `diag` names it. A log file directly in a ROOT whose sub-folders
// are the orgs is not read: a FileProblem on `diag` names it.
Result<std::vector<OrgSource>> DiscoverOrgs(
    const std::vector<std::string>& roots,
    const std::vector<std::pair<std::string, std::string>>& explicit_orgs, const OrgConfig& config,
    const std::vector<std::string>& exclude = {}, Diagnostics* diag = nullptr);

// Checks an input path before anything opens it: ok for an existing regular
// file or (when folder_ok) folder, symbolic links followed; otherwise an
// error naming the path and what it is (missing, a folder, a FIFO, a socket,
// a device). A FIFO is never opened: reading one would wait for a writer.
Status CheckInputPath(const std::string& path, bool folder_ok = true);

// What ListLogFiles found below one root.
struct LogListing {
  std::vector<std::string> files;  // regular files, sorted
  // (path, what is wrong) for what was not read and should have been looked
  // at: folders that cannot be listed, symbolic links back to a folder
  // already listed (loops), FIFOs, sockets and devices (never opened),
  // dangling links. Each belongs in Diagnostics::FileProblem.
  std::vector<std::pair<std::string, std::string>> problems;
  // (folder, why) for folders holding an earlier hunt's outputs
  // (IsOutputSet): not logs, left out; each belongs in Diagnostics::Note.
  std::vector<std::pair<std::string, std::string>> notes;
};

// Every regular file below root (or root itself if it is a file). Symbolic
// links to folders are followed; a folder is listed once however many links
// reach it, so loops end. Hidden files and folders, `incidents/` folders and
// the folders of `exclude` (the --out folder) are not logs and are left out
// silently; everything else not read is in `problems`.
LogListing ListLogFiles(const std::string& root, const std::vector<std::string>& exclude = {});

}  // namespace dragnet
