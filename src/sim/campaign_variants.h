// Campaign variants: intrusions shaped unlike the main campaign (a C2 that
// no longer answers, a fast interactive implant, DGA failover, a stager,
// brute force, scans, remote execution beyond PsExec, a web shell polled from
// outside with an inbound SSH session), placed on fresh
// workstations of the compromised organisations so that recall can be
// measured per technique (truth role = variant kind). docs/simulator.md has
// the wire shape of each and its source.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "sim/activity.h"

namespace dragnet::sim {

// Every variant kind in a fixed order; the remote-execution methods are
// "remote_exec_<method>".
const std::vector<std::string>& VariantKinds();

// "all", "none" or a comma-separated list of kinds (a bare "remote_exec"
// selects every method) into a sorted list without duplicates.
Result<std::vector<std::string>> ParseVariants(const std::string& spec);

// One variant instance: what runs, from which host, when, against what.
struct Variant {
  std::string kind;          // also the truth role of `host`
  int org = 0, host = 0;     // the compromised workstation
  int target = -1;           // a host of the org playing no other role, when the variant aims at one
  int64_t start_us = 0, end_us = 0;
  std::string ip;            // external address (C2, stager)
  int port = 0;              // external port (C2, stager)
  int flavor = 0;            // kind-specific choice (protocol, conn state...)
  bool succeeds = false;     // brute force: the guessing ends in a logon
  uint64_t seed = 0;         // the variant's timing stream
};

struct VariantPlan {
  std::vector<Variant> variants;
};

// Plans world.options.variants over the orgs that hold an implant (every
// kind twice, brute force once per protocol, each on its own workstation
// that plays no other role). Drawn from its own stream: the rest of the world
// is unchanged whether variants are on or off.
VariantPlan PlanVariants(const World& world);

// Writes the variants of org h.org_index that overlap the hour. `rng` is the
// org's variant stream (uids, ports), carried from hour to hour.
void EmitVariantsHour(LogBuffer& buffer, Rng& rng, const HourContext& h, const VariantPlan& plan,
                      OrgState& state);

// ATT&CK techniques of a variant role; empty for other roles.
std::vector<std::string> AttackOfVariantRole(const std::string& role);

// --- shared by the variant writers (variants_*.cc) ---

// One run of a variant over one hour: the timing stream restarts at the
// variant's start every hour, so an event falls in the same hour whichever
// hour is being written; only events inside [begin, end) are written.
struct VariantRun {
  Emitter& e;
  LogBuffer& buffer;
  const Org& org;
  const Variant& v;
  Rng timing;
  int64_t begin, end;
  OrgState& state;

  bool In(int64_t t) const { return t >= begin && t < end; }
  void Saw(int64_t t) { state.Saw(v.host, v.kind, t); }
  // A host the variant ran code on (truth role remote_exec_target).
  void SawTarget(int host, int64_t t) { state.Saw(host, "remote_exec_target", t); }
  const Host& source() const { return org.hosts[v.host]; }
};

void EmitFailedC2(VariantRun& run);
void EmitFastC2(VariantRun& run);
void EmitDgaFailover(VariantRun& run);
void EmitStager(VariantRun& run);
void EmitBruteForce(VariantRun& run);
void EmitScan(VariantRun& run);
void EmitRemoteExec(VariantRun& run);
void EmitInbound(VariantRun& run);

// Rows the Emitter does not write (ssh.log; a DNS query with no reply; an
// RDP attempt with or without a cookie; an NTLM logon to any server).
void SshRow(VariantRun& run, int64_t ts, const std::string& uid, const std::string& oport, const std::string& resp,
            bool success, int attempts, const std::string& client);
void DnsNoReply(VariantRun& run, int64_t ts, const std::string& query);
void RdpRow(VariantRun& run, int64_t ts, const std::string& uid, const std::string& oport, const std::string& resp,
            const std::string& cookie, const char* result);
void NtlmRow(VariantRun& run, int64_t ts, const std::string& uid, const std::string& oport, const Host& server,
             const std::string& user, bool success);

}  // namespace dragnet::sim
