#include "ingest/diagnostics.h"

#include <cstdio>

namespace dragnet {
namespace {

// The kind of a message is its text up to the first ':' (details follow it), so
// counts group "line too long: 10485760 bytes" with its peers.
std::string KindOf(std::string_view what) {
  size_t colon = what.find(':');
  return std::string(what.substr(0, colon));
}

}  // namespace

std::string EscapeControlBytes(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// Every line this class puts on stderr goes through here: "dragnet: " and
// the pieces, each with its control bytes escaped, so no file name or text
// taken from input can move the cursor, retitle the terminal or start a line.
void Diagnostics::Print(std::initializer_list<std::string_view> pieces) {
  std::string line = "dragnet: ";
  for (std::string_view p : pieces) line += EscapeControlBytes(p);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void Diagnostics::Malformed(const std::string& file, uint64_t line, std::string_view what) {
  std::lock_guard<std::mutex> lock(mu_);
  FileEntry& e = files_[file];
  ++e.malformed_lines;
  ++e.by_kind[KindOf(what)];
  if (e.first_message.empty())
    e.first_message = "line " + std::to_string(line) + ": " + std::string(what);
  Echo(file, line, what, static_cast<int>(e.malformed_lines));
}

void Diagnostics::Incomplete(const std::string& file, uint64_t line, std::string_view what) {
  std::lock_guard<std::mutex> lock(mu_);
  incomplete_[file] = "line " + std::to_string(line) + ": " + std::string(what);
  if (!echo_) return;
  if (incomplete_.size() <= kMaxEchoedFileProblems) {
    Print({file, ":", std::to_string(line), ": incomplete: ", what});
  } else if (incomplete_.size() == kMaxEchoedFileProblems + 1) {
    Print({"more files end in an unfinished line; all are listed in run.json"});
  }
}

void Diagnostics::FileProblem(const std::string& file, std::string_view what) {
  std::lock_guard<std::mutex> lock(mu_);
  problems_[file] = std::string(what);
  if (!echo_) return;
  if (problems_.size() <= kMaxEchoedFileProblems) {
    Print({file, ": ", what});
  } else if (problems_.size() == kMaxEchoedFileProblems + 1) {
    Print({"more files with problems; all are listed in run.json"});
  }
}

void Diagnostics::Note(const std::string& file, std::string_view what) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!echo_) return;
  if (++notes_ <= kMaxEchoedFileProblems) {
    Print({"note: ", file, ": ", what});
  } else if (notes_ == kMaxEchoedFileProblems + 1) {
    Print({"note: more notes; see run.json"});
  }
}

void Diagnostics::Echo(const std::string& file, uint64_t line, std::string_view what, int seen) {
  if (!echo_) return;
  if (seen <= max_per_file_) {
    Print({file, ":", std::to_string(line), ": malformed: ", what});
  } else if (seen == max_per_file_ + 1) {
    Print({file, ": more malformed lines; counted in run.json"});
  }
}

std::map<std::string, Diagnostics::FileEntry> Diagnostics::Files() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_;
}

std::map<std::string, std::string> Diagnostics::FileProblems() const {
  std::lock_guard<std::mutex> lock(mu_);
  return problems_;
}

std::map<std::string, std::string> Diagnostics::IncompleteLines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return incomplete_;
}

uint64_t Diagnostics::total_malformed() const {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t n = 0;
  for (const auto& [f, e] : files_) n += e.malformed_lines;
  return n;
}

}  // namespace dragnet
