// gen_bench_world OUT_DIR [--orgs N] [--mb-per-org M] [--json] [--gzip] [--seed S]
// Writes the bench world (see src/sim/bench_world.h) and prints what it wrote.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/bench_world.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_bench_world OUT_DIR [--orgs N] [--hosts N] [--mb-per-org M] [--json] [--gzip] [--seed S]\n");
    return 2;
  }
  dragnet::BenchWorldOptions o;
  o.out_dir = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--orgs") o.orgs = std::atoi(next());
    else if (a == "--hosts") o.hosts_per_org = std::atoi(next());
    else if (a == "--mb-per-org") o.bytes_per_org = std::strtoull(next(), nullptr, 10) << 20;
    else if (a == "--json") o.format = dragnet::ZeekLogWriter::Format::kJson;
    else if (a == "--gzip") o.gzip = true;
    else if (a == "--seed") o.seed = std::strtoull(next(), nullptr, 10);
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  auto r = dragnet::GenerateBenchWorld(o);
  if (!r.ok()) {
    std::fprintf(stderr, "gen_bench_world: %s\n", r.status().message().c_str());
    return 1;
  }
  std::printf("wrote %zu files, %llu records, %.1f MB uncompressed; intel: %s; %zu planted (org, host, indicator)\n",
              r->files.size(), static_cast<unsigned long long>(r->records), static_cast<double>(r->bytes) / 1e6,
              r->intel_file.c_str(), r->planted.size());
  return 0;
}
