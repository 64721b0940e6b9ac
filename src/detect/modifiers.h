// Modifiers: what every behavioural detector weighs besides its own formula,
// in one place so they agree. A destination many of an org's hosts use is
// rarely an implant's (prevalence); one that is rare everywhere yet present in
// several orgs is the cross-organisation signal; a destination first seen late
// in the data, a TLS fingerprint or user agent almost nobody uses, HTTP
// without a Host header all add a little. Warninglists (popularity lists such
// as tranco/majestic, cloud ranges) and the org's allow-list suppress.
// docs/detectors/modifiers.md has the formulas.
#pragma once

#include <string>

#include "core/json_writer.h"
#include "detect/detector.h"
#include "detect/service_fleet.h"

namespace dragnet {

struct ModifierParams {
  uint32_t rare_hosts = 2;            // at most this many hosts of the org: no prevalence penalty
  double prevalence_halving = 3;      // each further `halving` hosts halve the score...
  double majority_share = 0.5;        // ...and past rare_hosts, used by this share of the org's hosts: x 0.25
  double cross_org_bonus = 0.10;      // in >= 2 orgs, each time with at most rare_hosts hosts on average
  // Common elsewhere: in >= popular_min_orgs orgs with at least this many
  // hosts per org on average (a service many people use): score x 0.5. The
  // share of orgs is deliberately not used -- a campaign inside most of the
  // orgs swept is exactly what Dragnet must not discount.
  double popular_hosts_per_org = 4;
  uint32_t popular_min_orgs = 3;
  // Fleet software: routine in the fleets of >= fleet_min_orgs orgs (in each,
  // >= fleet.min_hosts hosts and >= fleet.share of its hosts; FleetRule) --
  // an OS vendor's time server, an antivirus cloud, a SaaS agent. Score x
  // fleet_software_factor, and never the cross-org bonus. A campaign's
  // implant (one or two hosts per victim org) is fleet routine nowhere, so
  // however many orgs it is in, this never discounts it.
  FleetRule fleet;
  uint32_t fleet_min_orgs = 3;
  // The service behind a destination (its registered domain) is fleet
  // software too when it is under the campaigns' rule (FleetSoftwareRule:
  // several hosts in most of the orgs using it): a lone Mac's push session
  // is the fleet's software, an implant on one host per victim org is not.
  FleetSoftwareRule software;
  double fleet_software_factor = 0.3;
  double late_first_seen = 0.25;      // first seen after this share of the org's span: new...
  double new_min_span_hours = 48;     // ...when the data spans at least this long (a day has no history)
  double new_bonus = 0.05;
  double rare_client_share = 0.01;    // JA3 / user agent used by at most this share of all hosts
  double rare_client_bonus = 0.05;
  double missing_host_bonus = 0.05;
  double mime_mismatch_bonus = 0.05;  // most HTTP responses contradict their URI (a .gif that is not an image)
  // Bulk download (at least this much received and received/sent above the
  // ratio): streaming, VPN, updates -- a tunnel or shell moves little, or
  // uploads. Score x bulk_download_factor.
  uint64_t bulk_download_bytes = 100'000'000;
  double bulk_download_ratio = 10;
  double bulk_download_factor = 0.4;
};

// What is known of one (org, host, destination) for the modifiers.
struct DestinationFacts {
  uint32_t org = 0;
  std::string name;                // FQDN, or empty
  std::optional<Ip> address;       // the address (IP pairs), or nullopt
  // IP pairs: the name TLS/HTTP gave the address (empty: none). Its
  // prevalence counts too: a push or VPN service spreads its hosts over many
  // addresses under one name.
  std::string address_name;
  int64_t first_us = 0;
  uint64_t ja3 = 0, user_agent = 0;  // ClientUsers ids (0: none)
  uint64_t http_requests = 0, http_without_host = 0, mime_mismatch = 0;
  uint64_t sent_bytes = 0, received_bytes = 0;  // IP pairs: conn orig/resp bytes
};

// The facts of one pair series (name series: `address` nullopt).
DestinationFacts FactsOf(uint32_t org, const std::string& name, std::optional<Ip> address, const PairSeries& s);

struct Modifiers {
  uint32_t org_hosts = 0, org_size = 0, global_orgs = 0, global_hosts = 0, total_orgs = 0;
  uint32_t fleet_orgs = 0;         // orgs in whose fleet the destination is routine
  uint32_t software_orgs = 0;      // orgs where several hosts use its service (when fleet software by it)
  double prevalence_factor = 1;
  bool cross_org = false, popular = false, new_destination = false;
  bool fleet_software = false;
  double fleet_software_factor = 1;
  bool rare_ja3 = false, rare_user_agent = false, missing_host = false, bulk_download = false;
  bool mime_mismatch = false;
  double bulk_download_factor = 1;
  std::string suppressed_by;       // warninglist name or "allow-list"; empty when not suppressed
  double bonus = 0;

  // The final score from a detector's base score: 0 when suppressed.
  double Apply(double base) const;
  // "modifiers" evidence object.
  void Write(JsonWriter& w) const;
  // Short phrases for a summary ("seen in 3 orgs", "new"), comma-joined.
  std::string Phrases() const;
};

// The warninglist (by name) or "allow-list" that makes a destination benign
// for this org; empty when none does.
std::string SuppressedBy(const AnalysisContext& ctx, uint32_t org, std::string_view name, const Ip* address);

Modifiers ComputeModifiers(const ModifierParams& p, const AnalysisContext& ctx, const DestinationFacts& d);

// What the service behind a destination (the registered domain of its name
// or of the name its address carries) says: how many hosts of the org use
// it, in how many orgs' fleets it is routine (FleetRule), and whether it is
// fleet software (FleetSoftwareRule, with `software_orgs` orgs where several
// hosts use it).
struct ServiceUse {
  uint32_t org_hosts = 0, fleet_orgs = 0, software_orgs = 0;
  bool software = false;
};
ServiceUse ServiceUseOf(const ModifierParams& p, const ServiceFleet& services, const Prevalence& prevalence,
                        uint32_t org, std::string_view name);

// Raises m's host count and fleet orgs to the service's when larger, makes
// it fleet software when the service is, and recomputes what follows.
void WeighService(Modifiers& m, const ModifierParams& p, const ServiceUse& service);

}  // namespace dragnet
