#include "detect/beacon/fleet_routine.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "intel/public_suffix.h"

namespace dragnet::beacon {

std::vector<std::string> ServiceKeys(const std::string& name, const Ip* address, std::string_view user_agent) {
  std::vector<std::string> keys;
  if (!name.empty()) {
    std::string lower = AsciiLower(name);
    std::string_view reg = RegisteredDomain(lower);
    keys.push_back("domain:" + std::string(reg.empty() ? std::string_view(lower) : reg));
  }
  if (address) keys.push_back("ip:" + address->ToString());
  if (!user_agent.empty() && !user_agent.starts_with("Mozilla/")) keys.push_back("ua:" + std::string(user_agent));
  return keys;
}

void FleetRoutine::Add(uint32_t org, const Ip& host, const std::vector<std::string>& services, double period_s) {
  for (const std::string& s : services) series_[{org, s}].emplace_back(period_s, host);
}

uint32_t FleetRoutine::Peers(uint32_t org, const Ip& host, const std::vector<std::string>& services,
                             double period_s, double tolerance) const {
  if (period_s <= 0) return 0;
  std::set<Ip> peers;
  double low = period_s / (1 + tolerance), high = period_s * (1 + tolerance);
  for (const std::string& s : services) {
    auto it = series_.find({org, s});
    if (it == series_.end()) continue;
    for (const auto& [period, other] : it->second)
      if (other != host && period >= low && period <= high) peers.insert(other);
  }
  return static_cast<uint32_t>(peers.size());
}

bool IsFleet(uint32_t hosts, uint32_t org_size, const FleetRoutineParams& p) {
  return hosts >= p.min_hosts && hosts >= p.share * org_size;
}

}  // namespace dragnet::beacon
