// The benign catalogue (`dragnet simulate --benign catalogue`): what real
// networks do every day, each organisation drawing its own variant (vendors,
// addresses, schedules, tool names, periods, which hosts take part) from its
// own random stream. Types only; the plan is drawn in catalogue_plan.cc and
// written by catalogue_flows.cc, catalogue_admin.cc and catalogue_files.cc.
// docs/simulator.md lists every entry with its real-world source.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dragnet::sim {

// An Internet endpoint of a vendor's software: the same in every org that
// runs the software (one fleet, many organisations).
struct Endpoint {
  std::string vendor;     // "crowdstrike", "pool.ntp.org", ...
  std::string host;       // server name (SNI and DNS question), "" for none
  std::string ip;
  int port = 443;
  const char* proto = "tcp";
  const char* service = "ssl";  // Zeek service, "" for none
  std::string cert;       // certificate fingerprint, "" without TLS
  std::string ja3;        // the vendor agent's client fingerprint
};

// One host's recurring traffic: a poll every period, or a session held open.
struct Flow {
  enum Kind { kTimeSync, kCheckin, kHeld, kPoll } kind = kCheckin;
  int host = 0;             // source host (index into Org::hosts)
  int endpoint = -1;        // index into OrgCatalogue::endpoints, or
  int peer = -1;            // an internal peer (index into Org::hosts)
  int port = 0;             // for internal peers
  double period_s = 60;     // kHeld: ignored (logged hourly)
  double jitter = 0.01;     // relative standard deviation of the period
  bool working_hours_only = false;  // the host is a person's machine
};

// Upstream of the org's DNS resolver: it asks for what its clients ask.
struct DnsUpstream {
  std::string resolver_ip;
  bool iterative = false;                 // root/TLD/authoritative, else a forwarder
  std::vector<std::string> upstreams;     // public resolvers, or authoritative servers
  std::vector<std::string> roots, tlds;   // iterative only
  double forward_share = 0.3;             // cache misses
};

struct OrgCatalogue {
  std::vector<Endpoint> endpoints;
  std::vector<Flow> flows;
  DnsUpstream dns;
  // Software deployment fanning out from one server.
  std::string deploy_tool;          // "sccm", "pdq", "paexec", "ansible-winrm", "gpo"
  int deploy_server = -1;
  std::vector<bool> deploy_days;    // by local day from the start: deploys that day
  int deploy_hour = 0;              // local hour it starts
  std::vector<int> deploy_targets;  // the collection it deploys to (20-45 hosts)
  // IT staff reaching servers and workstations.
  std::vector<int> admins, admin_targets;
  bool admin_rdp = false, admin_winrm = false, admin_psexec = false;
  double admin_rate = 0;            // chance per admin per working hour
  // Monitoring polls.
  int monitor = -1;
  std::string monitor_kind;         // "snmp", "zabbix", "nrpe"
  // Credentialed vulnerability scans.
  int scanner = -1;
  std::string scan_product;
  int scan_hour = 2, scan_weekday = -1;  // -1: every day
  std::vector<int> scan_ports;
  // Backups at night.
  int backup = -1;
  std::string backup_product;       // "veeam", "backupexec", "robocopy"
  int backup_hour = 1;
  std::vector<int> backup_sources;
  // Office documents saved on the file share (temporary-file renames).
  double office_share = 0;
  // Cloud sync uploads.
  std::vector<int> sync_endpoints;  // indices into endpoints
  std::vector<int> sync_hosts;
  // Remote support used legitimately.
  int remote_endpoint = -1;
  std::vector<int> remote_hosts;
  // Printers and IoT.
  std::vector<int> printers, iot_devices, network_devices;
  double print_rate = 0.05;
  // What this org drew, for truth.json and the tests: (entry, choice).
  std::vector<std::pair<std::string, std::string>> summary;
};

}  // namespace dragnet::sim
