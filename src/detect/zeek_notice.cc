#include "detect/zeek_notice.h"

#include <algorithm>

#include <fmt/format.h>

namespace dragnet {

uint64_t NoticeCount(std::optional<uint64_t> n, std::string_view msg) {
  if (n) return *n;
  size_t i = 0;
  while (i < msg.size()) {
    size_t end = std::min(msg.find(' ', i), msg.size());
    std::string_view word = msg.substr(i, end - i);
    if (!word.empty() && word.size() < 10 &&
        std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::stoull(std::string(word));
    i = end + 1;
  }
  return 0;
}

bool NoticeKind::Better(uint64_t c, int64_t t, std::string_view m) const {
  if (notices == 0) return true;
  if (c != count) return c > count;
  if (t != ts) return t < ts;
  return m < msg;
}

void NoticeKind::Merge(const NoticeKind& other) {
  uint64_t total = notices + other.notices;
  if (other.notices && Better(other.count, other.ts, other.msg)) *this = other;
  notices = total;
}

void WriteNotices(JsonWriter& w, const NoticeKinds& kinds) {
  w.Key("zeek_notices").BeginArray();
  for (const auto& [note, k] : kinds) {
    w.BeginObject().Key("note").String(note).Key("notices").Uint(k.notices).Key("count").Uint(k.count);
    w.Key("msg").String(k.msg);
    if (!k.sub.empty()) w.Key("sub").String(k.sub);
    if (k.port) w.Key("port").Uint(k.port);
    w.EndObject();
  }
  w.EndArray();
}

std::string NoticesText(const NoticeKinds& kinds) {
  std::string out;
  for (const auto& [note, k] : kinds)
    out += fmt::format("{}Zeek notice {} '{}'{}{}", out.empty() ? "" : "; ", note, k.msg,
                       k.sub.empty() ? "" : " (" + k.sub + ")",
                       k.notices > 1 ? fmt::format(", {} notices", k.notices) : "");
  return out;
}

}  // namespace dragnet
