// Ip: an IPv4 or IPv6 address as one 128-bit value. IPv4 addresses are stored
// IPv4-mapped (::ffff:a.b.c.d) so both families share one key space and one
// prefix trie; is_v4() tells them apart again for printing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dragnet {

class Ip {
 public:
  Ip() = default;
  Ip(uint64_t hi, uint64_t lo) : hi_(hi), lo_(lo) {}
  static Ip FromV4(uint32_t v4) { return Ip(0, 0x0000ffff00000000ULL | v4); }

  // Parses dotted IPv4 or any RFC 4291 IPv6 text form (with optional %zone,
  // which is dropped). Returns nullopt for anything else.
  static std::optional<Ip> Parse(std::string_view text);

  bool is_v4() const { return hi_ == 0 && (lo_ >> 32) == 0xffff; }
  uint32_t v4() const { return static_cast<uint32_t>(lo_); }
  uint64_t hi() const { return hi_; }
  uint64_t lo() const { return lo_; }

  // Bit i counted from the most significant bit of the 128-bit value.
  bool bit(int i) const { return i < 64 ? (hi_ >> (63 - i)) & 1 : (lo_ >> (127 - i)) & 1; }
  // The address with all bits after the first prefix_bits cleared.
  Ip Masked(int prefix_bits) const;

  std::string ToString() const;

  // RFC 1918, RFC 4193 (ULA), loopback, link-local and CGNAT: addresses that are
  // internal to an organisation when no home networks are configured.
  bool IsPrivate() const;
  // Multicast (224.0.0.0/4, ff00::/8), broadcast or unspecified: never a host
  // a machine "talks to" (SSDP, mDNS, DHCP), so never a behavioural destination.
  bool IsMulticastOrBroadcast() const;

  friend bool operator==(const Ip& a, const Ip& b) { return a.hi_ == b.hi_ && a.lo_ == b.lo_; }
  friend bool operator!=(const Ip& a, const Ip& b) { return !(a == b); }
  friend bool operator<(const Ip& a, const Ip& b) {
    return a.hi_ != b.hi_ ? a.hi_ < b.hi_ : a.lo_ < b.lo_;
  }
  template <typename H>
  friend H AbslHashValue(H h, const Ip& ip) {
    return H::combine(std::move(h), ip.hi_, ip.lo_);
  }

 private:
  uint64_t hi_ = 0;
  uint64_t lo_ = 0;
};

// Cidr: a network as address + prefix length, prefix counted on the 128-bit
// value (an IPv4 /24 is stored as /120).
struct Cidr {
  Ip network;
  int prefix = 128;

  // Accepts "a.b.c.d/n", "v6/n" or a bare address (a host route).
  static std::optional<Cidr> Parse(std::string_view text);
  bool Contains(const Ip& ip) const { return ip.Masked(prefix) == network; }
  std::string ToString() const;
};

}  // namespace dragnet
