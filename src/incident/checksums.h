// Checksums of the payment and contact identifiers ransom notes carry, so a
// string that merely looks like an address is rejected. Hash functions come
// from Crypto++ (SHA-256, SHA3-256, Keccak-256); the encodings -- Base58,
// Monero's block Base58, Bech32/Bech32m, RFC 4648 Base32 -- are a few lines
// each and no Debian library offers them together, so they are written here.
#pragma once

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

}  // namespace dragnet
