// Reading Dragnet's own JSON outputs back -- findings.jsonl, campaigns.json,
// a simulation's truth.json -- for the exports and the evaluator: one place
// for the file I/O and for errors that name the file (and line). Only a
// regular file is read (a FIFO or device is refused, never opened), and at
// most 4 GiB of it.
#pragma once

#include <functional>
#include <string>

#include <simdjson.h>

#include "core/status.h"

namespace dragnet {

// A string member; "" when absent or not a string.
std::string JsonString(simdjson::dom::element e, const char* key);

// Parses a whole JSON file with `parser` (the element lives as long as the
// parser's next parse): "PATH: invalid JSON: ..." when it is not JSON.
Status ParseJsonFile(const std::string& path, simdjson::dom::parser& parser, simdjson::dom::element& out);

// Calls `each` with every non-empty line of a JSON-lines file, parsed;
// fails at the first line that is not JSON: "PATH:LINE: invalid JSON: ...".
Status ForEachJsonLine(const std::string& path, const std::function<void(simdjson::dom::element)>& each);

}  // namespace dragnet
