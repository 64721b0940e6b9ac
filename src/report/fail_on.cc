#include "report/fail_on.h"

#include <fmt/format.h>

namespace dragnet {

std::optional<std::string> FailOnMessage(const std::vector<Finding>& findings, Severity threshold) {
  const Finding* first = nullptr;
  size_t first_line = 0, count = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (findings[i].severity < threshold || findings[i].status == "suppressed") continue;
    if (count++ == 0) {
      first = &findings[i];
      first_line = i + 1;
    }
  }
  if (count == 0) return std::nullopt;
  return fmt::format(
      "--fail-on {}: {} finding{} at or above it; the first (findings.jsonl line {}): {} {} org {} host {}: {}",
      SeverityName(threshold), count, count == 1 ? "" : "s", first_line, SeverityName(first->severity),
      first->detector, first->org, first->host.ToString(), first->summary);
}

}  // namespace dragnet
