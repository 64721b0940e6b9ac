#include "report/json_input.h"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "core/file_io.h"
#include "hunt/orgs.h"

namespace dragnet {

std::string JsonString(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) ? std::string() : std::string(v);
}

namespace {

// Dragnet's outputs are far smaller; a bigger file is not one of them.
constexpr uint64_t kMaxJsonInputBytes = uint64_t{4} << 30;

// The bytes of one of Dragnet's outputs: a regular file (CheckInputPath: a
// FIFO or device is never opened) of at most kMaxJsonInputBytes.
Result<std::string> ReadOutputFile(const std::string& path) {
  if (Status s = CheckInputPath(path, /*folder_ok=*/false); !s.ok()) return s;
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxJsonInputBytes)
    return Status::Error(fmt::format("{}: {} bytes, larger than {} GiB: not one of Dragnet's outputs, not read", path,
                                     size, kMaxJsonInputBytes >> 30));
  return ReadFileToString(path);
}

}  // namespace

Status ParseJsonFile(const std::string& path, simdjson::dom::parser& parser, simdjson::dom::element& out) {
  auto text = ReadOutputFile(path);
  if (!text.ok()) return text.status();
  simdjson::padded_string padded(*text);
  if (auto e = parser.parse(padded).get(out); e) return Status::Error(path + ": invalid JSON: " + simdjson::error_message(e));
  return Status::Ok();
}

Status ForEachJsonLine(const std::string& path, const std::function<void(simdjson::dom::element)>& each) {
  auto text = ReadOutputFile(path);
  if (!text.ok()) return text.status();
  simdjson::dom::parser parser;
  std::istringstream lines(*text);
  std::string line;
  uint64_t n = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (line.empty()) continue;
    simdjson::dom::element e;
    if (auto error = parser.parse(line).get(e); error)
      return Status::Error(fmt::format("{}:{}: invalid JSON: {}", path, n, simdjson::error_message(error)));
    each(e);
  }
  return Status::Ok();
}

}  // namespace dragnet
