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
    std::fprintf(stderr, "dragnet: %s:%llu: incomplete: %.*s\n", file.c_str(),
                 static_cast<unsigned long long>(line), static_cast<int>(what.size()), what.data());
  } else if (incomplete_.size() == kMaxEchoedFileProblems + 1) {
    std::fprintf(stderr, "dragnet: more files end in an unfinished line; all are listed in run.json\n");
  }
}

void Diagnostics::FileProblem(const std::string& file, std::string_view what) {
  std::lock_guard<std::mutex> lock(mu_);
  problems_[file] = std::string(what);
  if (!echo_) return;
  if (problems_.size() <= kMaxEchoedFileProblems) {
    std::fprintf(stderr, "dragnet: %s: %.*s\n", file.c_str(), static_cast<int>(what.size()),
                 what.data());
  } else if (problems_.size() == kMaxEchoedFileProblems + 1) {
    std::fprintf(stderr, "dragnet: more files with problems; all are listed in run.json\n");
  }
}

void Diagnostics::Note(const std::string& file, std::string_view what) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!echo_) return;
  if (++notes_ <= kMaxEchoedFileProblems) {
    std::fprintf(stderr, "dragnet: note: %s: %.*s\n", file.c_str(), static_cast<int>(what.size()), what.data());
  } else if (notes_ == kMaxEchoedFileProblems + 1) {
    std::fprintf(stderr, "dragnet: note: more notes; see run.json\n");
  }
}

void Diagnostics::Echo(const std::string& file, uint64_t line, std::string_view what, int seen) {
  if (!echo_) return;
  if (seen <= max_per_file_) {
    std::fprintf(stderr, "dragnet: %s:%llu: malformed: %.*s\n", file.c_str(),
                 static_cast<unsigned long long>(line), static_cast<int>(what.size()), what.data());
  } else if (seen == max_per_file_ + 1) {
    std::fprintf(stderr, "dragnet: %s: more malformed lines; counted in run.json\n", file.c_str());
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
