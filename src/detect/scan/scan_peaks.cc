#include "detect/scan/scan_peaks.h"

#include <algorithm>

namespace dragnet {
namespace {

constexpr int64_t kDayUs = 86'400'000'000;

// The most distinct values inside any window; `events` (time, value) sorted by time.
template <typename V>
uint64_t PeakDistinct(const std::vector<std::pair<int64_t, V>>& events, double window_s) {
  std::map<V, int> in_window;
  uint64_t peak = 0;
  size_t left = 0;
  for (size_t right = 0; right < events.size(); ++right) {
    ++in_window[events[right].second];
    while (static_cast<double>(events[right].first - events[left].first) > window_s * 1e6) {
      if (--in_window[events[left].second] == 0) in_window.erase(events[left].second);
      ++left;
    }
    peak = std::max<uint64_t>(peak, in_window.size());
  }
  return peak;
}

// The most events inside any window, and the days (of the window's last
// event) on which `threshold` was reached.
uint64_t PeakCount(const std::vector<int64_t>& times, double window_s, uint64_t threshold, std::set<int64_t>& days) {
  uint64_t peak = 0;
  size_t left = 0;
  for (size_t right = 0; right < times.size(); ++right) {
    while (static_cast<double>(times[right] - times[left]) > window_s * 1e6) ++left;
    uint64_t n = right - left + 1;
    peak = std::max(peak, n);
    if (n >= threshold) days.insert(times[right] / kDayUs);
  }
  return peak;
}

template <typename K>
std::vector<std::pair<K, uint64_t>> MostFirst(const std::map<K, std::set<uint64_t>>& m) {
  std::vector<std::pair<K, uint64_t>> out;
  for (const auto& [k, values] : m) out.emplace_back(k, values.size());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

uint64_t IpKey(const Ip& ip) {
  // Distinctness only: the text is exact for IPv4 and IPv6 alike.
  uint64_t h = 1469598103934665603ull;
  for (char c : ip.ToString()) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  return h;
}

}  // namespace

ScanPeaks FindScanPeaks(const std::map<int64_t, std::vector<Probe>>& days, const std::vector<EnumCall>& calls,
                        const ScanParams& p) {
  ScanPeaks peaks;
  std::set<int64_t> scan_days;
  for (const auto& [day, probes] : days) {
    std::map<uint16_t, std::vector<std::pair<int64_t, Ip>>> by_port;
    std::map<Ip, std::vector<std::pair<int64_t, uint16_t>>> by_host;
    for (const Probe& probe : probes) {
      by_port[probe.port].emplace_back(probe.ts, probe.dest);
      by_host[probe.dest].emplace_back(probe.ts, probe.port);
    }
    bool scanned = false;
    for (const auto& [port, events] : by_port) {
      uint64_t n = PeakDistinct(events, p.window_s);
      if (n > peaks.hosts) {
        peaks.hosts = n;
        peaks.hosts_port = port;
      }
      scanned = scanned || n >= p.min_hosts;
    }
    for (const auto& [host, events] : by_host) {
      uint64_t n = PeakDistinct(events, p.window_s);
      if (n > peaks.ports) {
        peaks.ports = n;
        peaks.ports_host = host;
      }
      scanned = scanned || n >= p.min_ports;
    }
    if (scanned) scan_days.insert(day);
  }
  std::vector<int64_t> rpc, ldap;
  for (const EnumCall& c : calls) (c.kind == 5 ? ldap : rpc).push_back(c.ts);
  peaks.rpc_calls = PeakCount(rpc, p.window_s, p.min_enum_calls, scan_days);
  peaks.ldap = PeakCount(ldap, p.window_s, p.min_ldap_searches, scan_days);
  peaks.scan_days = scan_days.size();
  peaks.has_scan = peaks.hosts >= p.min_hosts || peaks.ports >= p.min_ports || peaks.EnumRatio(p) >= 1;
  return peaks;
}

ScanTally TallyScan(const std::map<int64_t, std::vector<Probe>>& days, const std::vector<EnumCall>& calls) {
  ScanTally t;
  std::map<uint16_t, std::set<uint64_t>> port_hosts;
  std::map<Ip, std::set<uint64_t>> host_ports;
  for (const auto& [day, probes] : days) {
    for (const Probe& probe : probes) {
      t.hosts.insert(probe.dest);
      t.ports.insert(probe.port);
      port_hosts[probe.port].insert(IpKey(probe.dest));
      host_ports[probe.dest].insert(probe.port);
    }
  }
  for (const EnumCall& c : calls) t.hosts.insert(c.dest);
  t.by_port = MostFirst(port_hosts);
  t.by_host = MostFirst(host_ports);
  return t;
}

}  // namespace dragnet
