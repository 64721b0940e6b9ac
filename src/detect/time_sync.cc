#include "detect/time_sync.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace dragnet {

namespace {

bool NtpRequests(double median_request_bytes, uint64_t ntp, uint64_t conns, const TimeSyncParams& p) {
  return conns > 0 && static_cast<double>(ntp) >= p.min_ntp_share * static_cast<double>(conns) &&
         median_request_bytes <= p.max_request_bytes;
}

}  // namespace

bool IsNtpSeries(const PairSeries& s, const TimeSyncParams& p) {
  if (!s.traits || s.samples.empty()) return false;
  std::vector<uint32_t> bytes;
  for (const ConnSample& c : s.samples) bytes.push_back(c.bytes);
  std::nth_element(bytes.begin(), bytes.begin() + bytes.size() / 2, bytes.end());
  return NtpRequests(bytes[bytes.size() / 2], s.traits->ntp, s.conns, p);
}

bool IsTimeSync(double period_s, double median_request_bytes, uint64_t ntp, uint64_t conns,
                const TimeSyncParams& p) {
  if (period_s <= 0 || !NtpRequests(median_request_bytes, ntp, conns, p)) return false;
  // A bare NTP request -- the 48-byte header with no extension field or MAC
  // (RFC 5905 section 7.3) -- is time sync on any schedule: Apple's timed and
  // w32time with a SpecialPollInterval do not poll at 2^n seconds.
  if (median_request_bytes == kBareNtpRequestBytes) return true;
  int n = static_cast<int>(std::lround(std::log2(period_s)));
  if (n < p.min_exponent || n > p.max_exponent) return false;
  return std::abs(period_s / std::ldexp(1.0, n) - 1) <= p.period_tolerance;
}

}  // namespace dragnet
