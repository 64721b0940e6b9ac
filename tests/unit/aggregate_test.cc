// The aggregate layer: distinct counting, pair series and DNS statistics,
// merging, and the memory cap under adversarial cardinality.
#include <gtest/gtest.h>

#include <malloc.h>

#include <cstdio>
#include <random>

#include <fmt/format.h>
#include <xxhash.h>

#include "aggregate/aggregates.h"
#include "aggregate/dns_table.h"
#include "aggregate/pair_table.h"

namespace dragnet {
namespace {

uint64_t Hash(const std::string& s) { return XXH3_64bits(s.data(), s.size()); }

TEST(DistinctCounter, ExactThenSketch) {
  DistinctCounter c;
  for (int i = 0; i < 64; ++i) EXPECT_TRUE(c.Add(Hash(fmt::format("name{}", i))));
  EXPECT_FALSE(c.Add(Hash("name3")));  // seen
  EXPECT_TRUE(c.exact());
  EXPECT_DOUBLE_EQ(c.Estimate(), 64);
  for (int i = 64; i < 100000; ++i) c.Add(Hash(fmt::format("name{}", i)));
  EXPECT_FALSE(c.exact());
  EXPECT_EQ(c.HeapBytes(), DistinctCounter::kRegisters);
  EXPECT_NEAR(c.Estimate(), 100000, 100000 * 0.2);
  // Duplicates do not count again.
  double before = c.Estimate();
  for (int i = 0; i < 1000; ++i) c.Add(Hash(fmt::format("name{}", i)));
  EXPECT_DOUBLE_EQ(c.Estimate(), before);
}

TEST(DistinctCounter, MergeIsUnion) {
  DistinctCounter a, b;
  for (int i = 0; i < 40; ++i) a.Add(Hash(fmt::format("x{}", i)));
  for (int i = 20; i < 60; ++i) b.Add(Hash(fmt::format("x{}", i)));
  a.Merge(b);
  EXPECT_TRUE(a.exact());
  EXPECT_DOUBLE_EQ(a.Estimate(), 60);
  DistinctCounter big;
  for (int i = 0; i < 5000; ++i) big.Add(Hash(fmt::format("y{}", i)));
  a.Merge(big);
  EXPECT_NEAR(a.Estimate(), 5060, 5060 * 0.2);
}

TEST(PairTable, SeriesCapAndMerge) {
  OrgLedger la(nullptr), lb(nullptr);
  PairTable a(la, 5), b(lb, 5);
  Ip host = *Ip::Parse("10.0.0.5"), dest = *Ip::Parse("203.0.113.7");
  PairSeries* s = a.ByIp(0, host, dest);
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 8; ++i) a.AddConn(0, *s, int64_t{1000 + i * 60} * 1000000, 400, 1500, 0.5, false);
  EXPECT_EQ(s->conns, 8u);
  EXPECT_EQ(s->samples.size(), 5u);  // the cap
  EXPECT_EQ(a.samples_dropped(), 3u);
  PairSeries* t = b.ByIp(0, host, dest);
  b.AddConn(0, *t, int64_t{500} * 1000000, 100, 100, 7200, true);  // an open connection
  b.AddConn(0, *t, int64_t{400} * 1000000, 100, 100, 3, false);
  a.Merge(b);
  ASSERT_NE(a.FindIp(IpPairKey{0, host, dest}), nullptr);
  const PairSeries& m = *a.FindIp(IpPairKey{0, host, dest});
  EXPECT_EQ(m.conns, 10u);
  EXPECT_EQ(m.open_conns, 1u);
  EXPECT_DOUBLE_EQ(m.open_duration, 7200);
  EXPECT_EQ(m.first_us, int64_t{400} * 1000000);
  EXPECT_EQ(m.samples.size(), 5u);
  EXPECT_EQ(a.samples_dropped(), 4u);  // one more past the cap in the merge
  EXPECT_EQ(m.duration_us, 8 * 500000u + 3000000u);  // exact: closed connections only
  // At the cap the earliest samples are kept, whatever came first: the
  // merged-in 400 s sample displaced the latest one.
  std::vector<ConnSample> kept(m.samples.begin(), m.samples.end());
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(kept.front().ts, 400u);
  EXPECT_EQ(kept.back().ts, 1000u + 3 * 60);
}

// The samples kept at the series cap do not depend on arrival order.
TEST(PairTable, SamplesAtTheCapAreOrderFree) {
  std::vector<ConnSample> in;
  for (uint32_t i = 0; i < 50; ++i) in.push_back({1000 + (i * 37) % 50, 100 + i % 3, i % 5});
  auto kept = [&](const std::vector<ConnSample>& order) {
    OrgLedger ledger(nullptr);
    PairTable t(ledger, 7);
    PairSeries* s = t.ByIp(0, *Ip::Parse("10.0.0.5"), *Ip::Parse("203.0.113.7"));
    for (const ConnSample& c : order) t.AddConn(0, *s, int64_t{c.ts} * 1000000, c.bytes, 0, c.duration, false);
    t.SortSamples();
    std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> out;
    for (const ConnSample& c : s->samples) out.emplace_back(c.ts, c.bytes, c.duration);
    return out;
  };
  std::vector<ConnSample> reversed(in.rbegin(), in.rend());
  EXPECT_EQ(kept(in), kept(reversed));
  EXPECT_EQ(std::get<0>(kept(in).back()), 1006u);
}

TEST(DnsTable, DomainStatistics) {
  OrgLedger ledger(nullptr);
  DnsTable t(ledger);
  Ip host = *Ip::Parse("10.0.0.5");
  t.AddQuery(0, host, "abcd.tunnel.example.co.uk", QueryKind::kTxt, false, 60, 1000);
  t.AddQuery(0, host, "efgh.tunnel.example.co.uk", QueryKind::kTxt, false, 60, 2000);
  t.AddQuery(0, host, "efgh.tunnel.example.co.uk", QueryKind::kAddress, true, 0, 3000);
  t.AddDirect(0, "www.example.co.uk");
  const DomainStats& d = t.domains().at(DomainKey{0, "example.co.uk"});
  EXPECT_EQ(d.queries, 3u);
  EXPECT_EQ(d.nxdomain, 1u);
  EXPECT_EQ(d.direct, 1u);
  EXPECT_DOUBLE_EQ(d.names.Estimate(), 2);
  EXPECT_EQ(d.subdomain_chars, 3u * 11);  // "abcd.tunnel"
  EXPECT_EQ(d.longest_label, 6u);
  EXPECT_EQ(d.answer_chars, 120u);
  EXPECT_EQ(d.kinds[static_cast<size_t>(QueryKind::kTxt)], 2u);
  ASSERT_EQ(d.hosts.size(), 1u);
  EXPECT_EQ(d.hosts[0].second, 3u);
  EXPECT_EQ(d.samples.front(), "abcd.tunnel.example.co.uk");
  EXPECT_EQ(t.hosts().at(HostKey{0, host}).nxdomain, 1u);
}

// Heap in use by malloc (glibc); sanitizers replace malloc, so the check of
// the estimate against real allocation runs only in plain builds.
size_t HeapInUse() { return mallinfo2().uordblks; }

TEST(AggregateMemory, CapHoldsUnderAdversarialCardinality) {
  constexpr uint64_t kCap = 64ull << 20;
  OrgShares shares(kCap, 1);
  size_t heap_before = HeapInUse();
  {
    OrgLedger ledger(&shares);
    PairTable pairs(ledger, 20000);
    DnsTable dns(ledger);
    std::mt19937_64 rng(3);
    // 2 million unique host pairs.
    for (uint32_t i = 0; i < 2000000; ++i) {
      Ip host = Ip::FromV4(0x0a000000u | (i & 0xffff));
      Ip dest = Ip::FromV4(static_cast<uint32_t>(rng()));
      SyncLevel(ledger, pairs, dns, 0);
      if (PairSeries* s = pairs.ByIp(0, host, dest)) pairs.AddConn(0, *s, int64_t{1700000000} * 1000000 + i, 400, 1500, 1.0, false);
      else ++ledger.drops(0).ip_pair_records;
      Rebalance(ledger, pairs, dns, 0);
    }
    // 5 million unique random subdomains: half under one tunnel domain (one
    // bounded entry), half each its own registered domain (sampled at the cap).
    for (uint32_t i = 0; i < 5000000; ++i) {
      std::string name = i % 2 ? fmt::format("{:016x}.t.example.com", rng()) : fmt::format("{:016x}.com", rng());
      dns.AddQuery(0, Ip::FromV4(0x0a000001u), name, QueryKind::kTxt, false, 0, 1000);
      Rebalance(ledger, pairs, dns, 0);
    }
    EXPECT_LE(ledger.peak(), kCap + 4096);  // past the share by one record at most, then back
    EXPECT_GT(ledger.peak(), kCap / 2);     // the cap was reached, not just respected
    EXPECT_GT(ledger.level(0), 0);
    const OrgDrops& d = ledger.all_drops()[0];
    EXPECT_GT(d.ip_pair_records + d.dns_queries, 0u) << "what the cap turned away is counted";
    // Every pair record is either kept or counted, and the kept ones are
    // exactly those of rank at least the level.
    EXPECT_EQ(pairs.ip_pairs() + d.ip_pair_records, 2000000u);
    pairs.ForEachIp([&](const IpPairKey& k, const PairSeries&) {
      EXPECT_GE(HashRank(StableHash(k.org, k.host, k.dest)), ledger.level(0));
    });
    EXPECT_EQ(dns.domains().size() > 0, true);
    auto tunnel = dns.domains().find(DomainRef{0, "example.com"});
    if (tunnel != dns.domains().end()) {
      EXPECT_FALSE(tunnel->second.names.exact());
    }
    std::printf("state peak %.1f MB of a %.0f MB cap; level %d: %zu pairs and %zu domains kept, %llu pair records and "
                "%llu domain queries dropped; heap grew %.1f MB\n",
                static_cast<double>(ledger.peak()) / 1048576, static_cast<double>(kCap) / 1048576, ledger.level(0),
                pairs.ip_pairs(), dns.domains().size(), static_cast<unsigned long long>(d.ip_pair_records),
                static_cast<unsigned long long>(d.dns_queries),
                static_cast<double>(HeapInUse() - heap_before) / 1048576);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__has_feature)
    // The estimates are honest: real heap growth stays near the cap.
    size_t heap_used = HeapInUse() - heap_before;
    EXPECT_LE(heap_used, kCap * 3 / 2) << "heap " << heap_used << " vs cap " << kCap;
#endif
  }
  (void)heap_before;
}

}  // namespace
}  // namespace dragnet

namespace dragnet {
namespace {

TEST(MimeContradictsUri, StaticPathsMustMatch) {
  EXPECT_TRUE(MimeContradictsUri("/images/logo.gif", "application/x-dosexec"));
  EXPECT_TRUE(MimeContradictsUri("/a/b/pixel.PNG?id=42", "text/plain"));
  EXPECT_TRUE(MimeContradictsUri("/static/app.js", "application/octet-stream"));
  EXPECT_FALSE(MimeContradictsUri("/images/logo.gif", "image/gif"));
  EXPECT_FALSE(MimeContradictsUri("/static/app.js", "application/javascript"));
  EXPECT_FALSE(MimeContradictsUri("/static/site.css", "text/css"));
  EXPECT_FALSE(MimeContradictsUri("/api/v2/status", "application/json"));  // no extension
  EXPECT_FALSE(MimeContradictsUri("/dir.gif/index", "text/html"));         // the dot is not in the last segment
  EXPECT_FALSE(MimeContradictsUri("/logo.gif", ""));                         // unknown
  EXPECT_FALSE(MimeContradictsUri("", "text/html"));
}

}  // namespace
}  // namespace dragnet
