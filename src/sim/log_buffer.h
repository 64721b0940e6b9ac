// The simulator's logs: the Zeek 6 schema of each of the thirteen log types it
// writes, and an hour's buffer of records (sorted by time before writing, as
// Zeek's own logs are). Strings are reused from hour to hour, so memory does
// not grow with the hours simulated.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/zeek_log_writer.h"

namespace dragnet::sim {

enum Log { kConn, kDns, kHttp, kSsl, kX509, kFiles, kSmbFiles, kSmbMapping, kDceRpc, kKerberos,
           kNtlm, kRdp, kSsh, kLogCount };
const char* LogName(Log log);
const std::vector<ZeekColumn>& LogColumns(Log log);
// Index of a column by name (for tests and generic code; builders use fixed positions).
int ColumnIndex(Log log, std::string_view name);

class LogBuffer {
 public:
  LogBuffer();
  // A new record; returns its column values, all preset to "unset".
  std::string* Add(Log log, int64_t ts_us);
  // Hands every record to write(log, values) in time order, then empties.
  template <typename F>
  void Flush(F&& write) {
    for (int l = 0; l < kLogCount; ++l) {
      auto& recs = recs_[l];
      std::sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) {
        return a.ts != b.ts ? a.ts < b.ts : a.seq < b.seq;
      });
      for (const Rec& r : recs) write(static_cast<Log>(l), &arena_[l][r.first]);
      recs.clear();
      used_[l] = 0;
    }
  }
  size_t size() const {
    size_t n = 0;
    for (const auto& r : recs_) n += r.size();
    return n;
  }

 private:
  struct Rec {
    int64_t ts;
    uint32_t seq;
    uint32_t first;
  };
  std::array<std::vector<Rec>, kLogCount> recs_;
  std::array<std::vector<std::string>, kLogCount> arena_;
  std::array<size_t, kLogCount> used_{};
  uint32_t seq_ = 0;
};

}  // namespace dragnet::sim
