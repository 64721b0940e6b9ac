// Small text helpers shared by the loaders (feeds, warninglists, configs).
// ASCII only: the inputs are identifiers, addresses and names, and the locale
// must not change how they compare.
#pragma once

#include <algorithm>
#include <cctype>

#include <string>
#include <string_view>
#include <vector>

namespace dragnet {

// Without leading and trailing spaces, tabs and carriage returns.
inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Calls f(line) for each line of `content`, without the '\n'.
template <typename F>
void ForEachLine(std::string_view content, F&& f) {
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    f(line);
  }
}

// All pieces between separators (an empty input gives one empty piece).
inline std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? p : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// The extension of a path's last component ("Finance\\report.docx.lockbit"
// -> "lockbit"), lower-case; empty when there is none or it is over 16 chars.
inline std::string FileExtension(std::string_view name) {
  size_t slash = name.find_last_of("\\/");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= name.size() || name.size() - dot - 1 > 16) return "";
  return AsciiLower(name.substr(dot + 1));
}

// Whether every character is a hex digit (and there is one).
inline bool IsHexString(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// Whether text is shaped like a DNS name as detectors write them: letters,
// digits, '-', '_', '.', at least one inner dot. (Whether its TLD exists is
// intel/public_suffix.h's HasPublicTld.)
inline bool LooksLikeDnsName(std::string_view s) {
  if (s.size() < 4 || s.find('.') == std::string_view::npos || s.front() == '.' || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
  });
}

}  // namespace dragnet
