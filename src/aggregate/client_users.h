// ClientUsers: which hosts use each TLS client fingerprint (JA3) or HTTP user
// agent, over all orgs, keyed by a stable 64-bit id of the value so pairs
// carry 8 bytes instead of the text -- so a fingerprint only a handful of hosts share
// stands out against browsers used by thousands. Filled while reading (one
// lookup per TLS/HTTP record), merged, read by Prevalence. New values are
// refused once the shared MemoryBudget is spent (a client randomising its
// user agent cannot grow it without bound).
#pragma once

#include <string>
#include <string_view>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "aggregate/memory_budget.h"
#include "core/ip.h"

namespace dragnet {

class ClientUsers {
 public:
  explicit ClientUsers(MemoryBudget& budget) : budget_(budget) {}
  ~ClientUsers() { budget_.Release(charged_); }
  ClientUsers(const ClientUsers&) = delete;
  ClientUsers& operator=(const ClientUsers&) = delete;

  // Stable 64-bit id of a value (0 is never an id: it means "none").
  static uint64_t Id(std::string_view value);
  // Records that (org, host) used the value; returns its id.
  uint64_t Add(std::string_view value, uint32_t org, const Ip& host);
  void Merge(ClientUsers& other);
  // Distinct (org, host) that used the value; 0 when never seen.
  uint32_t Hosts(uint64_t id) const;
  // The value's text ("" when unknown).
  std::string_view Text(uint64_t id) const;
  // Calls f(org, host) for every host that used the value.
  template <typename F>
  void ForEachUser(uint64_t id, F&& f) const {
    auto it = users_.find(id);
    if (it == users_.end()) return;
    for (const auto& [org, host] : it->second.hosts) f(org, host);
  }
  uint64_t refused() const { return refused_; }

 private:
  bool Charge(uint64_t bytes);
  MemoryBudget& budget_;
  uint64_t charged_ = 0, refused_ = 0;
  struct Users {
    std::string text;
    absl::flat_hash_set<std::pair<uint32_t, Ip>> hosts;
  };
  absl::flat_hash_map<uint64_t, Users> users_;
};

}  // namespace dragnet
