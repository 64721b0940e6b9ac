// inflate_speed FILE...: decompresses each file with Dragnet's ByteSource
// (isa-l for gzip) into a reused buffer and prints the total MB/s of
// decompressed bytes — the inflater's own speed, the ceiling for hunting
// gzip logs on one core.
#include <chrono>
#include <cstdio>
#include <vector>

#include "ingest/byte_source.h"

int main(int argc, char** argv) {
  std::vector<char> buf(1 << 20);
  uint64_t total = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 1; i < argc; ++i) {
    auto src = dragnet::ByteSource::Open(argv[i]);
    if (!src.ok()) {
      std::fprintf(stderr, "%s\n", src.status().message().c_str());
      return 1;
    }
    size_t n;
    while ((n = (*src)->Read(buf.data(), buf.size())) > 0) total += n;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%.3f %llu\n", s, static_cast<unsigned long long>(total));
  return 0;
}
