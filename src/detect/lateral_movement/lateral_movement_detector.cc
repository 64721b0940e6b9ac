#include "detect/lateral_movement/lateral_movement_detector.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>

#include "core/host_key.h"
#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/lateral_movement/admin_action.h"
#include "detect/lateral_movement/lateral_burst.h"
#include "detect/lateral_movement/lateral_state.h"
#include "detect/roles/host_roles.h"

namespace dragnet {

double LateralScore(double exec_peers, uint32_t rdp_peers, bool tool_and_service, double tell_bonus, bool routine,
                    const LateralMovementParams& p) {
  double s = 0;
  // One peer 0.3 (one admin job is no spread), two 0.45, three 0.6, four 0.75, five or more 0.9.
  if (exec_peers >= 1)
    s = 0.15 + 0.15 * std::min(exec_peers, 5.0) + (tool_and_service && exec_peers >= 2 ? p.tool_bonus : 0) + tell_bonus;
  if (rdp_peers >= p.min_rdp_peers) s = std::max(s, std::min(0.7, 0.5 + 0.05 * (rdp_peers - p.min_rdp_peers)));
  if (routine) s *= p.routine_factor;
  return RoundScore(std::min(1.0, s));
}

namespace {

std::string Peers(const std::vector<Ip>& ips) {
  std::string s;
  for (size_t i = 0; i < ips.size() && i < 4; ++i) s += (i ? ", " : "") + ips[i].ToString();
  if (ips.size() > 4) s += fmt::format(" +{}", ips.size() - 4);
  return s;
}

std::vector<std::string> AttackOf(uint16_t a, uint8_t tells = 0) {
  std::vector<std::string> v;
  for (auto id : AttackOfActions(a)) v.emplace_back(id);
  for (auto id : AttackOfTells(tells)) v.emplace_back(id);
  std::sort(v.begin(), v.end());
  return v;
}

double Seconds(int64_t us) { return static_cast<double>(us) / 1e6; }

// When the target started moving on itself: the first time it ran code on or
// RDP'd to a peer of its own after `since` (INT64_MAX: it did not).
int64_t MovedOnAt(const absl::flat_hash_map<HostKey, Source>& sources, const HostKey& target, const Ip& from,
                  int64_t since) {
  auto it = sources.find(target);
  if (it == sources.end()) return INT64_MAX;
  int64_t at = INT64_MAX;
  for (const auto& [peer, c] : it->second.peers) {
    if (peer == from) continue;
    for (int64_t t : {c.first_exec_us, c.first_rdp_us})
      if (t != INT64_MAX && t >= since) at = std::min(at, t);
  }
  return at;
}

void WriteTarget(JsonWriter& w, const Ip& t, const Contact& c, bool files_visible, const LateralMovementParams& p) {
  w.BeginObject();
  w.Key("host").String(t.ToString());
  w.Key("first_ts").Double(Seconds(c.first_us), 6);
  w.Key("last_ts").Double(Seconds(c.last_us), 6);
  w.Key("methods").String(DescribeActions(c.actions));
  w.Key("techniques").BeginArray();
  for (auto id : AttackOfActions(c.actions)) w.String(id);
  w.EndArray();
  w.Key("events").Uint(c.events);
  w.Key("exec_events").Uint(c.exec_events);
  w.Key("exec_days").Uint(c.exec_days.size());
  w.Key("recurring").Bool(c.Recurs(p.routine_days));
  if (uint8_t tells = ContactTells(c, files_visible, p.quick_s)) w.Key("tells").String(DescribeTells(tells));
  if (!c.exec_detail.empty()) w.Key("execution").String(c.exec_detail);
  if (!c.tool_names.empty()) {
    w.Key("tools").BeginArray();
    for (const std::string& n : c.tool_names) w.String(n);
    w.EndArray();
  }
  w.EndObject();
}

class LateralMovementDetector : public Detector {
 public:
  explicit LateralMovementDetector(LateralMovementParams p) : p_(p) {
    spec_.name = "lateral_movement";
    spec_.summary =
        "remote execution (admin shares, services, tasks, WMI/DCOM, WinRM; attack tools told by how they run code) or "
        "RDP fan-out to peers never administered before";
    spec_.attack = {"T1021.001", "T1021.002", "T1021.003", "T1021.006", "T1047", "T1053.005", "T1569.002", "T1570",
                    "T1574.001"};
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
        {"targets", kArray, false}, {"dropped_contacts", kNumber, false},
        {"recurring_exec_peers", kNumber, false}, {"hostile", kBool, false}, {"hostile_reason", kString, false},
        {"routine_reason", kString, false}, {"source_roles", kString, false}, {"source_hostile", kBool, false},
        {"moved_on_ts", kNumber, false}, {"tells", kString, false}
    };
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<LateralState>(); }
  bool NeedsHostRoles() const override { return true; }
  bool WantsField(std::string_view log, std::string_view f) const override { return LateralState::WantsField(log, f); }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    auto& sources = static_cast<LateralState*>(merged)->sources();
    std::map<HostKey, Source*> ordered;
    for (auto& [k, s] : sources) ordered[k] = &s;
    PeerManagers managers = CountManagers(ordered);
    for (const auto& [key, source] : ordered) {
      if (ctx.orgs[key.org].IsAdmin(key.host)) continue;  // the configured override
      Burst b = FindBurst(key, *source, managers, p_);
      if (b.empty()) continue;
      Judgement j = Judge(key, *source, b, ctx.roles, p_);
      double score = LateralScore(b.exec_weight, b.rdp_fanout ? static_cast<uint32_t>(b.rdp_count) : 0,
                                  b.tool_and_service, TellBonus(b, j, p_), j.routine, p_);
      if (j.routine) score = std::min(score, p_.routine_max_score);
      if (score < p_.min_score) continue;
      out.push_back(SourceFinding(ctx, key, *source, b, j, score));
      double target_score = RoundScore(score * p_.target_factor);
      if (target_score < p_.min_score) continue;
      // A target gets a finding of its own only when the source is judged
      // hostile, or with evidence of its own: it then moved on.
      for (const Ip& t : b.targets) {
        const Contact& c = source->peers.at(t);
        int64_t moved = MovedOnAt(sources, HostKey{key.org, t}, key.host, c.first_us);
        if (j.hostile || moved != INT64_MAX)
          out.push_back(TargetFinding(ctx, key, t, c, ContactTells(c, source->file_records, p_.quick_s), b, j, score,
                                      target_score, moved));
      }
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  Finding SourceFinding(const AnalysisContext& ctx, const HostKey& key, const Source& source, const Burst& b,
                        const Judgement& j, double score) const {
    Finding f = NewFinding(ctx, key.org, key.host, "lateral_movement", score, {"lateral-movement-source"}, b.start,
                           b.last, AttackOf(b.actions, j.tells));
    f.peers = b.targets;
    f.specific = j.hostile;  // hostile: specific evidence for the host verdict (docs/findings.md)
    f.summary = fmt::format("{} reached {} peer(s) within {}{} ({}{}{}): {}{}{}", key.host.ToString(), b.targets.size(),
                            HumanDuration(Seconds(b.last - b.start) + 1),
                            b.new_execs == b.targets.size() ? ", none administered before" : "",
                            DescribeActions(b.actions), b.details.empty() ? "" : "; first " + b.details.front(),
                            b.rdp_fanout ? fmt::format("; RDP to {} new peers", b.rdp_count) : "", Peers(b.targets),
                            j.routine ? " (routine: " + j.routine_why + ")" : "",
                            j.hostile ? " (hostile: " + j.hostile_why + ")" : "");
    int64_t first_admin = INT64_MAX, last_admin = INT64_MIN;
    for (const auto& [peer, c] : source.peers) {
      first_admin = std::min(first_admin, c.first_us);
      last_admin = std::max(last_admin, c.last_us);
    }
    JsonWriter w;
    w.BeginObject();
    w.Key("role").String("source");
    w.Key("new_exec_peers").Uint(b.new_execs);
    w.Key("known_exec_peers").Uint(b.known_execs);
    w.Key("managed_exec_peers").Uint(b.managed_execs);
    w.Key("recurring_exec_peers").Uint(b.recurring_execs);
    w.Key("exec_weight").Double(b.exec_weight, 2);
    w.Key("rdp_new_peers").Uint(b.rdp_fanout ? static_cast<uint64_t>(b.rdp_count) : 0);
    w.Key("tool_and_service").Bool(b.tool_and_service);
    w.Key("routine_admin").Bool(j.routine);
    if (j.routine) w.Key("routine_reason").String(j.routine_why);
    w.Key("hostile").Bool(j.hostile);
    if (j.hostile) w.Key("hostile_reason").String(j.hostile_why);
    w.Key("source_roles").String(DescribeRoles(j.roles));
    if (j.tells) w.Key("tells").String(DescribeTells(j.tells));
    w.Key("admin_hours").Uint(source.hours.size());
    w.Key("first_admin_ts").Double(Seconds(first_admin), 6);
    w.Key("last_admin_ts").Double(Seconds(last_admin), 6);
    w.Key("window_seconds").Double(p_.window_s, 0);
    w.Key("targets").BeginArray();
    for (const Ip& t : b.targets) WriteTarget(w, t, source.peers.at(t), source.file_records, p_);
    w.EndArray();
    if (source.dropped) w.Key("dropped_contacts").Uint(source.dropped);
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  Finding TargetFinding(const AnalysisContext& ctx, const HostKey& key, const Ip& t, const Contact& c, uint8_t tells,
                        const Burst& b,
                        const Judgement& j, double score, double target_score, int64_t moved) const {
    int64_t at = std::min(c.first_exec_us, c.first_rdp_us);
    if (at == INT64_MAX) at = c.first_us;
    Finding tf = NewFinding(ctx, key.org, t, "lateral_movement", target_score, {"lateral-movement-target"}, at,
                            std::max(at, c.last_us), AttackOf(c.actions, tells));
    tf.peers = {key.host};
    // An attack tool's tell in what was run on it, from a source judged
    // hostile, is specific evidence about the target itself.
    tf.specific = j.hostile && (tells & ~kTellWinRmLateral) != 0;
    tf.summary = fmt::format("{} was reached from {} ({}{}) during its spread to {} peers{}", t.ToString(),
                             key.host.ToString(), DescribeActions(c.actions),
                             c.exec_detail.empty() ? "" : "; " + c.exec_detail, b.targets.size(),
                             moved != INT64_MAX ? ", and then moved on itself" : "");
    JsonWriter tw;
    tw.BeginObject();
    tw.Key("role").String("target");
    tw.Key("source").String(key.host.ToString());
    tw.Key("source_score").Double(score, 3);
    tw.Key("source_hostile").Bool(j.hostile);
    if (moved != INT64_MAX) tw.Key("moved_on_ts").Double(Seconds(moved), 6);
    if (!c.exec_detail.empty()) tw.Key("execution").String(c.exec_detail);
    tw.EndObject();
    tf.evidence_json = tw.Take();
    return tf;
  }

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
      {"quick_s", &p.quick_s, "a service or task created and deleted within this many seconds is a tool's tell",
       NumberRange::Positive()},
      {"tell_bonus", &p.tell_bonus, "added for a method tell (atexec, smbexec, DCOM, WMI method, DLL planted) in the burst",
       NumberRange::Unit()},
      {"winrm_lateral_bonus", &p.winrm_lateral_bonus, "added for WinRM from a workstation to a workstation and to the DC",
       NumberRange::Unit()},
      {"routine_days", &p.routine_days, "distinct days code is run on the same peer that make the relation routine",
       NumberRange::Whole(2, static_cast<double>(kMaxContactDays))},
      {"recurring_peer_weight", &p.recurring_peer_weight, "weight of a peer the source runs code on on routine_days days",
       NumberRange::Unit()},
      {"routine_max_score", &p.routine_max_score, "a routine source's score is at most this (below medium)",
       NumberRange::Unit()},
      {"target_factor", &p.target_factor, "a target's score is its source's times this", NumberRange::Unit()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewLateralMovementDetector(LateralMovementParams params) {
  return std::make_unique<LateralMovementDetector>(params);
}

}  // namespace dragnet
