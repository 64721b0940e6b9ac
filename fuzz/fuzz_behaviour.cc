// Hostile log lines through the behavioural path: the aggregates (pair
// series, DNS statistics, prevalence) under a small memory cap and every
// detector's own state (SMB, DCE-RPC, Kerberos, NTLM, RDP for the ransomware
// stages), then every detector and the kill chain. Invariants: no crash, the
// charged state never passes the cap (one worker, nothing merged), every
// score within [0, 1].
#include <cstdlib>
#include <iterator>
#include <memory>
#include <string>

#include "aggregate/aggregates.h"
#include "correlate/kill_chain.h"
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
    "#separator \\x09\n#path\tsmb_files\n#fields\tts\tid.orig_h\tid.resp_h\taction\tpath\tname\tprev_name\n"
    "#types\ttime\taddr\taddr\tenum\tstring\tstring\tstring\n",
    "#separator \\x09\n#path\tsmb_mapping\n#fields\tts\tid.orig_h\tid.resp_h\tpath\n#types\ttime\taddr\taddr\tstring\n",
    "#separator \\x09\n#path\tdce_rpc\n#fields\tts\tid.orig_h\tid.resp_h\tendpoint\toperation\n"
    "#types\ttime\taddr\taddr\tstring\tstring\n",
    "#separator \\x09\n#path\tkerberos\n#fields\tts\tid.orig_h\tid.resp_h\trequest_type\tclient\tservice\tsuccess\t"
    "cipher\n#types\ttime\taddr\taddr\tstring\tstring\tstring\tbool\tstring\n",
    "#separator \\x09\n#path\tntlm\n#fields\tts\tid.orig_h\tid.resp_h\tusername\tsuccess\n"
    "#types\ttime\taddr\taddr\tstring\tbool\n",
    "#separator \\x09\n#path\trdp\n#fields\tts\tid.orig_h\tid.resp_h\tcookie\n#types\ttime\taddr\taddr\tstring\n",
};

class Feed : public RecordVisitor {
 public:
  Feed(Aggregates& a, const OrgContext& org, std::vector<std::unique_ptr<DetectorState>>& states)
      : a_(a), org_(org), states_(states) {}
  void OnRecord(const Record& r) override {
    a_.OnRecord(org_, r);
    for (auto& s : states_)
      if (s) s->OnRecord(org_, r);
  }

 private:
  Aggregates& a_;
  const OrgContext& org_;
  std::vector<std::unique_ptr<DetectorState>>& states_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr uint64_t kCap = 4 << 20;
  MemoryBudget budget(SharedStateCap(kCap));
  OrgShares shares(OrgStateCap(kCap), 1);
  AggregateParams params;
  params.max_samples_per_pair = 64;
  Aggregates agg(params, budget, &shares);
  std::vector<OrgContext> orgs = {OrgContext{0, "fuzz", {}, {}, {}}};
  IndicatorSet intel;
  Warninglists lists;
  auto detectors = BuildDetectors({intel, lists, 0.0, {}});
  if (!detectors.ok()) std::abort();
  std::vector<std::unique_ptr<DetectorState>> states;
  for (const auto& d : *detectors) states.push_back(d->NewState());
  Feed feed(agg, orgs[0], states);
  Diagnostics diag(false);
  // Each input is one log; the first byte picks its type.
  std::string bytes = kHeaders[data[0] % std::size(kHeaders)];
  bytes.append(reinterpret_cast<const char*>(data + 1), size - 1);
  auto src = ByteSource::FromMemory(std::move(bytes));
  ReadZeekLog(*src, "fuzz.log", "", feed, diag, 4096);
  if (budget.peak() > SharedStateCap(kCap)) std::abort();
  // The org's share holds, past it by one record's growth at most.
  if (agg.ledger().peak() > OrgStateCap(kCap) + (64 << 10)) std::abort();
  agg.Finish();
  AnalysisContext ctx{orgs, &agg, &lists};
  std::vector<Finding> all;
  for (size_t i = 0; i < detectors->size(); ++i)
    for (Finding& f : (*detectors)[i]->Findings(states[i].get(), ctx)) all.push_back(std::move(f));
  SpecificDetectors specific;
  for (const auto& d : *detectors)
    if (d->spec().specific) specific.insert(d->spec().name);
  for (const Finding& f : BuildKillChains(all, specific)) all.push_back(f);
  for (const Finding& f : all)
    if (!(f.score >= 0 && f.score <= 1)) std::abort();
  return 0;
}
