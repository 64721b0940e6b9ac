#include "detect/detector.h"

namespace dragnet {

bool OrgContext::IsInternal(const Ip& ip, int local_hint) const {
  if (!home_networks.empty()) {
    for (const Cidr& c : home_networks)
      if (c.Contains(ip)) return true;
    return false;
  }
  if (local_hint >= 0) return local_hint == 1;
  return ip.IsPrivate();
}

}  // namespace dragnet
