#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "detect/brute_force/brute_force_detector.h"
#include "core/text.h"
#include "detect/finding.h"

namespace dragnet {

bool LogonAttemptLess(const LogonAttempt& a, const LogonAttempt& b) {
  return std::tie(a.ts, a.target, a.account, a.service, a.outcome, a.weight) <
         std::tie(b.ts, b.target, b.account, b.service, b.outcome, b.weight);
}

bool IsToolRdpCookie(std::string_view cookie) {
  return cookie == "nmap" || cookie == "nessus" || cookie.ends_with(".nbin");
}

bool IsSmtpAuthFailure(std::string_view reply) {
  if (reply.size() < 3) return false;
  std::string_view code = reply.substr(0, 3);
  if (code == "535" || reply.find(" 5.7.8") != std::string_view::npos) return true;
  if (code[0] != '5' || code == "530") return false;
  std::string text = AsciiLower(reply);
  bool auth = text.find("auth") != std::string::npos;
  return auth && (text.find("bad") != std::string::npos || text.find("fail") != std::string::npos ||
                  text.find("invalid") != std::string::npos || text.find("incorrect") != std::string::npos);
}

namespace {

// The earliest time `threshold` is reached by a sliding-window sum, and the
// window's peak; `events` (time, weight) sorted by time.
std::pair<uint64_t, int64_t> PeakSum(const std::vector<std::pair<int64_t, uint64_t>>& events, double window_s,
                                     uint64_t threshold) {
  uint64_t sum = 0, peak = 0;
  int64_t reached = -1;
  size_t left = 0;
  const double window_us = window_s * 1e6;
  for (size_t right = 0; right < events.size(); ++right) {
    sum += events[right].second;
    while (static_cast<double>(events[right].first - events[left].first) > window_us) sum -= events[left++].second;
    peak = std::max(peak, sum);
    if (reached < 0 && sum >= threshold) reached = events[right].first;
  }
  return {peak, reached};
}

// The same for distinct values: (time, value) sorted by time.
std::pair<uint64_t, int64_t> PeakDistinct(const std::vector<std::pair<int64_t, uint64_t>>& events, double window_s,
                                          uint64_t threshold) {
  std::map<uint64_t, int> in_window;
  uint64_t peak = 0;
  int64_t reached = -1;
  size_t left = 0;
  const double window_us = window_s * 1e6;
  for (size_t right = 0; right < events.size(); ++right) {
    ++in_window[events[right].second];
    while (static_cast<double>(events[right].first - events[left].first) > window_us) {
      if (--in_window[events[left].second] == 0) in_window.erase(events[left].second);
      ++left;
    }
    peak = std::max<uint64_t>(peak, in_window.size());
    if (reached < 0 && in_window.size() >= threshold) reached = events[right].first;
  }
  return {peak, reached};
}

void Earliest(int64_t& at, int64_t candidate) {
  if (candidate >= 0 && (at < 0 || candidate < at)) at = candidate;
}

}  // namespace

BurstSummary SummariseAttempts(const std::vector<LogonAttempt>& attempts, const BruteForceParams& p) {
  BurstSummary s;
  std::vector<std::pair<int64_t, uint64_t>> failures, accounts;
  std::map<Ip, std::vector<std::pair<int64_t, uint64_t>>> rdp;
  for (const LogonAttempt& a : attempts) {
    if (a.outcome == LogonOutcome::kFailed) {
      failures.emplace_back(a.ts, a.weight);
      if (a.account) accounts.emplace_back(a.ts, a.account);
    }
    if (a.service == LogonService::kRdp) rdp[a.target].emplace_back(a.ts, 1);
  }
  auto [peak_failures, failures_at] = PeakSum(failures, p.window_s, p.min_failures);
  auto [peak_accounts, accounts_at] = PeakDistinct(accounts, p.window_s, p.min_sprayed_accounts);
  s.peak_failures = peak_failures;
  s.peak_accounts = peak_accounts;
  Earliest(s.burst_us, failures_at);
  Earliest(s.burst_us, accounts_at);
  for (const auto& [target, events] : rdp) {  // std::map: ties go to the smallest address
    auto [peak, at] = PeakSum(events, p.window_s, p.min_rdp_connections);
    if (peak > s.peak_rdp) {
      s.peak_rdp = peak;
      s.peak_rdp_target = target;
    }
    Earliest(s.burst_us, at);
  }
  if (!s.burst()) return s;
  for (const LogonAttempt& a : attempts) {
    if (a.outcome == LogonOutcome::kSuccess && a.ts >= s.burst_us) {
      s.success_us = a.ts;
      s.success_target = a.target;
      s.success_service = a.service;
      break;
    }
  }
  return s;
}

double BruteForceScore(const BurstSummary& s, size_t targets, bool tool_cookie, bool external,
                       const BruteForceParams& p) {
  if (!s.burst()) return 0;
  // Volume: how far past its threshold the stronger signal went, 0.1 a decade.
  double ratio = std::max({1.0, static_cast<double>(s.peak_failures) / p.min_failures,
                           static_cast<double>(s.peak_rdp) / p.min_rdp_connections});
  double score = 0.5 + std::min(0.2, 0.1 * std::log10(ratio));
  if (targets > 1) score += std::min(0.15, 0.05 * std::log2(static_cast<double>(targets)));
  if (s.peak_accounts >= p.min_sprayed_accounts) score += 0.1;
  if (tool_cookie) score += 0.05;
  // Exposed services take guesses from the whole Internet all day: an outside
  // source alone is background, an inside one is a foothold or an insider.
  if (external) score -= 0.1;
  if (s.success_us >= 0) score = std::max(0.9, score + 0.3);
  return RoundScore(std::clamp(score, 0.0, 1.0));
}

}  // namespace dragnet
