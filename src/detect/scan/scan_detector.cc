#include "detect/scan/scan_detector.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/scan/scan_notices.h"
#include "detect/scan/scan_peaks.h"

namespace dragnet {
namespace {

constexpr size_t kMaxProbesPerDay = 4096;  // distinct (host, port) per source and UTC day: the earliest kept
constexpr size_t kMaxCalls = 8192;         // enumeration calls per source: the earliest kept
constexpr size_t kMaxListed = 20;          // ports and hosts listed in the evidence
constexpr size_t kMaxPeers = 256;
constexpr int64_t kDayUs = 86'400'000'000;

// Keeps the earliest `cap` of `v` in a total order (the same whatever the threads).
template <typename T>
void Trim(std::vector<T>& v, size_t cap) {
  std::sort(v.begin(), v.end());
  if (v.size() > cap) v.resize(cap);
}
template <typename T>
void Add(std::vector<T>& v, const T& item, size_t cap) {
  v.push_back(item);
  if (v.size() >= 2 * cap) Trim(v, cap);
}

// One day's failed probes of a source: the first time each (host, port) was
// probed, so retries to one dead service are one entry.
class DayProbes {
 public:
  void Add(const Probe& p) {
    auto [it, added] = first_.try_emplace({p.dest, p.port}, p.ts);
    if (!added) it->second = std::min(it->second, p.ts);
    if (first_.size() >= 2 * kMaxProbesPerDay) Trim();
  }
  void Merge(const DayProbes& other) {
    for (const auto& [key, ts] : other.first_) Add(Probe{ts, key.first, key.second});
  }
  // The earliest kMaxProbesPerDay, sorted (the same whatever the threads:
  // a (host, port) dropped by one worker had that many earlier ones).
  std::vector<Probe> Sorted() const {
    std::vector<Probe> out;
    out.reserve(first_.size());
    for (const auto& [key, ts] : first_) out.push_back(Probe{ts, key.first, key.second});
    std::sort(out.begin(), out.end());
    if (out.size() > kMaxProbesPerDay) out.resize(kMaxProbesPerDay);
    return out;
  }

 private:
  void Trim() {
    std::vector<Probe> kept = Sorted();
    first_.clear();
    for (const Probe& p : kept) first_.emplace(std::make_pair(p.dest, p.port), p.ts);
  }
  absl::flat_hash_map<std::pair<Ip, uint16_t>, int64_t> first_;
};

struct SourceScan {
  std::map<int64_t, DayProbes> days;  // UTC day -> failed probes
  std::vector<EnumCall> calls;
  uint64_t probes_total = 0;
  std::array<uint64_t, 6> calls_total{};  // by EnumCall::kind (5: LDAP search)
  bool external = false;
};

class ScanState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override {
    if (side_.OnRecord(org, r)) return;  // notice.log, dhcp.log
    const std::string& log = r.schema().path();
    if (log == "conn") {
      const auto& f = conn_.Resolve(r.schema());
      if (r.Text(f[3]) != "tcp") return;
      if (!IsFailedProbe(r.Text(f[4]), r.GetCount(f[5]), r.GetCount(f[6]))) return;
      auto from = r.GetIp(f[0]), to = r.GetIp(f[1]);
      auto port = r.GetCount(f[2]);
      if (!from || !to || !port || *port > 65535) return;
      auto local = r.GetBool(f[7]);
      SourceScan& s = Source(org, *from, local ? static_cast<int>(*local) : -1);
      ++s.probes_total;
      int64_t ts = r.ts().micros();
      s.days[ts >= 0 ? ts / kDayUs : -1].Add(Probe{ts, *to, static_cast<uint16_t>(*port)});
    } else if (log == "dce_rpc" || log == "ldap_search") {
      const auto& f = rpc_.Resolve(r.schema());
      int kind = log == "ldap_search" ? 5 : EnumerationKind(r.Text(f[2]), r.Text(f[3]));
      if (kind == 0) return;
      auto from = r.GetIp(f[0]), to = r.GetIp(f[1]);
      if (!from || !to) return;
      SourceScan& s = Source(org, *from, -1);
      ++s.calls_total[kind];
      Add(s.calls, EnumCall{r.ts().micros(), *to, static_cast<uint8_t>(kind)}, kMaxCalls);
    }
  }
  void Merge(DetectorState& other_base) override {
    auto& other = static_cast<ScanState&>(other_base);
    for (auto& [key, o] : other.sources_) {
      SourceScan& s = sources_[key];
      for (const auto& [day, probes] : o.days) s.days[day].Merge(probes);
      for (const EnumCall& c : o.calls) Add(s.calls, c, kMaxCalls);
      s.probes_total += o.probes_total;
      for (size_t i = 0; i < s.calls_total.size(); ++i) s.calls_total[i] += o.calls_total[i];
      s.external = s.external || o.external;
    }
    other.sources_.clear();
    side_.Merge(other.side_);
  }
  absl::flat_hash_map<HostKey, SourceScan>& sources() { return sources_; }
  const SideScans& side() const { return side_; }

 private:
  SourceScan& Source(const OrgContext& org, const Ip& ip, int local_hint) {
    SourceScan& s = sources_[HostKey{org.index, ip}];
    if (!org.IsInternal(ip, local_hint)) s.external = true;
    return s;
  }

  absl::flat_hash_map<HostKey, SourceScan> sources_;
  SideScans side_;
  FieldSet<8> conn_{{"id.orig_h", "id.resp_h", "id.resp_p", "proto", "conn_state", "orig_bytes", "resp_bytes",
                     "local_orig"}};
  FieldSet<4> rpc_{{"id.orig_h", "id.resp_h", "endpoint", "operation"}};
};

constexpr std::array<const char*, 6> kKindNames = {"", "samr", "lsarpc", "drsuapi_crack_names", "sessions_shares",
                                                   "ldap_search"};

class ScanDetector : public Detector {
 public:
  explicit ScanDetector(ScanParams p) : p_(p) {
    spec_.name = "scan";
    spec_.summary = "horizontal and vertical port scans and Active Directory enumeration bursts from one source";
    spec_.attack = {"T1018", "T1046", "T1069.002", "T1087.002", "T1135"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kRecon;
    spec_.containment =
        "Find the process behind the scan on the source; if it is not the org's own scanner, isolate the host.";
    spec_.logs_optional = {"conn", "dce_rpc", "ldap", "notice", "dhcp"};
    spec_.without_logs =
        "Port scans need conn, or Zeek's own scan notices in notice; directory enumeration needs dce_rpc (and ldap "
        "for LDAP floods); DHCP address scans need dhcp; with none it finds nothing.";
    using enum EvidenceType;
    spec_.evidence = {{"direction", kString},
                      {"window_seconds", kNumber},
                      {"failed_probes", kNumber},
                      {"peak_hosts_on_one_port", kNumber},
                      {"peak_port", kNumber, false},
                      {"peak_ports_on_one_host", kNumber},
                      {"peak_host", kString, false},
                      {"scan_days", kNumber},
                      {"routine", kBool},
                      {"hosts_total", kNumber},
                      {"ports_total", kNumber},
                      {"ports", kArray},
                      {"targets", kArray},
                      {"enumeration", kObject},
                      {"zeek_notices", kArray, false},
                      {"dhcp_requests", kObject, false}};
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<ScanState>(); }
  bool WantsField(std::string_view log, std::string_view f) const override {
    if (log == "conn")
      return f == "id.orig_h" || f == "id.resp_h" || f == "id.resp_p" || f == "proto" || f == "conn_state" ||
             f == "orig_bytes" || f == "resp_bytes" || f == "local_orig";
    if (log == "dce_rpc") return f == "id.orig_h" || f == "id.resp_h" || f == "endpoint" || f == "operation";
    if (log == "ldap_search") return f == "id.orig_h" || f == "id.resp_h";
    return SideScans::WantsField(log, f);
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    auto* state = static_cast<ScanState*>(merged);
    std::map<HostKey, SourceScan*> ordered;
    for (auto& [k, s] : state->sources()) ordered[k] = &s;
    for (auto& [key, s] : ordered) {
      std::map<int64_t, std::vector<Probe>> days;
      for (const auto& [day, probes] : s->days) days[day] = probes.Sorted();
      Trim(s->calls, kMaxCalls);
      ScanPeaks peaks = FindScanPeaks(days, s->calls, p_);
      if (!peaks.any()) continue;
      ScanTally tally = TallyScan(days, s->calls);
      ScanDirection direction = Direction(ctx.orgs[key.org], *s, tally);
      double score = ScanScore(static_cast<double>(peaks.hosts) / p_.min_hosts,
                               static_cast<double>(peaks.ports) / p_.min_ports, peaks.EnumRatio(p_), direction);
      if (score < p_.min_score) continue;
      // A routine scanner is reported all the same, lower.
      bool routine = peaks.scan_days >= p_.routine_days;
      if (routine) score = RoundScore(score * p_.routine_factor);
      out.push_back(MakeFinding(ctx, key, *s, days, peaks, tally, direction, routine, score));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    state->side().Apply(ctx, p_, out);
    return out;
  }

 private:
  static ScanDirection Direction(const OrgContext& org, const SourceScan& s, const ScanTally& tally) {
    if (s.external) return ScanDirection::kInbound;
    size_t external = 0, probed = 0;
    for (const auto& [ip, ports] : tally.by_host) {
      ++probed;
      if (!org.IsInternal(ip)) ++external;
    }
    return external * 2 > probed ? ScanDirection::kOutbound : ScanDirection::kInternal;
  }
  Finding MakeFinding(const AnalysisContext& ctx, const HostKey& key, const SourceScan& s,
                      const std::map<int64_t, std::vector<Probe>>& days, const ScanPeaks& peaks,
                      const ScanTally& tally, ScanDirection direction, bool routine, double score) const;
  std::string Evidence(const SourceScan& s, const ScanPeaks& peaks, const ScanTally& tally, ScanDirection direction,
                       bool routine) const;

  ScanParams p_;
  DetectorSpec spec_;
};

// The finding's evidence: the peaks, scan days, the most probed ports and
// hosts, enumeration calls by kind.
std::string ScanDetector::Evidence(const SourceScan& s, const ScanPeaks& peaks, const ScanTally& tally,
                                   ScanDirection direction, bool routine) const {
  JsonWriter w;
  w.BeginObject();
  w.Key("direction").String(ScanDirectionName(direction));
  w.Key("window_seconds").Double(p_.window_s, 0);
  w.Key("failed_probes").Uint(s.probes_total);
  w.Key("peak_hosts_on_one_port").Uint(peaks.hosts);
  if (peaks.hosts) w.Key("peak_port").Uint(peaks.hosts_port);
  w.Key("peak_ports_on_one_host").Uint(peaks.ports);
  if (peaks.ports) w.Key("peak_host").String(peaks.ports_host.ToString());
  w.Key("scan_days").Uint(peaks.scan_days);
  w.Key("routine").Bool(routine);
  w.Key("hosts_total").Uint(tally.by_host.size());
  w.Key("ports_total").Uint(tally.ports.size());
  w.Key("ports").BeginArray();
  for (size_t i = 0; i < tally.by_port.size() && i < kMaxListed; ++i)
    w.BeginObject().Key("port").Uint(tally.by_port[i].first).Key("hosts").Uint(tally.by_port[i].second).EndObject();
  w.EndArray();
  w.Key("targets").BeginArray();
  for (size_t i = 0; i < tally.by_host.size() && i < kMaxListed; ++i)
    w.BeginObject()
        .Key("host")
        .String(tally.by_host[i].first.ToString())
        .Key("ports")
        .Uint(tally.by_host[i].second)
        .EndObject();
  w.EndArray();
  w.Key("enumeration").BeginObject();
  for (size_t k = 1; k < kKindNames.size(); ++k)
    if (s.calls_total[k]) w.Key(kKindNames[k]).Uint(s.calls_total[k]);
  w.EndObject();
  w.EndObject();
  return w.Take();
}

Finding ScanDetector::MakeFinding(const AnalysisContext& ctx, const HostKey& key, const SourceScan& s,
                                  const std::map<int64_t, std::vector<Probe>>& days, const ScanPeaks& peaks,
                                  const ScanTally& tally, ScanDirection direction, bool routine, double score) const {
  std::vector<std::string> indicators, attack;
  std::vector<std::string> parts;
  if (peaks.hosts >= p_.min_hosts) {
    indicators.push_back("horizontal-scan");
    attack.insert(attack.end(), {"T1046", "T1018"});
    parts.push_back(fmt::format("probed port {} on {} hosts within {} (horizontal scan)", peaks.hosts_port, peaks.hosts,
                                HumanDuration(p_.window_s)));
  }
  if (peaks.ports >= p_.min_ports) {
    indicators.push_back("vertical-scan");
    attack.push_back("T1046");
    parts.push_back(fmt::format("probed {} ports of {} within {} (vertical scan)", peaks.ports, peaks.ports_host.ToString(),
                                HumanDuration(p_.window_s)));
  }
  if (peaks.EnumRatio(p_) >= 1) {
    indicators.push_back("ad-enumeration");
    attack.insert(attack.end(), {"T1087.002", "T1069.002"});
    if (s.calls_total[4]) attack.push_back("T1135");
    std::string kinds;
    for (size_t k = 1; k < kKindNames.size(); ++k)
      if (s.calls_total[k]) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", kKindNames[k], s.calls_total[k]);
    parts.push_back(fmt::format("made {} directory enumeration calls within {} ({})",
                                std::max(peaks.rpc_calls, peaks.ldap), HumanDuration(p_.window_s), kinds));
  }
  std::sort(attack.begin(), attack.end());
  attack.erase(std::unique(attack.begin(), attack.end()), attack.end());
  std::vector<int64_t> times;
  for (const auto& [day, probes] : days)
    for (const Probe& p : probes) times.push_back(p.ts);
  for (const EnumCall& c : s.calls) times.push_back(c.ts);
  auto [first, last] = std::minmax_element(times.begin(), times.end());
  Finding f = NewFinding(ctx, key.org, key.host, "scan", score, indicators, *first, *last, attack);
  for (const Ip& ip : tally.hosts)
    if (f.peers.size() < kMaxPeers && ip != key.host && ctx.orgs[key.org].IsInternal(ip)) f.peers.push_back(ip);
  std::string joined;
  for (const auto& part : parts) joined += (joined.empty() ? "" : "; ") + part;
  std::string probes = s.probes_total == 0 ? ""
                       : fmt::format("; {} failed probes of {} host{} on {} port{} in all", Thousands(s.probes_total),
                                     tally.by_host.size(), tally.by_host.size() == 1 ? "" : "s", tally.ports.size(),
                                     tally.ports.size() == 1 ? "" : "s");
  f.summary = fmt::format("{}{} {}{}{}", key.host.ToString(), s.external ? " (outside)" : "", joined, probes,
                          routine ? fmt::format(" -- routine scanner? it scanned on {} days of the run", peaks.scan_days)
                                  : "");
  f.evidence_json = Evidence(s, peaks, tally, direction, routine);
  return f;
}

}  // namespace

std::vector<ParamBinding> Bindings(ScanParams& p) {
  return {
      {"min_hosts", &p.min_hosts, "distinct hosts probed on one port within the window (horizontal scan)",
       NumberRange::AtLeast(2)},
      {"min_ports", &p.min_ports, "distinct ports probed on one host within the window (vertical scan)",
       NumberRange::AtLeast(2)},
      {"min_enum_calls", &p.min_enum_calls, "SAMR/LSARPC/DRSUAPI/SRVSVC enumeration calls within the window",
       NumberRange::AtLeast(1)},
      {"min_ldap_searches", &p.min_ldap_searches, "LDAP searches within the window", NumberRange::AtLeast(1)},
      {"min_dhcp_addresses", &p.min_dhcp_addresses,
       "distinct addresses one client REQUESTs by DHCP within the window (DHCP address scan)", NumberRange::AtLeast(2)},
      {"window_s", &p.window_s, "the sliding window, seconds", NumberRange::Positive()},
      {"routine_days", &p.routine_days, "days with a scan that make a source a routine scanner",
       NumberRange::AtLeast(2)},
      {"routine_factor", &p.routine_factor, "score factor for a routine scanner", NumberRange::Unit()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewScanDetector(ScanParams params) { return std::make_unique<ScanDetector>(params); }

}  // namespace dragnet
