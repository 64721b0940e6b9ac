// The STIX 2.1 bundle of a hunt (issue 7, part): an identity per
// organisation, an indicator per infrastructure value (seed and derived),
// sightings of each by each org (each pointing to an observed-data object
// of the observable: ipv4-addr, domain-name, url, file, x509-certificate),
// a campaign and an intrusion-set per Dragnet
// campaign, ATT&CK attack patterns, and the relationships between them
// (indicates, attributed-to, uses, derived-from). A pure function of the
// findings and campaigns; ids are UUIDv5 of their content and timestamps come
// from the data, so the same hunt gives the same bytes. docs/stix.md.
#pragma once

#include <string>
#include <vector>

#include "correlate/campaigns.h"
#include "detect/finding.h"

namespace dragnet {

class Warninglists;
struct LeftOut;  // report/export_filter.h

// Values a list of `lists` holds (the hunt's warninglists and never-flag
// set, report/export_filter.h) get no indicator; they are added to
// `left_out` when given.
std::string StixBundle(const std::vector<Finding>& findings, const std::vector<Campaign>& campaigns,
                       double min_score = 0.5, const std::vector<const Warninglists*>& lists = {},
                       std::vector<LeftOut>* left_out = nullptr);

// A STIX id, "indicator--<uuid v5 of name>".
std::string StixId(const std::string& type, const std::string& name);
// A cyber observable's id as STIX 2.1 defines it: UUIDv5 in the STIX
// namespace of the canonical JSON of its id-contributing properties
// ("ipv4-addr", "{\"value\":\"198.51.100.1\"}").
std::string StixObservableId(const std::string& type, const std::string& contributing_json);
// The STIX pattern for a value of an export type (report/exports.h
// IndicatorType): "[ipv4-addr:value = '203.0.113.7']"; empty when none.
std::string StixPattern(const std::string& type, const std::string& value);

}  // namespace dragnet
