// Helpers of tests that write Zeek TSV logs in code and hunt them: the logs and
// a hunt of one organisation with chosen detectors.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "detect/finding.h"
#include "test_util.h"

namespace dragnet::testing {

// A Zeek TSV log: `fields` (name, type) then `rows`, "-" for unset.
std::string TsvLog(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields,
                   const std::vector<std::vector<std::string>>& rows);

// Hunts the logs under `root` as one organisation "acme" (home networks
// `home`, e.g. "10.0.0.0/8"; empty: Zeek flags then private ranges) with
// `detectors`, returning the findings.
std::vector<Finding> HuntOrg(const std::string& root, const std::vector<std::string>& detectors,
                             const std::string& home = "",
                             const std::vector<std::pair<std::string, std::string>>& params = {}, int threads = 2);

// The findings of one host (by address text) and detector.
std::vector<const Finding*> Of(const std::vector<Finding>& findings, const std::string& host,
                               const std::string& detector);

}  // namespace dragnet::testing
