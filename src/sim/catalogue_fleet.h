// Vendor endpoints of the catalogue's software fleet and the Internet's DNS
// infrastructure (root, gTLD servers, public resolvers).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/activity.h"
#include "sim/catalogue.h"

namespace dragnet::sim {

// The endpoint of vendor entry `key` ("crowdstrike", "pool.ntp.org", ...):
// the same for every org given the same fleet seed and label. `label` fills
// the name's per-tenant part ("0" in 0.pool.ntp.org, a tenant in
// usea1-TENANT.sentinelone.net); empty when the name has none. An unknown
// key gives an endpoint with an empty address.
Endpoint FleetEndpoint(const std::string& key, uint64_t fleet_seed, const Internet& net, const std::string& label = "");

std::vector<std::string> RootServers();
std::vector<std::string> GtldServers();
std::vector<std::string> PublicResolvers();

}  // namespace dragnet::sim
