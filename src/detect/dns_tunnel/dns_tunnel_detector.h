// The dns_tunnel detector: data carried in DNS names (iodine, dnscat2, DNS
// C2 of Cobalt Strike and friends). One finding per (org, host, registered
// domain) from DnsTable statistics scored by dns_tunnel_score.h.
// docs/detectors/dns_tunnel.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/dns_tunnel/dns_tunnel_score.h"
#include "detect/parameters.h"

namespace dragnet {

struct DnsTunnelParams {
  double min_unique = 10;          // distinct names below this are not judged
  double min_score = 0.5;
  double min_host_share = 0.1;     // a host is named when it asked this share of the queries...
  uint64_t min_host_queries = 100; // ...or at least this many
  uint32_t rare_hosts = 2;         // hosts asking before the prevalence penalty starts
  double prevalence_halving = 3;
  double cross_org_bonus = 0.1;    // judged in >= 2 orgs, asked by few hosts here
  dns_tunnel::TunnelParams tunnel;
};

std::unique_ptr<Detector> NewDnsTunnelDetector(DnsTunnelParams params = {});
std::vector<ParamBinding> Bindings(DnsTunnelParams& p);

}  // namespace dragnet
