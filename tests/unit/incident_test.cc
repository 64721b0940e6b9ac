// Identifier extraction from ransom notes: checksums accept real addresses
// and reject the same addresses with one character changed; extraction finds
// each kind in text, UTF-16 notes and HTML.
#include <gtest/gtest.h>

#include "core/base_encoding.h"
#include "incident/checksums.h"
#include "incident/identifiers.h"
#include "incident/incidents.h"

namespace dragnet {
namespace {

// One character changed, to another of the same alphabet.
std::string Mutate(std::string s, size_t at) {
  s[at] = s[at] == 'q' ? 'p' : s[at] == '2' ? '3' : s[at] == 'A' ? 'B' : s[at] == 'a' ? 'c' : 'q';
  return s;
}

TEST(Checksums, BitcoinBase58) {
  const std::string genesis = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";  // the genesis block's address
  EXPECT_TRUE(IsValidBitcoinBase58(genesis));
  EXPECT_TRUE(IsValidBitcoinBase58("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));  // P2SH, Bitcoin wiki example
  EXPECT_FALSE(IsValidBitcoinBase58(Mutate(genesis, 10)));
  EXPECT_FALSE(IsValidBitcoinBase58("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0"));  // '0' is not Base58
}

TEST(Checksums, BitcoinBech32) {
  EXPECT_TRUE(IsValidBitcoinBech32("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));  // BIP 173 test vector
  EXPECT_TRUE(IsValidBitcoinBech32("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
  EXPECT_TRUE(IsValidBitcoinBech32("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"));  // BIP 350, v1
  EXPECT_FALSE(IsValidBitcoinBech32("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));  // checksum
  EXPECT_FALSE(IsValidBitcoinBech32("bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));  // mixed case
  // A v1 programme with a Bech32 (not Bech32m) checksum is invalid (BIP 350).
  EXPECT_FALSE(IsValidBitcoinBech32("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx"));
}

TEST(Checksums, Monero) {
  const std::string fund =
      "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";  // Monero general fund
  EXPECT_TRUE(IsValidMonero(fund));
  EXPECT_FALSE(IsValidMonero(Mutate(fund, 40)));
  EXPECT_FALSE(IsValidMonero(fund.substr(0, 94)));
}

TEST(Checksums, ToxAndOnion) {
  const std::string tox = "3B61CFD6E12D789A439816E1DE08CFDA58D76EB0B26585AA34CDA617C41D5943CDD15DB0B7E6";
  EXPECT_TRUE(IsValidToxId(tox));
  EXPECT_FALSE(IsValidToxId(Mutate(tox, 5)));
  const std::string onion = "akiral2iz6a7qgd3ayp3l6yub7xx2uep76idk3u2kollpj5z3z636bad";
  EXPECT_TRUE(IsValidOnionV3(onion));
  EXPECT_FALSE(IsValidOnionV3(Mutate(onion, 20)));
}

TEST(Checksums, MakersBuildWhatTheValidatorsAccept) {
  // The all-zero key hash is Bitcoin's well-known burn address.
  EXPECT_EQ(BitcoinP2pkhAddress({}), "1111111111111111111114oLvT2");
  for (uint8_t seed = 1; seed < 20; ++seed) {
    std::array<uint8_t, 36> tox{};
    std::array<uint8_t, 32> key{};
    std::array<uint8_t, 20> hash{};
    for (size_t i = 0; i < tox.size(); ++i) tox[i] = static_cast<uint8_t>(seed * 31 + i * 7);
    for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(seed * 17 + i * 13);
    for (size_t i = 0; i < hash.size(); ++i) hash[i] = static_cast<uint8_t>(seed * 5 + i);
    std::string t = ToxId(tox), o = OnionV3Name(key), b = BitcoinP2pkhAddress(hash);
    EXPECT_TRUE(IsValidToxId(t)) << t;
    EXPECT_TRUE(IsValidOnionV3(o)) << o;
    EXPECT_TRUE(IsValidBitcoinBase58(b)) << b;
    // One changed character breaks each checksum.
    t[5] = t[5] == 'A' ? 'B' : 'A';
    o[7] = o[7] == 'a' ? 'b' : 'a';
    b[9] = b[9] == 'z' ? 'y' : 'z';
    EXPECT_FALSE(IsValidToxId(t)) << t;
    EXPECT_FALSE(IsValidOnionV3(o)) << o;
    EXPECT_FALSE(IsValidBitcoinBase58(b)) << b;
  }
}

TEST(BaseEncoding, RoundTrips) {
  for (size_t n = 0; n < 40; ++n) {
    std::vector<uint8_t> bytes(n);
    for (size_t i = 0; i < n; ++i) bytes[i] = static_cast<uint8_t>(i < 3 ? 0 : i * 37 + n);  // leading zeros too
    EXPECT_EQ(Base58Decode(Base58Encode(bytes)), bytes) << n;
    if (n % 5 == 0) {
      EXPECT_EQ(Base32Decode(Base32Encode(bytes)), bytes) << n;  // whole 5-byte groups
    }
  }
  EXPECT_EQ(Base32Encode({'f', 'o', 'o', 'b', 'a'}), "mzxw6ytb");  // RFC 4648 vector, lower case
  EXPECT_EQ(Base32Decode("MZXW6YTB"), (std::vector<uint8_t>{'f', 'o', 'o', 'b', 'a'}));
  EXPECT_FALSE(Base32Decode("mzxw1ytb").has_value());  // '1' is not Base32
  EXPECT_FALSE(Base58Decode("0OIl").has_value());      // nor these Base58
  // Base64, RFC 4648 vectors, padded.
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(Base64Decode(Base64Encode("evil.example.com")), "evil.example.com");
  EXPECT_FALSE(Base64Decode("Zm9v!").has_value());
}

TEST(Identifiers, ExtractsAndRejects) {
  FamilyNames families;
  families.Add("LockBit 3.0 Ransomware");
  families.Add("LockBit");
  families.Add("Royal Ransomware");
  std::string note =
      "Your files are encrypted by LockBit. All files have the extension .lockbit now.\n"
      "Chat: http://akiral2iz6a7qgd3ayp3l6yub7xx2uep76idk3u2kollpj5z3z636bad.onion/chat?id=7.\n"
      "Tox: 3B61CFD6E12D789A439816E1DE08CFDA58D76EB0B26585AA34CDA617C41D5943CDD15DB0B7E6\n"
      "Mail Support@Evil-Mail.example or pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa.\n"
      "Not ours: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb and "
      "akiral2iz6a7qgd3ayp3l6yub7xx2uep76idk3u2kollpj5z3z636bae.onion. Our royal highness.\n";
  Extraction e = ExtractIdentifiers(note, families);
  std::vector<std::string> got;
  for (const auto& i : e.identifiers) got.push_back(std::string(IdentifierKindName(i.kind)) + ":" + i.value);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "onion:akiral2iz6a7qgd3ayp3l6yub7xx2uep76idk3u2kollpj5z3z636bad.onion",
                     "onion_url:http://akiral2iz6a7qgd3ayp3l6yub7xx2uep76idk3u2kollpj5z3z636bad.onion/chat?id=7",
                     "tox_id:3B61CFD6E12D789A439816E1DE08CFDA58D76EB0B26585AA34CDA617C41D5943CDD15DB0B7E6",
                     "email:support@evil-mail.example",
                     "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                     "family:LockBit",
                     "extension:lockbit",
                 }));
  EXPECT_EQ(e.rejected, 2u);  // the altered address and onion
}

TEST(Identifiers, Utf16NotesAreRead) {
  std::string ascii = "pay to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa now";
  std::string utf16 = "\xff\xfe";
  for (char c : ascii) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  Extraction e = ExtractIdentifiers(NoteText(utf16), FamilyNames{});
  ASSERT_EQ(e.identifiers.size(), 1u);
  EXPECT_EQ(e.identifiers[0].value, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
}

TEST(Incidents, SharedContactsLinkAndTieToCampaigns) {
  auto incident = [](std::string id, std::string org, std::vector<Identifier> ids) {
    Incident i;
    i.id = std::move(id);
    i.org = std::move(org);
    i.extraction.identifiers = std::move(ids);
    return i;
  };
  std::vector<Incident> incidents = {
      incident("I1", "acme", {{IdentifierKind::kToxId, "AAAA"}, {IdentifierKind::kFamily, "LockBit"}}),
      incident("I2", "globex", {{IdentifierKind::kToxId, "AAAA"}}),
      incident("I3", "initech", {{IdentifierKind::kFamily, "LockBit"}}),  // same family, no shared contact
  };
  std::vector<Campaign> campaigns(1);
  campaigns[0].id = "C1";
  campaigns[0].orgs = {"acme", "wayne"};
  LinkIncidents(incidents, campaigns);
  EXPECT_EQ(incidents[0].linked, (std::vector<std::string>{"I2"}));
  EXPECT_EQ(incidents[1].linked, (std::vector<std::string>{"I1"}));
  EXPECT_TRUE(incidents[2].linked.empty());
  EXPECT_EQ(campaigns[0].incidents, (std::vector<std::string>{"I1", "I2"}));  // I2 through its shared Tox ID
  EXPECT_EQ(incidents[1].campaign, "C1");
  EXPECT_TRUE(incidents[2].campaign.empty());
}

}  // namespace
}  // namespace dragnet
