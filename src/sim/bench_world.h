// A generator of large, plain Zeek conn/dns/ssl logs for several
// organisations (OUT/orgs/<org>/YYYY-MM-DD/...; OUT/intel/planted.txt;
// OUT/planted.tsv lists what was planted). Each of several
// organisations, with a few hosts that talk to planted indicators written to
// an intel feed. It exists for throughput benchmarks and the smoke demo; its
// traffic is statistically simple (see the realistic simulator for detection
// quality work).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "sim/zeek_log_writer.h"

namespace dragnet {

struct BenchWorldOptions {
  std::string out_dir;
  int orgs = 4;
  int hosts_per_org = 200;
  uint64_t bytes_per_org = 50ull << 20;  // uncompressed log bytes per org, approximately
  ZeekLogWriter::Format format = ZeekLogWriter::Format::kTsv;
  bool gzip = false;
  uint64_t seed = 1;
  int infected_per_org = 2;        // hosts that contact planted indicators
  double plant_rate = 0.02;        // share of an infected host's records that hit one
};

struct BenchWorldResult {
  uint64_t records = 0;
  uint64_t bytes = 0;              // uncompressed
  std::vector<std::string> files;
  std::string intel_file;          // the planted indicators as a plain list
  // Planted (org, host, indicator) triples that were actually written.
  std::vector<std::tuple<std::string, std::string, std::string>> planted;
};

Result<BenchWorldResult> GenerateBenchWorld(const BenchWorldOptions& options);

}  // namespace dragnet
