// The credential_attack detector (issues 5 and 15): Kerberoasting -- one host
// asking for RC4-encrypted service tickets for many distinct service
// principals in a few minutes (the tickets are cracked offline) -- and
// password spraying / brute force: many failed Kerberos or NTLM logons across
// accounts (or on one) from one host, or NTLM logons as many accounts each on
// several servers whatever the answers; AS-REP roasting (RC4 AS replies
// without the pre-authentication round for several accounts not the host's
// own); an RC4 downgrade (an RC4 TGT where AES is the org's rule:
// overpass-the-hash); DCSync (directory replication asked for by a host that
// is not a domain controller); Zerologon (a burst of Netlogon
// secure-channel authentications).
// docs/detectors/credential_attack.md.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct CredentialAttackParams {
  uint32_t min_rc4_services = 8;    // distinct SPNs with RC4 tickets within the window
  uint32_t min_sprayed_accounts = 10;  // distinct accounts failing within the window
  uint32_t min_failures_one_account = 30;  // failures on one account within the window (brute force)
  uint32_t min_asrep_accounts = 2;  // distinct accounts not its own, RC4 AS replies without pre-authentication
  uint32_t min_netlogon_auths = 10;  // Netlogon authentications, one host to one server, in the window (Zerologon)
  uint32_t min_spray_servers = 3;    // servers each account is tried on (NTLM spraying by distinct accounts)
  double aes_rule_share = 0.9;       // share of the org's TGT clients with an AES TGT that makes AES the rule
  uint32_t aes_rule_min_hosts = 5;   // clients with AES TGTs that make AES the rule
  double window_s = 600;
  double min_score = 0.5;
  // Data covering this long settles whether a DRSGetNCChanges requester is a
  // domain controller: intra-site replication contacts each partner at least
  // once an hour even without changes (Microsoft, "NTDS Site Settings
  // Properties Sheet"), twice that lets the partner's pull back show.
  double reciprocity_s = 7200;
};

// Whether a Kerberos client principal ("alice/CORP.LOCAL") is a user's, not
// a machine account's ("WS01$/CORP.LOCAL") nor empty ("-").
bool IsUserPrincipal(std::string_view client);

// Whether a Kerberos cipher name is RC4 (rc4-hmac, arcfour-hmac-md5, etype 23).
bool IsRc4Cipher(std::string_view cipher);
// Whether a failed Kerberos AS exchange is the KDC asking for
// pre-authentication (KDC_ERR_PREAUTH_REQUIRED): the normal first step of
// every logon since Windows 2000 (RFC 4120 section 3.1.1), not a failure.
bool IsPreauthRequired(std::string_view error_msg);
// The most distinct values among (time, value) events inside any window of
// `window_s` seconds; `events` sorted by time.
size_t MaxDistinctInWindow(const std::vector<std::pair<int64_t, uint64_t>>& events, double window_s);

std::unique_ptr<Detector> NewCredentialAttackDetector(CredentialAttackParams params = {});
std::vector<ParamBinding> Bindings(CredentialAttackParams& p);

}  // namespace dragnet
