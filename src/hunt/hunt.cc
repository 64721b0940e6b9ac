#include "hunt/hunt.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/file_io.h"
#include "correlate/kill_chain.h"
#include "correlate/verdicts.h"
#include "detect/registry.h"
#include "detect/intel/intel_detector.h"
#include "detect/roles/host_behaviour.h"
#include "hunt/progress.h"
#include "intel/feed_loader.h"
#include "intel/feed_noise.h"
#include "intel/never_flag.h"

namespace dragnet {
namespace {

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct WorkItem {
  uint32_t org;
  std::string path;
  uint64_t size;
  int pass;  // 0: first-pass logs (x509), 1: the rest
};

// Feeds each record to every detector state of one worker.
class Fanout : public RecordVisitor {
 public:
  Fanout(std::vector<std::unique_ptr<DetectorState>>& states,
         const std::vector<std::unique_ptr<Detector>>& detectors, Aggregates* aggregates, RoleObserver* roles,
         HealthObserver* health)
      : aggregates_(aggregates), roles_(roles), health_(health) {
    for (size_t i = 0; i < states.size(); ++i)
      if (states[i]) {
        states_.push_back(states[i].get());
        record_detectors_.push_back(detectors[i].get());
      }
  }
  void set_org(const OrgContext* org) { org_ = org; }
  void OnRecord(const Record& record) override {
    for (DetectorState* s : states_) s->OnRecord(*org_, record);
    if (aggregates_) aggregates_->OnRecord(*org_, record);
    if (roles_) roles_->OnRecord(*org_, record);
    health_->OnRecord(org_->index, record);
  }
  bool WantsField(std::string_view log_path, std::string_view field) const override {
    if (aggregates_ && Aggregates::WantsField(log_path, field)) return true;
    if (roles_ && RoleObserver::WantsField(log_path, field)) return true;
    for (const Detector* d : record_detectors_)
      if (d->WantsField(log_path, field)) return true;
    return false;
  }

 private:
  std::vector<DetectorState*> states_;
  std::vector<const Detector*> record_detectors_;  // the detectors behind states_
  Aggregates* aggregates_;
  RoleObserver* roles_;
  HealthObserver* health_;
  const OrgContext* org_ = nullptr;
};

// Orgs to workers by longest-processing-time first (biggest org to the least
// loaded worker); empty when that leaves a worker more than 15 % above an
// even share, or there is one worker.
std::vector<int> AssignOrgs(const std::vector<WorkItem>& work, size_t org_count, int threads) {
  if (threads < 2) return {};
  std::vector<uint64_t> bytes(org_count, 0);
  uint64_t total = 0;
  for (const WorkItem& w : work) {
    bytes[w.org] += w.size + 1;
    total += w.size + 1;
  }
  std::vector<size_t> order(org_count);
  for (size_t i = 0; i < org_count; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bytes[a] != bytes[b] ? bytes[a] > bytes[b] : a < b; });
  std::vector<uint64_t> load(static_cast<size_t>(threads), 0);
  std::vector<int> owner(org_count, 0);
  for (size_t o : order) {
    size_t least = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    owner[o] = static_cast<int>(least);
    load[least] += bytes[o];
  }
  double even = static_cast<double>(total) / threads;
  if (static_cast<double>(*std::max_element(load.begin(), load.end())) > 1.15 * even) return {};
  return owner;
}

// Moves the findings `set_aside` picks from `findings` to `out`, both kept in order.
void SetAside(std::vector<Finding>& findings, const std::function<bool(const Finding&)>& set_aside,
              std::vector<Finding>& out) {
  if (!set_aside) return;
  auto kept = std::stable_partition(findings.begin(), findings.end(), [&](const Finding& f) { return !set_aside(f); });
  out.insert(out.end(), std::make_move_iterator(kept), std::make_move_iterator(findings.end()));
  findings.erase(kept, findings.end());
}

// The state's summary after settling: totals, then per org (input order).
StateReport StateSummary(const Aggregates& a, uint64_t cap, const MemoryBudget& shared,
                         const std::vector<OrgContext>& orgs) {
  StateReport r;
  r.cap_bytes = cap;
  r.peak_bytes = a.ledger().peak() + shared.peak();
  r.ip_pairs = a.pairs().ip_pairs();
  r.name_pairs = a.pairs().name_pairs();
  r.domains = a.dns().domains().size();
  r.client_values_refused = a.ja3_users().refused() + a.ua_users().refused();
  const OrgLedger& ledger = a.ledger();
  r.share_bytes = a.share() == UINT64_MAX ? 0 : a.share();
  for (uint32_t o = 0; o < orgs.size(); ++o) {
    OrgStateReport org{orgs[o].name, ledger.bytes(o), ledger.level(o), {}};
    if (o < ledger.all_drops().size()) org.drops = ledger.all_drops()[o];
    r.pairs_refused += org.drops.ip_pair_records + org.drops.name_pair_records;
    r.samples_dropped += org.drops.samples;
    r.domains_refused += org.drops.dns_queries;
    r.orgs.push_back(std::move(org));
  }
  return r;
}

}  // namespace

std::vector<const OrgStateReport*> StateReport::incomplete() const {
  std::vector<const OrgStateReport*> out;
  for (const OrgStateReport& o : orgs)
    if (o.incomplete()) out.push_back(&o);
  return out;
}

Result<std::unique_ptr<HuntReport>> RunHunt(const HuntOptions& options, Diagnostics& diag) {
  auto t_start = std::chrono::steady_clock::now();
  auto report = std::make_unique<HuntReport>();

  // 1. Intel and warninglists.
  {
    FeedLoader loader(report->intel, diag);
    report->intel.set_allow_broad_networks(options.intel_allow_broad);
    for (const auto& p : options.intel_paths) loader.LoadPath(p, options.exclude);
    report->feeds_skipped = loader.skipped();
    report->feeds_failed = loader.failed();
    for (const auto& p : options.warninglist_paths) report->warninglists.LoadPath(p, diag, options.exclude);
    if (options.default_warninglists) {
      report->never_flag_note = LoadNeverFlagSet(report->never_flag, options.executable, diag);
      if (!report->never_flag_note.empty()) diag.Note("never-flag set", report->never_flag_note);
    }
    MeasureFeedNoise(report->intel, {&report->never_flag});
    report->intel.Freeze();
  }
  report->intel_seconds = Since(t_start);

  // 2. Detectors.
  auto built =
      BuildDetectors({report->intel, report->warninglists, options.min_score, options.params, &report->never_flag});
  if (!built.ok()) return built.status();
  auto detectors = std::move(*built);
  if (!options.detectors.empty()) {
    std::erase_if(detectors, [&](const std::unique_ptr<Detector>& d) {
      return std::find(options.detectors.begin(), options.detectors.end(), d->spec().name) == options.detectors.end();
    });
  }
  std::vector<std::string> first_pass;
  for (const auto& d : detectors)
    for (auto& l : d->FirstPassLogs()) first_pass.push_back(l);

  // 3. Work list: every file of every org.
  std::vector<OrgContext> orgs;
  std::vector<WorkItem> work;
  uint64_t total_bytes = 0;
  for (uint32_t i = 0; i < options.orgs.size(); ++i) {
    const OrgSource& src = options.orgs[i];
    orgs.push_back(OrgContext{i, src.name, src.home_networks, src.allow, src.admins, src.inbound});
    report->orgs.push_back(OrgTotals{src.name});
    for (const auto& root : src.roots) {
      LogListing listing = ListLogFiles(root, options.exclude);
      for (const auto& [path, what] : listing.problems) diag.FileProblem(path, what);
      for (const auto& [path, what] : listing.notes) diag.Note(path, what);
      for (auto& path : listing.files) {
        struct stat st{};
        uint64_t size = ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
        std::string log = LogPathFromFileName(path);
        int pass = std::find(first_pass.begin(), first_pass.end(), log) != first_pass.end() ? 0 : 1;
        total_bytes += size;
        work.push_back(WorkItem{i, std::move(path), size, pass});
      }
    }
  }
  // First-pass logs first; within a pass, big files first for balance.
  std::sort(work.begin(), work.end(), [](const WorkItem& a, const WorkItem& b) {
    if (a.pass != b.pass) return a.pass < b.pass;
    if (a.size != b.size) return a.size > b.size;
    return a.path < b.path;
  });

  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::max(1, std::min<int>(threads, static_cast<int>(std::max<size_t>(1, work.size()))));
  report->threads = threads;

  // Per worker, per detector state; per worker aggregates when any detector reads them.
  std::vector<std::vector<std::unique_ptr<DetectorState>>> states(threads);
  for (auto& per_worker : states)
    for (const auto& d : detectors) per_worker.push_back(d->NewState());
  bool need_aggregates = std::any_of(detectors.begin(), detectors.end(),
                                     [](const auto& d) { return d->NeedsAggregates(); });
  // The cap: the orgs' fair shares (deterministic admission, OrgShares) and
  // the cross-org tables' part.
  uint64_t cap = options.aggregates.memory_cap_bytes;
  MemoryBudget budget(SharedStateCap(cap));
  OrgShares shares(OrgStateCap(cap), orgs.size());
  std::vector<std::unique_ptr<Aggregates>> aggregates(threads);
  if (need_aggregates)
    for (auto& a : aggregates) a = std::make_unique<Aggregates>(options.aggregates, budget, &shares);
  // Host roles (detect/roles/), when a detector reads them: one observer per worker.
  bool need_roles = std::any_of(detectors.begin(), detectors.end(), [](const auto& d) { return d->NeedsHostRoles(); });
  std::vector<std::unique_ptr<RoleObserver>> observers(threads);
  if (need_roles)
    for (auto& o : observers) o = std::make_unique<RoleObserver>();

  // Data health: the times of each org's records, per worker.
  std::vector<HealthObserver> health(threads, HealthObserver(orgs.size()));
  std::vector<FileResult> results(work.size());
  Progress progress(options.progress, work.size(), total_bytes);
  auto t_read = std::chrono::steady_clock::now();

  // Org affinity: when the orgs spread evenly over the workers, each org is
  // read by one worker only, so the workers' behavioural states hold disjoint
  // orgs and are adopted, not merged (no re-insertion of millions of pairs,
  // no duplicate state while reading). One big org and a few small ones fall
  // back to sharing files.
  std::vector<int> owner =
      need_aggregates && options.org_affinity ? AssignOrgs(work, orgs.size(), threads) : std::vector<int>();
  report->org_affinity = !owner.empty();
  auto run_pass = [&](size_t begin, size_t end) {
    std::atomic<size_t> next{begin};
    std::vector<std::vector<size_t>> queues(threads);
    if (!owner.empty())
      for (size_t i = begin; i < end; ++i) queues[owner[work[i].org]].push_back(i);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        Fanout fanout(states[t], detectors, aggregates[t].get(), observers[t].get(), &health[t]);
        size_t own = 0;
        for (;;) {
          size_t i = owner.empty() ? next.fetch_add(1) : own < queues[t].size() ? queues[t][own++] : end;
          if (i >= end) break;
          const WorkItem& item = work[i];
          fanout.set_org(&orgs[item.org]);
          FileResult& r = results[i];
          r.path = item.path;
          r.org = orgs[item.org].name;
          r.stats = ReadZeekLogFile(item.path, fanout, diag, options.max_line, progress.bytes());
          progress.FileDone();
        }
      });
    }
    for (auto& th : pool) th.join();
  };
  size_t split = static_cast<size_t>(
      std::find_if(work.begin(), work.end(), [](const WorkItem& w) { return w.pass == 1; }) - work.begin());
  run_pass(0, split);
  for (size_t d = 0; d < detectors.size(); ++d) {
    if (!states[0][d]) continue;
    std::vector<DetectorState*> per_detector;
    for (auto& per_worker : states) per_detector.push_back(per_worker[d].get());
    detectors[d]->EndFirstPass(per_detector);
  }
  run_pass(split, work.size());
  progress.Finish();
  report->read_seconds = Since(t_read);

  // 4. Merge worker states and aggregates, collect findings.
  auto t_analysis = std::chrono::steady_clock::now();
  if (need_aggregates) {
    for (int t = 1; t < threads; ++t) aggregates[0]->Merge(*aggregates[t], report->org_affinity);
    aggregates[0]->Finish();
    report->state = StateSummary(*aggregates[0], cap, budget, orgs);
  }
  if (need_roles) {
    for (int t = 1; t < threads; ++t) observers[0]->Merge(*observers[t]);
    report->roles = std::make_shared<const HostRoles>(InferRoles(observers[0]->behaviours(), RoleParams{}));
  }
  AnalysisContext context{orgs, aggregates[0].get(), &report->warninglists, report->roles.get()};
  // Detectors analyse independently (read-only context): in parallel, each
  // into its own slot, joined in registry order.
  std::vector<std::vector<Finding>> found(detectors.size());
  {
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < std::min<int>(threads, static_cast<int>(detectors.size())); ++t)
      pool.emplace_back([&] {
        for (size_t d; (d = next.fetch_add(1)) < detectors.size();) {
          DetectorState* merged = states[0][d].get();
          if (merged)
            for (int w = 1; w < threads; ++w) merged->Merge(*states[w][d]);
          found[d] = detectors[d]->Findings(merged, context);
        }
      });
    for (auto& th : pool) th.join();
  }
  for (size_t d = 0; d < detectors.size(); ++d) {
    if (detectors[d]->spec().name == "intel") {
      report->suppressed = IntelSuppressedCounts(*states[0][d]);
      report->intel_port_mismatches = IntelPortMismatches(*states[0][d]);
      std::vector<uint64_t> unattributed = IntelUnattributedCounts(*states[0][d]);
      for (size_t o = 0; o < unattributed.size() && o < orgs.size(); ++o)
        if (unattributed[o] > 0) {
          report->intel_unattributed[orgs[o].name] = unattributed[o];
          diag.Note(orgs[o].name, std::to_string(unattributed[o]) +
                                      " intel match(es) with no internal party, attributed to no host "
                                      "(run.json intel.unattributed_matches; configure the org's home networks)");
        }
    }
    report->findings.insert(report->findings.end(), std::make_move_iterator(found[d].begin()),
                            std::make_move_iterator(found[d].end()));
  }
  std::sort(report->findings.begin(), report->findings.end(), FindingLess);
  SetAside(report->findings, options.set_aside, report->set_aside);
  // Correlation: within each org the ransomware kill chain's incidents, then
  // across orgs the campaigns and the hosts their derived indicators reach.
  auto t_correlation = std::chrono::steady_clock::now();
  // Host verdicts first: each finding's severity is its host's fused
  // evidence, and the kill chain counts only stages strong on their own.
  SpecificDetectors specific;
  for (const auto& d : detectors)
    if (d->spec().specific) specific.insert(d->spec().name);
  std::vector<HostVerdict> own_evidence = BuildVerdicts(report->findings, specific);
  ApplyVerdicts(report->findings, own_evidence);
  for (Finding& k : BuildKillChains(report->findings, specific)) report->findings.push_back(std::move(k));
  CampaignResult campaigns = BuildCampaigns(report->findings, orgs, aggregates[0].get(), report->intel);
  for (Finding& f : campaigns.pivots) report->findings.push_back(std::move(f));
  // The final verdicts also weigh the campaigns (and their pivots) and the
  // hosts judged hostile on their own evidence.
  VerdictContext verdict_context;
  verdict_context.campaigns = CampaignTies(campaigns.campaigns);
  verdict_context.hostile = HostileHosts(own_evidence);
  report->verdicts = BuildVerdicts(report->findings, specific, {}, verdict_context);
  ApplyVerdicts(report->findings, report->verdicts);
  report->campaigns = std::move(campaigns.campaigns);
  // Incident reports: their identifiers, linked to each other and to campaigns.
  FamilyNames families;
  if (!options.ransomware_families.empty()) {
    auto text = ReadFileToString(options.ransomware_families);
    std::string error;
    if (text.ok()) families = FamilyNames::FromGalaxy(*text, &error);
    else error = text.status().message();
    if (!error.empty()) diag.FileProblem(options.ransomware_families, error);
  }
  report->incidents = LoadIncidents(options.orgs, families, diag);
  LinkIncidents(report->incidents, report->campaigns);
  report->correlation_seconds = Since(t_correlation);
  std::sort(report->findings.begin(), report->findings.end(), FindingLess);
  report->analysis_seconds = Since(t_analysis);

  // 5. Totals.
  std::sort(results.begin(), results.end(), [](const FileResult& a, const FileResult& b) { return a.path < b.path; });
  for (const FileResult& r : results) {
    const FileReadStats& s = r.stats;
    auto org = std::find_if(report->orgs.begin(), report->orgs.end(), [&](const OrgTotals& o) { return o.name == r.org; });
    ++org->files;
    org->records += s.records;
    org->bytes += s.bytes;
    org->malformed += s.malformed;
    org->incomplete += s.incomplete;
    if (s.skipped) {
      ++report->files_skipped;
    } else {
      ++report->files_read;
      ++org->files_read;
      LogTotals& lt = report->by_log[s.log_path.empty() ? "(unnamed)" : s.log_path];
      ++lt.files;
      lt.records += s.records;
      lt.bytes += s.bytes;
    }
    report->lines += s.lines;
    report->records += s.records;
    report->malformed += s.malformed;
    report->incomplete += s.incomplete;
    report->bytes += s.bytes;
    report->file_bytes += s.file_bytes;
  }
  report->files = std::move(results);
  for (int t = 1; t < threads; ++t) health[0].Merge(health[t]);
  health[0].Settle();
  std::vector<std::string> org_names;
  for (const OrgContext& o : orgs) org_names.push_back(o.name);
  std::vector<const DetectorSpec*> specs;
  for (const auto& d : detectors) specs.push_back(&d->spec());
  report->health = BuildHealth(org_names, report->files, health[0], specs);
  report->wall_seconds = Since(t_start);
  if (options.keep_state_at_exit) {
    static auto* kept = new std::vector<std::unique_ptr<Aggregates>>();
    for (auto& a : aggregates) kept->push_back(std::move(a));
  }
  return report;
}

}  // namespace dragnet
