// The simulated world: organisations, their hosts and servers, the shared
// Internet they browse, and the campaign's plan. Built once from the seed,
// before any log is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/catalogue.h"
#include "sim/simulate.h"

namespace dragnet::sim {

struct Host {
  std::string ip;
  std::string name;      // NetBIOS-style name, "WS-0042"
  std::string user;      // logged-on user
  enum Role { kWorkstation, kAdminWorkstation, kDomainController, kFileServer, kBackupServer,
              kAppServer, kScanner, kDevice } role = kWorkstation;  // kDevice: printer, IoT, switch
  bool streams = false;  // keeps a long VPN/streaming connection open
  // Benign periodic services this host runs (indices into kPeriodicServices).
  std::vector<int> periodic;
  // Catalogue behaviours this host takes part in (sorted; empty in --benign basic).
  std::vector<std::string> benign_roles;
};

struct Org {
  std::string name;
  std::string domain;        // AD domain, "ACME"
  std::string prefix;        // "10.1." -- hosts are prefix + "a.b"
  int tz_offset_hours = 0;   // local = UTC + offset
  int work_start = 8, work_end = 18;  // local working hours
  std::vector<Host> hosts;
  int dc = 0, file_server = 0, backup_server = 0, scanner = 0;  // indices into hosts
  int resolver = 0;          // the DNS server every client asks (the DC unless the catalogue moves it)
  // "\\<file server>\<share>".
  std::string Share(const char* share) const { return "\\\\" + hosts[file_server].name + "\\" + share; }
};

// A cluster of actor infrastructure with the traits that tie it together.
struct Cluster {
  std::string id;            // "A", "B", ...
  std::string kind;          // "https-c2", "http-c2", "dns-tunnel", "exfil"
  std::vector<std::string> ips;
  std::vector<std::string> domains;
  std::string ja3, ja3s, cert_sha1, cert_issuer, uri_pattern, user_agent;
  bool in_seed = false;
};

// One compromised host's plan.
struct Implant {
  int org = 0, host = 0;
  int cluster = 0;           // index into World::clusters
  double period_s = 60, jitter = 0.1;
  bool working_hours_only = false;
  double miss_rate = 0.05;   // missed check-ins
  int sleep_start_h = -1, sleep_hours = 0;  // one long sleep, -1 none
  int start_hour = 0;
  bool dga = false;            // looks its C2 up among generated names each hour (most do not exist)
  bool tunnel_session = false; // also keeps a session to its C2 open all day (logged hourly)
  std::vector<std::string> roles;   // "implant", "patient_zero", ...
};

struct RansomPlan {
  int org = -1;
  int patient_zero = -1;
  std::vector<int> lateral_targets;
  int rdp_target = -1;
  int staging = -1;
  std::vector<int> encrypting;      // hosts that encrypt over SMB
  int exfil_cluster = -1;
  int64_t t_implant = 0, t_lateral = 0, t_kerberoast = 0, t_dcsync = 0, t_staging = 0, t_exfil = 0, t_encrypt = 0;
  std::string extension = ".lockbit";
  std::string note_name = "Restore-My-Files.txt";
};

struct World {
  SimulateOptions options;
  int64_t start_us = 0;        // simulation start (UTC, a Monday 00:00)
  std::vector<Org> orgs;
  std::vector<Cluster> clusters;
  std::vector<Implant> implants;
  RansomPlan ransom;
  std::vector<OrgCatalogue> catalogue;  // per org, --benign catalogue only
  bool catalogue_on() const { return !catalogue.empty(); }
};

// The benign periodic services hosts run (the beacon detectors' traps).
struct PeriodicService {
  const char* name;
  const char* domain;         // "" for NTP (address only)
  double period_s;
  double jitter;              // relative standard deviation of the period
  const char* service;        // Zeek service
  int port;
};
extern const std::vector<PeriodicService> kPeriodicServices;

World BuildWorld(const SimulateOptions& options);

}  // namespace dragnet::sim
