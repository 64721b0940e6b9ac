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

bool OrgContext::Allows(std::string_view dest) const {
  for (const std::string& a : allow) {
    if (dest == a) return true;
    if (dest.size() > a.size() && dest.ends_with(a) && dest[dest.size() - a.size() - 1] == '.') return true;
  }
  return false;
}

bool OrgContext::Allows(const Ip& ip) const {
  for (const std::string& a : allow) {
    auto c = Cidr::Parse(a);
    if (c && c->Contains(ip)) return true;
  }
  return false;
}

bool OrgContext::IsAdmin(const Ip& ip) const {
  for (const Cidr& c : admins)
    if (c.Contains(ip)) return true;
  return false;
}

}  // namespace dragnet
