// Base32 (RFC 4648, lower case, no padding: Tor onion names), Base64 (RFC
// 4648, padded: Suricata string datasets) and Base58 (Bitcoin's alphabet,
// leading '1's for leading zero bytes), both ways. A few lines each and no
// Debian library offers them together; the incident checksums, the feed
// loader and the exports use them, the simulator's ransom notes too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dragnet {

std::string Base32Encode(const std::vector<uint8_t>& bytes);
// Upper or lower case; nullopt on a character outside the alphabet.
std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text);

std::string Base64Encode(std::string_view bytes);
// Stops at '=' padding; nullopt on a character outside the alphabet.
std::optional<std::string> Base64Decode(std::string_view text);

inline constexpr std::string_view kBase58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
// The digit's value, -1 outside the alphabet.
int Base58Digit(char c);
std::string Base58Encode(const std::vector<uint8_t>& bytes);
std::optional<std::vector<uint8_t>> Base58Decode(std::string_view text);

}  // namespace dragnet
