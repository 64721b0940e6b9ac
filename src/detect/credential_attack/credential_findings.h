// What the credential_attack detector keeps per (org, host), and the
// findings it builds for the domain-controller attacks: DCSync, Zerologon,
// AS-REP roasting, RC4 downgrade (overpass-the-hash) and NTLM spraying by
// distinct accounts. Internal to src/detect/credential_attack/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/host_key.h"
#include "detect/credential_attack/credential_attack_detector.h"
#include "detect/credential_attack/credential_signals.h"
#include "detect/detector.h"

namespace dragnet {

constexpr size_t kMaxCredentialEvents = 4096;  // per host and kind
constexpr size_t kMaxOwnAccounts = 128;        // accounts a host logs on with by AES (a terminal server: many)

// Appends, keeping the earliest `cap` in a total order (the same set whatever
// order the workers saw the records in).
template <typename T>
void KeepEarliest(std::vector<T>& v, T value, size_t cap = kMaxCredentialEvents) {
  v.push_back(std::move(value));
  if (v.size() < 2 * cap) return;
  std::sort(v.begin(), v.end());
  v.resize(cap);
}
// Sorted, at most `cap`: the kept set after KeepEarliest.
template <typename T>
void Settle(std::vector<T>& v, size_t cap = kMaxCredentialEvents) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  if (v.size() > cap) v.resize(cap);
}

struct HostEvents {
  std::vector<std::pair<int64_t, uint64_t>> rc4;      // (time, SPN hash)
  std::vector<std::pair<int64_t, uint64_t>> failed;   // (time, account hash)
  std::vector<std::pair<int64_t, uint64_t>> asrep;    // (time, account hash): AS answered with RC4
  std::vector<std::string> samples;                   // a few SPNs, smallest
  std::vector<std::string> asrep_samples;             // a few RC4 AS accounts, smallest
  uint64_t rc4_total = 0, failed_total = 0;
  // DRSGetNCChanges calls this host made: (time, domain controller asked).
  std::vector<std::pair<int64_t, Ip>> replication;
  int64_t first_crack_names = INT64_MAX;  // its earliest drsuapi DRSCrackNames call (INT64_MAX: none)
  bool user_kerberos_client = false;      // it asked Kerberos for a user principal (not a machine's NAME$)
  // KDC_ERR_PREAUTH_REQUIRED answers to this host: (time, account hash).
  std::vector<std::pair<int64_t, uint64_t>> preauth_asked;
  std::vector<uint64_t> own_accounts;  // accounts with an AES AS exchange from this host (smallest hashes)
  uint64_t aes_tgts = 0, rc4_tgts = 0;  // this host's successful AS exchanges by cipher
  // Netlogon secure-channel authentications and password sets: (time, server).
  std::vector<std::pair<int64_t, Ip>> netlogon_auth, netlogon_password_set;
  std::vector<NtlmTry> ntlm_tries;            // every NTLM authentication with a user name
  std::vector<std::string> ntlm_samples;      // a few NTLM user names, smallest
  std::vector<std::string> impossible_names;  // a few NTLM user names no account can have
};

// What settles whether a DRSGetNCChanges from a host not seen as a domain
// controller is DCSync: a DC replicates with each partner in both directions
// at least hourly, so data covering `reciprocity_s` would have shown the
// host answering; DCSync tools translate the account name (DRSCrackNames)
// before pulling it; a user's Kerberos client is a workstation.
struct DcSyncEvidence {
  double span_s = 0;         // how long the org's records cover, seconds
  double reciprocity_s = 0;  // the span that would show a DC answering its partner
  bool crack_names_first = false;
  bool user_logon = false;
  bool Settled() const { return span_s >= reciprocity_s || crack_names_first || user_logon; }
};
// Each returns the finding for `key` built from `e` (sorted, settled).
// DCSync: high (0.95) when `why` is settled, else low (kUnsettledDcSyncScore)
// saying the data cannot tell whether the host is a domain controller.
constexpr double kUnsettledDcSyncScore = 0.4;
Finding DcSyncFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, const DcSyncEvidence& why);
// Zerologon: `auths` Netlogon authentications to `server` inside one window,
// `password_set` whether the host then set a password on it.
Finding ZerologonFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, const Ip& server,
                         size_t auths, bool password_set, const CredentialAttackParams& p);
// AS-REP roasting: `roasted` accounts not the host's own answered by RC4
// without the pre-authentication round; `aes_rule` the org's rule.
Finding AsRepFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, size_t roasted,
                     bool aes_rule, const CredentialAttackParams& p);
// RC4 downgrade: an RC4 TGT in an org where AES is the rule; `then_tgs`
// whether RC4 service tickets followed.
Finding Rc4DowngradeFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, bool then_tgs);
// NTLM spraying: `accounts` each tried on `p.min_spray_servers` servers.
Finding NtlmSprayFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, size_t accounts,
                         const CredentialAttackParams& p);

}  // namespace dragnet
