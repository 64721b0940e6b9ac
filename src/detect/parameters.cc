#include "detect/parameters.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "detect/detector.h"

namespace dragnet {

std::string ParamValue(const ParamBinding& b) {
  return std::visit([](auto* p) { return fmt::format("{}", *p); }, b.target);
}

NumberRange AcceptedRange(const ParamBinding& b) {
  return std::visit(
      [&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, double>) return b.range;
        else  // the type's limit, and no further than doubles count exactly (2^53)
          return b.range.CappedAt(std::min(static_cast<double>(std::numeric_limits<T>::max()), 0x1p53));
      },
      b.target);
}

Status SetParam(const ParamBinding& b, std::string_view text) {
  NumberRange range = AcceptedRange(b);
  bool integer_field = !std::holds_alternative<double*>(b.target);
  if (integer_field && !range.whole())  // a declaration error, caught by the unit tests
    return Status::Error(fmt::format("parameter {} is an integer but declares a real range", b.name));
  std::string problem = CheckNumber(text, range);
  if (!problem.empty()) return Status::Error(problem);
  double v = *ParseNumber(text, range.whole());
  std::visit([&](auto* p) { *p = static_cast<std::remove_pointer_t<decltype(p)>>(v); }, b.target);
  return Status::Ok();
}

std::string RangeText(const ParamBinding& b) {
  return AcceptedRange(b).Text() + (b.above.empty() ? "" : " and > " + b.above);
}

std::vector<DetectorParameter> Describe(const std::vector<ParamBinding>& bindings) {
  std::vector<DetectorParameter> out;
  for (const ParamBinding& b : bindings) out.push_back({b.name, ParamValue(b), b.help, RangeText(b)});
  return out;
}

namespace {

double NumericValue(const ParamBinding& b) {
  return std::visit([](auto* p) { return static_cast<double>(*p); }, b.target);
}

// Every binding with `above` set exceeds the one it names.
Status CheckOrder(const std::string& detector, const std::vector<ParamBinding>& bindings) {
  for (const ParamBinding& b : bindings) {
    if (b.above.empty()) continue;
    auto low = std::find_if(bindings.begin(), bindings.end(), [&](const ParamBinding& x) { return x.name == b.above; });
    if (low == bindings.end())  // a declaration error, caught by the unit tests
      return Status::Error(fmt::format("parameter {}.{} names no parameter {}", detector, b.name, b.above));
    if (!(NumericValue(b) > NumericValue(*low)))
      return Status::Error(fmt::format("parameter {0}.{1} = {2} must be above {0}.{3} = {4}", detector, b.name,
                                       ParamValue(b), b.above, ParamValue(*low)));
  }
  return Status::Ok();
}

}  // namespace

Status ApplyOverrides(const std::string& detector, const std::vector<ParamBinding>& bindings,
                      const std::vector<std::pair<std::string, std::string>>& overrides) {
  for (const auto& [key, value] : overrides) {
    if (!key.starts_with(detector + ".")) continue;
    std::string name = key.substr(detector.size() + 1);
    auto b = std::find_if(bindings.begin(), bindings.end(), [&](const ParamBinding& x) { return x.name == name; });
    if (b == bindings.end())
      return Status::Error(fmt::format("unknown parameter '{}' (dragnet detectors lists them)", key));
    Status s = SetParam(*b, value);
    if (!s.ok()) return Status::Error(fmt::format("parameter {}: {}", key, s.message()));
  }
  return CheckOrder(detector, bindings);
}

}  // namespace dragnet
