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

}  // namespace

FileReadStats ReadZeekLog(ByteSource& source, const std::string& display_name,
                          const std::string& default_path, RecordVisitor& visitor,
                          Diagnostics& diag, size_t max_line, std::atomic<uint64_t>* file_bytes_done) {
  FileReadStats stats;
  uint64_t reported = 0;  // file bytes already added to *file_bytes_done
  auto report_progress = [&] {
    if (!file_bytes_done) return;
    uint64_t now = source.file_bytes_read();
    if (now > reported) file_bytes_done->fetch_add(now - reported, std::memory_order_relaxed);
    reported = now;
  };
  stats.compression = source.compression();
  LineReader lines(source, max_line);
  std::unique_ptr<LineParser> parser;
  std::string_view line;
  for (;;) {
    LineReader::Event ev = lines.Next(line);
    if (ev == LineReader::Event::kEnd) break;
    ++stats.lines;
    if (ev == LineReader::Event::kTooLong) {
      if (!parser) {
        // The first line is already longer than any Zeek header: not a log.
        stats.skipped = true;
        break;
      }
      ++stats.data_lines;
      ++stats.malformed;
      diag.Malformed(display_name, lines.line_number(),
                     "line too long: " + std::to_string(lines.skipped_bytes()) +
                         " bytes (limit " + std::to_string(max_line) + ")");
      continue;
    }
    if (line.empty()) continue;
    if (!parser) {
      stats.format = Sniff(line);
      if (stats.format == LogFormat::kZeekTsv) {
        parser = MakeTsvParser(display_name, default_path, visitor, diag);
      } else if (stats.format == LogFormat::kZeekJson) {
        parser = MakeJsonParser(display_name, default_path, visitor, diag);
      } else {
        stats.skipped = true;
        break;
      }
    }
    if ((stats.lines & 0xffff) == 0) report_progress();
    bool header = false;
    if (parser->Parse(line, lines.line_number(), header)) {
      ++stats.data_lines;
      ++stats.records;
    } else if (!header) {
      ++stats.data_lines;
      ++stats.malformed;
    }
  }
  stats.bytes = lines.bytes();
  stats.file_bytes = source.file_bytes_read();
  report_progress();
  if (stats.skipped) {
    diag.FileProblem(display_name, lines.bytes() == 0 && stats.lines == 0
                                       ? "empty file: skipped"
                                       : "not a Zeek log (neither TSV with #separator/#fields "
                                         "header nor JSON lines): skipped");
    return stats;
  }
  if (stats.lines == 0) {
    stats.skipped = true;
    diag.FileProblem(display_name, "empty file: skipped");
    return stats;
  }
  if (parser) {
    stats.log_path = parser->log_path();
    stats.closed = parser->closed();
  }
  if (!source.status().ok()) {
    stats.status = source.status();
    diag.FileProblem(display_name, source.status().message() + " after " +
                                       std::to_string(stats.lines) + " lines; records before it kept");
  }
  return stats;
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
