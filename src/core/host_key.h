// HostKey: a host as Dragnet counts them -- the pair (organisation index,
// address), since address plans overlap between organisations. Ordered and
// hashable, for the per-host state of the aggregates and detectors.
#pragma once

#include <cstdint>
#include <utility>

#include "core/ip.h"

namespace dragnet {

struct HostKey {
  uint32_t org;
  Ip host;
  friend bool operator==(const HostKey&, const HostKey&) = default;
  friend bool operator<(const HostKey& a, const HostKey& b) {
    return a.org != b.org ? a.org < b.org : a.host < b.host;
  }
  template <typename H>
  friend H AbslHashValue(H h, const HostKey& k) {
    return H::combine(std::move(h), k.org, k.host);
  }
};

}  // namespace dragnet
