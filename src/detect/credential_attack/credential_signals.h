// Pure pieces of the credential_attack detector for the domain-controller
// attacks (issue 15, items 5 and 6): Zerologon bursts, AS-REP roasting
// without the pre-authentication round, the org's "AES is the rule" learnt
// from its own kerberos.log, and NTLM spraying by distinct accounts tried on
// several servers whatever the outcome. Each is pinned by unit tests
// (tests/unit/dc_attacks_test.cc). docs/detectors/credential_attack.md.
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/ip.h"

namespace dragnet {

// The most events inside any window of `window_s` seconds; `times`
// (microseconds) sorted.
size_t PeakInWindow(const std::vector<int64_t>& times, double window_s);

// Whether a Netlogon operation (Zeek dce_rpc.log `operation`, endpoint
// `netlogon`) authenticates a secure channel: NetrServerAuthenticate,
// NetrServerAuthenticate2 or NetrServerAuthenticate3 (MS-NRPC 3.5.4.4). A
// client does one per secure channel; Zerologon (CVE-2020-1472) tries
// hundreds with a zero credential until one in ~256 succeeds.
bool IsNetlogonAuthenticate(std::string_view operation);
// Whether it sets the machine account's password (NetrServerPasswordSet,
// NetrServerPasswordSet2): Zerologon's last step empties the DC's own.
bool IsNetlogonPasswordSet(std::string_view operation);

// Whether a Windows account name cannot exist: sAMAccountName excludes
// " / \ [ ] : ; | = , + * ? < > (Microsoft, "User and group accounts" naming
// rules; the backslash is not tested here, as some clients send
// DOMAIN\user). A sprayer that types 'user:password' as the user name makes
// such names.
bool IsImpossibleAccountName(std::string_view account);

// One NTLM authentication a source attempted, whatever its outcome.
struct NtlmTry {
  int64_t ts = 0;        // microseconds
  uint64_t account = 0;  // hash of the user name
  Ip server;
  friend bool operator==(const NtlmTry&, const NtlmTry&) = default;
  friend bool operator<(const NtlmTry& a, const NtlmTry& b) {
    return std::tie(a.ts, a.account, a.server) < std::tie(b.ts, b.account, b.server);
  }
};
// The most distinct accounts that were each tried on at least `min_servers`
// distinct servers inside one window of `window_s` seconds; `tries` sorted.
// A spraying tool tries every account on every server; a terminal server's
// users each reach their own share or two.
size_t MaxAccountsOnManyServers(const std::vector<NtlmTry>& tries, double window_s, size_t min_servers);

// How an org's clients obtain TGTs (successful kerberos.log AS exchanges),
// counted by client so that one roaster's many RC4 replies weigh as one host.
struct KerberosRule {
  size_t aes_hosts = 0;       // clients with at least one AES TGT
  size_t rc4_only_hosts = 0;  // clients with RC4 TGTs and no AES one
};
// AES is the rule when at least `min_hosts` clients used it and, leaving out
// `own` (the judged host's part), at least `min_share` of the clients with
// TGTs had an AES one.
bool AesIsTheRule(const KerberosRule& org, const KerberosRule& own, size_t min_hosts, double min_share);

// AS-REP roasting candidates: the RC4 AS replies (time, account hash) left
// after dropping the host's own accounts (`own`, sorted: those it logs on
// with by AES) and those answered after the KDC asked for pre-authentication
// (`preauth_asked`: time-sorted KDC_ERR_PREAUTH_REQUIRED for the same account
// within `round_s` seconds before).
std::vector<std::pair<int64_t, uint64_t>> Unauthenticated(const std::vector<std::pair<int64_t, uint64_t>>& rc4_as,
                                                         const std::vector<uint64_t>& own,
                                                         const std::vector<std::pair<int64_t, uint64_t>>& preauth_asked,
                                                         double round_s);

}  // namespace dragnet
