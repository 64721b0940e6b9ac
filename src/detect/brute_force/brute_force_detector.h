// The brute_force detector (issue 15, item 5): bursts of logon attempts from
// one source -- RDP connections (each NLA attempt is a connection), SSH
// authentications that failed, Kerberos pre-authentication failures, NTLM
// failures and SMTP authentication refusals -- against one host (guessing) or many accounts (spraying), inbound
// from outside or internal. One finding per (org, source) listing its targets
// and accounts; a success after the burst is the worst case and says so.
// docs/detectors/brute_force.md.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct BruteForceParams {
  // Windows 11 22H2+ default account lockout policy: 10 bad attempts within a
  // 10-minute observation window.
  uint32_t min_failures = 10;         // failed logons within the window (SSH, Kerberos, NTLM, SMTP)
  uint32_t min_rdp_connections = 20;  // RDP connections to one host within the window
  uint32_t min_sprayed_accounts = 10; // distinct failing accounts within the window (spraying)
  double window_s = 600;
  double min_score = 0.5;
};

// One logon attempt as the detector keeps it.
enum class LogonService : uint8_t { kRdp = 0, kSsh, kKerberos, kNtlm, kSmtp };
constexpr size_t kLogonServices = 5;
enum class LogonOutcome : uint8_t { kFailed = 0, kUnknown, kSuccess };
struct LogonAttempt {
  int64_t ts = 0;    // microseconds
  Ip target;
  uint64_t account = 0;  // hash of the account name (0: none)
  uint32_t weight = 1;   // attempts this record stands for (SSH auth_attempts)
  LogonService service = LogonService::kRdp;
  LogonOutcome outcome = LogonOutcome::kUnknown;
};
// A total order (time first): bounded lists keep the earliest, whatever the threads.
bool LogonAttemptLess(const LogonAttempt& a, const LogonAttempt& b);

// What a source's attempts show (pure; pinned by unit tests). `attempts`
// sorted by LogonAttemptLess.
struct BurstSummary {
  uint64_t peak_failures = 0;        // weighted failures inside any window
  uint64_t peak_accounts = 0;        // distinct failing accounts inside any window
  uint64_t peak_rdp = 0;             // RDP connections to one host inside any window
  Ip peak_rdp_target;
  int64_t burst_us = -1;             // when a threshold was first reached (-1: never)
  int64_t success_us = -1;           // first success at or after burst_us (-1: none)
  Ip success_target;
  LogonService success_service = LogonService::kRdp;
  bool burst() const { return burst_us >= 0; }
};
BurstSummary SummariseAttempts(const std::vector<LogonAttempt>& attempts, const BruteForceParams& p);
// The score of a burst (0 when none): 0.5 at a threshold, more for volume,
// spread over hosts, spraying and tool cookies, less from outside, at least
// 0.9 after a success.
double BruteForceScore(const BurstSummary& s, size_t targets, bool tool_cookie, bool external,
                       const BruteForceParams& p);
// Whether an RDP cookie names a scanner or attack tool rather than a user
// ("nmap", "nessus", Nessus plugin files "*.nbin").
bool IsToolRdpCookie(std::string_view cookie);
// Whether an SMTP reply (Zeek smtp.log `last_reply`) refuses the client's
// credentials: 535 or enhanced status 5.7.8 ("authentication credentials
// invalid", RFC 4954 section 6), or a permanent (5xx) refusal whose text
// says the authentication was bad ("554 5.7.1 bad smtp-auth user"). Not
// 530 "authentication required": the client never tried.
bool IsSmtpAuthFailure(std::string_view reply);

std::unique_ptr<Detector> NewBruteForceDetector(BruteForceParams params = {});
std::vector<ParamBinding> Bindings(BruteForceParams& p);

}  // namespace dragnet
