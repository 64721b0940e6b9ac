// Zeek's notice.log as evidence (issue 15, items 3 and 5): what the scan and
// brute_force detectors keep of the notices they read -- per note type the
// notice with the largest count, quoted -- and how a count is read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/json_writer.h"

namespace dragnet {

// The count a notice reports: its `n` when set, else the first all-digit word
// of its `msg` ("... scanned at least 25 unique hosts ...", "... (seen in 30
// connections)"); 0 when neither says.
uint64_t NoticeCount(std::optional<uint64_t> n, std::string_view msg);

// One notice type of one source: how many notices, and the one with the
// largest count kept (ties: the earliest, then the message), quoted as evidence.
struct NoticeKind {
  uint64_t notices = 0;
  uint64_t count = 0;  // the largest NoticeCount
  int64_t ts = 0;      // of the kept notice
  std::string msg, sub;
  uint16_t port = 0;  // its `p`, 0 when unset
  // Whether a notice (count, ts, msg) is to be kept rather than this one.
  bool Better(uint64_t c, int64_t t, std::string_view m) const;
  // Folds another worker's kind of the same note in.
  void Merge(const NoticeKind& other);
};
using NoticeKinds = std::map<std::string, NoticeKind>;  // by note

// The evidence array `zeek_notices`: per note its note, notices, count, msg,
// sub and port (when set).
void WriteNotices(JsonWriter& w, const NoticeKinds& kinds);
// "Zeek notice NOTE 'MSG' (SUB), N notices" per note, joined by "; ".
std::string NoticesText(const NoticeKinds& kinds);

}  // namespace dragnet
