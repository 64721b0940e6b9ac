#include "detect/beacon/beacon_score.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "detect/finding.h"

namespace dragnet::beacon {
namespace {

double Ceil3(double x) { return std::ceil(x * 1000) / 1000; }

}  // namespace

double MedianOf(std::span<const double> s) {
  if (s.empty()) return 0;
  size_t n = s.size();
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

Quartiles QuartilesOf(std::span<const double> s) {
  size_t n = s.size();
  size_t lower = n / 2;                     // elements in each half
  size_t upper_start = n % 2 ? lower + 1 : lower;
  Quartiles q;
  q.q1 = MedianOf(s.subspan(0, lower));
  q.q2 = MedianOf(s);
  q.q3 = MedianOf(s.subspan(upper_start));
  return q;
}

Dispersion DispersionScore(std::span<const double> s, double default_mad_score) {
  Dispersion d;
  if (s.size() < 3) return d;
  Quartiles q = QuartilesOf(s);
  double den = q.q3 - q.q1;
  if (den >= 10 && q.q2 != q.q1 && q.q2 != q.q3) d.skew = (q.q1 + q.q3 - 2 * q.q2) / den;
  d.skew_score = 1 - std::abs(d.skew);
  double median = q.q2;
  std::vector<double> dev;
  dev.reserve(s.size());
  for (double v : s) dev.push_back(std::abs(v - median));
  std::sort(dev.begin(), dev.end());
  d.mad = MedianOf(dev);
  double mad_score = median >= 1 ? (median - d.mad) / median : default_mad_score;
  if (!(mad_score >= 0)) mad_score = 0;  // negative or NaN
  d.mad_score = mad_score;
  d.score = RoundScore((d.skew_score + d.mad_score) / 2);
  return d;
}

Dispersion TimestampScore(std::span<const uint32_t> ts) {
  if (ts.size() < 4) return {};
  std::vector<double> deltas;
  deltas.reserve(ts.size());
  for (size_t i = 1; i < ts.size(); ++i)
    if (ts[i] > ts[i - 1]) deltas.push_back(ts[i] - ts[i - 1]);
  if (deltas.size() < 3) return {};
  std::sort(deltas.begin(), deltas.end());
  return DispersionScore(deltas, 1);
}

Dispersion DataSizeScore(std::vector<double> bytes) {
  if (bytes.size() < 3) return {};
  std::sort(bytes.begin(), bytes.end());
  return DispersionScore(bytes, 0);
}

Histogram HistogramScore(int64_t span_first, int64_t span_last, std::span<const uint32_t> ts,
                         const HistogramParams& p) {
  Histogram h;
  if (ts.empty() || span_last <= span_first || p.bins <= 0) return h;
  h.counts.assign(static_cast<size_t>(p.bins), 0);
  double step = static_cast<double>(span_last - span_first) / p.bins;
  for (uint32_t t : ts) {
    double offset = (static_cast<double>(t) - static_cast<double>(span_first)) / step;
    int bin = std::clamp(static_cast<int>(std::floor(offset)), 0, p.bins - 1);
    ++h.counts[static_cast<size_t>(bin)];
  }
  int largest = 0, total = 0;
  for (int c : h.counts) {
    h.total_bars += c > 0;
    largest = std::max(largest, c);
    total += c;
  }
  // Longest run of non-empty bins, wrapping from the end to the start.
  int run = 0;
  for (int i = 0; i < 2 * p.bins; ++i) {
    if (h.counts[static_cast<size_t>(i % p.bins)] > 0) {
      h.longest_run = std::max(h.longest_run, ++run);
    } else {
      run = 0;
    }
  }
  h.longest_run = std::min(h.longest_run, p.bins);
  // Coefficient of variation: flat histograms (steady beacons) score high.
  double mean = static_cast<double>(total) / p.bins;
  double var = 0;
  for (int c : h.counts) var += (c - mean) * (c - mean);
  double cv = mean > 0 ? std::sqrt(var / p.bins) / mean : 1e9;
  h.cv_score = cv > 1 ? 0 : RoundScore(1 - cv);
  // Bimodal fit: bars grouped by height (bins of sensitivity x the largest);
  // the share of bars in the two most common heights.
  if (h.total_bars >= std::max(p.bimodal_min_hours, 6)) {
    double bin_size = std::ceil(largest * p.mode_sensitivity);
    std::map<int, int> heights;
    for (int c : h.counts)
      if (c > 0) ++heights[static_cast<int>(std::floor(c / bin_size) * bin_size)];
    int first = 0, second = 0;
    for (const auto& [height, bars] : heights) {
      if (bars > first) {
        second = first;
        first = bars;
      } else if (bars > second) {
        second = bars;
      }
    }
    double adjusted = std::max(static_cast<double>(h.total_bars - p.bimodal_outlier_removal), 1.0);
    h.bimodal_score = std::min(1.0, RoundScore((first + second) / adjusted));
  }
  h.score = std::max(h.cv_score, h.bimodal_score);
  return h;
}

Duration DurationScore(int64_t span_first, int64_t span_last, int64_t first, int64_t last, int total_bars,
                       int longest_run, const DurationParams& p) {
  Duration d;
  if (span_last <= span_first || last <= first || total_bars < p.min_hours) return d;
  d.coverage = std::min(1.0, Ceil3(static_cast<double>(last - first) / static_cast<double>(span_last - span_first)));
  d.consistency = std::min(1.0, Ceil3(static_cast<double>(longest_run) / p.ideal_consistent_hours));
  d.score = std::max(d.coverage, d.consistency);
  return d;
}

double RitaScore(double ts, double ds, double hist, double dur) {
  return RoundScore(0.25 * ts + 0.25 * ds + 0.25 * hist + 0.25 * dur);
}

double BeaconScore(double period, double ds, double hist, double dur) {
  return RoundScore(period * (0.4 + 0.6 * (ds + hist + dur) / 3));
}

Period PeriodScore(std::span<const uint32_t> ts, const PeriodParams& p) {
  Period out;
  std::vector<double> deltas;
  for (size_t i = 1; i < ts.size(); ++i)
    if (ts[i] > ts[i - 1]) deltas.push_back(ts[i] - ts[i - 1]);
  out.intervals = static_cast<int>(deltas.size());
  if (out.intervals < p.min_intervals) return out;
  std::sort(deltas.begin(), deltas.end());
  double limit = p.gap_factor * MedianOf(deltas);
  size_t kept = static_cast<size_t>(std::upper_bound(deltas.begin(), deltas.end(), limit) - deltas.begin());
  out.kept = static_cast<int>(kept);
  out.gaps = out.intervals - out.kept;
  if (out.kept < p.min_intervals) return out;
  std::span<const double> k(deltas.data(), kept);
  out.period_s = MedianOf(k);
  std::vector<double> dev;
  for (double v : k) dev.push_back(std::abs(v - out.period_s));
  std::sort(dev.begin(), dev.end());
  out.dispersion = out.period_s > 0 ? MedianOf(dev) / out.period_s : 1;
  double r = out.dispersion / p.max_dispersion;
  double regular = std::clamp(1 - r * r, 0.0, 1.0);
  double share = static_cast<double>(out.kept) / out.intervals;
  double confidence = std::sqrt(std::min(1.0, static_cast<double>(out.kept) / p.full_intervals));
  out.score = RoundScore(regular * std::min(1.0, share / 0.75) * confidence);
  return out;
}

SpanVerdict JudgeSpan(double span_s, double period_s, uint64_t connections, const SpanRule& r) {
  if (span_s >= r.min_span_s) return SpanVerdict::kFull;
  if (period_s <= 0 || span_s < r.min_short_span_s || connections < r.min_short_connections) return SpanVerdict::kTooShort;
  return span_s >= r.min_span_periods * period_s ? SpanVerdict::kShort : SpanVerdict::kTooShort;
}

bool IsInteractiveSchedule(const Period& period, uint64_t connections, uint64_t unanswered,
                           const InteractiveParams& p) {
  return period.period_s > 0 && period.period_s <= p.max_period_s && period.score >= p.min_period_score &&
         connections >= p.min_connections && 2 * unanswered < connections;
}

}  // namespace dragnet::beacon
