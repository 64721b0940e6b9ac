// Shared body of the log-reader fuzz targets: any bytes, read as a log, must
// account for every data line (record, malformed or incomplete) and never crash.
#pragma once

#include <cstdlib>
#include <string>

#include "ingest/zeek_reader.h"

namespace dragnet {

class NullVisitor : public RecordVisitor {
 public:
  void OnRecord(const Record& r) override {
    // Touch every field like a detector would.
    for (size_t i = 0; i < r.schema().fields().size(); ++i) {
      int idx = static_cast<int>(i);
      r.ForEach(idx, [&](std::string_view v) { sink += v.size(); });
      (void)r.GetIp(idx);
      (void)r.GetTime(idx);
    }
  }
  size_t sink = 0;
};

inline int FuzzRead(const std::string& prefix, const uint8_t* data, size_t size) {
  std::string bytes = prefix;
  bytes.append(reinterpret_cast<const char*>(data), size);
  NullVisitor v;
  Diagnostics d(false);
  auto src = ByteSource::FromMemory(std::move(bytes));
  FileReadStats s = ReadZeekLog(*src, "fuzz.log", "conn", v, d, 4096);
  if (s.records + s.malformed + s.incomplete != s.data_lines && !s.skipped) std::abort();
  return 0;
}

}  // namespace dragnet
