#include "report/json_input.h"

#include <sstream>

#include <fmt/format.h>

#include "core/file_io.h"

namespace dragnet {

std::string JsonString(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) ? std::string() : std::string(v);
}

Status ParseJsonFile(const std::string& path, simdjson::dom::parser& parser, simdjson::dom::element& out) {
  auto text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  simdjson::padded_string padded(*text);
  if (auto e = parser.parse(padded).get(out); e) return Status::Error(path + ": invalid JSON: " + simdjson::error_message(e));
  return Status::Ok();
}

Status ForEachJsonLine(const std::string& path, const std::function<void(simdjson::dom::element)>& each) {
  auto text = ReadFileToString(path);
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
