#include "incident/identifiers.h"

#include <re2/re2.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "incident/checksums.h"

namespace dragnet {

const char* IdentifierKindName(IdentifierKind k) {
  switch (k) {
    case IdentifierKind::kOnion: return "onion";
    case IdentifierKind::kOnionUrl: return "onion_url";
    case IdentifierKind::kToxId: return "tox_id";
    case IdentifierKind::kEmail: return "email";
    case IdentifierKind::kBitcoin: return "bitcoin";
    case IdentifierKind::kMonero: return "monero";
    case IdentifierKind::kUrl: return "url";
    case IdentifierKind::kFamily: return "family";
    case IdentifierKind::kExtension: return "extension";
  }
  return "?";
}

FamilyNames FamilyNames::FromGalaxy(std::string_view json, std::string* error) {
  FamilyNames out;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  simdjson::dom::array values;
  if (parser.parse(padded).get(doc) || doc["values"].get(values)) {
    if (error) *error = "not a misp-galaxy cluster (no \"values\" array)";
    return out;
  }
  for (auto v : values) {
    std::string_view name;
    if (!v["value"].get(name)) out.Add(std::string(name));
    simdjson::dom::array synonyms;
    if (!v["meta"]["synonyms"].get(synonyms))
      for (auto syn : synonyms)
        if (!syn.get(name)) out.Add(std::string(name));
  }
  std::sort(out.names_.begin(), out.names_.end());
  out.names_.erase(std::unique(out.names_.begin(), out.names_.end()), out.names_.end());
  return out;
}

void FamilyNames::Add(std::string name) {
  // "LockBit 3.0 Ransomware" -> "LockBit 3.0"; "(Fake)" variants and
  // generic words are not family names.
  for (std::string_view suffix : {" Ransomware", " ransomware", " (Fake)"}) {
    size_t at = name.find(suffix);
    if (at != std::string::npos) name.erase(at);
  }
  name = std::string(Trim(name));
  if (name.size() < 4 || name.find('(') != std::string::npos) return;
  names_.push_back(std::move(name));
}

std::string NoteText(std::string_view bytes) {
  bool bom_le = bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0xff && static_cast<uint8_t>(bytes[1]) == 0xfe;
  bool bom_be = bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0xfe && static_cast<uint8_t>(bytes[1]) == 0xff;
  size_t zeros_odd = 0, zeros_even = 0;
  for (size_t i = 0; i < std::min<size_t>(bytes.size(), 512); ++i) (i % 2 ? zeros_odd : zeros_even) += bytes[i] == 0;
  size_t sample = std::min<size_t>(bytes.size(), 512) / 2;
  bool le = bom_le || (!bom_be && sample > 8 && zeros_odd > sample / 2);
  bool be = bom_be || (!bom_le && sample > 8 && zeros_even > sample / 2);
  if (!le && !be) return std::string(bytes);
  std::string out;
  for (size_t i = (bom_le || bom_be) ? 2 : 0; i + 1 < bytes.size(); i += 2) {
    unsigned cu = le ? static_cast<uint8_t>(bytes[i]) | (static_cast<uint8_t>(bytes[i + 1]) << 8)
                     : (static_cast<uint8_t>(bytes[i]) << 8) | static_cast<uint8_t>(bytes[i + 1]);
    // Identifiers are ASCII: other characters become a space (a boundary).
    out.push_back(cu < 0x80 && cu != 0 ? static_cast<char>(cu) : ' ');
  }
  return out;
}

namespace {

struct Patterns {
  RE2 onion_url{R"((?i)(https?://(?:[a-z2-7]{56}|[a-z2-7]{16})\.onion[^\s"'<>()\[\]]*))"};
  RE2 onion{R"((?i)\b((?:[a-z2-7]{56}|[a-z2-7]{16}))\.onion\b)"};
  RE2 tox{R"(\b([0-9A-Fa-f]{76})\b)"};
  RE2 email{R"(\b([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})\b)"};
  RE2 btc58{R"(\b([13][1-9A-HJ-NP-Za-km-z]{25,34})\b)"};
  RE2 bech32{R"((?i)\b(bc1[02-9ac-hj-np-z]{11,71})\b)"};
  RE2 monero{R"(\b([48][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?)\b)"};
  RE2 url{R"((?i)\b(https?://[^\s"'<>()\[\]]+))"};
  RE2 extension{R"((?i)extension[s]?[^.\n]{0,40}?\.([a-z0-9]{2,12})\b)"};
};

const Patterns& P() {
  static const Patterns p;
  return p;
}

template <typename F>
void ForEachMatch(std::string_view text, const RE2& re, F&& f) {
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  while (RE2::FindAndConsume(&input, re, &match)) f(std::string_view(match.data(), match.size()));
}

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool Distinctive(std::string_view name) {
  // CamelCase ("LockBit", "BlackBasta") or a digit ("8Base", "0apt"); a
  // capitalised or shouted word ("Royal", "PLAY") could be any sentence's.
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (std::isdigit(c)) return true;
    if (i > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(name[i - 1]))) return true;
  }
  return false;
}

}  // namespace

Extraction ExtractIdentifiers(std::string_view text, const FamilyNames& families) {
  Extraction e;
  auto add = [&](IdentifierKind k, std::string v) { e.identifiers.push_back({k, std::move(v)}); };
  const Patterns& p = P();
  ForEachMatch(text, p.onion_url, [&](std::string_view m) {
    std::string url = AsciiLower(m);
    while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ';')) url.pop_back();
    size_t host = url.find("://") + 3;
    std::string label = url.substr(host, url.find(".onion") - host);
    if (label.size() == 56 && !IsValidOnionV3(label)) return;  // counted with the bare name below
    add(IdentifierKind::kOnionUrl, url);
  });
  ForEachMatch(text, p.onion, [&](std::string_view m) {
    std::string label = AsciiLower(m);
    // v3 names carry a checksum; v2 names (16 characters, retired in 2021) do not.
    if (label.size() == 56 && !IsValidOnionV3(label)) {
      ++e.rejected;
      return;
    }
    add(IdentifierKind::kOnion, label + ".onion");
  });
  ForEachMatch(text, p.tox, [&](std::string_view m) {
    if (!IsValidToxId(m)) {
      ++e.rejected;
      return;
    }
    std::string id(m);
    for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    add(IdentifierKind::kToxId, id);
  });
  ForEachMatch(text, p.email, [&](std::string_view m) { add(IdentifierKind::kEmail, AsciiLower(m)); });
  ForEachMatch(text, p.btc58, [&](std::string_view m) {
    if (IsValidBitcoinBase58(m)) add(IdentifierKind::kBitcoin, std::string(m));
    else if (m.size() >= 30) ++e.rejected;  // shorter base58-looking words are common text
  });
  ForEachMatch(text, p.bech32, [&](std::string_view m) {
    if (IsValidBitcoinBech32(m)) add(IdentifierKind::kBitcoin, AsciiLower(m));
    else ++e.rejected;
  });
  ForEachMatch(text, p.monero, [&](std::string_view m) {
    if (IsValidMonero(m)) add(IdentifierKind::kMonero, std::string(m));
    else ++e.rejected;
  });
  ForEachMatch(text, p.url, [&](std::string_view m) {
    std::string url(m);
    while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ';')) url.pop_back();
    if (AsciiLower(url).find(".onion") == std::string::npos) add(IdentifierKind::kUrl, url);
  });
  ForEachMatch(text, p.extension, [&](std::string_view m) {
    std::string ext = AsciiLower(m);
    // "extension .txt" in an instruction is about the note, not the encryption.
    if (ext != "txt" && ext != "html" && ext != "onion" && ext != "com" && ext != "exe")
      add(IdentifierKind::kExtension, ext);
  });
  for (const std::string& name : families.names()) {
    bool distinctive = Distinctive(name);
    for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
      size_t end = at + name.size();
      if ((at > 0 && WordChar(text[at - 1])) || (end < text.size() && WordChar(text[end]))) continue;
      std::string after = AsciiLower(text.substr(end, 12));
      bool named = after.starts_with(" ransomware") || after.starts_with(" team") || after.starts_with(" group") ||
                   after.starts_with(" locker");
      if (distinctive || named) {
        add(IdentifierKind::kFamily, name);
        break;
      }
    }
  }
  std::sort(e.identifiers.begin(), e.identifiers.end());
  e.identifiers.erase(std::unique(e.identifiers.begin(), e.identifiers.end()), e.identifiers.end());
  return e;
}

}  // namespace dragnet
