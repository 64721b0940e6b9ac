// ZeekLogWriter: writes logs the way Zeek's ASCII writer does, TSV (header
// directives, \x escapes, (empty)/- markers, #close) or JSON lines (dotted
// keys), plain or gzip (isa-l, fast enough that generating a gigabyte is
// bounded by formatting, not compression). Used by generators of test and
// benchmark data.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/timestamp.h"

namespace dragnet {

enum class ZeekType { kTime, kString, kAddr, kPort, kCount, kInterval, kEnum, kBool, kDouble,
                      kSetString, kVectorString, kVectorInterval };

struct ZeekColumn {
  std::string name;
  ZeekType type;
};

class ZeekLogWriter {
 public:
  enum class Format { kTsv, kJson };
  ZeekLogWriter(std::string path, std::string log_path, std::vector<ZeekColumn> columns, Format format,
                bool gzip, Timestamp open_time);
  ~ZeekLogWriter();
  ZeekLogWriter(const ZeekLogWriter&) = delete;
  ZeekLogWriter& operator=(const ZeekLogWriter&) = delete;

  Status status() const { return status_; }

  // One record, one value per column, as text; nullptr-free API: use Unset()
  // for '-' and an empty vector for (empty) sets.
  struct Field {
    std::string_view text;               // scalars
    const std::vector<std::string>* elems = nullptr;  // sets/vectors
    bool unset = false;
  };
  static Field Unset() { return Field{{}, nullptr, true}; }
  void Write(const std::vector<Field>& fields);
  // One record as one string per column: kUnset for '-', and for sets and
  // vectors the elements joined by kElementSeparator ("" is an empty set).
  static constexpr char kUnset[] = "\x1f";
  static constexpr char kElementSeparator = '\x1e';
  void WriteRow(const std::string* values);
  size_t columns() const { return columns_.size(); }
  // Writes #close (TSV) and flushes. Called by the destructor if not before.
  Status Close(Timestamp close_time);
  uint64_t bytes_written() const { return raw_bytes_; }

 private:
  void Emit(std::string_view s);
  void Flush(bool final_flush);
  static void AppendTsvEscaped(std::string& out, std::string_view s, bool in_set);

  std::string path_;
  std::vector<ZeekColumn> columns_;
  Format format_;
  bool gzip_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  std::string line_;
  std::vector<Field> row_fields_;
  std::vector<std::vector<std::string>> row_elems_;
  uint64_t raw_bytes_ = 0;
  bool closed_ = false;
  Status status_;
  struct Deflater;
  std::unique_ptr<Deflater> deflater_;
};

}  // namespace dragnet
