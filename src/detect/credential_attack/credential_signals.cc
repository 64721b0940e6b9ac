#include "detect/credential_attack/credential_signals.h"

#include <algorithm>
#include <map>

namespace dragnet {

size_t PeakInWindow(const std::vector<int64_t>& times, double window_s) {
  size_t best = 0, left = 0;
  for (size_t right = 0; right < times.size(); ++right) {
    while (static_cast<double>(times[right] - times[left]) > window_s * 1e6) ++left;
    best = std::max(best, right - left + 1);
  }
  return best;
}

bool IsNetlogonAuthenticate(std::string_view operation) {
  return operation == "NetrServerAuthenticate" || operation == "NetrServerAuthenticate2" ||
         operation == "NetrServerAuthenticate3";
}

bool IsNetlogonPasswordSet(std::string_view operation) {
  return operation == "NetrServerPasswordSet" || operation == "NetrServerPasswordSet2";
}

bool IsImpossibleAccountName(std::string_view account) {
  return account.find_first_of("\"/[]:;|=,+*?<>") != std::string_view::npos;
}

size_t MaxAccountsOnManyServers(const std::vector<NtlmTry>& tries, double window_s, size_t min_servers) {
  // Inside the window: per account, tries per server; `wide` counts the
  // accounts on at least min_servers servers.
  std::map<uint64_t, std::map<Ip, int>> in_window;
  size_t wide = 0, best = 0, left = 0;
  for (size_t right = 0; right < tries.size(); ++right) {
    const NtlmTry& t = tries[right];
    auto& servers = in_window[t.account];
    if (++servers[t.server] == 1 && servers.size() == min_servers) ++wide;
    while (static_cast<double>(t.ts - tries[left].ts) > window_s * 1e6) {
      const NtlmTry& old = tries[left++];
      auto& s = in_window[old.account];
      auto it = s.find(old.server);
      if (--it->second == 0) {
        if (s.size() == min_servers) --wide;
        s.erase(it);
      }
      if (s.empty()) in_window.erase(old.account);
    }
    best = std::max(best, wide);
  }
  return best;
}

bool AesIsTheRule(const KerberosRule& org, const KerberosRule& own, size_t min_hosts, double min_share) {
  size_t aes = org.aes_hosts - std::min(org.aes_hosts, own.aes_hosts);
  size_t rc4 = org.rc4_only_hosts - std::min(org.rc4_only_hosts, own.rc4_only_hosts);
  if (aes < min_hosts) return false;
  return static_cast<double>(aes) >= min_share * static_cast<double>(aes + rc4);
}

std::vector<std::pair<int64_t, uint64_t>> Unauthenticated(const std::vector<std::pair<int64_t, uint64_t>>& rc4_as,
                                                         const std::vector<uint64_t>& own,
                                                         const std::vector<std::pair<int64_t, uint64_t>>& preauth_asked,
                                                         double round_s) {
  std::vector<std::pair<int64_t, uint64_t>> out;
  const auto round_us = static_cast<int64_t>(round_s * 1e6);
  for (const auto& [ts, account] : rc4_as) {
    if (std::binary_search(own.begin(), own.end(), account)) continue;
    // A KDC_ERR_PREAUTH_REQUIRED for this account in [ts - round, ts]: the normal two-step logon.
    auto from =
        std::lower_bound(preauth_asked.begin(), preauth_asked.end(), std::make_pair(ts - round_us, uint64_t{0}));
    bool asked = false;
    for (auto it = from; it != preauth_asked.end() && it->first <= ts && !asked; ++it) asked = it->second == account;
    if (!asked) out.emplace_back(ts, account);
  }
  return out;
}

}  // namespace dragnet
