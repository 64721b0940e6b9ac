#include "core/ip.h"

#include <arpa/inet.h>

#include <cstring>

namespace dragnet {
namespace {

std::optional<uint32_t> ParseV4(std::string_view s) {
  // Hand-written because inet_pton needs a NUL-terminated copy and this runs for
  // every address field of every log line. Each octet is one to three digits,
  // unrolled: no per-digit loop bookkeeping.
  const char* p = s.data();
  const char* const end = p + s.size();
  uint32_t out = 0;
  for (int part = 0; part < 4; ++part) {
    if (p == end) return std::nullopt;
    unsigned v = static_cast<unsigned char>(*p) - '0';
    if (v > 9) return std::nullopt;
    ++p;
    if (p != end) {
      unsigned d = static_cast<unsigned char>(*p) - '0';
      if (d <= 9) {
        v = v * 10 + d;
        ++p;
        if (p != end) {
          d = static_cast<unsigned char>(*p) - '0';
          if (d <= 9) {
            v = v * 10 + d;
            ++p;
          }
        }
      }
    }
    if (v > 255) return std::nullopt;
    out = (out << 8) | v;
    if (part < 3) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
  }
  if (p != end) return std::nullopt;  // a fourth digit, or anything after the address
  return out;
}

}  // namespace

std::optional<Ip> Ip::Parse(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  // IPv4 first, without looking for a ':' (a memchr call per address): an
  // IPv6 address fails ParseV4 within its first five bytes.
  if (text.size() <= 15)
    if (auto v4 = ParseV4(text)) return FromV4(*v4);
  if (text.find(':') == std::string_view::npos) return std::nullopt;
  size_t zone = text.find('%');
  if (zone != std::string_view::npos) text = text.substr(0, zone);
  char buf[65];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  unsigned char b[16];
  if (inet_pton(AF_INET6, buf, b) != 1) return std::nullopt;
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | b[i];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | b[i];
  return Ip(hi, lo);
}

Ip Ip::Masked(int prefix_bits) const {
  if (prefix_bits <= 0) return Ip();
  if (prefix_bits >= 128) return *this;
  if (prefix_bits <= 64) {
    uint64_t mask = prefix_bits == 64 ? ~0ULL : ~(~0ULL >> prefix_bits);
    return Ip(hi_ & mask, 0);
  }
  uint64_t mask = ~(~0ULL >> (prefix_bits - 64));
  return Ip(hi_, lo_ & mask);
}

std::string Ip::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  if (is_v4()) {
    uint32_t v = v4();
    unsigned char b[4] = {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
                          static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
    inet_ntop(AF_INET, b, buf, sizeof buf);
    return buf;
  }
  unsigned char b[16];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(hi_ >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<unsigned char>(lo_ >> (56 - 8 * i));
  inet_ntop(AF_INET6, b, buf, sizeof buf);
  return buf;
}

bool Ip::IsPrivate() const {
  if (is_v4()) {
    uint32_t v = v4();
    return (v >> 24) == 10 || (v >> 20) == (172u << 4 | 1) || (v >> 16) == (192u << 8 | 168) ||
           (v >> 24) == 127 || (v >> 16) == (169u << 8 | 254) || (v >> 22) == (100u << 2 | 1);
  }
  uint16_t top = static_cast<uint16_t>(hi_ >> 48);
  return (top & 0xfe00) == 0xfc00 ||  // fc00::/7 unique local
         (top & 0xffc0) == 0xfe80 ||  // fe80::/10 link-local
         (hi_ == 0 && lo_ == 1);      // ::1
}

bool Ip::IsMulticastOrBroadcast() const {
  if (is_v4()) {
    uint32_t v = v4();
    return (v >> 28) == 0xe || v == 0xffffffffu || v == 0;
  }
  return (hi_ >> 56) == 0xff || (hi_ == 0 && lo_ == 0);
}

std::optional<Cidr> Cidr::Parse(std::string_view text) {
  size_t slash = text.find('/');
  auto ip = Ip::Parse(text.substr(0, slash));
  if (!ip) return std::nullopt;
  int max_bits = ip->is_v4() ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3) return std::nullopt;
    bits = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return std::nullopt;
      bits = bits * 10 + (c - '0');
    }
    if (bits > max_bits) return std::nullopt;
  }
  int prefix = ip->is_v4() ? bits + 96 : bits;
  return Cidr{ip->Masked(prefix), prefix};
}

std::string Cidr::ToString() const {
  int bits = network.is_v4() && prefix >= 96 ? prefix - 96 : prefix;
  return network.ToString() + "/" + std::to_string(bits);
}

}  // namespace dragnet
