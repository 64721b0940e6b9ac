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

}  // namespace dragnet
