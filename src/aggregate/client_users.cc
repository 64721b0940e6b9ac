#include "aggregate/client_users.h"

#include <xxhash.h>

namespace dragnet {

bool ClientUsers::Charge(uint64_t bytes) {
  if (!budget_.TryCharge(bytes)) return false;
  charged_ += bytes;
  return true;
}

uint64_t ClientUsers::Id(std::string_view value) {
  uint64_t h = XXH3_64bits(value.data(), value.size());
  return h == 0 ? 1 : h;
}

uint64_t ClientUsers::Add(std::string_view value, uint32_t org, const Ip& host) {
  uint64_t id = Id(value);
  auto it = users_.find(id);
  if (it == users_.end()) {
    if (!Charge(GrowthBytes(users_) + StringHeapBytes(value.size()))) {
      ++refused_;
      return id;
    }
    it = users_.try_emplace(id).first;
    it->second.text.assign(value);
  }
  auto& hosts = it->second.hosts;
  std::pair<uint32_t, Ip> key{org, host};
  if (hosts.contains(key)) return id;
  if (!Charge(GrowthBytes(hosts))) {
    ++refused_;
    return id;
  }
  hosts.insert(key);
  return id;
}

void ClientUsers::Merge(ClientUsers& other) {
  for (auto& [id, users] : other.users_) {
    auto [it, fresh] = users_.try_emplace(id);
    if (fresh) {
      it->second = std::move(users);
      continue;
    }
    for (const auto& h : users.hosts) {
      if (!it->second.hosts.contains(h)) {
        uint64_t g = GrowthBytes(it->second.hosts);
        budget_.ForceCharge(g);
        charged_ += g;
      }
      it->second.hosts.insert(h);
    }
  }
  charged_ += other.charged_;
  other.charged_ = 0;
  refused_ += other.refused_;
}

uint32_t ClientUsers::Hosts(uint64_t id) const {
  auto it = users_.find(id);
  return it == users_.end() ? 0 : static_cast<uint32_t>(it->second.hosts.size());
}

std::string_view ClientUsers::Text(uint64_t id) const {
  auto it = users_.find(id);
  return it == users_.end() ? std::string_view() : std::string_view(it->second.text);
}

}  // namespace dragnet
