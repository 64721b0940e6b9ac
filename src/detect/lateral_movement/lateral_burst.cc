#include "detect/lateral_movement/lateral_burst.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "detect/lateral_movement/admin_action.h"

namespace dragnet {
namespace {

using Event = std::pair<int64_t, Ip>;

// The densest window: the most (weighted) events within `window_us` of the
// first; events sorted by time. Returns [begin, end) indices.
template <typename Weight>
std::pair<size_t, size_t> DensestWindow(const std::vector<Event>& events, int64_t window_us, Weight weight,
                                        double& best) {
  std::pair<size_t, size_t> range{0, 0};
  best = 0;
  double sum = 0;
  size_t right = 0;
  for (size_t left = 0; left < events.size(); ++left) {
    while (right < events.size() && events[right].first - events[left].first <= window_us) sum += weight(right++);
    if (sum > best + 1e-9) {
      best = sum;
      range = {left, right};
    }
    sum -= weight(left);
  }
  return range;
}

}  // namespace

PeerManagers CountManagers(const std::map<HostKey, Source*>& sources) {
  PeerManagers m;
  for (const auto& [key, source] : sources)
    for (const auto& [peer, c] : source->peers)
      if (c.actions & (kExecActions | kRdp)) ++m.sources[HostKey{key.org, peer}];
  return m;
}

Burst FindBurst(const HostKey& key, const Source& source, const PeerManagers& managers,
                const LateralMovementParams& p) {
  Burst b;
  const int64_t window_us = static_cast<int64_t>(p.window_s * 1e6);
  std::vector<Event> execs, rdps;
  for (const auto& [peer, c] : source.peers) {
    if (c.first_exec_us != INT64_MAX) execs.emplace_back(c.first_exec_us, peer);
    // RDP fan-out counts peers RDP was the first contact with.
    if (c.first_rdp_us != INT64_MAX && c.first_us >= c.first_rdp_us) rdps.emplace_back(c.first_rdp_us, peer);
  }
  std::sort(execs.begin(), execs.end());
  std::sort(rdps.begin(), rdps.end());
  auto known = [&](const Event& e) { return source.peers.at(e.second).first_us < e.first - window_us; };
  auto managed = [&](const Ip& peer) {  // others administer it too (this source is one of its managers)
    HostKey k{key.org, peer};
    auto it = managers.sources.find(k);
    return it != managers.sources.end() && it->second >= p.managed_sources + 1;
  };
  auto recurring = [&](const Event& e) { return source.peers.at(e.second).Recurs(p.routine_days); };
  // An attack tool's tell is no way the IT team manages a server: a peer
  // others administer too weighs in full when code was run on it that way.
  auto tool_tell = [&](const Ip& peer) {
    return ContactTells(source.peers.at(peer), source.file_records, p.quick_s) != 0;
  };
  auto weight = [&](const Event& e) {
    double w = 1;
    if (known(e)) w = std::min(w, p.known_peer_weight);
    if (managed(e.second) && !tool_tell(e.second)) w = std::min(w, p.managed_peer_weight);
    if (recurring(e)) w = std::min(w, p.recurring_peer_weight);
    return w;
  };
  // A spread repeats one method on peer after peer (the same tool, the same
  // service); an administrator's day mixes them. The fan-out is the densest
  // window of one method.
  std::set<uint16_t> methods;
  for (const auto& e : execs) methods.insert(source.peers.at(e.second).actions & kExecActions);
  for (uint16_t m : methods) {
    std::vector<Event> same;
    for (const auto& e : execs)
      if ((source.peers.at(e.second).actions & kExecActions) == m) same.push_back(e);
    double w = 0;
    auto range = DensestWindow(same, window_us, [&](size_t i) { return weight(same[i]); }, w);
    if (w > b.exec_weight + 1e-9 || (std::abs(w - b.exec_weight) < 1e-9 && !b.execs.empty() &&
                                     same[range.first].first < b.execs[b.eb].first)) {
      b.exec_weight = w;
      std::tie(b.eb, b.ee) = range;
      b.execs = std::move(same);
    }
  }
  auto [rb, re] = DensestWindow(rdps, window_us, [](size_t) { return 1.0; }, b.rdp_count);
  b.rdp_fanout = b.rdp_count >= p.min_rdp_peers;
  if (b.empty()) return b;
  if (b.exec_weight >= 1) b.start = b.execs[b.eb].first;
  if (b.rdp_fanout) b.start = std::min(b.start, rdps[rb].first);
  std::set<Ip> targets;
  if (b.exec_weight >= 1)
    for (size_t i = b.eb; i < b.ee; ++i) {
      const Contact& c = source.peers.at(b.execs[i].second);
      targets.insert(b.execs[i].second);
      b.tool_and_service |= (c.actions & kToolDrop) && (c.actions & (kServiceExec | kTaskExec));
      (known(b.execs[i]) ? b.known_execs : b.new_execs)++;
      b.managed_execs += managed(b.execs[i].second);
      b.recurring_execs += recurring(b.execs[i]);
      b.tells |= ContactTells(c, source.file_records, p.quick_s);
    }
  if (b.rdp_fanout)
    for (size_t i = rb; i < re; ++i) targets.insert(rdps[i].second);
  // RDP to a peer within the burst counts as part of it too.
  for (const auto& [peer, c] : source.peers)
    if (c.first_rdp_us != INT64_MAX && c.first_rdp_us >= b.start && c.first_rdp_us <= b.start + window_us)
      targets.insert(peer);
  b.targets.assign(targets.begin(), targets.end());
  b.last = b.start;
  for (const Ip& t : b.targets) {
    const Contact& c = source.peers.at(t);
    b.actions |= c.actions;
    b.last = std::max(b.last, std::min(c.last_us, b.start + window_us));
    if (!c.exec_detail.empty() && std::find(b.details.begin(), b.details.end(), c.exec_detail) == b.details.end())
      b.details.push_back(c.exec_detail);
  }
  std::sort(b.details.begin(), b.details.end());
  return b;
}

Judgement Judge(const HostKey& key, const Source& source, const Burst& b, const HostRoles* roles,
                const LateralMovementParams& p) {
  Judgement j;
  const HostRoleFacts* facts = roles ? roles->Facts(key.org, key.host) : nullptr;
  j.roles = facts ? facts->roles : 0;
  auto routine = [&](std::string why) {
    j.routine = true;
    j.routine_why += (j.routine_why.empty() ? "" : "; ") + why;
  };
  // Who normally administers whom: a role learnt from the org's behaviour, a
  // source busy in many hours across the run, the same peers on several days.
  if (j.roles & kAdministeringRoles) routine(fmt::format("{}: {}", DescribeRoles(j.roles & kAdministeringRoles), facts->reason));
  int64_t first_admin = INT64_MAX, last_admin = INT64_MIN;
  for (const auto& [peer, c] : source.peers) {
    first_admin = std::min(first_admin, c.first_us);
    last_admin = std::max(last_admin, c.last_us);
  }
  if (source.hours.size() >= p.routine_hours && static_cast<double>(last_admin - first_admin) >= p.routine_span_s * 1e6)
    routine(fmt::format("administers peers in {} distinct hours", source.hours.size()));
  size_t burst_execs = b.ee - b.eb;
  if (b.exec_weight >= 1 && burst_execs > 0 && b.recurring_execs == burst_execs && !b.rdp_fanout)
    routine(fmt::format("runs code on the same peers on {}+ days", p.routine_days));
  j.tells = b.tells;
  // PowerShell remoting from a desk to another desk and to the DC: client
  // Windows accepts none unless enabled, desks do not administer the DC, and
  // the DC is what an intruder wants. Either alone is also what a rarely busy
  // IT admin's desk does (two desks; the DC and a server): no tell.
  const bool from_desk = (j.roles & kRoleWorkstation) && !(j.roles & (kRoleServer | kAdministeringRoles));
  if (from_desk && (b.actions & kWinRm) && roles) {
    bool desk = false, dc = false;
    for (const Ip& t : b.targets) {
      auto c = source.peers.find(t);
      if (c == source.peers.end() || !(c->second.actions & kWinRm)) continue;
      uint16_t tr = roles->Of(key.org, t);
      dc |= (tr & kRoleDomainController) != 0;
      desk |= (tr & kRoleWorkstation) && !(tr & kRoleServer);
    }
    if (desk && dc) j.tells |= kTellWinRmLateral;
  }
  if (j.routine) return j;
  // Hostile: evidence specific enough that the targets deserve findings of their own.
  for (const Ip& t : b.targets)
    for (const std::string& name : source.peers.at(t).tool_names)
      if (LooksRandomName(name) && j.hostile_why.empty()) j.hostile_why = "machine-made tool name " + name;
  const int64_t window_us = static_cast<int64_t>(p.window_s * 1e6);
  bool administered_before = !source.hours.empty() && *source.hours.begin() * 3600000000LL < b.start - window_us;
  bool specific = (b.actions & (kToolDrop | kServiceExec | kTaskExec | kWmiExec)) != 0;
  if (j.hostile_why.empty() && specific && b.new_execs >= 2 && !administered_before && !(j.roles & kRoleServer))
    j.hostile_why = fmt::format("{} on {} new peers from a host that never administered before",
                                DescribeActions(b.actions & (kToolDrop | kServiceExec | kTaskExec | kWmiExec)),
                                b.new_execs);
  // A method tell: one new peer is enough for an attack tool's way of running
  // code; WinRM needs two (a desk and the DC).
  const uint8_t method_tells = j.tells & ~kTellWinRmLateral;
  bool tell_spread = (method_tells && b.new_execs >= 1) || ((j.tells & kTellWinRmLateral) && b.new_execs >= 2);
  if (j.hostile_why.empty() && tell_spread && !administered_before && !(j.roles & kRoleServer))
    j.hostile_why = fmt::format("{} on {} new peer(s) from a host that never administered before",
                                DescribeTells(j.tells), b.new_execs);
  j.hostile = !j.hostile_why.empty();
  return j;
}

double TellBonus(const Burst& b, const Judgement& j, const LateralMovementParams& p) {
  if (j.tells & ~kTellWinRmLateral) return p.tell_bonus;
  // One WinRM session to one peer is any admin's day: the bonus needs two new peers.
  return (j.tells & kTellWinRmLateral) && b.new_execs >= 2 ? p.winrm_lateral_bonus : 0;
}

}  // namespace dragnet
