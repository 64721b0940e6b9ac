#include <gtest/gtest.h>

#include "core/cidr_table.h"
#include "core/ip.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace dragnet {
namespace {

TEST(Ip, ParsesV4AndV6) {
  auto a = Ip::Parse("10.47.1.100");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->v4(), (10u << 24) | (47u << 16) | (1u << 8) | 100u);
  EXPECT_EQ(a->ToString(), "10.47.1.100");
  auto b = Ip::Parse("fe80::1cf4:44d2:904a:14f7%eth0");
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->is_v4());
  EXPECT_EQ(b->ToString(), "fe80::1cf4:44d2:904a:14f7");
  EXPECT_FALSE(Ip::Parse("256.1.1.1"));
  EXPECT_FALSE(Ip::Parse("1.2.3"));
  EXPECT_FALSE(Ip::Parse("1.2.3.4.5"));
  EXPECT_FALSE(Ip::Parse("01234.1.1.1"));
  EXPECT_FALSE(Ip::Parse(""));
  EXPECT_FALSE(Ip::Parse("example.com"));
  EXPECT_FALSE(Ip::Parse("1.2.3.4 "));
}

TEST(Ip, PrivateRanges) {
  for (const char* s : {"10.0.0.1", "172.16.5.5", "172.31.255.255", "192.168.1.1", "fd00::1", "fe80::1"})
    EXPECT_TRUE(Ip::Parse(s)->IsPrivate()) << s;
  for (const char* s : {"8.8.8.8", "172.32.0.1", "2001:db8::1", "193.0.14.129"})
    EXPECT_FALSE(Ip::Parse(s)->IsPrivate()) << s;
}

TEST(Cidr, ParsesAndContains) {
  auto c = Cidr::Parse("192.168.0.0/16");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->ToString(), "192.168.0.0/16");
  EXPECT_TRUE(c->Contains(*Ip::Parse("192.168.44.3")));
  EXPECT_FALSE(c->Contains(*Ip::Parse("192.169.0.1")));
  EXPECT_EQ(Cidr::Parse("10.1.2.3/8")->ToString(), "10.0.0.0/8");  // host bits cleared
  auto v6 = Cidr::Parse("2001:db8::/32");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->Contains(*Ip::Parse("2001:db8:1::5")));
  EXPECT_FALSE(v6->Contains(*Ip::Parse("10.0.0.1")));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/33"));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/"));
}

TEST(CidrTable, LongestPrefixWins) {
  CidrTable<int> t;
  t.Slot(*Cidr::Parse("10.0.0.0/8")) = 8;
  t.Slot(*Cidr::Parse("10.1.0.0/16")) = 16;
  t.Slot(*Cidr::Parse("::/0")) = 0;  // IPv6 default route never swallows IPv4
  EXPECT_EQ(*t.Find(*Ip::Parse("10.1.2.3")), 16);
  EXPECT_EQ(*t.Find(*Ip::Parse("10.2.2.3")), 8);
  EXPECT_EQ(t.Find(*Ip::Parse("11.0.0.1")), nullptr);
  EXPECT_EQ(*t.Find(*Ip::Parse("2001:db8::1")), 0);
}

TEST(Timestamp, ParsesZeekForms) {
  EXPECT_EQ(Timestamp::Parse("1521911720.865716")->micros(), 1521911720865716);
  EXPECT_EQ(Timestamp::Parse("1521911720.8657164")->micros(), 1521911720865716);
  EXPECT_EQ(Timestamp::Parse("1521911720.8657165")->micros(), 1521911720865717);  // rounds
  EXPECT_EQ(Timestamp::Parse("22.335172")->micros(), 22335172);
  EXPECT_EQ(Timestamp::Parse("1521911720")->micros(), 1521911720000000);
  EXPECT_EQ(Timestamp::Parse("2018-03-24T17:15:20.865716Z")->micros(), 1521911720865716);
  EXPECT_EQ(Timestamp::Parse("2018-03-24T19:15:20.865716+02:00")->micros(), 1521911720865716);
  EXPECT_EQ(Timestamp(1521911720865716).ToIso8601(), "2018-03-24T17:15:20.865716Z");
  EXPECT_FALSE(Timestamp::Parse("abc"));
  EXPECT_FALSE(Timestamp::Parse("12.5x"));
  EXPECT_FALSE(Timestamp::Parse("2018-13-24T17:15:20Z"));
  EXPECT_EQ(*ParseSecondsToMicros("0.000870"), 870);
  EXPECT_EQ(*ParseSecondsToMicros("0.0008699893951416016"), 870);
  EXPECT_EQ(*ParseSecondsToMicros("-1.5"), -1500000);
  EXPECT_EQ(*ParseSecondsToMicros("1.5e-05"), 15);
}

TEST(JsonWriter, EscapesAndKeepsOrder) {
  JsonWriter w;
  w.BeginObject().Key("b").String("q\"\\\n\x01").Key("a").BeginArray().Int(-3).Double(0.1 + 0.2, 3).Bool(true).Null().EndArray();
  w.Key("bad").String(std::string_view("\xff\xc3\xa9", 3));
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"b":"q\"\\\n\u0001","a":[-3,0.3,true,null],"bad":"\\xffé"})");
}

}  // namespace
}  // namespace dragnet

#include "core/bloom.h"

namespace dragnet {
namespace {

TEST(BlockedBloom, NoFalseNegativesFewFalsePositives) {
  BlockedBloom b;
  EXPECT_TRUE(b.MayContain(123));  // unbuilt: never filters
  const int n = 100000;
  b.Reset(n);
  for (int i = 0; i < n; ++i) b.Add(BlockedBloom::HashBytes("host" + std::to_string(i) + ".example"));
  for (int i = 0; i < n; ++i) ASSERT_TRUE(b.MayContain(BlockedBloom::HashBytes("host" + std::to_string(i) + ".example")));
  int fp = 0;
  for (int i = 0; i < n; ++i) fp += b.MayContain(BlockedBloom::HashBytes("other" + std::to_string(i) + ".example"));
  EXPECT_LT(fp, n / 50);  // under 2% at 16 bits a key
}

}  // namespace
}  // namespace dragnet

#include "core/smallest.h"

namespace dragnet {
namespace {

TEST(Smallest, KeepsTheSmallestSorted) {
  std::vector<int> d;
  for (int x : {5, 3, 9, 3, 1, 7}) KeepSmallestDistinct(d, x, 3);
  EXPECT_EQ(d, (std::vector<int>{1, 3, 5}));
  EXPECT_FALSE(KeepSmallestDistinct(d, 3, 3));   // already there
  EXPECT_FALSE(KeepSmallestDistinct(d, 6, 3));   // not small enough
  std::vector<int> n;
  for (int x : {5, 3, 9, 3, 1, 7}) KeepSmallestN(n, x, 3);
  EXPECT_EQ(n, (std::vector<int>{1, 3, 3}));     // repeats count
}

}  // namespace
}  // namespace dragnet

#include <numeric>
#include <random>

#include <fmt/format.h>

#include "core/time_histogram.h"

namespace dragnet {
namespace {

std::vector<uint32_t> Counts(const TimeHistogram& h) { return {h.counts().begin(), h.counts().end()}; }

TEST(TimeHistogram, MinuteBinsWhileTheSpanFits) {
  TimeHistogram h;  // one-minute bins
  const int64_t t0 = 1'714'953'600'000'000;  // a whole hour since the epoch
  h.Add(t0 + 5'000'000);
  h.Add(t0 + 65'000'000, 3);
  h.Add(t0 + 185'000'000);
  EXPECT_EQ(h.bin_width_us(), 60'000'000);
  EXPECT_EQ(h.start_us(), t0);
  EXPECT_EQ(Counts(h), (std::vector<uint32_t>{1, 3, 0, 1}));
}

TEST(TimeHistogram, WidthDoublesAsTheSpanGrowsAndKeepsEveryCount) {
  TimeHistogram h;
  const int64_t t0 = 1'714'953'600'000'000;
  for (int m = 0; m < 24 * 60; ++m) h.Add(t0 + int64_t{m} * 60'000'000);  // one a minute for a day
  EXPECT_EQ(h.bin_width_us(), int64_t{64} * 60'000'000);  // 1440 minutes in at most 32 bins
  EXPECT_LE(h.counts().size(), TimeHistogram::kBins);
  EXPECT_EQ(std::accumulate(h.counts().begin(), h.counts().end(), uint64_t{0}), 1440u);
  EXPECT_LE(h.start_us(), t0);
  EXPECT_GT(h.start_us() + h.bin_width_us(), t0);
  // An event before the first bin widens backwards too.
  h.Add(t0 - int64_t{30} * 3600 * 1'000'000);
  EXPECT_EQ(std::accumulate(h.counts().begin(), h.counts().end(), uint64_t{0}), 1441u);
  EXPECT_LE(h.start_us(), t0 - int64_t{30} * 3600 * 1'000'000);
  EXPECT_EQ(h.counts().front(), 1u);
}

TEST(TimeHistogram, MergingWorkersEqualsOneWorker) {
  std::mt19937_64 rng(7);
  const int64_t t0 = 1'714'953'600'000'000;
  for (int trial = 0; trial < 50; ++trial) {
    TimeHistogram one, a, b;
    int64_t span = int64_t{1} << (20 + trial % 25);  // a second to days
    for (int i = 0; i < 300; ++i) {
      int64_t ts = t0 + static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
      one.Add(ts);
      (rng() % 3 == 0 ? a : b).Add(ts);
    }
    TimeHistogram ab = a, ba = b;
    ab.Merge(b);
    ba.Merge(a);
    EXPECT_EQ(ab.bin_width_us(), one.bin_width_us()) << trial;
    EXPECT_EQ(ab.start_us(), one.start_us()) << trial;
    EXPECT_EQ(Counts(ab), Counts(one)) << trial;
    EXPECT_EQ(Counts(ba), Counts(one)) << trial;
  }
}

}  // namespace
}  // namespace dragnet

namespace dragnet {
namespace {

TEST(Timestamp, ZeekSecondsExactToTheMicrosecondAndDigitsChecked) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    uint64_t us = rng() % 10'000'000'000'000'000ULL;
    std::string text = fmt::format("{:010}.{:06}", us / 1'000'000, us % 1'000'000);
    auto t = Timestamp::ParseSeconds(text);
    ASSERT_TRUE(t.has_value()) << text;
    EXPECT_EQ(t->micros(), static_cast<int64_t>(us)) << text;
    // Any non-digit in a digit position is refused (the bytes around '0'..'9' too).
    size_t at = rng() % 17;
    if (at == 10) continue;
    for (char c : {'/', ':', 'a', ' ', '\x80'}) {
      std::string bad = text;
      bad[at] = c;
      EXPECT_FALSE(Timestamp::ParseSeconds(bad).has_value()) << bad;
    }
  }
}

}  // namespace
}  // namespace dragnet

namespace dragnet {
namespace {

TEST(Timestamp, Iso8601AtEachPrecision) {
  Timestamp t(1521911720865716);  // 2018-03-24T17:15:20.865716Z
  EXPECT_EQ(t.ToIso8601(), "2018-03-24T17:15:20.865716Z");
  EXPECT_EQ(t.ToIso8601(Timestamp::Precision::kMillis), "2018-03-24T17:15:20.865Z");
  EXPECT_EQ(t.ToIso8601(Timestamp::Precision::kSeconds), "2018-03-24T17:15:20Z");
  EXPECT_EQ(t.ToIso8601(Timestamp::Precision::kMinutes), "2018-03-24T17:15Z");
  EXPECT_EQ(Timestamp(-1).ToIso8601(Timestamp::Precision::kMillis), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace dragnet
