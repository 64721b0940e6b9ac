#include "ingest/zeek_reader.h"

#include <sys/stat.h>

#include <algorithm>

#include "ingest/read_ahead.h"

namespace dragnet {

const char* LogFormatName(LogFormat f) {
  switch (f) {
    case LogFormat::kZeekTsv: return "zeek-tsv";
    case LogFormat::kZeekJson: return "zeek-json";
    default: return "unknown";
  }
}

std::string LogPathFromFileName(const std::string& file_name) {
  size_t slash = file_name.find_last_of('/');
  std::string base = slash == std::string::npos ? file_name : file_name.substr(slash + 1);
  size_t dot = base.find('.');
  return dot == std::string::npos ? base : base.substr(0, dot);
}

std::string_view UnescapeZeek(std::string_view in, std::string& out, bool backslash_escapes) {
  size_t start = out.size();
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {
      if (in[i + 1] == 'x' && i + 3 < in.size() && hex(in[i + 2]) >= 0 && hex(in[i + 3]) >= 0) {
        out.push_back(static_cast<char>(hex(in[i + 2]) * 16 + hex(in[i + 3])));
        i += 3;
        continue;
      }
      if (backslash_escapes && in[i + 1] == '\\') {
        out.push_back('\\');
        ++i;
        continue;
      }
    }
    out.push_back(c);
  }
  return std::string_view(out.data() + start, out.size() - start);
}

namespace {

// Sniffs the format from the first non-empty line.
LogFormat Sniff(std::string_view first_line) {
  size_t i = 0;
  // A UTF-8 byte order mark is tolerated.
  if (first_line.starts_with("\xEF\xBB\xBF")) i = 3;
  while (i < first_line.size() && (first_line[i] == ' ' || first_line[i] == '\t')) ++i;
  std::string_view s = first_line.substr(i);
  if (s.starts_with("#separator") || s.starts_with("#fields")) return LogFormat::kZeekTsv;
  if (s.starts_with("{")) return LogFormat::kZeekJson;
  // Headerless TSV (a log cut at the top): tab-separated, starting with a time.
  size_t tab = s.find('\t');
  if (tab != std::string_view::npos && std::count(s.begin(), s.end(), '\t') >= 4 &&
      Timestamp::ParseSeconds(s.substr(0, tab)))
    return LogFormat::kZeekTsv;
  return LogFormat::kUnknown;
}

// One file's read: lines from a LineReader to a LineParser, with the counts,
// the reports and the damage check of compressed streams.
class LogReading {
 public:
  LogReading(ByteSource& source, const std::string& name, const std::string& default_path,
             RecordVisitor& visitor, Diagnostics& diag, size_t max_line,
             std::atomic<uint64_t>* file_bytes_done)
      : source_(source), name_(name), default_path_(default_path), visitor_(visitor),
        diag_(diag), max_line_(max_line), file_bytes_done_(file_bytes_done),
        lines_(source, max_line) {
    stats_.compression = source.compression();
  }

  FileReadStats Run() {
    std::string_view line;
    for (;;) {
      LineReader::Event ev = lines_.Next(line);
      if (ev == LineReader::Event::kEnd) break;
      ++stats_.lines;
      bool go_on = ev == LineReader::Event::kTooLong ? TooLong() : OneLine(line);
      if (!go_on) break;
    }
    return Finish();
  }

 private:
  // A line longer than max_line, already skipped: malformed. Before the
  // format is known it is held (the format comes from the first line that
  // fits) and reported once it is; a file of nothing but such lines is not
  // a log. False to stop reading.
  bool TooLong() {
    if (!parser_) {
      held_.push_back({lines_.line_number(), lines_.skipped_bytes()});
      if (held_.size() <= kMaxHeldTooLong) return true;
      stats_.skipped = too_long_only_ = true;  // no line that fits near the top
      return false;
    }
    ReportTooLong(lines_.line_number(), lines_.skipped_bytes());
    return !Damaged();
  }

  // Counts and reports line `line`, `bytes` long, as too long.
  void ReportTooLong(uint64_t line, uint64_t bytes) {
    ++stats_.data_lines;
    ++stats_.malformed;
    diag_.Malformed(name_, line,
                    "line too long: " + std::to_string(bytes) + " bytes, longer than " +
                        std::to_string(max_line_) + " bytes");
  }

  // One line, parsed. False to stop reading.
  bool OneLine(std::string_view line) {
    if (line.empty()) return true;
    if (!parser_ && !StartParser(line)) return false;
    if ((stats_.lines & 0xffff) == 0) ReportProgress();
    bool unterminated = lines_.last_line_unterminated();
    switch (parser_->Parse(line, lines_.line_number(), unterminated)) {
      case LineParser::Result::kHeader:
        return true;
      case LineParser::Result::kRecord:
        ++stats_.data_lines;
        ++stats_.records;
        return true;
      case LineParser::Result::kIncomplete:
        ++stats_.data_lines;
        ++stats_.incomplete;
        diag_.Incomplete(name_, lines_.line_number(),
                         "unfinished last line (" + std::to_string(line.size()) +
                             " bytes, no newline at the end of the file): not read");
        return true;
      case LineParser::Result::kMalformed:
        ++stats_.data_lines;
        ++stats_.malformed;
        return !Damaged();
    }
    return true;
  }

  // Sniffs the format from the first non-empty line. False: not a log.
  bool StartParser(std::string_view line) {
    stats_.format = Sniff(line);
    if (stats_.format == LogFormat::kZeekTsv) {
      parser_ = MakeTsvParser(name_, default_path_, visitor_, diag_);
    } else if (stats_.format == LogFormat::kZeekJson) {
      parser_ = MakeJsonParser(name_, default_path_, visitor_, diag_);
    } else {
      stats_.skipped = true;
      return false;
    }
    for (const HeldLine& h : held_) ReportTooLong(h.line, h.bytes);
    held_.clear();
    return true;
  }

  // Called at the first bad line of a compressed stream (counted and
  // reported already): decodes the whole
  // stream again, apart, to see whether it is corrupt. If it is, the bad line
  // is taken as where the damage shows: reading stops before it (nothing
  // decoded after damage is read: gzip checks a member only at its end, and
  // the decoder goes on producing plausible lines and invented addresses
  // until then). A stream found sound is not checked again.
  bool Damaged() {
    if (checked_ || source_.compression() == Compression::kNone) return false;
    checked_ = true;
    std::unique_ptr<ByteSource> again = source_.Reopen();
    if (!again) return false;
    std::vector<char> scratch(1 << 20);
    while (again->Read(scratch.data(), scratch.size()) > 0) {
    }
    if (!again->corrupt()) return false;
    Damage(again->status(), lines_.line_number(), lines_.line_offset());
    return true;
  }

  void ReportProgress() {
    if (!file_bytes_done_) return;
    uint64_t now = source_.file_bytes_read();
    if (now > reported_) file_bytes_done_->fetch_add(now - reported_, std::memory_order_relaxed);
    reported_ = now;
  }

  FileReadStats Finish() {
    if (!parser_ && !held_.empty()) stats_.skipped = too_long_only_ = true;
    stats_.bytes = lines_.bytes();
    stats_.file_bytes = source_.file_bytes_read();
    ReportProgress();
    if (stats_.skipped) {
      diag_.FileProblem(name_, SkipReason());
      return stats_;
    }
    if (stats_.lines == 0 && !source_.corrupt()) {
      stats_.skipped = true;
      diag_.FileProblem(name_, "empty file: skipped");
      return stats_;
    }
    if (parser_) {
      stats_.log_path = parser_->log_path();
      stats_.closed = parser_->closed();
    }
    if (damage_.empty() && source_.corrupt()) {
      // The decoder saw the damage before any bad line did.
      uint64_t line = lines_.line_number() + (lines_.last_line_unterminated() ? 0 : 1);
      Damage(source_.status(), line, lines_.bytes());
    }
    if (!damage_.empty()) {
      diag_.FileProblem(name_, damage_);
    } else if (!source_.status().ok()) {
      stats_.status = source_.status();
      diag_.FileProblem(name_, source_.status().message() + " after " + std::to_string(stats_.lines) +
                                   " lines; records before it kept");
    }
    return stats_;
  }

  // Why a skipped file was not read.
  std::string SkipReason() const {
    if (lines_.bytes() == 0 && stats_.lines == 0) return "empty file: skipped";
    std::string why = "not a Zeek log (neither TSV with #separator/#fields header nor JSON lines)";
    if (too_long_only_)
      why += ": its first " + std::to_string(held_.size()) + " non-empty line(s) are all longer than " +
             std::to_string(max_line_) + " bytes";
    return why + ": skipped";
  }

  // Records where a corrupt stream's damage shows: line `line`, at
  // decompressed byte `offset`; what precedes it was read.
  void Damage(const Status& status, uint64_t line, uint64_t offset) {
    stats_.status = status;
    std::string kept = line > 1 ? "lines 1-" + std::to_string(line - 1) + " kept" : "no line kept";
    damage_ = status.message() + ": the damage shows at line " + std::to_string(line) +
              " (decompressed byte " + std::to_string(offset) + "); " + kept +
              ", nothing from there on read";
  }

  ByteSource& source_;
  const std::string& name_;
  const std::string& default_path_;
  RecordVisitor& visitor_;
  Diagnostics& diag_;
  size_t max_line_;
  std::atomic<uint64_t>* file_bytes_done_;
  uint64_t reported_ = 0;  // file bytes already added to *file_bytes_done_
  LineReader lines_;
  std::unique_ptr<LineParser> parser_;
  // Over-long lines met before the format was known, to report once it is.
  struct HeldLine {
    uint64_t line;
    uint64_t bytes;
  };
  static constexpr size_t kMaxHeldTooLong = 16;
  std::vector<HeldLine> held_;
  bool too_long_only_ = false;  // skipped: no line that fits came before the end or the cap
  FileReadStats stats_;
  bool checked_ = false;  // the stream was decoded again for the damage check
  std::string damage_;    // set when that check found it corrupt
};

}  // namespace

FileReadStats ReadZeekLog(ByteSource& source, const std::string& display_name,
                          const std::string& default_path, RecordVisitor& visitor,
                          Diagnostics& diag, size_t max_line, std::atomic<uint64_t>* file_bytes_done) {
  return LogReading(source, display_name, default_path, visitor, diag, max_line, file_bytes_done).Run();
}

bool LogHasNoTs(std::string_view log_path) {
  // Zeek's only standard log without a time: the scripts loaded at start-up.
  return log_path == "loaded_scripts";
}

FileReadStats ReadZeekLogFile(const std::string& path, RecordVisitor& visitor, Diagnostics& diag,
                              size_t max_line, std::atomic<uint64_t>* file_bytes_done) {
  auto source = ByteSource::Open(path);
  if (!source.ok()) {
    FileReadStats stats;
    stats.skipped = true;
    stats.status = source.status();
    diag.FileProblem(path, source.status().message());
    return stats;
  }
  std::unique_ptr<ByteSource> input = ReadAhead(std::move(*source));
  return ReadZeekLog(*input, path, LogPathFromFileName(path), visitor, diag, max_line, file_bytes_done);
}

}  // namespace dragnet
