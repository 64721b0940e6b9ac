// The lateral_movement detector (issue 5): a host that starts running code on
// peers it had not administered before -- admin shares with a tool written to
// them, services created over svcctl, scheduled tasks, WMI/DCOM, WinRM -- or
// opens RDP sessions to many new peers within an hour. One finding per
// source, its targets inside; a target gets its own only when the source is
// judged hostile or the target moves on. Routine is learned per org (host
// roles from detect/roles/, a source administering in many hours, the same
// peers on several days; peers several sources administer weigh less) or
// named in the org config (`admins`). docs/detectors/lateral_movement.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct LateralMovementParams {
  double window_s = 3600;            // the burst: new peers reached within this time
  uint32_t min_rdp_peers = 4;        // new RDP peers within the window for RDP fan-out
  uint32_t routine_hours = 3;        // a source administering peers in this many distinct hours ...
  double routine_span_s = 7200;      // ... spread over at least this long is a routine administrator
  double routine_factor = 0.5;       // ... and its score is multiplied by this
  double known_peer_weight = 0.5;    // a peer it had administered long before the burst counts this much
  uint32_t managed_sources = 2;      // a peer others also run code on or RDP to (this many sources) is managed ...
  double managed_peer_weight = 0.5;  // ... and counts this much (servers the IT team looks after)
  uint32_t routine_days = 2;         // code run on the same peer on this many distinct days: a routine relation ...
  double recurring_peer_weight = 0.25;  // ... and such a peer counts this much
  double routine_max_score = 0.45;   // a routine source (role, hours, recurring peers) scores at most this
  double tool_bonus = 0.05;          // a tool written and run as a service/task (PsExec) on two or more peers
  double quick_s = 60;               // a service or task created and deleted within this time: a tool's tell
  double tell_bonus = 0.3;           // a method tell (atexec, smbexec, DCOM, WMI method, DLL planted) on the burst's peers
  double winrm_lateral_bonus = 0.2;  // WinRM from a workstation to a workstation and to the DC
  double target_factor = 0.9;        // a target's score is its source's times this (hostile source or moved on)
  double min_score = 0.5;
};

// The source's score for `exec_peers` (weighted) peers reached with remote
// execution, `rdp_peers` new RDP peers, a PsExec-style drop-and-run, the
// method tells' bonus (`tell_bonus`, added to the execution part when it has
// a peer) and whether it is a routine administrator.
double LateralScore(double exec_peers, uint32_t rdp_peers, bool tool_and_service, double tell_bonus, bool routine,
                    const LateralMovementParams& p);

std::unique_ptr<Detector> NewLateralMovementDetector(LateralMovementParams params = {});
std::vector<ParamBinding> Bindings(LateralMovementParams& p);

}  // namespace dragnet
