// Loading threat-intel feeds into an IndicatorSet. The format of each file is
// sniffed from its content (and, for hints like "ja3", its name):
//   plain lists (one value a line, '#' comments, "value # note", "value;note"),
//   Maltrail trail files, Zeek Intel framework files, CSV with an ip/domain/url/
//   indicator column, STIX 2.0/2.1 bundles and JSON lines, MISP events in both
//   {"Event":...} and {"response":[...]} shapes (a MISP feed folder is a folder
//   of such events).
// A folder loads every file below it. Files that are recognisably not feeds
// (documentation, warninglists, galaxies, fingerprint databases) are skipped
// with the reason; broken files are reported to Diagnostics and the run goes on.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/diagnostics.h"
#include "intel/indicator_set.h"

namespace dragnet {

class FeedLoader {
 public:
  FeedLoader(IndicatorSet& set, Diagnostics& diag) : set_(set), diag_(diag) {}

  // Loads a file, or every regular file below a folder (sorted, so ids and
  // output are deterministic). Folders below it that are one of `exclude`
  // (the --out folder) or an earlier hunt's outputs (core/output_set.h) are
  // not read, with a note naming them.
  void LoadPath(const std::string& path, const std::vector<std::string>& exclude = {});
  // Loads one feed given its bytes (fuzz targets and tests use this).
  void LoadContent(const std::string& path, std::string_view content);

  // Files skipped with the reason, files that failed with the error.
  const std::map<std::string, std::string>& skipped() const { return skipped_; }
  const std::map<std::string, std::string>& failed() const { return failed_; }

 private:
  void LoadFile(const std::string& path);
  // Says on stderr (Diagnostics::Note) what of a loaded feed was not taken.
  void ReportLosses(const FeedInfo& feed);
  void Skip(const std::string& path, std::string reason);
  void Fail(const std::string& path, std::string error);

  IndicatorSet& set_;
  Diagnostics& diag_;
  std::map<std::string, std::string> skipped_;
  std::map<std::string, std::string> failed_;
};

// Format loaders (intel/*_feed.cc). Each adds to `set` under feed id `feed`
// and returns an error Status for a file it cannot read at all.
Status LoadPlainList(std::string_view content, IndicatorSet& set, uint32_t feed);
Status LoadZeekIntel(std::string_view content, IndicatorSet& set, uint32_t feed);
Status LoadCsvFeed(std::string_view content, IndicatorSet& set, uint32_t feed);
// A parsed JSON document: STIX bundle/object or MISP event.
Status LoadStixObjects(std::string_view json_array_or_lines, bool json_lines, IndicatorSet& set,
                       uint32_t feed);
Status LoadMispEvent(std::string_view content, IndicatorSet& set, uint32_t feed);

// The most comparisons read from one STIX pattern (a bound on work per
// pattern); the rest are counted in FeedInfo::stix_comparisons_dropped.
constexpr uint64_t kMaxStixComparisons = 9999;

// Adds the indicators of a STIX pattern ("[ipv4-addr:value = '1.2.3.4'] OR ...").
// Comparisons it cannot turn into an indicator are counted in the feed's
// unsupported map by object path and operator; those past
// kMaxStixComparisons in stix_comparisons_dropped.
void AddStixPattern(std::string_view pattern, IndicatorSet& set, uint32_t feed,
                    const IndicatorMeta& meta);

}  // namespace dragnet
