// Hostile ransom notes and galaxy files through incident intake: UTF-16
// detection, every identifier pattern and checksum, family matching.
// Invariants: no crash; every kept identifier with a checksum passes it.
#include <cstdlib>
#include <string>

#include "incident/checksums.h"
#include "incident/identifiers.h"

using namespace dragnet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks: a note, or a galaxy file whose names then search the input.
  FamilyNames families;
  if (size > 0 && data[0] % 4 == 0) {
    std::string error;
    families = FamilyNames::FromGalaxy(bytes.substr(1), &error);
  } else {
    families.Add("LockBit");
    families.Add("Royal Ransomware");
  }
  Extraction e = ExtractIdentifiers(NoteText(bytes), families);
  for (const Identifier& id : e.identifiers) {
    bool ok = true;
    switch (id.kind) {
      case IdentifierKind::kToxId: ok = IsValidToxId(id.value); break;
      case IdentifierKind::kMonero: ok = IsValidMonero(id.value); break;
      case IdentifierKind::kBitcoin:
        ok = id.value.starts_with("bc1") ? IsValidBitcoinBech32(id.value) : IsValidBitcoinBase58(id.value);
        break;
      case IdentifierKind::kOnion:
        ok = id.value.size() != 62 || IsValidOnionV3(id.value.substr(0, 56));
        break;
      default: break;
    }
    if (!ok) std::abort();
  }
  return 0;
}
