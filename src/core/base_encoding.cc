#include "core/base_encoding.h"

#include <algorithm>
#include <cctype>

namespace dragnet {

namespace {

constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// RFC 4648's bit-group encodings: `bits` bits a character, the last group
// zero-filled.
template <typename Bytes>
std::string EncodeBits(const Bytes& bytes, std::string_view alphabet, int bits) {
  const unsigned mask = (1u << bits) - 1;
  std::string out;
  unsigned acc = 0;
  int have = 0;
  for (auto byte : bytes) {
    acc = (acc << 8) | static_cast<uint8_t>(byte);
    have += 8;
    while (have >= bits) {
      have -= bits;
      out += alphabet[(acc >> have) & mask];
    }
  }
  if (have > 0) out += alphabet[(acc << (bits - have)) & mask];
  return out;
}

// The reverse; `value` gives a character's value or -1. Stops at '=' padding.
template <typename Value>
std::optional<std::string> DecodeBits(std::string_view text, int bits, Value value) {
  std::string out;
  unsigned acc = 0;
  int have = 0;
  for (char c : text) {
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << bits) | static_cast<unsigned>(v);
    have += bits;
    if (have >= 8) {
      have -= 8;
      out.push_back(static_cast<char>((acc >> have) & 0xff));
    }
  }
  return out;
}

}  // namespace

std::string Base32Encode(const std::vector<uint8_t>& bytes) { return EncodeBits(bytes, kBase32, 5); }

std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text) {
  auto out = DecodeBits(text, 5, [](char c) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'z' ? c - 'a' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
  });
  if (!out) return std::nullopt;
  return std::vector<uint8_t>(out->begin(), out->end());
}

std::string Base64Encode(std::string_view bytes) {
  std::string out = EncodeBits(bytes, kBase64, 6);
  while (out.size() % 4) out += '=';
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  return DecodeBits(text, 6, [](char c) {
    size_t v = kBase64.find(c);
    return v == std::string_view::npos ? -1 : static_cast<int>(v);
  });
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
