#include "detect/finding_source.h"

namespace dragnet {

const char* StageName(Stage s) {
  switch (s) {
    case Stage::kImplant: return "implant";
    case Stage::kRecon: return "recon";
    case Stage::kSpread: return "spread";
    case Stage::kCredentialTheft: return "credential theft";
    case Stage::kExfiltration: return "exfiltration";
    case Stage::kEncryption: return "encryption";
    case Stage::kNone: break;
  }
  return "none";
}

const char* EvidenceTypeName(EvidenceType t) {
  switch (t) {
    case EvidenceType::kString: return "string";
    case EvidenceType::kNumber: return "number";
    case EvidenceType::kBool: return "bool";
    case EvidenceType::kArray: return "array";
    case EvidenceType::kObject: return "object";
  }
  return "?";
}

}  // namespace dragnet
