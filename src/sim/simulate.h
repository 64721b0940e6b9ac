// `dragnet simulate`: a deterministic world of many organisations' Zeek logs
// with benign life that traps naive detectors and one hidden intrusion
// campaign, plus its ground truth (truth.json) and the seed intel that
// reveals only part of it (intel/seed.stix.json). See docs/simulator.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace dragnet {

// Benign life: `kBasic`, one recipe for every org; `kCatalogue`, everyday IT
// where each org draws its own variant (docs/simulator.md).
enum class BenignLife { kBasic, kCatalogue };

struct SimulateOptions {
  std::string out_dir;
  int orgs = 40;
  int hosts_per_org = 50;       // average; orgs range from half to twice this
  int hours = 24;
  uint64_t seed = 1;
  bool json = false;
  bool gzip = false;
  bool rotate = false;          // hourly files in dated folders, like Zeek's archiver
  int threads = 0;              // 0: one per core (output is the same for any count)
  // The campaign, part by part.
  bool campaign = true;
  bool ransomware = true;        // the ransomed victim's kill chain
  double implant_share = 0.3;    // share of the other orgs with a quiet implant
  double implant_jitter = 0.5;   // implants' sleep jitter is uniform in [0, this) of the period
  BenignLife benign = BenignLife::kBasic;
  // Seed of the catalogue's per-org variants; unset: the world seed. Lets a
  // gate run on variants it never tuned on while the campaign stays the same.
  std::optional<uint64_t> benign_seed;
  // Campaign variants on fresh hosts of the compromised orgs (sorted kinds
  // from sim/campaign_variants.h; empty: none).
  std::vector<std::string> variants;
};

struct SimulateStats {
  uint64_t files = 0, records = 0, bytes = 0;  // bytes uncompressed
  double seconds = 0;                           // wall time of the simulation
  std::string victim_org;
  int compromised_orgs = 0, compromised_hosts = 0;
};

Result<SimulateStats> Simulate(const SimulateOptions& options);

}  // namespace dragnet
