// The simulator's ground truth (truth.json) and seed intel (a STIX 2.1
// bundle of the one actor cluster the defenders already know).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "sim/activity.h"
#include "sim/world.h"

namespace dragnet::sim {

Status WriteTruth(const World& world, const std::vector<OrgState>& states, const std::string& out_dir);
Status WriteSeedIntel(const World& world, const std::string& out_dir);
// ATT&CK techniques of a compromised host's role.
std::vector<std::string> AttackOfRole(const std::string& role, const std::string& cluster_kind);

}  // namespace dragnet::sim
