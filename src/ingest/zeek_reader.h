// Reading one Zeek log file, TSV or JSON lines, plain, gzip or zstd. The format
// is sniffed from content; a file that is neither is reported and skipped.
// Records stream to a visitor one at a time: memory does not grow with the file.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "ingest/byte_source.h"
#include "ingest/diagnostics.h"
#include "ingest/line_reader.h"
#include "ingest/record.h"

namespace dragnet {

enum class LogFormat { kUnknown, kZeekTsv, kZeekJson };
const char* LogFormatName(LogFormat f);

class RecordVisitor {
 public:
  virtual ~RecordVisitor() = default;
  virtual void OnRecord(const Record& record) = 0;
  // Projection: whether the visitor reads this field of this log type. Fields
  // no one wants are not split out or unescaped (they read as unset), which
  // is most of the cost of wide logs. "ts" and "_path" are always read.
  virtual bool WantsField(std::string_view /*log_path*/, std::string_view /*field*/) const { return true; }
};

struct FileReadStats {
  LogFormat format = LogFormat::kUnknown;
  Compression compression = Compression::kNone;
  std::string log_path;       // Zeek's #path / _path, else from the file name
  uint64_t lines = 0;         // all lines, headers included
  uint64_t data_lines = 0;    // non-empty lines that are not '#' headers:
                              // records + malformed + incomplete
  uint64_t records = 0;       // data lines turned into records
  uint64_t malformed = 0;     // data lines reported as malformed
  uint64_t incomplete = 0;    // an unfinished last line (no newline): not read, not malformed
  uint64_t bytes = 0;         // decompressed bytes
  uint64_t file_bytes = 0;    // bytes of the file on disk
  bool closed = false;        // TSV: saw '#close'
  bool skipped = false;       // not a Zeek log (or unreadable): nothing read
  Status status;              // file-level problem (truncated gzip...)
};

// Reads `display_name`'s bytes from `source`. Problems go to `diag` under
// display_name. `default_path` names the log type when the file does not
// (JSON without _path): usually derived from the file name.
// `file_bytes_done`, when given, grows by the file bytes consumed as reading
// goes (for progress display), not only at the end.
FileReadStats ReadZeekLog(ByteSource& source, const std::string& display_name,
                          const std::string& default_path, RecordVisitor& visitor,
                          Diagnostics& diag, size_t max_line = LineReader::kDefaultMaxLine,
                          std::atomic<uint64_t>* file_bytes_done = nullptr);

// Opens and reads a file; the log type default comes from its name.
FileReadStats ReadZeekLogFile(const std::string& path, RecordVisitor& visitor, Diagnostics& diag,
                              size_t max_line = LineReader::kDefaultMaxLine,
                              std::atomic<uint64_t>* file_bytes_done = nullptr);

// Whether records of this log type have no `ts` (Zeek's loaded_scripts). In
// every other log a line without a valid ts is malformed, not a 1970 record.
bool LogHasNoTs(std::string_view log_path);

// "conn.16:00:00-17:00:00.log.gz" -> "conn"; "dns.log.labeled" -> "dns".
std::string LogPathFromFileName(const std::string& file_name);

// Internal: one parser per format, fed line by line by ReadZeekLog.
class LineParser {
 public:
  virtual ~LineParser() = default;
  enum class Result { kRecord, kHeader, kMalformed, kIncomplete };
  // kRecord: the visitor was called; kMalformed: reported to diag. A line
  // that is `unterminated` (the file's last, without its newline: being
  // written, or cut) is read only when it looks whole (JSON: a complete
  // object; TSV: all the header's fields); else it is kIncomplete and not
  // reported here (the caller reports it).
  virtual Result Parse(std::string_view line, uint64_t line_number, bool unterminated) = 0;
  virtual const std::string& log_path() const = 0;
  virtual bool closed() const { return false; }
};
std::unique_ptr<LineParser> MakeTsvParser(const std::string& display_name,
                                          const std::string& default_path, RecordVisitor& visitor,
                                          Diagnostics& diag);
std::unique_ptr<LineParser> MakeJsonParser(const std::string& display_name,
                                           const std::string& default_path,
                                           RecordVisitor& visitor, Diagnostics& diag);

// Zeek's ASCII escapes: "\xNN" -> byte and, in TSV only, "\\" -> '\' (the
// JSON writer escapes backslashes the JSON way, so after JSON decoding only
// \xNN remains). Appends to out; returns the view of what it appended.
std::string_view UnescapeZeek(std::string_view in, std::string& out, bool backslash_escapes = true);

}  // namespace dragnet
