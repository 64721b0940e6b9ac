// Micro-benchmarks of the hot paths, beside their hardware reference (memchr
// over the same bytes). Run: build/bench/micro_bench
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>

#include "ingest/zeek_reader.h"
#include "intel/feed_loader.h"
#include "sim/zeek_log_writer.h"

namespace dragnet {
namespace {

std::string ConnTsv(size_t lines) {
  std::string s =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
      "resp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
      "resp_pkts\tresp_ip_bytes\ttunnel_parents\n"
      "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\t"
      "bool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n";
  for (size_t i = 0; i < lines; ++i)
    s += "1714521600.123456\tCAbcdefghijklmnopq\t10.0.1." + std::to_string(i % 250) +
         "\t51234\t93.184.216." + std::to_string(i % 200) +
         "\t443\ttcp\tssl\t1.234567\t1234\t56789\tSF\tT\tF\t0\tShADadFf\t10\t1834\t42\t58989\t(empty)\n";
  return s;
}

class CountingVisitor : public RecordVisitor {
 public:
  void OnRecord(const Record& r) override { n += r.ts().micros() != 0; }
  uint64_t n = 0;
};

void BM_TsvRead(benchmark::State& state) {
  std::string data = ConnTsv(100000);
  for (auto _ : state) {
    CountingVisitor v;
    Diagnostics d(false);
    auto src = ByteSource::FromMemory(data);
    ReadZeekLog(*src, "conn.log", "conn", v, d);
    benchmark::DoNotOptimize(v.n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_TsvRead)->Unit(benchmark::kMillisecond);

void BM_MemchrLines(benchmark::State& state) {
  std::string data = ConnTsv(100000);
  for (auto _ : state) {
    size_t n = 0;
    const char* p = data.data();
    const char* end = p + data.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
      ++n;
      ++p;
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_MemchrLines)->Unit(benchmark::kMillisecond);

void BM_IpParse(benchmark::State& state) {
  const char* ips[] = {"10.0.1.17", "93.184.216.34", "fe80::1cf4:44d2:904a:14f7", "192.168.100.200"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(Ip::Parse(ips[i++ & 3]));
}
BENCHMARK(BM_IpParse);

void BM_LoadMaltrail(benchmark::State& state) {
  std::string path = std::string(DRAGNET_SOURCE_DIR) + "/../shared/data/intel/maltrail";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("../shared/data/intel/maltrail absent");
    return;
  }
  for (auto _ : state) {
    IndicatorSet set;
    Diagnostics d(false);
    FeedLoader loader(set, d);
    loader.LoadPath(path);
    state.counters["indicators"] = static_cast<double>(set.size());
  }
}
BENCHMARK(BM_LoadMaltrail)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace dragnet

BENCHMARK_MAIN();
