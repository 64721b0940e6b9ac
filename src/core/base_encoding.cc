#include "core/base_encoding.h"

#include <algorithm>
#include <cctype>

namespace dragnet {

std::string Base32Encode(const std::vector<uint8_t>& bytes) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (uint8_t x : bytes) {
    acc = (acc << 8) | x;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kAlphabet[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (5 - bits)) & 31];
  return out;
}

std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text) {
  std::vector<uint8_t> out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    int v = c >= 'a' && c <= 'z' ? c - 'a' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
    if (v < 0) return std::nullopt;
    acc = (acc << 5) | static_cast<unsigned>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((acc >> bits) & 0xff));
    }
  }
  return out;
}

int Base58Digit(char c) {
  size_t i = kBase58Alphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

std::string Base58Encode(const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> digits;  // base 58, little-endian
  for (uint8_t x : bytes) {
    unsigned carry = x;
    for (uint8_t& d : digits) {
      carry += 256u * d;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out;
  for (uint8_t x : bytes) {
    if (x) break;
    out += '1';
  }
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += kBase58Alphabet[*it];
  return out;
}

std::optional<std::vector<uint8_t>> Base58Decode(std::string_view text) {
  std::vector<uint8_t> out;  // little-endian while accumulating
  for (char c : text) {
    int d = Base58Digit(c);
    if (d < 0) return std::nullopt;
    unsigned carry = static_cast<unsigned>(d);
    for (uint8_t& b : out) {
      carry += 58u * b;
      b = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry) {
      out.push_back(static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  for (char c : text) {
    if (c != '1') break;
    out.push_back(0);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace dragnet
