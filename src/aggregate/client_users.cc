#include "aggregate/client_users.h"

namespace dragnet {

bool ClientUsers::Charge(uint64_t bytes) {
  if (!budget_.TryCharge(bytes)) return false;
  charged_ += bytes;
  return true;
}

void ClientUsers::Add(std::string_view value, uint32_t org, const Ip& host) {
  auto it = users_.find(absl::string_view(value.data(), value.size()));
  if (it == users_.end()) {
    if (!Charge(GrowthBytes(users_) + StringHeapBytes(value.size()))) {
      ++refused_;
      return;
    }
    it = users_.try_emplace(std::string(value)).first;
  }
  auto& hosts = it->second;
  std::pair<uint32_t, Ip> key{org, host};
  if (hosts.contains(key)) return;
  if (!Charge(GrowthBytes(hosts))) {
    ++refused_;
    return;
  }
  hosts.insert(key);
}

void ClientUsers::Merge(ClientUsers& other) {
  for (auto& [value, hosts] : other.users_) {
    auto [it, fresh] = users_.try_emplace(value);
    if (fresh) {
      it->second = std::move(hosts);
      continue;
    }
    for (const auto& h : hosts) {
      if (!it->second.contains(h)) {
        uint64_t g = GrowthBytes(it->second);
        budget_.ForceCharge(g);
        charged_ += g;
      }
      it->second.insert(h);
    }
  }
  charged_ += other.charged_;
  other.charged_ = 0;
  refused_ += other.refused_;
}

uint32_t ClientUsers::Hosts(std::string_view value) const {
  auto it = users_.find(absl::string_view(value.data(), value.size()));
  return it == users_.end() ? 0 : static_cast<uint32_t>(it->second.size());
}

}  // namespace dragnet
