// What the later stages need to know about whatever produces findings -- a
// detector, or a correlation (the kill chain, campaign pivots) -- declared by
// the producer itself, as Snort 3 inspectors and Zeek components declare
// themselves: the kill-chain stage its findings stand for, what they may give
// the campaign graph, which of their indicators go to the exports, and the
// containment advice the report shows. correlate/ and report/ ask this spec
// (correlate/finding_sources.h looks it up by name) and never compare names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dragnet {

// The stages of an intrusion the kill chain lays on one timeline, in the
// order it lists them (docs/kill-chain.md). kExfiltration covers staging too.
enum class Stage : uint8_t { kImplant = 0, kRecon, kSpread, kCredentialTheft, kExfiltration, kEncryption, kNone };
inline constexpr int kStageCount = static_cast<int>(Stage::kNone);  // stages before kNone
// "implant", "recon", "spread", "credential theft", "exfiltration", "encryption", "none".
const char* StageName(Stage s);

// What a finding may contribute to the campaign graph (correlate/traits.h).
struct CampaignTraits {
  // Its indicators: external addresses and their /24 (/48), names and their
  // registered domains, listed networks, hashes.
  bool destinations = false;
  // With `destinations`: what the host's own connections to them showed in
  // the aggregates -- the names and addresses they resolved to, the JA3 and
  // user agent it used, the server's certificate and issuer, the URI shape.
  bool connection_details = false;
  // Its indicators are a ransomware's file extension ("*.ext") and note names.
  bool ransom_artifacts = false;
  // The finding ties its host and peers into one incident: all of them join
  // the graph, linked by that incident.
  bool incident = false;
};

// Which indicator kinds of its findings go to the Zeek intel, Suricata,
// MISP, CSV and STIX exports (the kinds of report/exports.h IndicatorType).
struct ExportKinds {
  bool addresses = false;     // ip, subnet
  bool names = false;         // domain, url, email
  bool hashes = false;        // md5, sha1, sha256
  bool fingerprints = false;  // ja3, ja4, cert_sha1
  bool any() const { return addresses || names || hashes || fingerprints; }
  static ExportKinds All() { return {true, true, true, true}; }
};

// Where a finding's evidence says what a hex indicator is (a JA3 or a
// certificate hash rather than a file hash).
enum class EvidenceHint : uint8_t {
  kNone,
  kIndicatorType,  // evidence "indicator_type": "ja3", "ja3s", "cert_sha1", ... (intel)
  kTrait,          // evidence "trait": "cert:ab12..." (pivot)
};

// The type of one top-level field of a finding's evidence object.
enum class EvidenceType : uint8_t { kString, kNumber, kBool, kArray, kObject };
const char* EvidenceTypeName(EvidenceType t);  // "string", "number", "bool", "array", "object"

// One top-level field of a finding's evidence: the evidence is a JSON object
// of exactly the declared fields (tests/unit/evidence_test.cc checks every
// finding of a simulated world and of the golden cases against it).
struct EvidenceField {
  std::string name;
  EvidenceType type = EvidenceType::kString;
  bool always = true;  // false: only some of its findings carry it
};

// The advice behavioural findings share: the destination is the lead.
inline constexpr std::string_view kContainHostAndDestination =
    "Isolate the host and block the destination; confirm with the host's process and DNS history.";

struct FindingSourceSpec {
  std::string name;     // the findings' `detector` field: "intel", "kill_chain"
  std::string summary;  // one line for `dragnet detectors`
  Stage stage = Stage::kNone;
  CampaignTraits traits;
  // Its indicators are values the loaded intel lists: a campaign grows from
  // them (its seed) and the STIX bundle marks them as such.
  bool seeds_campaigns = false;
  ExportKinds exports;
  EvidenceHint hint = EvidenceHint::kNone;
  // Its summary tells a whole incident: the console and the report show it
  // above the organisation's findings.
  bool tells_incident = false;
  // What to do first (the report's "Containment" list).
  std::string containment;
  // The fields of its findings' evidence object.
  std::vector<EvidenceField> evidence;
};

}  // namespace dragnet
