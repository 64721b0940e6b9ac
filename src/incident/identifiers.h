// Identifiers in ransom notes and incident reports: how to reach the actor
// (Tor onion services, their URLs, Tox IDs, e-mail addresses), how it wants
// to be paid (Bitcoin, Monero), which family it claims, which extension its
// encryption leaves. Addresses with checksums are validated; those that fail
// are rejected and counted, never kept.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dragnet {

enum class IdentifierKind : uint8_t { kOnion, kOnionUrl, kToxId, kEmail, kBitcoin, kMonero, kUrl, kFamily, kExtension };
const char* IdentifierKindName(IdentifierKind k);

struct Identifier {
  IdentifierKind kind;
  std::string value;  // normalised: lower-case onions, e-mails and bech32; Tox IDs upper-case
  friend auto operator<=>(const Identifier&, const Identifier&) = default;
};

struct Extraction {
  std::vector<Identifier> identifiers;  // sorted, distinct
  uint32_t rejected = 0;                // address-shaped strings whose checksum failed
};

// Ransomware family names and their synonyms (from misp-galaxy's ransomware
// cluster), matched conservatively: a name counts when it is distinctive
// (CamelCase or a digit, as "LockBit", "8Base") or written before
// "ransomware", "team", "group" or "locker" ("Royal ransomware").
class FamilyNames {
 public:
  // Loads a misp-galaxy cluster file; an error names the file.
  static FamilyNames FromGalaxy(std::string_view json, std::string* error);
  void Add(std::string name);
  bool empty() const { return names_.empty(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

// The text of a note: UTF-16 (with or without a byte-order mark) becomes
// UTF-8; other bytes pass through.
std::string NoteText(std::string_view bytes);

Extraction ExtractIdentifiers(std::string_view text, const FamilyNames& families);

}  // namespace dragnet
