// Checksums of the payment and contact identifiers ransom notes carry, so a
// string that merely looks like an address is rejected. Hash functions come
// from Crypto++ (SHA-256, SHA3-256, Keccak-256); Base58 and Base32 from
// core/base_encoding.h; Monero's block Base58 and Bech32/Bech32m are a few
// lines each and no Debian library offers them, so they are written here.
// The makers at the end build valid identifiers from their key bytes with the
// same checksums (the simulator's ransom notes use them).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dragnet {

// Bitcoin P2PKH/P2SH ("1...", "3..."): Base58Check, version 0x00 or 0x05,
// checksum = first 4 bytes of SHA-256(SHA-256(payload)).
bool IsValidBitcoinBase58(std::string_view address);
// Bitcoin SegWit ("bc1..."): BIP 173 Bech32 for witness v0, BIP 350
// Bech32m for v1+, with the programme lengths each version allows.
bool IsValidBitcoinBech32(std::string_view address);
// Monero standard (95 chars, "4"), subaddress ("8") or integrated (106):
// Monero Base58, checksum = first 4 bytes of Keccak-256 of the rest.
bool IsValidMonero(std::string_view address);
// Tox ID: 76 hex digits = public key (32 bytes) + nospam (4) + checksum (2),
// the checksum the XOR of the first 36 bytes taken two at a time.
bool IsValidToxId(std::string_view hex);
// Tor v3 onion service name (56 base32 chars, without ".onion"): public key
// (32 bytes) + checksum (2) + version 3, checksum = SHA3-256(".onion
// checksum" || key || version)[0..2].
bool IsValidOnionV3(std::string_view label);

// "1..." for a public key hash (version 0x00, Base58Check).
std::string BitcoinP2pkhAddress(const std::array<uint8_t, 20>& hash160);
// 76 upper-case hex digits: the key and nospam, then their checksum.
std::string ToxId(const std::array<uint8_t, 36>& key_and_nospam);
// The 56-character name (without ".onion") of a v3 service's public key.
std::string OnionV3Name(const std::array<uint8_t, 32>& public_key);

}  // namespace dragnet
