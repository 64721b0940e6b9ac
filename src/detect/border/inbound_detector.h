// The inbound detector: what comes into the organisation from outside, for
// the orgs that turned it on (config `inbound = yes`, hunt --inbound; RITA's
// counterpart is `filtering.filter_external_to_internal: false`). Off by
// default: a public server is polled by the whole Internet (crawlers, uptime
// checks, scanners), so most inbound periodicity is routine.
// Two shapes, each scored per (org, internal server, outside client, port):
//  - polling: one outside address connecting to a server on a schedule (a web
//    shell's operator or implant checking in: ATT&CK T1505.003, T1071.001);
//  - long sessions: hours to days of connections from one outside address
//    (an SSH or remote-desktop session left open: T1133, T1021).
// Weak alone (low); a poll over HTTP without a Host header and with a user
// agent that is no browser's and no other client's is specific (medium).
// Routine, and not reported: a server port polled (or held open) by many
// outside clients (a public service), an outside address polling many
// servers of the org or servers in several orgs (a monitoring service).
// The org's host in a finding is the internal server; the outside address is
// the indicator. docs/detectors/inbound.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct InboundParams {
  uint32_t min_connections = 8;      // connections a poll needs
  double min_span_seconds = 1800;    // first to last: a poll spans at least this
  double min_period_score = 0.6;     // beacon period score (beacon_score.h) a poll needs
  double min_period_seconds = 10;    // shorter periods are page loads and retries
  double poll_score = 0.35;          // score of a poll ...
  double period_weight = 0.1;        // ... plus this x its period score
  double missing_host_share = 0.5;   // HTTP requests without a Host header above this share ...
  double missing_host_bonus = 0.1;   // ... add this
  double odd_agent_bonus = 0.1;      // an agent no browser's and no other outside client's of the org adds this
  double long_hours = 8;             // summed session hours from which a client's sessions count ...
  double long_full_hours = 48;       // ... and at which their score tops out
  double long_low_score = 0.3;       // session score at long_hours ...
  double long_high_score = 0.45;     // ... and at long_full_hours
  uint32_t public_clients = 3;       // outside clients polling (or holding open) one server port: a public service
  uint32_t monitor_servers = 3;      // servers of one org one outside address polls: a monitoring service
  uint32_t monitor_orgs = 3;         // orgs whose servers one outside address polls: a monitoring service
  double min_score = 0.3;            // findings below are not reported
};

// A poll's score: 0 when its period score is below the gate; else
// poll_score + period_weight x period score (+ missing_host_bonus) (+ odd_agent_bonus), to 1/1000.
double InboundPollScore(double period_score, bool missing_host, bool odd_agent, const InboundParams& p = {});
// Long sessions' score from their summed seconds: 0 below long_hours, then a
// straight ramp from long_low_score to long_high_score at long_full_hours.
double InboundSessionScore(double seconds, const InboundParams& p = {});
// An agent that is no browser's: empty, or not starting "Mozilla/" (every
// browser's does; MDN, "User-Agent").
bool IsNonBrowserAgent(std::string_view agent);

std::unique_ptr<Detector> NewInboundDetector(InboundParams params = {});
std::vector<ParamBinding> Bindings(InboundParams& p);

}  // namespace dragnet
