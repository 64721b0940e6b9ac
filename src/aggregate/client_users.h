// ClientUsers: which hosts use each TLS client fingerprint (JA3) or HTTP user
// agent, over all orgs -- so a fingerprint only a handful of hosts share
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

  void Add(std::string_view value, uint32_t org, const Ip& host);
  void Merge(ClientUsers& other);
  // Distinct (org, host) that used the value; 0 when never seen.
  uint32_t Hosts(std::string_view value) const;
  uint64_t refused() const { return refused_; }

 private:
  bool Charge(uint64_t bytes);
  MemoryBudget& budget_;
  uint64_t charged_ = 0, refused_ = 0;
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::pair<uint32_t, Ip>>> users_;
};

}  // namespace dragnet
