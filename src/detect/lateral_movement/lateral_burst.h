// How the lateral_movement detector judges one source: its densest burst of
// remote execution (or RDP fan-out), whether that is the org's routine
// (an administering role, a relation that recurs on several days, a source
// busy in many hours) and, when it is not, whether the source is hostile
// (a machine-made tool name, a specific remote-execution method on new peers
// from a host that had never administered before, or a method tell: an
// attack tool's way of running code on one new peer, WinRM from a
// workstation to a workstation and to the DC). Pure functions of
// the merged state, the host roles and the parameters.
// docs/detectors/lateral_movement.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "detect/lateral_movement/lateral_movement_detector.h"
#include "detect/lateral_movement/lateral_state.h"
#include "detect/roles/host_roles.h"

namespace dragnet {

// Who administers whom, per org: per peer the number of sources that run
// code on it or RDP to it over the run.
struct PeerManagers {
  absl::flat_hash_map<HostKey, uint32_t> sources;
};
PeerManagers CountManagers(const std::map<HostKey, Source*>& sources);

// The burst a source is judged on.
struct Burst {
  std::vector<std::pair<int64_t, Ip>> execs;  // executions of the burst's method, by time
  size_t eb = 0, ee = 0;                      // the densest window within execs
  double exec_weight = 0, rdp_count = 0;
  bool rdp_fanout = false;
  int64_t start = INT64_MAX, last = INT64_MIN;
  std::vector<Ip> targets;  // address order
  bool tool_and_service = false;
  uint16_t actions = 0;
  size_t new_execs = 0, known_execs = 0, managed_execs = 0, recurring_execs = 0;
  uint8_t tells = 0;  // ExecTell bits of the burst's execution peers (ContactTells)
  std::vector<std::string> details;  // how code was first run, per distinct way (sorted)
  bool empty() const { return exec_weight < 1 && !rdp_fanout; }
};
Burst FindBurst(const HostKey& key, const Source& source, const PeerManagers& managers,
                const LateralMovementParams& p);

struct Judgement {
  uint16_t roles = 0;
  bool routine = false;
  std::string routine_why;  // "deployment_server: pushes agent.exe to 30 hosts on 1 day(s)"
  bool hostile = false;
  std::string hostile_why;  // "machine-made tool name xKqTbWzR.exe"
  uint8_t tells = 0;        // the burst's tells, kTellWinRmLateral included (needs the roles)
};
// The bonus the judgement's tells add to the execution part of the score.
double TellBonus(const Burst& b, const Judgement& j, const LateralMovementParams& p);
Judgement Judge(const HostKey& key, const Source& source, const Burst& burst, const HostRoles* roles,
                const LateralMovementParams& p);

}  // namespace dragnet
