// docs/detectors/NAME.md against the registered specs: its "## Parameters"
// table lists exactly the spec's parameters (no missing, no stale row) with
// the spec's defaults and ranges, and its "## Logs" section states the logs
// the spec declares and what the detector does without them (issue 15).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "detect/registry.h"
#include "detect/spec_text.h"
#include "test_util.h"

namespace dragnet {
namespace {

// The lines of the "## HEADING..." section (up to the next "## ").
std::vector<std::string> Section(const std::string& page, const std::string& heading) {
  std::vector<std::string> out;
  std::istringstream in(page);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) inside = line.starts_with("## " + heading);
    else if (inside) out.push_back(line);
  }
  return out;
}

std::string Trim(std::string s) {
  std::erase(s, '`');
  size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The table's rows, name -> {default, range}, header and separator skipped.
std::map<std::string, std::pair<std::string, std::string>> ParameterRows(const std::vector<std::string>& lines,
                                                                          std::vector<std::string>& duplicates) {
  std::map<std::string, std::pair<std::string, std::string>> rows;
  for (const std::string& line : lines) {
    if (!line.starts_with("|") || line.starts_with("|---") || line.starts_with("| name ")) continue;
    std::vector<std::string> cells;
    std::istringstream in(line.substr(1));
    for (std::string cell; std::getline(in, cell, '|');) cells.push_back(Trim(cell));
    if (cells.size() < 3) continue;
    if (!rows.try_emplace(cells[0], cells[1], cells[2]).second) duplicates.push_back(cells[0]);
  }
  return rows;
}

std::string Collapse(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + " ";
  std::string squeezed;
  for (char c : out)
    if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' ')) squeezed += c;
  return squeezed;
}

TEST(DetectorDocs, ParameterTablesMatchTheSpecs) {
  for (const DetectorSpec& spec : DetectorSpecs()) {
    SCOPED_TRACE(spec.name);
    std::string page = testing::ReadWhole(DRAGNET_SOURCE_DIR "/docs/detectors/" + spec.name + ".md");
    ASSERT_FALSE(page.empty()) << "docs/detectors/" << spec.name << ".md is missing";
    std::vector<std::string> duplicates;
    auto rows = ParameterRows(Section(page, "Parameters"), duplicates);
    EXPECT_TRUE(duplicates.empty()) << "rows twice: " << duplicates.front();
    for (const DetectorParameter& p : spec.parameters) {
      auto it = rows.find(p.name);
      if (it == rows.end()) {
        ADD_FAILURE() << "parameter " << p.name << " is not documented (default " << p.default_value << ", range "
                      << p.range << ")";
        continue;
      }
      EXPECT_EQ(it->second.first, p.default_value) << p.name << ": documented default";
      EXPECT_EQ(it->second.second, p.range) << p.name << ": documented range";
      rows.erase(it);
    }
    for (const auto& [name, row] : rows) ADD_FAILURE() << "stale row: " << name << " is no parameter";
  }
}

TEST(DetectorDocs, EveryPageStatesTheLogsItNeeds) {
  for (const DetectorSpec& spec : DetectorSpecs()) {
    SCOPED_TRACE(spec.name);
    std::string page = testing::ReadWhole(DRAGNET_SOURCE_DIR "/docs/detectors/" + spec.name + ".md");
    std::string logs = Collapse(Section(page, "Logs"));
    ASSERT_FALSE(logs.empty()) << "no \"## Logs\" section";
    EXPECT_NE(logs.find("**Logs:** " + LogsText(spec, "`") + "."), std::string::npos)
        << "expected \"**Logs:** " << LogsText(spec, "`") << ".\" in: " << logs;
    EXPECT_NE(logs.find(spec.without_logs), std::string::npos)
        << "expected \"" << spec.without_logs << "\" in: " << logs;
  }
}

}  // namespace
}  // namespace dragnet
