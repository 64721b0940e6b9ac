#include "sim/simulate.h"
#include "sim/ransom_note.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "sim/activity.h"
#include "sim/catalogue_plan.h"
#include "sim/campaign_variants.h"
#include "sim/truth.h"

namespace dragnet {
namespace {

using namespace sim;
namespace fs = std::filesystem;
constexpr int64_t kHour = 3600LL * 1000000;

// One org's output files: one writer per log type, rotated hourly when asked.
class OrgWriters {
 public:
  OrgWriters(const SimulateOptions& o, std::string dir) : o_(o), dir_(std::move(dir)) {}

  // Local time names the archive folders and files, as Zeek's archiver does.
  void StartHour(int64_t local_hour_start_us) {
    if (o_.rotate) CloseAll(local_hour_start_us);
    local_hour_ = local_hour_start_us;
  }
  void Write(Log log, const std::string* values, int64_t utc_open) {
    auto& w = writers_[log];
    if (!w) {
      std::string path;
      if (o_.rotate) {
        int64_t s = local_hour_ / 1000000;
        int64_t hh = (s % 86400) / 3600;
        Timestamp t(local_hour_);
        std::string date = t.ToIso8601().substr(0, 10);
        fs::create_directories(fs::path(dir_) / date);
        path = (fs::path(dir_) / date /
                fmt::format("{}.{:02}:00:00-{:02}:00:00.log", LogName(log), hh, (hh + 1) % 24 == 0 ? 24 : hh + 1))
                   .string();
      } else {
        fs::create_directories(dir_);
        path = (fs::path(dir_) / fmt::format("{}.log", LogName(log))).string();
      }
      if (o_.gzip) path += ".gz";
      w = std::make_unique<ZeekLogWriter>(path, LogName(log), LogColumns(log),
                                          o_.json ? ZeekLogWriter::Format::kJson : ZeekLogWriter::Format::kTsv,
                                          o_.gzip, Timestamp(utc_open));
      ++files;
    }
    w->WriteRow(values);
    ++records;
  }
  void CloseAll(int64_t close_us) {
    for (auto& w : writers_) {
      if (!w) continue;
      Status s = w->Close(Timestamp(close_us));
      if (!s.ok() && status.ok()) status = s;
      bytes += w->bytes_written();
      w.reset();
    }
  }
  uint64_t files = 0, records = 0, bytes = 0;
  Status status;

 private:
  const SimulateOptions& o_;
  std::string dir_;
  int64_t local_hour_ = 0;
  std::array<std::unique_ptr<ZeekLogWriter>, kLogCount> writers_;
};

}  // namespace

Result<SimulateStats> Simulate(const SimulateOptions& options) {
  if (options.orgs < 1 || options.hours < 1 || options.hosts_per_org < 1)
    return Status::Error("simulate: --orgs, --hours and --hosts-per-org must be at least 1");
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) return Status::Error(options.out_dir + ": " + ec.message());
  auto t0 = std::chrono::steady_clock::now();
  World world = BuildWorld(options);
  Internet net = BuildInternet(options.seed);
  if (options.benign == BenignLife::kCatalogue) PlanCatalogue(world, net);
  std::vector<OrgState> states(world.orgs.size());
  const VariantPlan variants = PlanVariants(world);
  SimulateStats stats;
  std::mutex mu;
  Status failure;
  std::atomic<size_t> next{0};
  unsigned wanted = options.threads > 0 ? static_cast<unsigned>(options.threads) : std::thread::hardware_concurrency();
  unsigned threads = std::max(1u, std::min<unsigned>(wanted, world.orgs.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (;;) {
        size_t oi = next.fetch_add(1);
        if (oi >= world.orgs.size()) break;
        const Org& org = world.orgs[oi];
        // Each org draws from its own stream: output does not depend on threads.
        Rng rng = Rng(options.seed).Fork(1000 + oi);
        Rng variant_rng = Rng(options.seed).Fork(7000 + oi);  // its own stream: the rest is unchanged
        LogBuffer buffer;
        Emitter emitter(buffer, rng, org);
        if (world.catalogue_on()) emitter.SetUpstream(&world.catalogue[oi].dns);
        OrgWriters writers(options, (fs::path(options.out_dir) / org.name).string());
        int64_t tz = static_cast<int64_t>(org.tz_offset_hours) * kHour;
        for (int hour = 0; hour < options.hours; ++hour) {
          int64_t start = world.start_us + hour * kHour;
          int64_t local = start + tz;
          int64_t local_s = local / 1000000;
          int local_hour = static_cast<int>((local_s % 86400 + 86400) % 86400 / 3600);
          int weekday = static_cast<int>(((local_s / 86400) + 3) % 7);  // 1970-01-01 was a Thursday
          HourContext h{world, net, static_cast<int>(oi), start, local_hour, weekday,
                        weekday < 5 && local_hour >= org.work_start && local_hour < org.work_end};
          EmitBenignHour(emitter, h, states[oi]);
          EmitCampaignHour(emitter, h, states[oi]);
          EmitVariantsHour(buffer, variant_rng, h, variants, states[oi]);
          writers.StartHour(local);
          buffer.Flush([&](Log log, const std::string* values) { writers.Write(log, values, start); });
        }
        writers.CloseAll(world.start_us + options.hours * kHour);
        std::lock_guard<std::mutex> lock(mu);
        stats.files += writers.files;
        stats.records += writers.records;
        stats.bytes += writers.bytes;
        if (!writers.status.ok() && failure.ok()) failure = writers.status;
      }
    });
  }
  for (auto& t : pool) t.join();
  if (!failure.ok()) return failure;
  Status s = WriteTruth(world, states, options.out_dir);
  if (!s.ok()) return s;
  s = WriteSeedIntel(world, options.out_dir);
  if (!s.ok()) return s;
  s = WriteRansomNote(world, options.out_dir);
  if (!s.ok()) return s;
  if (world.ransom.org >= 0) stats.victim_org = world.orgs[world.ransom.org].name;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::set<std::pair<int, int>> hosts;
  std::set<int> orgs;
  for (size_t oi = 0; oi < states.size(); ++oi)
    for (const auto& st : states[oi].stages) {
      hosts.insert({static_cast<int>(oi), st.host});
      orgs.insert(static_cast<int>(oi));
    }
  stats.compromised_hosts = static_cast<int>(hosts.size());
  stats.compromised_orgs = static_cast<int>(orgs.size());
  return stats;
}

}  // namespace dragnet
