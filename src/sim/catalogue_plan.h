// Drawing each organisation's catalogue variant (catalogue_plan.cc) and its
// own names and addresses (catalogue_names.cc).
#pragma once

#include <set>
#include <string>

#include "sim/activity.h"
#include "sim/rng.h"
#include "sim/world.h"

namespace dragnet::sim {

// Benign roles written to truth.json (`benign_roles`), one per catalogue
// behaviour a host takes part in.
namespace benign_role {
inline constexpr const char* kTimeSync = "time_sync";
inline constexpr const char* kTimeServer = "time_server";
inline constexpr const char* kEdr = "edr_checkin";
inline constexpr const char* kPush = "push_notification";
inline constexpr const char* kVpn = "vpn_session";
inline constexpr const char* kStreaming = "streaming";
inline constexpr const char* kCollaboration = "collaboration_session";
inline constexpr const char* kUpdates = "software_update";
inline constexpr const char* kDeployServer = "deployment_server";
inline constexpr const char* kDeployTarget = "deployment_target";
inline constexpr const char* kAdminHost = "admin_host";
inline constexpr const char* kAdminTarget = "admin_target";
inline constexpr const char* kMonitor = "monitoring_server";
inline constexpr const char* kMonitored = "monitored";
inline constexpr const char* kScanner = "vuln_scanner";
inline constexpr const char* kBackupServer = "backup_server";
inline constexpr const char* kBackupSource = "backup_source";
inline constexpr const char* kResolver = "resolver";
inline constexpr const char* kOffice = "office_temp_files";
inline constexpr const char* kCloudSync = "cloud_sync";
inline constexpr const char* kRemoteSupport = "remote_support";
inline constexpr const char* kPrinter = "printer";
inline constexpr const char* kIot = "iot_device";
inline constexpr const char* kNetworkDevice = "network_device";
inline constexpr const char* kLanChatter = "lan_discovery";
}  // namespace benign_role

// Replaces every org's basic recipe by its own catalogue variant, drawn from
// the benign seed (options.benign_seed, else the world seed): fills
// world.catalogue, renames and readdresses hosts, adds servers and devices
// after the existing hosts (so the campaign's host indices keep their
// meaning), clears the basic periodic services and sets Host::benign_roles.
void PlanCatalogue(World& world, const Internet& net);

struct OrgNaming {
  std::string site, domain3;
  int server_style = 0, ws_style = 0, token = 0;
  bool lower = false;
  int ws_base = 1, server_net = 0, admin_net = 5, device_net = 240;
};
OrgNaming DrawNaming(const Org& o, Rng& r);
std::string ServerName(const OrgNaming& n, Host::Role role, int number, const char* token = nullptr);
std::string ServerAddress(const Org& o, const OrgNaming& n, std::set<int>& used_last, Rng& r);
// Renames servers and workstations and moves them onto the org's own plan
// (admin workstations are placed by the caller).
void RenameAndReaddress(Org& o, const OrgNaming& n, std::set<int>& used_last, Rng& r);

}  // namespace dragnet::sim
