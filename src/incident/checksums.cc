#include "incident/checksums.h"

#include <crypto++/keccak.h>
#include <crypto++/sha.h>
#include <crypto++/sha3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/base_encoding.h"

namespace dragnet {
namespace {

template <typename Hash>
std::array<uint8_t, 32> Digest(const uint8_t* data, size_t n) {
  std::array<uint8_t, 32> d{};
  Hash h;
  h.CalculateDigest(d.data(), data, n);
  return d;
}

// The first four bytes of SHA-256(SHA-256(payload)): Base58Check.
std::array<uint8_t, 4> Base58CheckSum(const uint8_t* payload, size_t n) {
  auto once = Digest<CryptoPP::SHA256>(payload, n);
  auto twice = Digest<CryptoPP::SHA256>(once.data(), once.size());
  return {twice[0], twice[1], twice[2], twice[3]};
}

// SHA3-256(".onion checksum" || key || 0x03)[0..2].
std::array<uint8_t, 2> OnionCheckSum(const uint8_t* key) {
  std::string input = ".onion checksum";
  input.append(reinterpret_cast<const char*>(key), 32);
  input.push_back(3);
  auto h = Digest<CryptoPP::SHA3_256>(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  return {h[0], h[1]};
}

// The XOR of the first 36 bytes taken two at a time.
std::array<uint8_t, 2> ToxCheckSum(const uint8_t* id) {
  std::array<uint8_t, 2> c{};
  for (size_t i = 0; i < 36; i += 2) {
    c[0] ^= id[i];
    c[1] ^= id[i + 1];
  }
  return c;
}

uint32_t Bech32Polymod(const std::vector<uint8_t>& values) {
  static const uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (uint8_t v : values) {
    uint8_t top = static_cast<uint8_t>(chk >> 25);
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i)
      if ((top >> i) & 1) chk ^= kGen[i];
  }
  return chk;
}

// Regroups bits (5 -> 8 for a witness programme); false on bad padding.
bool ConvertBits(const std::vector<uint8_t>& in, int from, int to, std::vector<uint8_t>& out) {
  unsigned acc = 0;
  int bits = 0;
  const unsigned maxv = (1u << to) - 1;
  for (uint8_t v : in) {
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push_back(static_cast<uint8_t>((acc >> bits) & maxv));
    }
  }
  return bits < from && ((acc << (to - bits)) & maxv) == 0;
}

}  // namespace

bool IsValidBitcoinBase58(std::string_view address) {
  if (address.size() < 26 || address.size() > 35 || (address[0] != '1' && address[0] != '3')) return false;
  auto bytes = Base58Decode(address);
  if (!bytes || bytes->size() != 25 || ((*bytes)[0] != 0x00 && (*bytes)[0] != 0x05)) return false;
  auto sum = Base58CheckSum(bytes->data(), 21);
  return std::equal(sum.begin(), sum.end(), bytes->begin() + 21);
}

bool IsValidBitcoinBech32(std::string_view address) {
  if (address.size() < 14 || address.size() > 90) return false;
  bool lower = false, upper = false;
  std::string a;
  for (char c : address) {
    lower |= std::islower(static_cast<unsigned char>(c)) != 0;
    upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
    a += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower && upper) return false;  // mixed case is invalid
  size_t sep = a.rfind('1');
  if (sep != 2 || a.substr(0, 2) != "bc" || a.size() - sep - 1 < 6) return false;
  static constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  std::vector<uint8_t> values = {3, 3, 0, 2, 3};  // hrp "bc" expanded: high bits, 0, low bits
  std::vector<uint8_t> data;
  for (size_t i = sep + 1; i < a.size(); ++i) {
    size_t v = kCharset.find(a[i]);
    if (v == std::string_view::npos) return false;
    data.push_back(static_cast<uint8_t>(v));
  }
  values.insert(values.end(), data.begin(), data.end());
  uint32_t check = Bech32Polymod(values);
  int version = data[0];
  if (version > 16) return false;
  if (check != (version == 0 ? 1u : 0x2bc830a3u)) return false;  // Bech32 for v0, Bech32m after
  std::vector<uint8_t> programme;
  std::vector<uint8_t> payload(data.begin() + 1, data.end() - 6);
  if (!ConvertBits(payload, 5, 8, programme)) return false;
  if (programme.size() < 2 || programme.size() > 40) return false;
  return version != 0 || programme.size() == 20 || programme.size() == 32;
}

bool IsValidMonero(std::string_view address) {
  if ((address.size() != 95 && address.size() != 106) || (address[0] != '4' && address[0] != '8')) return false;
  // Monero Base58: 8-byte blocks as 11 characters; the last block shorter.
  static constexpr int kEncodedToBytes[12] = {0, -1, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8};
  std::vector<uint8_t> out;
  for (size_t at = 0; at < address.size(); at += 11) {
    std::string_view block = address.substr(at, 11);
    int bytes = kEncodedToBytes[block.size()];
    if (bytes < 0) return false;
    uint64_t v = 0;
    for (char c : block) {
      int d = Base58Digit(c);
      if (d < 0) return false;
      // A block decodes to at most 8 bytes: overflow means a bad block.
      if (__builtin_mul_overflow(v, uint64_t{58}, &v) || __builtin_add_overflow(v, static_cast<uint64_t>(d), &v))
        return false;
    }
    if (bytes < 8 && (v >> (8 * bytes)) != 0) return false;
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>((v >> (8 * i)) & 0xff));
  }
  if (out.size() < 5) return false;
  auto h = Digest<CryptoPP::Keccak_256>(out.data(), out.size() - 4);
  return std::equal(h.begin(), h.begin() + 4, out.end() - 4);
}

bool IsValidToxId(std::string_view hex) {
  if (hex.size() != 76) return false;
  std::array<uint8_t, 38> b{};
  for (size_t i = 0; i < 38; ++i) {
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    };
    int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    b[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  auto sum = ToxCheckSum(b.data());
  return sum[0] == b[36] && sum[1] == b[37];
}

bool IsValidOnionV3(std::string_view label) {
  if (label.size() != 56) return false;
  auto out = Base32Decode(label);
  if (!out || out->size() != 35 || (*out)[34] != 3) return false;
  auto sum = OnionCheckSum(out->data());
  return sum[0] == (*out)[32] && sum[1] == (*out)[33];
}

std::string BitcoinP2pkhAddress(const std::array<uint8_t, 20>& hash160) {
  std::vector<uint8_t> payload(25, 0);  // version 0x00, the hash, the checksum
  std::copy(hash160.begin(), hash160.end(), payload.begin() + 1);
  auto sum = Base58CheckSum(payload.data(), 21);
  std::copy(sum.begin(), sum.end(), payload.begin() + 21);
  return Base58Encode(payload);
}

std::string ToxId(const std::array<uint8_t, 36>& key_and_nospam) {
  auto sum = ToxCheckSum(key_and_nospam.data());
  std::string hex;
  for (uint8_t x : key_and_nospam) hex += fmt::format("{:02X}", x);
  return hex + fmt::format("{:02X}{:02X}", sum[0], sum[1]);
}

std::string OnionV3Name(const std::array<uint8_t, 32>& public_key) {
  std::vector<uint8_t> bytes(public_key.begin(), public_key.end());
  auto sum = OnionCheckSum(public_key.data());
  bytes.push_back(sum[0]);
  bytes.push_back(sum[1]);
  bytes.push_back(3);
  return Base32Encode(bytes);
}

}  // namespace dragnet
