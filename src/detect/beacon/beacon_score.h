// The beacon scoring formulas, as pure functions of a pair's series so each is
// pinned by exact unit tests. The first group reproduces RITA v5
// (activecm/rita, analysis/beacons.go) so results can be compared with the
// tool analysts know; PeriodScore is Dragnet's own, for what RITA misses
// (heavy jitter, missed check-ins, sleeps, working-hours schedules).
// docs/detectors/beacon.md gives every formula in words.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace dragnet::beacon {

struct Quartiles {
  double q1 = 0, q2 = 0, q3 = 0;
};
// Tukey's hinges as RITA's statistics library computes them: Q2 the median,
// Q1/Q3 the medians of the lower/upper halves (the middle value of an odd
// count belongs to neither half). `sorted` must be sorted, non-empty.
Quartiles QuartilesOf(std::span<const double> sorted);
double MedianOf(std::span<const double> sorted);

struct Dispersion {
  double skew = 0, skew_score = 0;  // Bowley skewness and 1 - |skew|
  double mad = 0, mad_score = 0;    // median absolute deviation and (median - MAD) / median
  double score = 0;                 // mean of the two, rounded to 1/1000
};
// RITA's statistical score of a sorted series (inter-arrival times or sizes).
// Skewness counts only when Q3 - Q1 >= 10 and Q2 differs from both quartiles;
// the MAD score is `default_mad_score` when the median is below 1.
Dispersion DispersionScore(std::span<const double> sorted, double default_mad_score);

// RITA timestamp score over the non-zero inter-arrival times of sorted
// timestamps (seconds); 0 with fewer than 4 timestamps or 3 non-zero gaps.
Dispersion TimestampScore(std::span<const uint32_t> sorted_ts);
// RITA data-size score over per-connection bytes; 0 with fewer than 3.
Dispersion DataSizeScore(std::vector<double> bytes);

struct HistogramParams {
  int bins = 24;                 // over the data set's span
  double mode_sensitivity = 0.05;
  int bimodal_outlier_removal = 1;
  int bimodal_min_hours = 11;
};
struct Histogram {
  std::vector<int> counts;
  int total_bars = 0;    // non-empty bins
  int longest_run = 0;   // longest run of non-empty bins, wrapping around
  double cv_score = 0, bimodal_score = 0;
  double score = 0;      // max of the two
};
Histogram HistogramScore(int64_t span_first, int64_t span_last, std::span<const uint32_t> sorted_ts,
                         const HistogramParams& p = {});

struct DurationParams {
  int min_hours = 6;
  int ideal_consistent_hours = 12;
};
struct Duration {
  double coverage = 0, consistency = 0, score = 0;
};
Duration DurationScore(int64_t span_first, int64_t span_last, int64_t first, int64_t last, int total_bars,
                       int longest_run, const DurationParams& p = {});

// RITA's overall score: the four sub-scores weighted 1/4 each, to 1/1000.
double RitaScore(double ts, double ds, double hist, double dur);

// Dragnet's beacon score: timing regularity (PeriodScore) gates everything,
// RITA's size, histogram and duration sub-scores support it:
//   period x (0.4 + 0.6 x (ds + hist + dur) / 3), to 1/1000.
// RITA averages timing with the rest, so steady random traffic (flat
// histogram, full duration) scores ~0.75 there; here it scores near 0.
double BeaconScore(double period, double ds, double hist, double dur);

// Dragnet's period estimate. Gaps longer than `gap_factor` x the median
// inter-arrival time are sleeps, nights or runs of missed check-ins and are
// set aside; the rest give the period (their median) and its dispersion
// r = MAD / median. score = (1 - (r / max_dispersion)^2), clamped to [0, 1],
// times min(1, kept share / 0.75) so a series that is mostly gaps is not
// called regular, times sqrt(min(1, kept / full_intervals)) because three
// intervals agree by chance far more often than eight. Survives +-50% uniform jitter (r = 0.25 -> 0.85) while
// Poisson arrivals (r ~ 0.65) score 0.
struct PeriodParams {
  double gap_factor = 3.0;
  double max_dispersion = 0.65;
  int min_intervals = 3;
  int full_intervals = 8;
};
struct Period {
  double period_s = 0;      // estimated check-in interval
  double dispersion = 0;    // r: MAD / median of the kept intervals
  int intervals = 0, kept = 0, gaps = 0;
  double score = 0;
};
Period PeriodScore(std::span<const uint32_t> sorted_ts, const PeriodParams& p = {});

// How long a series must run to be a schedule rather than a session, scaled
// by its period: a series spanning `min_span_s` qualifies at any period; a
// shorter one qualifies when it spans at least `min_short_span_s` AND
// `min_span_periods` of its own periods AND holds `min_short_connections`
// connections. Thirty minutes of a 5-second implant are 360 check-ins, plenty;
// thirty minutes of a 10-minute one are three, a coincidence.
struct SpanRule {
  uint32_t min_span_s = 3600;
  uint32_t min_short_span_s = 600;
  double min_span_periods = 60;
  uint32_t min_short_connections = 60;
};
enum class SpanVerdict { kTooShort, kShort, kFull };
// kFull: spans min_span_s; kShort: qualifies by the short rule only;
// kTooShort: neither. `period_s` <= 0 (unknown) never qualifies as short.
SpanVerdict JudgeSpan(double span_s, double period_s, uint64_t connections, const SpanRule& r = {});

// An interactive implant (issue 15 item 2): an operator's session polls
// every few seconds, hundreds of times, each check-in its own connection.
// True when the series' period is at most `max_period_s` and regular
// (period score >= `min_period_score`), it holds `min_connections` or more,
// and most of its connections were answered (a series mostly unanswered is
// failed_c2's). The caller adds what the destination must be: used by no
// other host of the org, no fleet routine, no fleet software, no time sync.
struct InteractiveParams {
  double max_period_s = 20;
  uint32_t min_connections = 100;
  double min_period_score = 0.8;
  uint32_t max_org_hosts = 1;
};
bool IsInteractiveSchedule(const Period& period, uint64_t connections, uint64_t unanswered,
                           const InteractiveParams& p = {});

}  // namespace dragnet::beacon
