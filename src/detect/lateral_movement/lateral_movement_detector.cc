#include "detect/lateral_movement/lateral_movement_detector.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <map>
#include <set>

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/lateral_movement/admin_action.h"

namespace dragnet {

double LateralScore(double exec_peers, uint32_t rdp_peers, bool tool_and_service, bool routine,
                    const LateralMovementParams& p) {
  double s = 0;
  // One peer 0.3 (one admin job is no spread), two 0.45, three 0.6, four 0.75, five or more 0.9.
  if (exec_peers >= 1) s = 0.15 + 0.15 * std::min(exec_peers, 5.0) + (tool_and_service && exec_peers >= 2 ? p.tool_bonus : 0);
  if (rdp_peers >= p.min_rdp_peers) s = std::max(s, std::min(0.7, 0.5 + 0.05 * (rdp_peers - p.min_rdp_peers)));
  if (routine) s *= p.routine_factor;
  return RoundScore(std::min(1.0, s));
}

namespace {

constexpr size_t kMaxPeersPerSource = 8192;  // bounded state: a source reaching more is counted, not kept
constexpr size_t kMaxHours = 64;             // distinct admin hours kept per source (enough to call it routine)

// What one source did to one peer over the whole run.
struct Contact {
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  int64_t first_exec_us = INT64_MAX, first_rdp_us = INT64_MAX;
  uint16_t actions = 0;
  uint64_t events = 0;
  std::string exec_detail;  // how code was first run there ("svcctl CreateServiceW")
};

void Fold(Contact& c, uint16_t action, int64_t ts, std::string_view detail) {
  c.first_us = std::min(c.first_us, ts);
  c.last_us = std::max(c.last_us, ts);
  c.actions |= action;
  ++c.events;
  if (action & kExecActions) {
    // Earliest wins, then the smaller text: merged results do not depend on worker order.
    if (ts < c.first_exec_us || (ts == c.first_exec_us && detail < c.exec_detail)) c.exec_detail = detail;
    c.first_exec_us = std::min(c.first_exec_us, ts);
  }
  if (action & kRdp) c.first_rdp_us = std::min(c.first_rdp_us, ts);
}

struct Source {
  absl::flat_hash_map<Ip, Contact> peers;
  std::set<int64_t> hours;  // hours (epoch / 3600) it administered in, the smallest kMaxHours
  uint64_t dropped = 0;     // contacts with peers past kMaxPeersPerSource
};

void AddHour(std::set<int64_t>& hours, int64_t hour) {
  hours.insert(hour);
  if (hours.size() > kMaxHours) hours.erase(std::prev(hours.end()));
}

class LateralState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override {
    const std::string& log = r.schema().path();
    if (log == "dce_rpc") {
      const auto& f = rpc_.Resolve(r.schema());
      std::string_view endpoint = r.Text(f[2]), op = r.Text(f[3]);
      if (uint16_t a = ClassifyRpc(endpoint, op)) Touch(org, r, f[0], f[1], a, fmt::format("{} {}", endpoint, op));
    } else if (log == "smb_mapping") {
      const auto& f = mapping_.Resolve(r.schema());
      std::string_view path = r.Text(f[2]);
      if (IsAdminShare(path)) Touch(org, r, f[0], f[1], kAdminShare, "");
    } else if (log == "smb_files") {
      const auto& f = files_.Resolve(r.schema());
      std::string_view path = r.Text(f[2]), action = r.Text(f[3]), name = r.Text(f[4]);
      if (!IsAdminShare(path)) return;
      bool drop = action.find("WRITE") != std::string_view::npos && IsExecutableName(name);
      size_t slash = path.find_last_of("\\/");
      std::string_view share = slash == std::string_view::npos ? path : path.substr(slash + 1);
      Touch(org, r, f[0], f[1], drop ? kAdminShare | kToolDrop : kAdminShare,
            drop ? fmt::format("{} written to {}", name, share) : "");
    } else if (log == "rdp") {
      const auto& f = rdp_.Resolve(r.schema());
      Touch(org, r, f[0], f[1], kRdp, "");
    } else if (log == "conn") {
      const auto& f = conn_.Resolve(r.schema());
      auto port = r.GetCount(f[2]);
      if (!port || (*port != 5985 && *port != 5986) || r.GetCount(f[3]).value_or(0) == 0) return;
      Touch(org, r, f[0], f[1], kWinRm, fmt::format("WinRM (port {})", *port));
    }
  }

  void Merge(DetectorState& other_base) override {
    auto& other = static_cast<LateralState&>(other_base);
    for (auto& [key, o] : other.sources_) {
      Source& s = sources_[key];
      s.dropped += o.dropped;
      for (int64_t h : o.hours) AddHour(s.hours, h);
      for (auto& [peer, c] : o.peers) {
        auto it = s.peers.find(peer);
        if (it == s.peers.end()) {
          if (s.peers.size() >= kMaxPeersPerSource) {
            s.dropped += c.events;
            continue;
          }
          s.peers.emplace(peer, std::move(c));
          continue;
        }
        Contact& m = it->second;
        uint64_t events = m.events + c.events;
        if (c.first_exec_us < m.first_exec_us ||
            (c.first_exec_us == m.first_exec_us && c.exec_detail < m.exec_detail)) {
          m.first_exec_us = c.first_exec_us;
          m.exec_detail = c.exec_detail;
        }
        m.first_us = std::min(m.first_us, c.first_us);
        m.last_us = std::max(m.last_us, c.last_us);
        m.first_rdp_us = std::min(m.first_rdp_us, c.first_rdp_us);
        m.actions |= c.actions;
        m.events = events;
      }
    }
    other.sources_.clear();
  }

  absl::flat_hash_map<HostKey, Source>& sources() { return sources_; }

 private:
  void Touch(const OrgContext& org, const Record& r, int src_field, int dst_field, uint16_t action,
             std::string_view detail) {
    auto src = r.GetIp(src_field), dst = r.GetIp(dst_field);
    if (!src || !dst || *src == *dst || !org.IsInternal(*src) || !org.IsInternal(*dst)) return;
    Source& s = sources_[HostKey{org.index, *src}];
    if (action != kRemoteQuery) AddHour(s.hours, r.ts().micros() / 3600000000LL);
    auto it = s.peers.find(*dst);
    if (it == s.peers.end()) {
      if (s.peers.size() >= kMaxPeersPerSource) {
        ++s.dropped;
        return;
      }
      it = s.peers.emplace(*dst, Contact{}).first;
    }
    Fold(it->second, action, r.ts().micros(), detail);
  }

  absl::flat_hash_map<HostKey, Source> sources_;
  FieldSet<4> rpc_{{"id.orig_h", "id.resp_h", "endpoint", "operation"}};
  FieldSet<3> mapping_{{"id.orig_h", "id.resp_h", "path"}};
  FieldSet<5> files_{{"id.orig_h", "id.resp_h", "path", "action", "name"}};
  FieldSet<2> rdp_{{"id.orig_h", "id.resp_h"}};
  FieldSet<4> conn_{{"id.orig_h", "id.resp_h", "id.resp_p", "orig_bytes"}};
};

// The densest window: the most (weighted) events within `window_us` of the
// first; events sorted by time. Returns [begin, end) indices.
template <typename Weight>
std::pair<size_t, size_t> DensestWindow(const std::vector<std::pair<int64_t, Ip>>& events, int64_t window_us,
                                        Weight weight, double& best) {
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

std::string Peers(const std::vector<Ip>& ips) {
  std::string s;
  for (size_t i = 0; i < ips.size() && i < 4; ++i) s += (i ? ", " : "") + ips[i].ToString();
  if (ips.size() > 4) s += fmt::format(" +{}", ips.size() - 4);
  return s;
}

class LateralMovementDetector : public Detector {
 public:
  explicit LateralMovementDetector(LateralMovementParams p) : p_(p) {
    spec_.name = "lateral_movement";
    spec_.summary = "remote execution (admin shares, services, tasks, WMI, WinRM) or RDP fan-out to peers never administered before";
    spec_.attack = {"T1021.001", "T1021.002", "T1021.006", "T1047", "T1053.005", "T1569.002", "T1570"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kSpread;
    spec_.containment =
        "Isolate the source and every target; rotate the credentials used; review new services and scheduled tasks.";
    spec_.logs_optional = {"dce_rpc", "smb_mapping", "smb_files", "rdp", "conn"};
    spec_.without_logs =
        "Service and task creation need dce_rpc, admin shares smb_mapping or smb_files, RDP fan-out rdp, WinRM conn "
        "(ports 5985/5986); with none of them it finds nothing.";
    using enum EvidenceType;
    spec_.evidence = {
        {"role", kString}, {"source", kString, false}, {"source_score", kNumber, false},
        {"execution", kString, false}, {"new_exec_peers", kNumber, false}, {"known_exec_peers", kNumber, false},
        {"managed_exec_peers", kNumber, false}, {"exec_weight", kNumber, false}, {"rdp_new_peers", kNumber, false},
        {"tool_and_service", kBool, false}, {"routine_admin", kBool, false}, {"admin_hours", kNumber, false},
        {"first_admin_ts", kNumber, false}, {"last_admin_ts", kNumber, false}, {"window_seconds", kNumber, false},
        {"targets", kArray, false}, {"dropped_contacts", kNumber, false}
    };
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<LateralState>(); }
  bool WantsField(std::string_view log, std::string_view f) const override {
    bool ends = f == "id.orig_h" || f == "id.resp_h";
    if (log == "dce_rpc") return ends || f == "endpoint" || f == "operation";
    if (log == "smb_mapping") return ends || f == "path";
    if (log == "smb_files") return ends || f == "path" || f == "action" || f == "name";
    if (log == "rdp") return ends;
    if (log == "conn") return ends || f == "id.resp_p" || f == "orig_bytes";
    return false;
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    std::map<HostKey, Source*> ordered;
    for (auto& [k, s] : static_cast<LateralState*>(merged)->sources()) ordered[k] = &s;
    const int64_t window_us = static_cast<int64_t>(p_.window_s * 1e6);
    // Who normally administers whom: per peer, the sources that run code on
    // it or RDP to it over the run.
    absl::flat_hash_map<HostKey, uint32_t> managers;
    for (const auto& [key, source] : ordered)
      for (const auto& [peer, c] : source->peers)
        if (c.actions & (kExecActions | kRdp)) ++managers[HostKey{key.org, peer}];
    for (auto& entry : ordered) {
      // Named, not structured bindings: the lambdas below capture them.
      const HostKey& key = entry.first;
      Source* source = entry.second;
      if (ctx.orgs[key.org].IsAdmin(key.host)) continue;
      std::vector<std::pair<int64_t, Ip>> execs, rdps;
      int64_t first_admin = INT64_MAX, last_admin = INT64_MIN;
      for (const auto& [peer, c] : source->peers) {
        first_admin = std::min(first_admin, c.first_us);
        last_admin = std::max(last_admin, c.last_us);
        if (c.first_exec_us != INT64_MAX) execs.emplace_back(c.first_exec_us, peer);
        // RDP fan-out counts peers RDP was the first contact with.
        if (c.first_rdp_us != INT64_MAX && c.first_us >= c.first_rdp_us) rdps.emplace_back(c.first_rdp_us, peer);
      }
      std::sort(execs.begin(), execs.end());
      std::sort(rdps.begin(), rdps.end());
      auto known = [&](const std::pair<int64_t, Ip>& e) {
        return source->peers.at(e.second).first_us < e.first - window_us;  // administered long before
      };
      auto managed = [&](const Ip& peer) {  // others administer it too (this source is one of its managers)
        auto it = managers.find(HostKey{key.org, peer});
        return it != managers.end() && it->second >= p_.managed_sources + 1;
      };
      auto weight = [&](const std::pair<int64_t, Ip>& e) {
        double w = 1;
        if (known(e)) w = std::min(w, p_.known_peer_weight);
        if (managed(e.second)) w = std::min(w, p_.managed_peer_weight);
        return w;
      };
      // A spread repeats one method on peer after peer (the same tool, the
      // same service); an administrator's day mixes them. The fan-out is the
      // densest window of one method.
      double exec_weight = 0, rdp_count = 0;
      size_t eb = 0, ee = 0;
      {
        std::set<uint16_t> methods;
        for (const auto& e : execs) methods.insert(source->peers.at(e.second).actions & kExecActions);
        std::vector<std::pair<int64_t, Ip>> best_execs;
        for (uint16_t m : methods) {
          std::vector<std::pair<int64_t, Ip>> same;
          for (const auto& e : execs)
            if ((source->peers.at(e.second).actions & kExecActions) == m) same.push_back(e);
          double w = 0;
          auto range = DensestWindow(same, window_us, [&](size_t i) { return weight(same[i]); }, w);
          if (w > exec_weight + 1e-9 || (std::abs(w - exec_weight) < 1e-9 && !best_execs.empty() &&
                                         same[range.first].first < best_execs[eb].first)) {
            exec_weight = w;
            std::tie(eb, ee) = range;
            best_execs = std::move(same);
          }
        }
        execs = std::move(best_execs);
      }
      auto [rb, re] = DensestWindow(rdps, window_us, [](size_t) { return 1.0; }, rdp_count);
      bool rdp_fanout = rdp_count >= p_.min_rdp_peers;
      if (exec_weight < 1 && !rdp_fanout) continue;
      int64_t start = INT64_MAX;
      if (exec_weight >= 1) start = execs[eb].first;
      if (rdp_fanout) start = std::min(start, rdps[rb].first);
      // Who normally administers whom: a source busy in many hours across
      // the run (the IT team's workstations) is routine; one burst is not.
      bool routine = source->hours.size() >= p_.routine_hours &&
                     static_cast<double>(last_admin - first_admin) >= p_.routine_span_s * 1e6;
      std::set<Ip> targets;
      bool tool_and_service = false;
      uint16_t actions = 0;
      if (exec_weight >= 1)
        for (size_t i = eb; i < ee; ++i) {
          const Contact& c = source->peers.at(execs[i].second);
          targets.insert(execs[i].second);
          tool_and_service |= (c.actions & kToolDrop) && (c.actions & (kServiceExec | kTaskExec));
        }
      if (rdp_fanout)
        for (size_t i = rb; i < re; ++i) targets.insert(rdps[i].second);
      // RDP to a peer within the burst counts as part of it too.
      for (const auto& [peer, c] : source->peers)
        if (c.first_rdp_us != INT64_MAX && c.first_rdp_us >= start && c.first_rdp_us <= start + window_us)
          targets.insert(peer);
      double score = LateralScore(exec_weight, rdp_fanout ? static_cast<uint32_t>(rdp_count) : 0, tool_and_service,
                                  routine, p_);
      if (score < p_.min_score) continue;
      int64_t last = start;
      std::vector<std::string> details;
      for (const Ip& t : targets) {
        const Contact& c = source->peers.at(t);
        actions |= c.actions;
        last = std::max(last, std::min(c.last_us, start + window_us));
        if (!c.exec_detail.empty() && std::find(details.begin(), details.end(), c.exec_detail) == details.end())
          details.push_back(c.exec_detail);
      }
      std::sort(details.begin(), details.end());
      std::vector<Ip> target_list(targets.begin(), targets.end());
      auto attack_of = [](uint16_t a) {
        std::vector<std::string> v;
        for (auto id : AttackOfActions(a)) v.emplace_back(id);
        return v;
      };
      Finding f = NewFinding(ctx, key.org, key.host, "lateral_movement", score, {"lateral-movement-source"}, start, last,
                             attack_of(actions));
      f.peers = target_list;
      size_t new_execs = 0, known_execs = 0, managed_execs = 0;
      for (size_t i = eb; i < ee && exec_weight >= 1; ++i) {
        (known(execs[i]) ? known_execs : new_execs)++;
        managed_execs += managed(execs[i].second);
      }
      f.summary = fmt::format("{} reached {} peer(s) within {}{} ({}{}{}): {}{}", key.host.ToString(), targets.size(),
                              HumanDuration(static_cast<double>(last - start) / 1e6 + 1),
                              new_execs == targets.size() ? ", none administered before" : "", DescribeActions(actions),
                              details.empty() ? "" : "; first " + details.front(),
                              rdp_fanout ? fmt::format("; RDP to {} new peers", rdp_count) : "", Peers(target_list),
                              routine ? " (administers peers routinely: discounted)" : "");
      JsonWriter w;
      w.BeginObject();
      w.Key("role").String("source");
      w.Key("new_exec_peers").Uint(new_execs);
      w.Key("known_exec_peers").Uint(known_execs);
      w.Key("managed_exec_peers").Uint(managed_execs);
      w.Key("exec_weight").Double(exec_weight, 2);
      w.Key("rdp_new_peers").Uint(rdp_fanout ? static_cast<uint64_t>(rdp_count) : 0);
      w.Key("tool_and_service").Bool(tool_and_service);
      w.Key("routine_admin").Bool(routine);
      w.Key("admin_hours").Uint(source->hours.size());
      w.Key("first_admin_ts").Double(static_cast<double>(first_admin) / 1e6, 6);
      w.Key("last_admin_ts").Double(static_cast<double>(last_admin) / 1e6, 6);
      w.Key("window_seconds").Double(p_.window_s, 0);
      w.Key("targets").BeginArray();
      for (const Ip& t : target_list) {
        const Contact& c = source->peers.at(t);
        w.BeginObject();
        w.Key("host").String(t.ToString());
        w.Key("first_ts").Double(static_cast<double>(c.first_us) / 1e6, 6);
        w.Key("techniques").BeginArray();
        for (auto id : AttackOfActions(c.actions)) w.String(id);
        w.EndArray();
        if (!c.exec_detail.empty()) w.Key("execution").String(c.exec_detail);
        w.EndObject();
      }
      w.EndArray();
      if (source->dropped) w.Key("dropped_contacts").Uint(source->dropped);
      w.EndObject();
      f.evidence_json = w.Take();
      out.push_back(std::move(f));

      double target_score = RoundScore(score * p_.target_factor);
      if (target_score < p_.min_score) continue;
      for (const Ip& t : target_list) {
        const Contact& c = source->peers.at(t);
        int64_t at = std::min(c.first_exec_us, c.first_rdp_us);
        if (at == INT64_MAX) at = c.first_us;
        Finding tf = NewFinding(ctx, key.org, t, "lateral_movement", target_score, {"lateral-movement-target"}, at,
                                std::max(at, c.last_us), attack_of(c.actions));
        tf.peers = {key.host};
        tf.summary = fmt::format("{} was reached from {} ({}{}) during its spread to {} peers", t.ToString(),
                                 key.host.ToString(), DescribeActions(c.actions),
                                 c.exec_detail.empty() ? "" : "; " + c.exec_detail, targets.size());
        JsonWriter tw;
        tw.BeginObject();
        tw.Key("role").String("target");
        tw.Key("source").String(key.host.ToString());
        tw.Key("source_score").Double(score, 3);
        if (!c.exec_detail.empty()) tw.Key("execution").String(c.exec_detail);
        tw.EndObject();
        tf.evidence_json = tw.Take();
        out.push_back(std::move(tf));
      }
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  LateralMovementParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(LateralMovementParams& p) {
  return {
      {"window_s", &p.window_s, "the burst: new peers reached within this many seconds", NumberRange::Positive()},
      {"min_rdp_peers", &p.min_rdp_peers, "new RDP peers within the window for an RDP fan-out",
       NumberRange::AtLeast(1)},
      {"routine_hours", &p.routine_hours, "distinct hours with administration that make a source routine ...",
       NumberRange::AtLeast(1)},
      {"routine_span_s", &p.routine_span_s, "... when spread over at least this many seconds", NumberRange::Positive()},
      {"routine_factor", &p.routine_factor, "score factor for routine administrators", NumberRange::Unit()},
      {"known_peer_weight", &p.known_peer_weight, "weight of a peer the source had administered long before",
       NumberRange::Unit()},
      {"managed_sources", &p.managed_sources, "other sources administering a peer that make it managed",
       NumberRange::AtLeast(1)},
      {"managed_peer_weight", &p.managed_peer_weight, "weight of a managed peer", NumberRange::Unit()},
      {"tool_bonus", &p.tool_bonus, "added for a tool written and run as a service or task on two or more peers",
       NumberRange::Unit()},
      {"target_factor", &p.target_factor, "a target's score is its source's times this", NumberRange::Unit()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewLateralMovementDetector(LateralMovementParams params) {
  return std::make_unique<LateralMovementDetector>(params);
}

}  // namespace dragnet
