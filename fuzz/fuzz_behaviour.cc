// Hostile log lines through the behavioural path: the aggregates (pair
// series, DNS statistics, prevalence) under a small memory cap, then every
// behavioural detector. Invariants: no crash, the charged state never passes
// the cap (one worker, nothing merged), every score within [0, 1].
#include <cstdlib>
#include <string>

#include "aggregate/aggregates.h"
#include "detect/registry.h"
#include "ingest/zeek_reader.h"
#include "intel/indicator_set.h"
#include "intel/warninglist.h"

namespace {

using namespace dragnet;

const char* kHeaders[] = {
    "#separator \\x09\n#path\tconn\n#fields\tts\tid.orig_h\tid.resp_h\tduration\torig_bytes\tresp_bytes\tlocal_orig\t"
    "local_resp\n#types\ttime\taddr\taddr\tinterval\tcount\tcount\tbool\tbool\n",
    "#separator \\x09\n#path\tssl\n#fields\tts\tid.orig_h\tid.resp_h\tserver_name\tja3\n"
    "#types\ttime\taddr\taddr\tstring\tstring\n",
    "#separator \\x09\n#path\thttp\n#fields\tts\tid.orig_h\tid.resp_h\thost\tuser_agent\n"
    "#types\ttime\taddr\taddr\tstring\tstring\n",
    "#separator \\x09\n#path\tdns\n#fields\tts\tid.orig_h\tquery\tqtype_name\trcode_name\tanswers\n"
    "#types\ttime\taddr\tstring\tstring\tstring\tvector[string]\n",
};

class Feed : public RecordVisitor {
 public:
  Feed(Aggregates& a, const OrgContext& org) : a_(a), org_(org) {}
  void OnRecord(const Record& r) override { a_.OnRecord(org_, r); }
  bool WantsField(std::string_view log, std::string_view field) const override {
    return Aggregates::WantsField(log, field);
  }

 private:
  Aggregates& a_;
  const OrgContext& org_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr uint64_t kCap = 4 << 20;
  MemoryBudget budget(kCap);
  AggregateParams params;
  params.max_samples_per_pair = 64;
  Aggregates agg(params, budget);
  std::vector<OrgContext> orgs = {OrgContext{0, "fuzz", {}, {}}};
  Feed feed(agg, orgs[0]);
  Diagnostics diag(false);
  // Each input is one log; the first byte picks its type.
  std::string bytes = kHeaders[data[0] % 4];
  bytes.append(reinterpret_cast<const char*>(data + 1), size - 1);
  auto src = ByteSource::FromMemory(std::move(bytes));
  ReadZeekLog(*src, "fuzz.log", "", feed, diag, 4096);
  if (budget.peak() > kCap) std::abort();
  agg.Finish();
  IndicatorSet intel;
  Warninglists lists;
  AnalysisContext ctx{orgs, &agg, &lists};
  auto detectors = BuildDetectors({intel, lists, 0.0, {}});
  if (!detectors.ok()) std::abort();
  for (const auto& d : *detectors) {
    if (!d->NeedsAggregates()) continue;
    for (const Finding& f : d->Findings(nullptr, ctx))
      if (!(f.score >= 0 && f.score <= 1)) std::abort();
  }
  return 0;
}
