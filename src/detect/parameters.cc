#include "detect/parameters.h"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "detect/detector.h"

namespace dragnet {

std::string ParamValue(const ParamBinding& b) {
  return std::visit([](auto* p) { return fmt::format("{}", *p); }, b.target);
}

Status SetParam(const ParamBinding& b, std::string_view text) {
  std::string s(text);
  auto bad = [&] { return Status::Error(fmt::format("parameter {}: not a valid value: '{}'", b.name, s)); };
  if (s.empty()) return bad();
  if (auto* d = std::get_if<double*>(&b.target)) {
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !(v == v)) return bad();
    **d = v;
    return Status::Ok();
  }
  long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) return bad();
  std::visit(
      [&](auto* p) {
        if constexpr (!std::is_same_v<std::remove_pointer_t<decltype(p)>, double>)
          *p = static_cast<std::remove_pointer_t<decltype(p)>>(v);
      },
      b.target);
  return Status::Ok();
}

std::vector<DetectorParameter> Describe(const std::vector<ParamBinding>& bindings) {
  std::vector<DetectorParameter> out;
  for (const ParamBinding& b : bindings) out.push_back({b.name, ParamValue(b), b.help});
  return out;
}

Status ApplyOverrides(const std::string& detector, const std::vector<ParamBinding>& bindings,
                      const std::vector<std::pair<std::string, std::string>>& overrides) {
  for (const auto& [key, value] : overrides) {
    if (!key.starts_with(detector + ".")) continue;
    std::string name = key.substr(detector.size() + 1);
    bool found = false;
    for (const ParamBinding& b : bindings) {
      if (b.name != name) continue;
      found = true;
      if (!SetParam(b, value).ok())
        return Status::Error(fmt::format("parameter {}: not a valid value: '{}'", key, value));
    }
    if (!found) return Status::Error(fmt::format("unknown parameter '{}' (dragnet detectors lists them)", key));
  }
  return Status::Ok();
}

}  // namespace dragnet
