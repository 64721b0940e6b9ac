// Campaigns (issue 6): the findings of every org at once, linked through the
// infrastructure they share. Hosts with findings are joined through rare
// traits (correlate/traits.h): a trait many hosts use -- a CDN address, a
// browser's fingerprint -- links nothing (the over-correlation limit). Each
// connected group of two or more hosts is a campaign. Its rare sweepable
// traits not in the seed intel become derived indicators, swept across every
// org of the run; hosts that touched them join (a "pivot" finding each) and
// bring their own traits, until nothing new is found. docs/campaigns.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "correlate/traits.h"
#include "detect/detector.h"
#include "detect/service_fleet.h"
#include "intel/indicator_set.h"

namespace dragnet {

struct CampaignParams {
  double min_member_score = 0.5;   // findings below do not make a host a member
  uint32_t max_trait_hosts = 2048; // a trait more hosts (all orgs) used links nothing ...
  double max_hosts_per_org = 3;    // ... nor one used by more hosts per org on average
  // ... nor one that is fleet routine (FleetRule: >= min_hosts hosts and >=
  // share of the org's hosts) in >= fleet_min_orgs orgs: software many orgs
  // run (a time server, an antivirus cloud, a CDN edge) links nothing, even
  // when few hosts of most orgs use it and the average stays low.
  FleetRule fleet;
  uint32_t fleet_min_orgs = 3;
  // ... nor a client or server software trait (ja3, user agent, certificate,
  // issuer, the service's registered domain) that is a fleet's
  // (FleetSoftwareRule, detect/service_fleet.h: on several hosts of >=
  // software.min_orgs orgs and of at least software.orgs_share of the orgs
  // using it -- the rule the detectors' modifiers apply to services). An OS's
  // push client or a VPN concentrator's certificate sits on a few hosts of
  // most orgs; a campaign's implant on one host of each victim org (its C2
  // addresses, which this rule does not touch, still link when it reaches
  // more).
  FleetSoftwareRule software;
  uint32_t max_rounds = 4;         // pivot sweeps
  double pivot_score = 0.6;        // score of a host found by a derived indicator
};

struct DerivedIndicator {
  Trait trait;
  std::string provenance;          // "shares net 198.51.100.0/24 with 203.0.113.52 (intel, acme/10.0.1.5)"
};

struct CampaignHost {
  std::string org;
  Ip host;
  std::vector<std::string> links;  // the linking traits it holds ("net:198.51.100.0/24")
  friend bool operator<(const CampaignHost& a, const CampaignHost& b) {
    return a.org != b.org ? a.org < b.org : a.host < b.host;
  }
};

struct Campaign {
  std::string id;                  // "C1", by size
  std::vector<std::string> orgs;
  std::vector<CampaignHost> hosts;
  std::vector<std::string> indicators;           // infrastructure in its findings (known and new)
  std::vector<DerivedIndicator> derived;         // found by linking, absent from the seed intel
  std::vector<std::string> attack;
  // Per member org: the techniques of its own findings in the campaign
  // (sorted), what a report for that org alone may show of `attack`.
  std::map<std::string, std::vector<std::string>> attack_by_org;
  int64_t first_us = 0, last_us = 0;
  double confidence = 0;
  std::vector<std::pair<std::string, uint32_t>> links;  // linking trait -> hosts (all orgs) using it
  std::vector<std::string> incidents;  // incident ids tied to it (incident/incidents.h)
};

struct CampaignResult {
  std::vector<Campaign> campaigns;
  std::vector<Finding> pivots;     // hosts found by derived indicators
};

// `findings` get their `campaign` set. `orgs` index the aggregates' org ids.
CampaignResult BuildCampaigns(std::vector<Finding>& findings, const std::vector<OrgContext>& orgs,
                              const Aggregates* aggregates, const IndicatorSet& intel,
                              const CampaignParams& p = {});

}  // namespace dragnet
