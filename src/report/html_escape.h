// Text into HTML: the report's one escaping rule.
#pragma once

#include <string>
#include <string_view>

namespace dragnet {

// `s` with &, <, > and " as entities: safe in element text and quoted attributes.
inline std::string HtmlEscape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

}  // namespace dragnet
