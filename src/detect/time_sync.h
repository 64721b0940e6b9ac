// Time sync: an IP series that is NTP polling is the OS keeping its clock,
// a schedule by design -- weak evidence alone. NTP clients poll at 2^n
// seconds: RFC 5905 section 7.3 (poll exponent, MINPOLL 6 = 64 s to MAXPOLL
// 10 = 1,024 s by default) and Windows' w32time (MinPollInterval 6,
// MaxPollInterval 10 for domain members). An NTP request is a 48-byte
// header, with an optional 20-byte MAC (RFC 5905 section 7.3: key id + MD5
// digest): 68 bytes at most. The beacon and rare_destination detectors
// apply it. docs/detectors/beacon.md ("Time sync").
//
// What an implant on port 123 still shows: requests larger than NTP's
// (data carried out), a period that is no power of two, a protocol Zeek's
// analyzers did not call NTP, and the rest of Dragnet (intel, rare or
// cross-org destinations, long connections) -- none of those is discounted.
#pragma once

#include <cstdint>

#include "aggregate/pair_table.h"

namespace dragnet {

// Bytes of an NTP request that is the bare header (RFC 5905 section 7.3).
inline constexpr double kBareNtpRequestBytes = 48;

struct TimeSyncParams {
  int min_exponent = 6;          // 2^6 = 64 s
  int max_exponent = 10;         // 2^10 = 1,024 s
  double period_tolerance = 0.1; // the period within this ratio of 2^n
  double max_request_bytes = 68; // median bytes the host sent per connection
  double min_ntp_share = 0.5;    // of the series' connections, to udp/123 as NTP
  double factor = 0.3;           // score x factor when it is time sync
};

// True when a series of `conns` connections, `ntp` of them NTP, polling
// every `period_s` seconds with `median_request_bytes` sent each time, is
// time synchronisation under `p`.
bool IsTimeSync(double period_s, double median_request_bytes, uint64_t ntp, uint64_t conns,
                const TimeSyncParams& p = {});
// True when most of an address series' connections were NTP requests of at
// most p.max_request_bytes (median): NTP, whatever its schedule.
bool IsNtpSeries(const PairSeries& s, const TimeSyncParams& p = {});

}  // namespace dragnet
