// Organisations, the unit of tenancy. `dragnet hunt ROOT...` makes each
// sub-folder of each ROOT one organisation named after the folder; a ROOT that
// holds log files itself (or only dated archive folders) is one organisation.
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

struct OrgSource {
  std::string name;
  std::vector<std::string> roots;   // folders (or single files) holding its logs
  std::vector<Cidr> home_networks;  // empty: Zeek's local_* flags, then RFC 1918/ULA
  std::vector<std::string> allow;   // destinations behavioural detectors never report (names, addresses, networks)
  std::vector<Cidr> admins;         // hosts that administer others by job (IT, scanner, backup)
};

// Contents of a --config file.
struct OrgConfig {
  struct Entry {
    std::vector<std::string> paths;
    std::vector<Cidr> home_networks;
    std::vector<std::string> allow;
    std::vector<Cidr> admins;
  };
  std::map<std::string, Entry> orgs;
};
Result<OrgConfig> ParseOrgConfig(const std::string& path, std::string_view content);

// Builds the org list from ROOTs, explicit NAME=PATH pairs and the config.
// Fails (a usage error) on duplicate names or missing paths.
Result<std::vector<OrgSource>> DiscoverOrgs(
    const std::vector<std::string>& roots,
    const std::vector<std::pair<std::string, std::string>>& explicit_orgs, const OrgConfig& config);

// Every regular file below root (or root itself if it is a file), sorted.
// Hidden files and folders and `incidents/` folders are not logs and are left out.
std::vector<std::string> ListLogFiles(const std::string& root);

}  // namespace dragnet
