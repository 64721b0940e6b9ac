// Indicators back to the sensors (issue 7, part): what a hunt found --
// campaign infrastructure (known and derived) and the destinations of its
// findings -- written for the tools that block or watch: a Zeek Intel
// framework file, Suricata datasets (with rules that use them), a MISP event
// and CSV. Pure functions of OUT/findings.jsonl and OUT/campaigns.json.
// docs/exports.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/finding_source.h"

namespace dragnet {

struct ExportIndicator {
  std::string type;         // ip, subnet, domain, url, ja3, ja4, md5, sha1, sha256, cert_sha1, email
  std::string value;
  std::string campaign;     // "C1", or empty
  std::string source;       // "campaign C1 (derived: ...)", "intel: seed.stix", "beacon"
  bool operator<(const ExportIndicator& o) const { return type != o.type ? type < o.type : value < o.value; }
};

// The export type of a value a finding or campaign names (ip, subnet, domain,
// url, ja3, ja4, md5, sha1, sha256, cert_sha1, email); empty when it is no
// indicator (labels such as "lateral-movement-source", "*.lockbit").
// `hint` is a campaign trait's kind ("ja3", "cert") for 32/40-hex values;
// "ja3s" makes a 32-hex value no indicator.
std::string IndicatorType(std::string_view value, std::string_view hint = "");
// What a finding says its indicators are, as a hint for IndicatorType, read
// from its evidence where its source's spec says (EvidenceHint): an intel
// finding's feed type ("ja3", "cert"; "ja3s" when a server fingerprint, which
// no export carries), a pivot finding's trait kind. `detector` is the
// finding's field, looked up in the registry (correlate/finding_sources.h).
std::string IndicatorHint(std::string_view detector, std::string_view evidence_json);
// Whether an indicator of export type `type` (IndicatorType's) goes to the
// exports: one of the kinds `kinds` (a finding source's ExportKinds) names.
bool ExportsKind(const ExportKinds& kinds, std::string_view type);

// Reads a hunt's output folder; findings below `min_score` and suppressed
// ones ("status": "suppressed", `hunt --state`) are left out.
Result<std::vector<ExportIndicator>> CollectExports(const std::string& out_dir, double min_score);

// `left_out` (a LeftOutComment, report/export_filter.h) goes into the
// file's comments: after Zeek's #fields line, at the top of dragnet.rules.
std::string ZeekIntelFile(const std::vector<ExportIndicator>& indicators, const std::string& left_out = "");
// Suricata dataset files by name ("dragnet-ip.dataset-ip.lst", ...) and
// "dragnet.rules"; string datasets are base64 as Suricata reads them.
std::vector<std::pair<std::string, std::string>> SuricataDatasets(const std::vector<ExportIndicator>& indicators,
                                                                  const std::string& left_out = "");
std::string MispEventJson(const std::vector<ExportIndicator>& indicators, const std::string& info);
std::string CsvExport(const std::vector<ExportIndicator>& indicators);

}  // namespace dragnet
