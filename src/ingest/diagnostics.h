// Diagnostics: where bad input goes. Like Zeek's weird.log, a malformed line or
// a broken file is data: it is counted per file and kind, the first few of each
// file are printed with file and line, and the run goes on. Thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace dragnet {

// `text` with each control byte (below 0x20, and 0x7f) written as \xNN: safe
// to print on a terminal whatever a file name or line holds.
std::string EscapeControlBytes(std::string_view text);

// Messages are printed with their control bytes escaped (EscapeControlBytes);
// what is kept for run.json is the raw text (the JSON writer escapes it).
class Diagnostics {
 public:
  // `echo` prints each message (up to max_per_file per file) to stderr.
  explicit Diagnostics(bool echo = true, int max_per_file = 5)
      : echo_(echo), max_per_file_(max_per_file) {}

  // A malformed line: counted against the file. line 0 means the whole file.
  void Malformed(const std::string& file, uint64_t line, std::string_view what);
  // A last line without its newline (a file being written, or cut): not
  // read, and not malformed either. Counted apart; `line` is its number.
  void Incomplete(const std::string& file, uint64_t line, std::string_view what);
  // A file-level problem that is not one line (unreadable, not a Zeek log,
  // truncated compression).
  void FileProblem(const std::string& file, std::string_view what);
  // Something worth saying once about a file that is not a problem with it
  // (a feed's unsupported pattern parts): printed, not counted.
  void Note(const std::string& file, std::string_view what);

  struct FileEntry {
    uint64_t malformed_lines = 0;
    std::map<std::string, uint64_t> by_kind;  // "wrong number of fields" -> n
    std::string first_message;
  };
  // Snapshot, ordered by file name (deterministic for run.json).
  std::map<std::string, FileEntry> Files() const;
  std::map<std::string, std::string> FileProblems() const;
  // file -> "line N: what" of its unfinished last line.
  std::map<std::string, std::string> IncompleteLines() const;
  uint64_t total_malformed() const;

 private:
  static constexpr size_t kMaxEchoedFileProblems = 20;
  void Echo(const std::string& file, uint64_t line, std::string_view what, int seen);
  static void Print(std::initializer_list<std::string_view> pieces);
  mutable std::mutex mu_;
  bool echo_;
  int max_per_file_;
  std::map<std::string, FileEntry> files_;
  std::map<std::string, std::string> problems_;
  std::map<std::string, std::string> incomplete_;
  size_t notes_ = 0;
};

}  // namespace dragnet
