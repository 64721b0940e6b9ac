// What happens in one organisation in one simulated hour: benign life
// (benign.cc) and the campaign (campaign.cc), written through an Emitter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/emitter.h"
#include "sim/world.h"

namespace dragnet::sim {

// The shared Internet: popular and long-tail sites on shared CDN addresses,
// cloud hostnames with random-looking labels, VPN and NTP servers.
struct Site {
  std::string domain;
  std::vector<std::string> ips;
  std::string cert_fp;
  std::string issuer;
};
struct Internet {
  std::vector<Site> sites;          // by popularity (skewed picks favour the front)
  std::vector<std::string> ntp_servers;
  std::vector<std::string> vpn_servers;
  std::string cloud_sync_ip, cloud_sync_cert;  // a file-sync service many hosts upload to
  std::vector<std::string> periodic_ips;  // address per kPeriodicServices entry
  std::vector<std::string> periodic_certs;
  std::vector<std::string> browser_ja3;   // common browser fingerprints
  std::string ja3s;
};
Internet BuildInternet(uint64_t seed);

// Carried from hour to hour (next times of periodic events).
struct OrgState {
  std::vector<std::vector<int64_t>> periodic_next;  // [host][service slot]
  std::vector<int64_t> implant_next;                // per World::implants entry
  std::vector<int64_t> implant_last;                // last beacon written
  std::vector<int64_t> implant_first;
  std::vector<int64_t> flow_next;                   // per OrgCatalogue::flows entry
  // Ground truth collected while writing: (host index, first, last) per stage.
  struct StageSeen {
    int host;
    std::string role;
    int64_t first = INT64_MAX, last = INT64_MIN;
  };
  std::vector<StageSeen> stages;
  void Saw(int host, const std::string& role, int64_t ts);
};

struct HourContext {
  const World& world;
  const Internet& net;
  int org_index;
  int64_t hour_start;       // UTC microseconds
  int local_hour;           // 0..23 in the org's time zone
  int local_weekday;        // 0 = Monday
  bool working;             // inside the org's working hours on a weekday
};

void EmitBenignHour(Emitter& e, const HourContext& h, OrgState& state);
void EmitCampaignHour(Emitter& e, const HourContext& h, OrgState& state);
// The catalogue's hour (--benign catalogue): recurring flows, LAN chatter,
// deployments, administration, backups, scans, cloud sync, remote support.
void EmitCatalogueHour(Emitter& e, const HourContext& h, OrgState& state);
// Pieces of it, one file each.
void EmitCatalogueFlows(Emitter& e, const HourContext& h, OrgState& state);
void EmitLanChatter(Emitter& e, const HourContext& h);
void EmitDeployment(Emitter& e, const HourContext& h);
void EmitAdministration(Emitter& e, const HourContext& h);
void EmitBackupAndScan(Emitter& e, const HourContext& h);
void EmitCloudAndSupport(Emitter& e, const HourContext& h);
// Office's save pattern on a share: owner file, temporary copy, renames.
void EmitOfficeSave(Emitter& e, const std::string& uid, const Host& host, const std::string& port, int64_t ts);

}  // namespace dragnet::sim
