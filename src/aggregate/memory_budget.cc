#include "aggregate/memory_budget.h"

#include <unistd.h>

#include <algorithm>

namespace dragnet {

uint64_t DefaultStateCapBytes() {
  constexpr uint64_t kGiB = uint64_t{1} << 30;
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return kGiB;
  uint64_t physical = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page);
  return std::clamp(physical / 4, kGiB, 16 * kGiB);
}

}  // namespace dragnet
