// Incident intake (issue 6): ransom notes and incident reports the victims
// hand over, kept per org in ROOT/<org>/incidents/ (`dragnet incident add`
// puts them there). Each file's identifiers are extracted; incidents that
// share a contact or payment identifier are linked; campaigns take in the
// incidents of their orgs and of every incident linked to those.
#pragma once

#include <string>
#include <vector>

#include "correlate/campaigns.h"
#include "hunt/orgs.h"
#include "incident/identifiers.h"
#include "ingest/diagnostics.h"

namespace dragnet {

struct Incident {
  std::string id;                  // "I1", in (org, file) order
  std::string org;
  std::string file;
  Extraction extraction;
  std::vector<std::string> linked;  // other incidents sharing a contact or payment identifier
  std::vector<std::string> shared;  // those identifiers ("tox_id:...")
  std::string campaign;             // the campaign it is tied to, if any
};

// Whether an identifier kind ties incidents to one actor: contacts and
// payment addresses do; a family name or an extension (many affiliates share
// them) does not.
bool LinksIncidents(IdentifierKind k);

// Reads every file under each org's `incidents/` folders (the first
// kMaxIncidentFileBytes of each, incident/intake.h). Unreadable files are
// reported to `diag` and skipped; longer ones are reported and used.
std::vector<Incident> LoadIncidents(const std::vector<OrgSource>& orgs, const FamilyNames& families,
                                    Diagnostics& diag);

// Links incidents sharing identifiers and ties them to campaigns through
// their orgs; fills Incident::linked/shared/campaign and Campaign::incidents.
void LinkIncidents(std::vector<Incident>& incidents, std::vector<Campaign>& campaigns);

std::string IncidentsJson(const std::vector<Incident>& incidents);

}  // namespace dragnet
