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
  MemoryBudget budget(1 << 20);
  PairTable a(budget, 5), b(budget, 5);
  Ip host = *Ip::Parse("10.0.0.5"), dest = *Ip::Parse("203.0.113.7");
  PairSeries* s = a.ByIp(0, host, dest);
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 8; ++i) a.AddConn(*s, int64_t{1000 + i * 60} * 1000000, 400, 1500, 0.5, false);
  EXPECT_EQ(s->conns, 8u);
  EXPECT_EQ(s->samples.size(), 5u);  // the cap
  EXPECT_EQ(a.drops().samples_dropped, 3u);
  PairSeries* t = b.ByIp(0, host, dest);
  b.AddConn(*t, int64_t{500} * 1000000, 100, 100, 7200, true);  // an open connection
  b.AddConn(*t, int64_t{400} * 1000000, 100, 100, 3, false);
  a.Merge(b);
  ASSERT_NE(a.FindIp(IpPairKey{0, host, dest}), nullptr);
  const PairSeries& m = *a.FindIp(IpPairKey{0, host, dest});
  EXPECT_EQ(m.conns, 10u);
  EXPECT_EQ(m.open_conns, 1u);
  EXPECT_DOUBLE_EQ(m.open_duration, 7200);
  EXPECT_EQ(m.first_us, int64_t{400} * 1000000);
  EXPECT_EQ(m.samples.size(), 5u);
  EXPECT_EQ(a.drops().samples_dropped, 4u);  // one more past the cap in the merge
}

TEST(DnsTable, DomainStatistics) {
  MemoryBudget budget(1 << 20);
  DnsTable t(budget);
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
  MemoryBudget budget(kCap);
  size_t heap_before = HeapInUse();
  {
    PairTable pairs(budget, 20000);
    DnsTable dns(budget);
    std::mt19937_64 rng(3);
    // 2 million unique host pairs.
    uint64_t admitted_pairs = 0;
    for (uint32_t i = 0; i < 2000000; ++i) {
      Ip host = Ip::FromV4(0x0a000000u | (i & 0xffff));
      Ip dest = Ip::FromV4(static_cast<uint32_t>(rng()));
      if (PairSeries* s = pairs.ByIp(0, host, dest)) {
        pairs.AddConn(*s, int64_t{1700000000} * 1000000 + i, 400, 1500, 1.0, false);
        ++admitted_pairs;
      }
    }
    // 5 million unique random subdomains: half under one tunnel domain (one
    // bounded entry), half each its own registered domain (refused at the cap).
    for (uint32_t i = 0; i < 5000000; ++i) {
      std::string name = i % 2 ? fmt::format("{:016x}.t.example.com", rng()) : fmt::format("{:016x}.com", rng());
      dns.AddQuery(0, Ip::FromV4(0x0a000001u), name, QueryKind::kTxt, false, 0, 1000);
    }
    EXPECT_LE(budget.peak(), kCap);
    EXPECT_GT(budget.peak(), kCap / 2);  // the cap was reached, not just respected
    uint64_t dropped = pairs.drops().pairs_refused + dns.drops().domains_refused;
    EXPECT_GT(dropped, 0u) << "what the cap turned away is counted";
    EXPECT_EQ(admitted_pairs + pairs.drops().pairs_refused, 2000000u);
    const DomainStats& tunnel = dns.domains().at(DomainKey{0, "example.com"});
    EXPECT_FALSE(tunnel.names.exact());
    EXPECT_NEAR(tunnel.names.Estimate(), 2500000, 2500000 * 0.2);
    std::printf("state peak %.1f MB of a %.0f MB cap; %llu pairs and %zu domains kept, %llu pairs and %llu domain "
                "queries refused; heap grew %.1f MB\n",
                static_cast<double>(budget.peak()) / 1048576, static_cast<double>(kCap) / 1048576,
                static_cast<unsigned long long>(admitted_pairs), dns.domains().size(),
                static_cast<unsigned long long>(pairs.drops().pairs_refused),
                static_cast<unsigned long long>(dns.drops().domains_refused),
                static_cast<double>(HeapInUse() - heap_before) / 1048576);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__has_feature)
    // The charges are honest: real heap growth stays near the cap.
    size_t heap_used = HeapInUse() - heap_before;
    EXPECT_LE(heap_used, kCap * 3 / 2) << "heap " << heap_used << " vs cap " << kCap;
#endif
  }
  EXPECT_EQ(budget.used(), 0u);  // everything charged was released
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
