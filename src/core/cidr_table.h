// CidrTable<T>: networks with a value each, answering longest-prefix match.
// One hash map per prefix length present, probed longest first: feeds use a
// handful of prefix lengths, so a lookup is a few hash probes, and loading a
// million networks is a million inserts (no trie nodes to allocate).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "core/ip.h"

namespace dragnet {

template <typename T>
class CidrTable {
 public:
  // The value slot of `cidr`, default-constructed when new.
  T& Slot(const Cidr& cidr, const T& initial = T()) {
    if (cidr.network.is_v4() && cidr.prefix >= 112) {
      uint32_t top = cidr.network.v4() >> 16;
      v4_16_[top >> 6] |= uint64_t{1} << (top & 63);
    }
    auto pos = std::find_if(maps_.begin(), maps_.end(),
                            [&](const Level& m) { return m.prefix <= cidr.prefix; });
    if (pos == maps_.end() || pos->prefix != cidr.prefix) pos = maps_.insert(pos, Level{cidr.prefix, {}});
    return pos->networks.try_emplace(cidr.network, initial).first->second;
  }

  // The value of the longest network containing ip, or nullptr.
  const T* Find(const Ip& ip) const {
    // An IPv4 address whose /16 holds no network of /16 or longer only needs
    // the (rare) shorter levels probed: one bit test instead of a hash probe
    // per level, most of which would miss the CPU cache.
    bool v4 = ip.is_v4();
    bool v4_candidate = v4 && ((v4_16_[(ip.v4() >> 16) >> 6] >> ((ip.v4() >> 16) & 63)) & 1);
    for (const Level& m : maps_) {
      // IPv4 addresses are stored IPv4-mapped: a prefix shorter than 96 bits
      // is an IPv6 network and never contains them.
      if (v4 && m.prefix < 96) continue;
      if (v4 && m.prefix >= 112 && !v4_candidate) continue;
      auto it = m.networks.find(ip.Masked(m.prefix));
      if (it != m.networks.end()) return &it->second;
    }
    return nullptr;
  }

  bool empty() const { return maps_.empty(); }

 private:
  struct Level {
    int prefix;
    absl::flat_hash_map<Ip, T> networks;
  };
  std::vector<Level> maps_;  // longest prefix first
  std::array<uint64_t, 1024> v4_16_{};  // bit per IPv4 /16 holding a network of /16 or longer
};

}  // namespace dragnet
