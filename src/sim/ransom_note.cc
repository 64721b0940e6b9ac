#include "sim/ransom_note.h"

#include <crypto++/sha.h>
#include <crypto++/sha3.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "core/file_io.h"
#include "sim/rng.h"

namespace dragnet::sim {
namespace {

std::vector<uint8_t> Bytes(Rng& r, size_t n) {
  std::vector<uint8_t> b(n);
  for (auto& x : b) x = static_cast<uint8_t>(r.Below(256));
  return b;
}

std::string Hex(const std::vector<uint8_t>& b) {
  std::string s;
  for (uint8_t x : b) s += fmt::format("{:02X}", x);
  return s;
}

std::string Base32(const std::vector<uint8_t>& b) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (uint8_t x : b) {
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

std::string Base58(const std::vector<uint8_t>& b) {
  static const char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::vector<uint8_t> digits;  // base 58, little-endian
  for (uint8_t x : b) {
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
  for (uint8_t x : b) {
    if (x) break;
    out += '1';
  }
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += kAlphabet[*it];
  return out;
}

// A Tor v3 onion name for a random key: key, checksum, version 3.
std::string OnionV3(Rng& r) {
  std::vector<uint8_t> key = Bytes(r, 32);
  std::string input = ".onion checksum";
  input.append(key.begin(), key.end());
  input.push_back(3);
  std::array<uint8_t, 32> h{};
  CryptoPP::SHA3_256().CalculateDigest(h.data(), reinterpret_cast<const uint8_t*>(input.data()), input.size());
  key.push_back(h[0]);
  key.push_back(h[1]);
  key.push_back(3);
  return Base32(key) + ".onion";
}

std::string ToxId(Rng& r) {
  std::vector<uint8_t> id = Bytes(r, 36);
  uint8_t c0 = 0, c1 = 0;
  for (size_t i = 0; i < 36; i += 2) {
    c0 ^= id[i];
    c1 ^= id[i + 1];
  }
  id.push_back(c0);
  id.push_back(c1);
  return Hex(id);
}

std::string BitcoinP2pkh(Rng& r) {
  std::vector<uint8_t> payload = {0x00};
  std::vector<uint8_t> hash = Bytes(r, 20);
  payload.insert(payload.end(), hash.begin(), hash.end());
  std::array<uint8_t, 32> once{}, twice{};
  CryptoPP::SHA256().CalculateDigest(once.data(), payload.data(), payload.size());
  CryptoPP::SHA256().CalculateDigest(twice.data(), once.data(), once.size());
  payload.insert(payload.end(), twice.begin(), twice.begin() + 4);
  return Base58(payload);
}

}  // namespace

Status WriteRansomNote(const World& world, const std::string& out_dir) {
  const RansomPlan& p = world.ransom;
  if (p.org < 0) return Status::Ok();
  Rng r = Rng(world.options.seed).Fork(77);
  std::string onion = OnionV3(r), tox = ToxId(r), btc = BitcoinP2pkh(r);
  std::string note = fmt::format(
      "~~~ Your data is stolen and encrypted ~~~\n\n"
      "All your important files have been encrypted and now have the extension {ext}.\n"
      "We also downloaded a large amount of your confidential data. If you do not pay, it will be published on\n"
      "our leak site: http://{onion}/\n\n"
      "To get the decryptor, write to us:\n"
      "  Tox chat: {tox}\n"
      "  Mail: restore.team@onionmail.org\n\n"
      "Payment is accepted in Bitcoin only: {btc}\n"
      "Do not rename or modify the encrypted files. Do not contact the police or recovery companies.\n",
      fmt::arg("ext", p.extension), fmt::arg("onion", onion), fmt::arg("tox", tox), fmt::arg("btc", btc));
  std::filesystem::path dir = std::filesystem::path(out_dir) / world.orgs[p.org].name / "incidents";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Error(dir.string() + ": " + ec.message());
  return WriteFile((dir / p.note_name).string(), note);
}

}  // namespace dragnet::sim
