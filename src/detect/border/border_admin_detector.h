// The border_admin detector: administration and remote-access protocols
// (SMB, RDP, WinRM, RPC, SSH, LDAP; border_ports.h) crossing the
// organisation's border in either direction. On by default: unlike general
// inbound traffic these are rare across a border and cheap to keep.
//  - outbound, from a workstation (no server, domain-controller or
//    administering role learnt from behaviour, detect/roles/; not in the
//    config's `admins`) to an outside address few of the org's hosts use:
//    weak (low); SMB, RPC or WinRM (Windows remoting) to such an address is
//    specific (medium): exfiltration over SMB, forced NTLM authentication,
//    remote execution (ATT&CK T1021.002, T1021.006, T1048, T1187);
//  - inbound, from an outside address to a workstation: weak (low; T1133,
//    T1021.001/.004) -- unless that host answers the protocol to many
//    outside clients: then it publishes the service to the world, learnt
//    from the data, and stays quiet.
// One finding per (org, host, outside address, protocol, direction).
// docs/detectors/border_admin.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct BorderAdminParams {
  double weak_score = 0.35;       // an admin protocol crossing the border, weak alone
  double remoting_score = 0.6;    // SMB/RPC/WinRM from a workstation to a rare outside address (specific)
  uint32_t rare_hosts = 2;        // at most this many hosts of the org use the outside address: rare
  uint32_t popular_orgs = 3;      // outside addresses used by hosts of this many orgs are services
  uint32_t public_clients = 5;    // outside clients a host answers a protocol to: a public service
  double min_score = 0.3;         // findings below are not reported
};

std::unique_ptr<Detector> NewBorderAdminDetector(BorderAdminParams params = {});
std::vector<ParamBinding> Bindings(BorderAdminParams& p);

}  // namespace dragnet
