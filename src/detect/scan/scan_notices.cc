#include "detect/scan/scan_notices.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"

namespace dragnet {
namespace {

constexpr size_t kMaxTargets = 256;   // notice `dst`s kept per source
constexpr size_t kMaxDhcp = 4096;     // DHCP requests kept per source: the earliest
constexpr size_t kMaxListed = 20;

template <typename T>
void KeepEarliest(std::vector<T>& v, size_t cap) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  if (v.size() > cap) v.resize(cap);
}

bool IsPortScanNote(std::string_view note) { return note == "Scan::Port_Scan"; }

// The largest number of distinct addresses requested inside any window.
uint64_t PeakDistinctAddresses(const std::vector<std::pair<int64_t, Ip>>& requests, double window_s) {
  std::map<Ip, int> in_window;
  uint64_t peak = 0;
  size_t left = 0;
  for (size_t right = 0; right < requests.size(); ++right) {
    ++in_window[requests[right].second];
    while (static_cast<double>(requests[right].first - requests[left].first) > window_s * 1e6) {
      if (--in_window[requests[left].second] == 0) in_window.erase(requests[left].second);
      ++left;
    }
    peak = std::max<uint64_t>(peak, in_window.size());
  }
  return peak;
}

// What the notices and DHCP requests of one source add up to.
struct SideVerdict {
  uint64_t hosts = 0, ports = 0, dhcp_peak = 0;
  ScanDirection direction = ScanDirection::kInternal;
  double notice_score = 0, dhcp_score = 0;
  double score() const { return std::max(notice_score, dhcp_score); }
};

SideVerdict Judge(const OrgContext& org, const SideScan& s, const ScanParams& p) {
  SideVerdict v;
  for (const auto& [note, k] : s.notes) {
    uint64_t& peak = IsPortScanNote(note) ? v.ports : v.hosts;
    peak = std::max(peak, k.count);
  }
  bool outside_target = std::any_of(s.notice_targets.begin(), s.notice_targets.end(),
                                    [&](const Ip& ip) { return !org.IsInternal(ip); });
  v.direction = s.external                                ? ScanDirection::kInbound
                : s.remote_victims || outside_target ? ScanDirection::kOutbound
                                                          : ScanDirection::kInternal;
  if (!s.notes.empty())
    v.notice_score = ScanScore(static_cast<double>(v.hosts) / p.min_hosts, static_cast<double>(v.ports) / p.min_ports,
                               0, v.direction);
  v.dhcp_peak = PeakDistinctAddresses(s.dhcp, p.window_s);
  v.dhcp_score = DhcpScanScore(static_cast<double>(v.dhcp_peak) / p.min_dhcp_addresses);
  return v;
}

void WriteSideEvidence(JsonWriter& w, const SideScan& s, const SideVerdict& v) {
  if (!s.notes.empty()) WriteNotices(w, s.notes);
  if (s.dhcp_requests) {
    w.Key("dhcp_requests").BeginObject();
    w.Key("requests").Uint(s.dhcp_requests).Key("peak_addresses").Uint(v.dhcp_peak);
    std::set<Ip> addresses;
    for (const auto& [ts, ip] : s.dhcp) addresses.insert(ip);
    w.Key("addresses").BeginArray();
    size_t listed = 0;
    for (const Ip& ip : addresses)
      if (listed++ < kMaxListed) w.String(ip.ToString());
    w.EndArray();
    w.EndObject();
  }
}

std::string SideSummary(const SideScan& s, const SideVerdict& v, const ScanParams& p) {
  std::vector<std::string> parts;
  if (!s.notes.empty()) parts.push_back(NoticesText(s.notes));
  if (v.dhcp_score > 0) {
    std::set<Ip> addresses;
    for (const auto& [ts, ip] : s.dhcp) addresses.insert(ip);
    parts.push_back(fmt::format("REQUESTed {} distinct addresses by DHCP within {} ({} to {}: a DHCP address scan)",
                                v.dhcp_peak, HumanDuration(p.window_s), addresses.begin()->ToString(),
                                addresses.rbegin()->ToString()));
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

// `evidence` (a JSON object) with the side evidence added before its end.
void AppendEvidence(std::string& evidence, const SideScan& s, const SideVerdict& v) {
  JsonWriter w;
  w.BeginObject();
  WriteSideEvidence(w, s, v);
  w.EndObject();
  std::string extra = w.Take();
  if (extra.size() <= 2 || evidence.size() < 2 || evidence.back() != '}') return;
  evidence.pop_back();
  evidence += (evidence.size() > 1 ? "," : "") + extra.substr(1);
}

}  // namespace

bool IsScanNote(std::string_view note) {
  return note.starts_with("Scan::") || (note.starts_with("ICMP::") && note.ends_with("Scan"));
}

double DhcpScanScore(double ratio) {
  if (ratio < 1) return 0;
  return RoundScore(0.5 + std::min(0.3, 0.15 * std::log10(ratio)));
}

SideScan& SideScans::Source(const OrgContext& org, const Ip& ip, int64_t ts) {
  SideScan& s = sources_[HostKey{org.index, ip}];
  if (!org.IsInternal(ip)) s.external = true;
  s.first_us = std::min(s.first_us, ts);
  s.last_us = std::max(s.last_us, ts);
  return s;
}

bool SideScans::OnRecord(const OrgContext& org, const Record& r) {
  const std::string& log = r.schema().path();
  if (log == "notice") OnNotice(org, r);
  else if (log == "dhcp") OnDhcp(org, r);
  else return false;
  return true;
}

void SideScans::OnNotice(const OrgContext& org, const Record& r) {
  const auto& f = notice_.Resolve(r.schema());
  std::string_view note = r.Text(f[0]);
  if (!IsScanNote(note)) return;
  auto src = r.GetIp(f[3]);
  if (!src) return;
  int64_t ts = r.ts().micros();
  SideScan& s = Source(org, *src, ts);
  uint64_t count = NoticeCount(r.GetCount(f[6]), r.Text(f[1]));
  NoticeKind& k = s.notes[std::string(note)];
  if (k.Better(count, ts, r.Text(f[1]))) {
    k.count = count;
    k.ts = ts;
    k.msg = r.Text(f[1]);
    k.sub = r.Text(f[2]);
    auto port = r.GetCount(f[5]);
    k.port = port && *port <= 65535 ? static_cast<uint16_t>(*port) : 0;
  }
  ++k.notices;
  if (r.Text(f[2]) == "remote") s.remote_victims = true;
  if (auto dst = r.GetIp(f[4])) {
    s.notice_targets.push_back(*dst);
    if (s.notice_targets.size() >= 2 * kMaxTargets) KeepEarliest(s.notice_targets, kMaxTargets);
  }
}

void SideScans::OnDhcp(const OrgContext& org, const Record& r) {
  const auto& f = dhcp_.Resolve(r.schema());
  bool request = false;
  r.ForEach(f[2], [&](std::string_view t) { request = request || t == "REQUEST"; });
  auto client = r.GetIp(f[0]), requested = r.GetIp(f[1]);
  if (!request || !client || !requested) return;
  int64_t ts = r.ts().micros();
  SideScan& s = Source(org, *client, ts);
  ++s.dhcp_requests;
  s.dhcp.emplace_back(ts, *requested);
  if (s.dhcp.size() >= 2 * kMaxDhcp) KeepEarliest(s.dhcp, kMaxDhcp);
}

void SideScans::Merge(SideScans& other) {
  for (auto& [key, o] : other.sources_) {
    SideScan& s = sources_[key];
    for (auto& [note, k] : o.notes) s.notes[note].Merge(k);
    s.notice_targets.insert(s.notice_targets.end(), o.notice_targets.begin(), o.notice_targets.end());
    KeepEarliest(s.notice_targets, kMaxTargets);
    s.remote_victims = s.remote_victims || o.remote_victims;
    s.dhcp.insert(s.dhcp.end(), o.dhcp.begin(), o.dhcp.end());
    if (s.dhcp.size() >= 2 * kMaxDhcp) KeepEarliest(s.dhcp, kMaxDhcp);
    s.dhcp_requests += o.dhcp_requests;
    s.first_us = std::min(s.first_us, o.first_us);
    s.last_us = std::max(s.last_us, o.last_us);
    s.external = s.external || o.external;
  }
  other.sources_.clear();
}

bool SideScans::WantsField(std::string_view log, std::string_view f) {
  if (log == "notice") return f == "note" || f == "msg" || f == "sub" || f == "src" || f == "dst" || f == "p" || f == "n";
  if (log == "dhcp") return f == "client_addr" || f == "requested_addr" || f == "msg_types";
  return false;
}

void SideScans::Apply(const AnalysisContext& ctx, const ScanParams& p, std::vector<Finding>& findings) const {
  std::map<HostKey, SideScan> ordered;
  for (const auto& [key, s] : sources_) {
    SideScan copy = s;
    KeepEarliest(copy.notice_targets, kMaxTargets);
    KeepEarliest(copy.dhcp, kMaxDhcp);
    ordered.emplace(key, std::move(copy));
  }
  for (const auto& [key, s] : ordered) {
    const OrgContext& org = ctx.orgs[key.org];
    SideVerdict v = Judge(org, s, p);
    if (v.score() <= 0) continue;
    std::vector<std::string> indicators, attack;
    if (!s.notes.empty() && v.notice_score > 0) {
      indicators.push_back("zeek-notice");
      attack.push_back("T1046");
      if (v.hosts >= p.min_hosts) attack.push_back("T1018");
    }
    if (v.dhcp_score > 0) {
      indicators.push_back("dhcp-scan");
      attack.push_back("T1018");
    }
    const Ip scanner = key.host;  // clang 14 cannot capture a structured binding
    auto it = std::find_if(findings.begin(), findings.end(),
                           [&](const Finding& f) { return f.org == org.name && f.host == scanner; });
    if (it == findings.end()) {
      if (v.score() < p.min_score) continue;
      if (v.hosts >= p.min_hosts) indicators.insert(indicators.begin(), "horizontal-scan");
      if (v.ports >= p.min_ports) indicators.insert(indicators.begin(), "vertical-scan");
      std::sort(attack.begin(), attack.end());
      attack.erase(std::unique(attack.begin(), attack.end()), attack.end());
      Finding f = NewFinding(ctx, key.org, key.host, "scan", v.score(), indicators, s.first_us, s.last_us, attack);
      for (const Ip& ip : s.notice_targets)
        if (ip != key.host && org.IsInternal(ip)) f.peers.push_back(ip);
      f.summary = fmt::format("{}{} {}", key.host.ToString(), s.external ? " (outside)" : "", SideSummary(s, v, p));
      JsonWriter w;
      w.BeginObject();
      w.Key("direction").String(ScanDirectionName(v.direction));
      w.Key("window_seconds").Double(p.window_s, 0);
      w.Key("failed_probes").Uint(0);
      w.Key("peak_hosts_on_one_port").Uint(v.hosts);
      w.Key("peak_ports_on_one_host").Uint(v.ports);
      w.Key("scan_days").Uint(0);
      w.Key("routine").Bool(false);
      w.Key("hosts_total").Uint(s.notice_targets.size());
      w.Key("ports_total").Uint(0);
      w.Key("ports").BeginArray().EndArray();
      w.Key("targets").BeginArray();
      for (size_t i = 0; i < s.notice_targets.size() && i < kMaxListed; ++i)
        w.BeginObject().Key("host").String(s.notice_targets[i].ToString()).EndObject();
      w.EndArray();
      w.Key("enumeration").BeginObject().EndObject();
      WriteSideEvidence(w, s, v);
      w.EndObject();
      f.evidence_json = w.Take();
      findings.push_back(std::move(f));
      continue;
    }
    // The source's conn-path finding: Zeek's word and the DHCP requests join it.
    Finding& f = *it;
    f.score = RoundScore(std::max(f.score, v.score()));
    f.severity = SeverityFromScore(f.score);
    for (auto& i : indicators)
      if (std::find(f.indicators.begin(), f.indicators.end(), i) == f.indicators.end()) f.indicators.push_back(i);
    for (auto& a : attack) f.attack.push_back(a);
    std::sort(f.attack.begin(), f.attack.end());
    f.attack.erase(std::unique(f.attack.begin(), f.attack.end()), f.attack.end());
    f.ts_first = Timestamp(std::min(f.ts_first.micros(), s.first_us));
    f.ts_last = Timestamp(std::max(f.ts_last.micros(), s.last_us));
    f.summary += "; " + SideSummary(s, v, p);
    AppendEvidence(f.evidence_json, s, v);
  }
  std::sort(findings.begin(), findings.end(), FindingLess);
}

}  // namespace dragnet
