// The behavioural scoring formulas pinned on small hand-computed series:
// RITA v5's sub-scores, Dragnet's period and beacon score, the DNS-tunnel,
// DGA, long-connection and rare-destination formulas.
#include <gtest/gtest.h>

#include <random>

#include "detect/beacon/beacon_detector.h"
#include "detect/beacon/beacon_score.h"
#include "detect/credential_attack/credential_attack_detector.h"
#include "detect/dga/dga_score.h"
#include "detect/encryption/encryption_detector.h"
#include "core/text.h"
#include "detect/dns_tunnel/dns_tunnel_score.h"
#include "detect/long_connection/long_connection_detector.h"
#include "detect/rare_destination/rare_destination_detector.h"

namespace dragnet {
namespace {

using namespace beacon;

std::vector<uint32_t> Every(uint32_t start, uint32_t period, int n) {
  std::vector<uint32_t> ts;
  for (int i = 0; i < n; ++i) ts.push_back(start + static_cast<uint32_t>(i) * period);
  return ts;
}

TEST(BeaconScore, QuartilesAsRita) {
  std::vector<double> even = {1, 2, 3, 4, 5, 6, 7, 8};
  Quartiles q = QuartilesOf(even);
  EXPECT_DOUBLE_EQ(q.q1, 2.5);
  EXPECT_DOUBLE_EQ(q.q2, 4.5);
  EXPECT_DOUBLE_EQ(q.q3, 6.5);
  std::vector<double> odd = {1, 2, 3, 4, 5, 6, 7};  // the median belongs to neither half
  q = QuartilesOf(odd);
  EXPECT_DOUBLE_EQ(q.q1, 2);
  EXPECT_DOUBLE_EQ(q.q2, 4);
  EXPECT_DOUBLE_EQ(q.q3, 6);
}

TEST(BeaconScore, DispersionHandComputed) {
  // Q1 = 15, Q2 = 30, Q3 = 70: skew = (15 + 70 - 60) / 55; deviations from 30
  // are 0,10,10,20,70: MAD 10, MAD score (30 - 10) / 30.
  std::vector<double> v = {10, 20, 30, 40, 100};
  Dispersion d = DispersionScore(v, 1);
  EXPECT_NEAR(d.skew, 25.0 / 55.0, 1e-12);
  EXPECT_NEAR(d.skew_score, 1 - 25.0 / 55.0, 1e-12);
  EXPECT_DOUBLE_EQ(d.mad, 10);
  EXPECT_NEAR(d.mad_score, 20.0 / 30.0, 1e-12);
  EXPECT_DOUBLE_EQ(d.score, 0.606);
  // Quartile spread under 10: no skew counted (RITA's guard).
  std::vector<double> tight = {60, 61, 62, 63, 70};
  EXPECT_DOUBLE_EQ(DispersionScore(tight, 1).skew, 0);
  // Median under 1: the default MAD score.
  std::vector<double> zeros = {0, 0, 0};
  EXPECT_DOUBLE_EQ(DispersionScore(zeros, 0).mad_score, 0);
  EXPECT_DOUBLE_EQ(DispersionScore(zeros, 1).mad_score, 1);
}

TEST(BeaconScore, TimestampAndSizeNeedEnoughPoints) {
  EXPECT_DOUBLE_EQ(TimestampScore(Every(0, 60, 3)).score, 0);  // 3 timestamps
  std::vector<uint32_t> same = {5, 5, 5, 5, 6};                 // 1 non-zero gap
  EXPECT_DOUBLE_EQ(TimestampScore(same).score, 0);
  EXPECT_DOUBLE_EQ(TimestampScore(Every(0, 60, 4)).score, 1);
  EXPECT_DOUBLE_EQ(DataSizeScore({100, 100}).score, 0);
  EXPECT_DOUBLE_EQ(DataSizeScore({412, 412, 412}).score, 1);
}

TEST(BeaconScore, HistogramFlatAndBimodal) {
  // One connection at the start of every hour of a day: flat.
  Histogram flat = HistogramScore(0, 86400, Every(0, 3600, 24));
  EXPECT_EQ(flat.total_bars, 24);
  EXPECT_EQ(flat.longest_run, 24);
  EXPECT_DOUBLE_EQ(flat.cv_score, 1);
  EXPECT_DOUBLE_EQ(flat.score, 1);
  // 12 hours with 2 connections, 12 with 10: CV = 4 / 6, bimodal fit (12 + 12) / 23 -> 1.
  std::vector<uint32_t> ts;
  for (uint32_t h = 0; h < 24; ++h)
    for (uint32_t k = 0; k < (h < 12 ? 2u : 10u); ++k) ts.push_back(h * 3600 + k * 60);
  Histogram two = HistogramScore(0, 86400, ts);
  EXPECT_DOUBLE_EQ(two.cv_score, 0.333);
  EXPECT_DOUBLE_EQ(two.bimodal_score, 1);
  EXPECT_DOUBLE_EQ(two.score, 1);
  // Five scattered hours: too few bars for a bimodal fit, and uneven.
  Histogram few = HistogramScore(0, 86400, std::vector<uint32_t>{0, 18000, 36000, 54000, 72000});
  EXPECT_EQ(few.total_bars, 5);
  EXPECT_EQ(few.longest_run, 1);
  EXPECT_DOUBLE_EQ(few.bimodal_score, 0);
  EXPECT_DOUBLE_EQ(few.cv_score, 0);
}

TEST(BeaconScore, DurationCoverageAndConsistency) {
  Duration d = DurationScore(0, 86400, 0, 43200, 12, 12);
  EXPECT_DOUBLE_EQ(d.coverage, 0.5);
  EXPECT_DOUBLE_EQ(d.consistency, 1);
  EXPECT_DOUBLE_EQ(d.score, 1);
  d = DurationScore(0, 86400, 0, 21600, 6, 3);
  EXPECT_DOUBLE_EQ(d.coverage, 0.25);
  EXPECT_DOUBLE_EQ(d.consistency, 0.25);
  EXPECT_DOUBLE_EQ(DurationScore(0, 86400, 0, 86400, 5, 5).score, 0);  // under 6 hours with traffic
}

TEST(BeaconScore, PerfectBeaconScoresHigh) {
  std::vector<uint32_t> ts = Every(0, 60, 1440);  // every minute for a day
  std::vector<double> sizes(ts.size(), 412);
  Dispersion t = TimestampScore(ts);
  Dispersion ds = DataSizeScore(sizes);
  Histogram h = HistogramScore(0, 86400, ts);
  Duration d = DurationScore(0, 86400, ts.front(), ts.back(), h.total_bars, h.longest_run);
  Period p = PeriodScore(ts);
  EXPECT_DOUBLE_EQ(p.period_s, 60);
  EXPECT_DOUBLE_EQ(p.dispersion, 0);
  EXPECT_GE(RitaScore(t.score, ds.score, h.score, d.score), 0.95);
  EXPECT_GE(BeaconScore(p.score, ds.score, h.score, d.score), 0.95);
}

TEST(BeaconScore, UniformRandomArrivalsScoreLow) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<uint32_t> when(0, 86400), size(100, 10000);
  std::vector<uint32_t> ts;
  std::vector<double> sizes;
  for (int i = 0; i < 1440; ++i) {
    ts.push_back(when(rng));
    sizes.push_back(size(rng));
  }
  std::sort(ts.begin(), ts.end());
  Dispersion t = TimestampScore(ts);
  Dispersion ds = DataSizeScore(sizes);
  Histogram h = HistogramScore(0, 86400, ts);
  Duration d = DurationScore(0, 86400, ts.front(), ts.back(), h.total_bars, h.longest_run);
  Period p = PeriodScore(ts);
  EXPECT_LT(p.score, 0.1);
  EXPECT_LT(BeaconScore(p.score, ds.score, h.score, d.score), 0.1);
  // RITA itself is fooled by steady random traffic (flat histogram, full
  // duration): the reason timing gates Dragnet's score.
  EXPECT_GT(RitaScore(t.score, ds.score, h.score, d.score), 0.6);
}

TEST(BeaconScore, PeriodSurvivesJitterMissesAndSleep) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-0.5, 0.5), unit(0, 1);
  std::vector<uint32_t> ts;
  double t = 0;
  while (t < 3 * 86400) {
    bool asleep = t > 40000 && t < 40000 + 5 * 3600;  // a five-hour sleep
    if (!asleep && unit(rng) > 0.1) ts.push_back(static_cast<uint32_t>(t));  // 10 % missed
    t += 300 * (1 + u(rng));                                                  // +-50 % jitter
  }
  Period p = PeriodScore(ts);
  EXPECT_NEAR(p.period_s, 300, 45);
  EXPECT_GE(p.score, 0.7);
  EXPECT_GE(p.gaps, 1);
}

TEST(BeaconScore, WorkingHoursOnlySchedule) {
  std::vector<uint32_t> ts;
  for (uint32_t day = 0; day < 3; ++day)
    for (uint32_t s = 9 * 3600; s < 17 * 3600; s += 600) ts.push_back(day * 86400 + s);
  Period p = PeriodScore(ts);
  EXPECT_DOUBLE_EQ(p.period_s, 600);
  EXPECT_EQ(p.gaps, 2);  // the two nights
  EXPECT_DOUBLE_EQ(p.score, 1);
}

TEST(DnsTunnelScore, HandComputed) {
  dns_tunnel::TunnelInput in;
  in.unique_names = 1000;
  in.queries = 1000;
  in.subdomain_chars = 40000;   // 40 chars a query
  in.subdomain_entropy = 4000;  // 4 bits a char
  in.txt_null = 1000;
  in.span_seconds = 86400;
  // 1000 names x 40 chars x 4 bits / 8 = 20,000 bytes in a day.
  dns_tunnel::TunnelScore s = dns_tunnel::ScoreTunnel(in);
  EXPECT_DOUBLE_EQ(s.bytes_per_day, 20000);
  EXPECT_DOUBLE_EQ(s.unique_score, 1);
  EXPECT_DOUBLE_EQ(s.length_score, 1);
  EXPECT_DOUBLE_EQ(s.entropy_score, 1);
  EXPECT_NEAR(s.volume_score, std::log10(20.0) / 3, 1e-12);
  EXPECT_DOUBLE_EQ(s.kind_score, 1);
  EXPECT_TRUE(s.resolver_only);
  EXPECT_DOUBLE_EQ(s.score, 0.915);
  in.direct = 3;  // also contacted directly: not resolver-only
  EXPECT_DOUBLE_EQ(dns_tunnel::ScoreTunnel(in).score, 0.549);
  // A CDN-like domain: many short, plain names, address queries.
  dns_tunnel::TunnelInput cdn;
  cdn.unique_names = 200;
  cdn.queries = 5000;
  cdn.subdomain_chars = 5000 * 8;
  cdn.subdomain_entropy = 5000 * 2.5;
  cdn.span_seconds = 86400;
  cdn.direct = 4000;
  EXPECT_LT(dns_tunnel::ScoreTunnel(cdn).score, 0.3);
}

TEST(DgaScore, RealNamesLowRandomHigh) {
  for (const char* label : {"google", "microsoft", "facebook", "wikipedia", "cloudflare", "amazonaws", "salesforce",
                            "linkedin", "stackoverflow", "bloomberg"})
    EXPECT_LT(dga::LabelScore(dga::Features(label)), 0.3) << label;
  for (const char* label : {"xkqzjvbnwpt", "qwhvkzrtplmx", "zxcvbnmqwrtp", "jhgfdsxcvbkl"})
    EXPECT_GE(dga::LabelScore(dga::Features(label)), 0.6) << label;
  EXPECT_DOUBLE_EQ(dga::LabelScore(dga::Features("xkqzjv")), 0);  // too short to judge
  EXPECT_LT(dga::NgramCost("google"), 4.3);
  EXPECT_GT(dga::NgramCost("qxzjvkwqpzx"), 5.5);
  dga::LabelFeatures f = dga::Features("a1b2c3d4e5");
  EXPECT_EQ(f.length, 10u);
  EXPECT_DOUBLE_EQ(f.digit_share, 0.5);
  EXPECT_EQ(f.consonant_run, 1);
  EXPECT_EQ(dga::Features("strengths").consonant_run, 5);  // "ngths"
}

TEST(LongConnectionScore, RitaThresholdsInterpolated) {
  EXPECT_DOUBLE_EQ(LongConnectionScore(1800), 0);
  EXPECT_DOUBLE_EQ(LongConnectionScore(3600), 0.4);
  EXPECT_DOUBLE_EQ(LongConnectionScore(2.5 * 3600), 0.5);
  EXPECT_DOUBLE_EQ(LongConnectionScore(6 * 3600), 0.7);
  EXPECT_DOUBLE_EQ(LongConnectionScore(12 * 3600), 1);
  EXPECT_DOUBLE_EQ(LongConnectionScore(30 * 3600), 1);
}

TEST(RareDestinationScore, HandComputed) {
  RareDestinationInput in{1, 10, true, true, true};
  EXPECT_DOUBLE_EQ(RareDestinationScore(in), 1);
  in = {2, 7, true, false, false};  // 0.2 x 0.7 + 0.25 + 0.3 x (7 - 4) / (10 - 4)
  EXPECT_DOUBLE_EQ(RareDestinationScore(in), 0.54);
  in = {1, 3, true, true, true};  // a visit, not a habit
  EXPECT_DOUBLE_EQ(RareDestinationScore(in), 0);
  in = {3, 10, true, true, true};  // three hosts: not rare
  EXPECT_DOUBLE_EQ(RareDestinationScore(in), 0);
}

}  // namespace
}  // namespace dragnet

namespace dragnet {
namespace {

TEST(DetectorParameters, OverridesAreAppliedAndChecked) {
  BeaconParams p;
  auto bindings = Bindings(p);
  ASSERT_TRUE(ApplyOverrides("beacon", bindings, {{"beacon.min_score", "0.7"}, {"beacon.histogram.bins", "48"},
                                                  {"dga.min_score", "0.1"}})  // another detector's: ignored here
                  .ok());
  EXPECT_DOUBLE_EQ(p.min_score, 0.7);
  EXPECT_EQ(p.histogram.bins, 48);
  EXPECT_FALSE(ApplyOverrides("beacon", bindings, {{"beacon.no_such", "1"}}).ok());
  EXPECT_FALSE(ApplyOverrides("beacon", bindings, {{"beacon.min_connections", "-3"}}).ok());
  EXPECT_FALSE(ApplyOverrides("beacon", bindings, {{"beacon.min_score", "0.5x"}}).ok());
  // Every documented default is the value the code uses.
  BeaconParams fresh;
  for (const DetectorParameter& d : Describe(Bindings(fresh))) {
    if (d.name == "period.gap_factor") {
      EXPECT_EQ(d.default_value, "3");
    }
  }
}

}  // namespace
}  // namespace dragnet

namespace dragnet {
namespace {

TEST(EncryptionScore, NamesAndFormula) {
  EXPECT_EQ(FileExtension("Finance\\report_1.docx.lockbit"), "lockbit");
  EXPECT_EQ(FileExtension("Photos/IMG_1000.JPG"), "jpg");
  EXPECT_EQ(FileExtension("Makefile"), "");
  EXPECT_EQ(FileExtension("dir.v2\\Makefile"), "");  // the dot is in a folder name
  EXPECT_TRUE(LooksLikeRansomNote("HR\\Restore-My-Files.txt"));
  EXPECT_TRUE(LooksLikeRansomNote("HOW_TO_DECRYPT.html"));
  EXPECT_TRUE(LooksLikeRansomNote("!README!.hta"));
  EXPECT_FALSE(LooksLikeRansomNote("Projects\\readme.md"));
  EXPECT_FALSE(LooksLikeRansomNote("minutes_2024.txt"));
  EXPECT_DOUBLE_EQ(EncryptionScore(19, 2), 0);     // below both thresholds
  EXPECT_DOUBLE_EQ(EncryptionScore(20, 0), 0.7);   // min_files renames
  EXPECT_DOUBLE_EQ(EncryptionScore(60, 0), 0.8);   // halfway to full_files
  EXPECT_DOUBLE_EQ(EncryptionScore(100, 3), 1);    // renames and notes
  EXPECT_DOUBLE_EQ(EncryptionScore(0, 3), 0.6);    // notes alone
}

}  // namespace
}  // namespace dragnet

namespace dragnet {
namespace {

TEST(CredentialAttack, CiphersAndWindows) {
  EXPECT_TRUE(IsRc4Cipher("rc4-hmac"));
  EXPECT_TRUE(IsRc4Cipher("ARCFOUR-HMAC-MD5"));
  EXPECT_TRUE(IsRc4Cipher("23"));
  EXPECT_FALSE(IsRc4Cipher("aes256-cts-hmac-sha1-96"));
  // Values 1..5 one second apart, then value 6 an hour later, then 1 again.
  std::vector<std::pair<int64_t, uint64_t>> ev;
  for (int i = 1; i <= 5; ++i) ev.push_back({int64_t{i} * 1000000, static_cast<uint64_t>(i)});
  ev.push_back({3600LL * 1000000, 6});
  ev.push_back({3601LL * 1000000, 1});
  EXPECT_EQ(MaxDistinctInWindow(ev, 600), 5u);
  EXPECT_EQ(MaxDistinctInWindow(ev, 2), 3u);         // 1 s apart: three in a 2 s window
  EXPECT_EQ(MaxDistinctInWindow(ev, 7200), 6u);      // the whole run
  EXPECT_EQ(MaxDistinctInWindow({}, 600), 0u);
}

}  // namespace
}  // namespace dragnet
