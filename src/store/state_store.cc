#include "store/state_store.h"

#include <tuple>

namespace dragnet {

const char* FindingStatusName(FindingStatus s) {
  switch (s) {
    case FindingStatus::kActive: return "active";
    case FindingStatus::kResolved: return "resolved";
    case FindingStatus::kSuppressed: return "suppressed";
    default: return "new";
  }
}

std::optional<FindingStatus> FindingStatusFromName(std::string_view name) {
  for (FindingStatus s : {FindingStatus::kNew, FindingStatus::kActive, FindingStatus::kResolved,
                          FindingStatus::kSuppressed})
    if (name == FindingStatusName(s)) return s;
  return std::nullopt;
}

bool SuppressionScope::operator<(const SuppressionScope& o) const {
  return std::tie(org, host, detector, indicator) < std::tie(o.org, o.host, o.detector, o.indicator);
}

}  // namespace dragnet
