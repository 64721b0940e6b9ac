#include <gtest/gtest.h>
#include <libpsl.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>

#include "intel/feed_loader.h"
#include "intel/public_suffix.h"
#include "intel/warninglist.h"
#include "test_util.h"

namespace dragnet {
namespace {

TEST(Classify, SniffsEveryType) {
  struct Case {
    const char* raw;
    IndicatorType type;
    const char* value;
  } cases[] = {
      {"1.2.3.4", IndicatorType::kIp, "1.2.3.4"},
      {"1.2.3.4:8080", IndicatorType::kIp, "1.2.3.4"},  // port kept beside (intel_hygiene_test.cc)
      {"2001:DB8::1", IndicatorType::kIp, "2001:db8::1"},
      {"10.1.0.0/16", IndicatorType::kCidr, "10.1.0.0/16"},
      {"1.2.3.4/32", IndicatorType::kIp, "1.2.3.4"},
      {"Evil.Example.COM.", IndicatorType::kDomain, "evil.example.com"},
      {"evil[.]example[.]com", IndicatorType::kDomain, "evil.example.com"},
      {"*.evil.example.com", IndicatorType::kDomain, "evil.example.com"},
      {"hxxps://Evil.com:443/a/b.php?x=1#frag", IndicatorType::kUrl, "evil.com/a/b.php?x=1"},
      {"http://evil.com:80/", IndicatorType::kUrl, "evil.com"},
      {"evil.com/gate.php", IndicatorType::kUrl, "evil.com/gate.php"},
      {"D41D8CD98F00B204E9800998ECF8427E", IndicatorType::kMd5, "d41d8cd98f00b204e9800998ecf8427e"},
      {"da39a3ee5e6b4b0d3255bfef95601890afd80709", IndicatorType::kSha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
      {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", IndicatorType::kSha256,
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"t13d1516h2_8daaf6152771_e5627efa2ab1", IndicatorType::kJa4, "t13d1516h2_8daaf6152771_e5627efa2ab1"},
      {"Bad.Guy@Evil.com", IndicatorType::kEmail, "bad.guy@evil.com"},
  };
  for (const auto& c : cases) {
    auto got = ClassifyIndicator(c.raw);
    ASSERT_TRUE(got) << c.raw;
    EXPECT_EQ(got->type, c.type) << c.raw;
    EXPECT_EQ(got->value, c.value) << c.raw;
  }
  EXPECT_EQ(ClassifyIndicator("d41d8cd98f00b204e9800998ecf8427e", IndicatorType::kJa3)->type, IndicatorType::kJa3);
  EXPECT_EQ(ClassifyIndicator("94.102.60.144/1/gate.php")->type, IndicatorType::kUrl);
  for (const char* bad : {"WCESERVICE", "hello world", "", "1.2.3", "-", "a..b.com", "\\\\adpu160\\.sys", "0.0.0.0/0",
                          "10.0.0.0/7", "::/0"})
    EXPECT_FALSE(ClassifyIndicator(bad)) << bad;
}

TEST(IndicatorSet, LookupsByType) {
  IndicatorSet set;
  set.set_allow_broad_networks(true);  // 10.0.0.0/8 under 10.1.0.0/16: the longest prefix wins
  uint32_t a = set.AddFeed(FeedInfo{"a.txt", "a", "plain"});
  uint32_t b = set.AddFeed(FeedInfo{"b.txt", "b", "plain"});
  ASSERT_TRUE(set.AddRaw("evil.com", a, {}));
  ASSERT_TRUE(set.AddRaw("evil.com", b, {}));
  EXPECT_FALSE(set.AddRaw("EVIL.com", a, {}));  // duplicate in the same feed
  ASSERT_TRUE(set.AddRaw("10.0.0.0/8", a, {}));
  ASSERT_TRUE(set.AddRaw("10.1.0.0/16", a, {}));
  ASSERT_TRUE(set.AddRaw("co.uk", a, {}));
  ASSERT_TRUE(set.AddRaw("203.0.113.7", a, {}));
  set.Freeze();
  uint32_t head = set.FindDomain("a.b.evil.com");
  ASSERT_NE(head, IndicatorSet::kNone);
  int feeds = 0;
  for (uint32_t i = head; i != IndicatorSet::kNone; i = set.next(i)) ++feeds;
  EXPECT_EQ(feeds, 2);
  EXPECT_EQ(set.FindDomain("notevil.com"), IndicatorSet::kNone);
  EXPECT_EQ(set.FindDomain("evil.co.uk"), IndicatorSet::kNone);  // listed public suffix matches nothing below
  EXPECT_EQ(set.public_suffix_listings_ignored(), 1u);
  EXPECT_EQ(set.at(set.FindCidr(*Ip::Parse("10.1.2.3"))).value, "10.1.0.0/16");
  EXPECT_EQ(set.at(set.FindCidr(*Ip::Parse("10.2.2.3"))).value, "10.0.0.0/8");
  EXPECT_NE(set.FindIp(*Ip::Parse("203.0.113.7")), IndicatorSet::kNone);
  EXPECT_EQ(set.FindIp(*Ip::Parse("203.0.113.8")), IndicatorSet::kNone);
  EXPECT_EQ(set.feeds()[a].duplicates, 1u);
}

TEST(PublicSuffix, RegisteredDomain) {
  EXPECT_EQ(RegisteredDomain("a.b.example.co.uk"), "example.co.uk");
  EXPECT_EQ(RegisteredDomain("www.example.com"), "example.com");
  EXPECT_TRUE(IsPublicSuffix("co.uk"));
  EXPECT_FALSE(IsPublicSuffix("example.com"));
}

TEST(PublicSuffix, CachedAnswersAgreeWithLibpsl) {
  // Whatever the order names come in, every cached answer is libpsl's own --
  // including names below a private suffix that sits below a registrable
  // domain (a shortcut through cached parents once got x.s3.amazonaws.com
  // wrong after amazonaws.com was seen).
  // psl_latest loads a context of our own (freed here, or LeakSanitizer
  // reports it); psl_builtin's belongs to libpsl.
  std::unique_ptr<psl_ctx_t, void (*)(psl_ctx_t*)> latest(psl_latest(nullptr), psl_free);
  const psl_ctx_t* ctx = latest ? latest.get() : psl_builtin();
  auto direct = [&](const std::string& name) -> std::string {
    const char* r = psl_registrable_domain(ctx, name.c_str());
    return r == nullptr ? name : std::string(r);
  };
  std::vector<std::string> names = {
      "example.co.uk", "a.b.example.co.uk", "co.uk", "uk", "www.ck", "a.www.ck", "foo.ck", "a.foo.ck", "b.a.foo.ck",
      "city.kawasaki.jp", "x.city.kawasaki.jp", "foo.kawasaki.jp", "y.foo.kawasaki.jp", "kawasaki.jp",
      "me.blogspot.com", "a.me.blogspot.com", "blogspot.com", "www.example.com", "example.com", "com",
      "localhost", "a.b.c.d.example.org", "host.local", "a.host.local", "amazonaws.com", "b.amazonaws.com",
      "s3.amazonaws.com", "x.s3.amazonaws.com", "y.x.s3.amazonaws.com", "github.io", "me.github.io", "a.me.github.io"};
  for (int i = 0; i < 200; ++i) names.push_back("q" + std::to_string(i * 7919) + ".x" + std::to_string(i) + ".tunnel.example.net");
  std::mt19937_64 rng(11);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(names.begin(), names.end(), rng);
    for (const auto& n : names) EXPECT_EQ(RegisteredDomain(n), direct(n)) << n << " round " << round;
  }
}

class FeedTest : public ::testing::Test {
 protected:
  void Load(const std::string& name, const std::string& content) { loader.LoadContent(name, content); }
  IndicatorSet set;
  Diagnostics diag{false};
  FeedLoader loader{set, diag};
};

TEST_F(FeedTest, PlainAndMaltrail) {
  Load("malware/asyncrat.txt",
       "# Copyright (c) 2014-2026 Maltrail developers\n# Reference: https://example.org/report\n\n"
       "evil.example.com\n198.51.100.7:4444 # panel\nhttp://evil.example.net/gate.php\nnot a value\n");
  ASSERT_EQ(set.feeds().size(), 1u);
  EXPECT_EQ(set.feeds()[0].format, "maltrail");
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set.feeds()[0].unrecognized, 1u);
  uint32_t ip = set.FindIp(*Ip::Parse("198.51.100.7"));
  ASSERT_NE(ip, IndicatorSet::kNone);
  EXPECT_EQ(set.at(ip).meta.description, "panel");
  EXPECT_EQ(set.at(ip).meta.reference, "https://example.org/report");
  EXPECT_NE(set.FindUrl("evil.example.net/gate.php"), IndicatorSet::kNone);
}

TEST_F(FeedTest, Ja3ListNamedSo) {
  Load("abuse-ja3.txt", "# ja3\n6734f37431670b3ab4292b8f60f29984\n");
  EXPECT_NE(set.FindJa3("6734f37431670b3ab4292b8f60f29984"), IndicatorSet::kNone);
  EXPECT_EQ(set.FindFileHash("6734f37431670b3ab4292b8f60f29984"), IndicatorSet::kNone);
}

TEST_F(FeedTest, ZeekIntel) {
  Load("x.intel",
       "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\n"
       "198.51.100.9\tIntel::ADDR\tfeodo\tDridex C2\n"
       "evil.example.org\tIntel::DOMAIN\tsrc\t-\n"
       "evil.example.org/x.php\tIntel::URL\tsrc\t-\n"
       "bad@evil.example.org\tIntel::EMAIL\tsrc\t-\n"
       "6734f37431670b3ab4292b8f60f29984\tIntel::JA3\tsrc\t-\n"
       "alice\tIntel::USER_NAME\tsrc\t-\n");
  EXPECT_EQ(set.feeds()[0].format, "zeek-intel");
  EXPECT_EQ(set.size(), 5u);
  EXPECT_EQ(set.feeds()[0].unsupported.at("Intel::USER_NAME"), 1u);
  EXPECT_EQ(set.at(set.FindIp(*Ip::Parse("198.51.100.9"))).meta.description, "Dridex C2");
  EXPECT_NE(set.FindEmail("bad@evil.example.org"), IndicatorSet::kNone);
  EXPECT_NE(set.FindJa3("6734f37431670b3ab4292b8f60f29984"), IndicatorSet::kNone);
}

TEST_F(FeedTest, Csv) {
  Load("cobaltstrike-servers.csv", "ip,port,first_seen,last_seen\n1.122.234.70,443,2017-06-20,2017-06-20\n");
  EXPECT_EQ(set.feeds()[0].format, "csv");
  EXPECT_NE(set.FindIp(*Ip::Parse("1.122.234.70")), IndicatorSet::kNone);
}

TEST_F(FeedTest, StixBundleWithRelationshipsAndUnsupportedParts) {
  Load("bundle.json", R"({"type":"bundle","id":"bundle--1","objects":[
    {"type":"indicator","spec_version":"2.1","id":"indicator--a","pattern_type":"stix","confidence":90,
     "pattern":"[ipv4-addr:value = '198.51.100.1' OR domain-name:value = 'c2.example.com'] AND [file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']"},
    {"type":"indicator","spec_version":"2.1","id":"indicator--b","pattern_type":"stix",
     "pattern":"[x509-certificate:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709'] OR [file:name = 'x.exe'] OR [url:value MATCHES '^http']"},
    {"type":"indicator","spec_version":"2.1","id":"indicator--c","pattern_type":"sigma","pattern":"title: x"},
    {"type":"malware","spec_version":"2.1","id":"malware--m","name":"PoisonIvy"},
    {"type":"relationship","spec_version":"2.1","id":"relationship--r","relationship_type":"indicates","source_ref":"indicator--a","target_ref":"malware--m"}]})");
  EXPECT_EQ(set.feeds()[0].format, "stix2.1");
  uint32_t ip = set.FindIp(*Ip::Parse("198.51.100.1"));
  ASSERT_NE(ip, IndicatorSet::kNone);
  EXPECT_EQ(set.at(ip).meta.description, "PoisonIvy");
  EXPECT_EQ(set.at(ip).meta.stix_id, "indicator--a");
  EXPECT_EQ(set.at(ip).meta.confidence, 90);
  EXPECT_NE(set.FindDomain("c2.example.com"), IndicatorSet::kNone);
  EXPECT_NE(set.FindFileHash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), IndicatorSet::kNone);
  EXPECT_NE(set.FindCertHash("da39a3ee5e6b4b0d3255bfef95601890afd80709"), IndicatorSet::kNone);
  const auto& unsupported = set.feeds()[0].unsupported;
  EXPECT_EQ(unsupported.at("stix file:name ="), 1u);
  EXPECT_EQ(unsupported.at("stix url:value MATCHES"), 1u);
  EXPECT_EQ(unsupported.at("pattern_type sigma"), 1u);
}

// A pattern longer than kMaxStixComparisons: the comparisons past the limit
// are not indexed, and the feed counts every one of them.
TEST_F(FeedTest, StixComparisonsPastTheLimitAreCounted) {
  std::string pattern;
  const uint64_t total = kMaxStixComparisons + 3;
  for (uint64_t i = 0; i < total; ++i) {
    if (i > 0) pattern += " OR ";
    // The first and the last three are addresses; the rest an unsupported path.
    if (i == 0) pattern += "[ipv4-addr:value = '198.51.100.1']";
    else if (i < kMaxStixComparisons) pattern += "[a:b = 'x']";
    else pattern += "[ipv4-addr:value = '198.51.101." + std::to_string(i - kMaxStixComparisons) + "']";
  }
  Load("big.json", R"({"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","spec_version":"2.1",)"
                   R"("id":"indicator--big","pattern_type":"stix","pattern":")" + pattern + R"("}]})");
  const FeedInfo& f = set.feeds()[0];
  EXPECT_EQ(f.stix_comparisons_dropped, 3u);
  EXPECT_EQ(f.unsupported.at("stix a:b ="), kMaxStixComparisons - 1);
  EXPECT_NE(set.FindIp(*Ip::Parse("198.51.100.1")), IndicatorSet::kNone);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(set.FindIp(*Ip::Parse("198.51.101." + std::to_string(i))), IndicatorSet::kNone) << i;
}

// Networks broader than IPv4 /16 or IPv6 /32 are refused and counted; /16
// and /32 themselves are taken; with broad networks allowed all are taken
// and still counted.
TEST_F(FeedTest, BroadNetworksRefusedUnlessAllowed) {
  // 0.0.0.0/0 is no indicator at all (ClassifyIndicator), forced or not.
  const std::string feed = "10.0.0.0/8\n198.51.0.0/16\n2001:db8::/31\n2001:db8::/32\n172.16.0.0/12\n0.0.0.0/0\n";
  Load("wide.txt", feed);
  const FeedInfo& f = set.feeds()[0];
  EXPECT_EQ(f.broad_networks_refused, 3u);
  EXPECT_EQ(f.broad_networks_allowed, 0u);
  EXPECT_EQ(f.broad_examples, (std::vector<std::string>{"10.0.0.0/8", "2001:db8::/31", "172.16.0.0/12"}));
  EXPECT_EQ(f.unrecognized, 1u);
  EXPECT_EQ(set.FindCidr(*Ip::Parse("10.1.2.3")), IndicatorSet::kNone);
  EXPECT_NE(set.FindCidr(*Ip::Parse("198.51.7.7")), IndicatorSet::kNone);
  EXPECT_NE(set.FindCidr(*Ip::Parse("2001:db8::1")), IndicatorSet::kNone);
  EXPECT_EQ(f.loaded[static_cast<int>(IndicatorType::kCidr)], 2u);

  IndicatorSet wide;
  wide.set_allow_broad_networks(true);
  FeedLoader wide_loader(wide, diag);
  wide_loader.LoadContent("wide.txt", feed);
  EXPECT_EQ(wide.feeds()[0].broad_networks_allowed, 3u);
  EXPECT_EQ(wide.feeds()[0].broad_networks_refused, 0u);
  EXPECT_NE(wide.FindCidr(*Ip::Parse("10.1.2.3")), IndicatorSet::kNone);
}

TEST(IndicatorSet, BroadNetworkWidth) {
  auto broad = [](const char* text) { return IndicatorSet::IsBroadNetwork(*Cidr::Parse(text)); };
  EXPECT_TRUE(broad("10.0.0.0/8"));
  EXPECT_TRUE(broad("172.16.0.0/15"));
  EXPECT_FALSE(broad("172.16.0.0/16"));
  EXPECT_FALSE(broad("192.0.2.0/24"));
  EXPECT_TRUE(broad("2001:db8::/31"));
  EXPECT_FALSE(broad("2001:db8::/32"));
  EXPECT_TRUE(broad("::/0"));
}

TEST_F(FeedTest, MispBothShapesAndBrokenJson) {
  Load("e1.json", R"({"Event":{"info":"Op X","uuid":"u1","Attribute":[
     {"type":"ip-dst|port","value":"198.51.100.3|443"},{"type":"domain|ip","value":"x.example.com|198.51.100.4"},
     {"type":"filename|sha1","value":"a.exe|da39a3ee5e6b4b0d3255bfef95601890afd80709"},{"type":"mutex","value":"m"}],
     "Object":[{"name":"file","Attribute":[{"type":"md5","value":"d41d8cd98f00b204e9800998ecf8427e"}]}]}})");
  Load("e2.json", R"({"response":[{"Event":{"info":"Op Y","uuid":"u2","Attribute":[{"type":"url","value":"http://y.example.com/a"}]}}]})");
  Load("broken.json", R"({"Event":{"info":"x",,}})");
  EXPECT_EQ(set.size(), 6u);
  EXPECT_EQ(set.at(set.FindIp(*Ip::Parse("198.51.100.3"))).meta.description, "Op X");
  EXPECT_NE(set.FindUrl("y.example.com/a"), IndicatorSet::kNone);
  EXPECT_EQ(set.feeds()[0].unsupported.at("misp mutex"), 1u);
  ASSERT_EQ(loader.failed().count("broken.json"), 1u);
  EXPECT_NE(loader.failed().at("broken.json").find("invalid JSON"), std::string::npos);
}

TEST_F(FeedTest, NonFeedsAreSkippedWithReason) {
  Load("README.md", "# hi\n");
  Load("list.json", R"({"name":"x","type":"string","list":["a"],"matching_attributes":["domain"]})");
  Load("ja4db.json", R"([{"ja4_fingerprint":"t13d1516h2_8daaf6152771_e5627efa2ab1","application":"Chrome"}])");
  EXPECT_EQ(loader.skipped().size(), 3u);
  EXPECT_EQ(set.size(), 0u);
}

TEST(FeedLoader, MispFeedFolder) {
  testing::TempDir t;
  t.Write("feed/manifest.json", R"({"5f0c0000-0000-4000-8000-000000000001":{"info":"Op Z","Orgc":{"name":"CERT"}}})");
  t.Write("feed/hashes.csv", "d41d8cd98f00b204e9800998ecf8427e,5f0c0000-0000-4000-8000-000000000001\n");
  t.Write("feed/5f0c0000-0000-4000-8000-000000000001.json",
          R"({"Event":{"info":"Op Z","uuid":"5f0c0000-0000-4000-8000-000000000001","Attribute":[{"type":"domain","value":"z.example.com"}]}})");
  IndicatorSet set;
  Diagnostics d(false);
  FeedLoader loader(set, d);
  loader.LoadPath(t.path() + "/feed");
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(loader.skipped().size(), 2u);  // manifest and hash index
  EXPECT_TRUE(loader.failed().empty());
  EXPECT_NE(set.FindDomain("www.z.example.com"), IndicatorSet::kNone);
}

// A FIFO (opening it would block), a link to /dev/zero (endless) and a
// dangling link in a feed folder are reported, never opened.
void MakeSpecialEntries(const std::string& dir) {
  ASSERT_EQ(::mkfifo((dir + "/pipe.json").c_str(), 0600), 0);
  std::filesystem::create_symlink("/dev/zero", dir + "/zero.json");
  std::filesystem::create_symlink(dir + "/gone", dir + "/dangling.json");
}

TEST(FeedLoader, FifoDeviceAndDanglingLinkInAFolderAreReported) {
  testing::TempDir t;
  t.Write("intel/bad.txt", "evil.example.com\n");
  MakeSpecialEntries(t.path() + "/intel");
  IndicatorSet set;
  Diagnostics d(false);
  FeedLoader loader(set, d);
  loader.LoadPath(t.path() + "/intel");
  EXPECT_NE(set.FindDomain("evil.example.com"), IndicatorSet::kNone);
  const auto& failed = loader.failed();
  ASSERT_EQ(failed.size(), 3u);
  EXPECT_NE(failed.at(t.path() + "/intel/pipe.json").find("a FIFO, not a feed: skipped, never opened"), std::string::npos);
  EXPECT_NE(failed.at(t.path() + "/intel/zero.json").find("a character device"), std::string::npos);
  EXPECT_NE(failed.at(t.path() + "/intel/dangling.json").find("cannot read: "), std::string::npos);
  EXPECT_EQ(d.FileProblems().size(), 3u);  // run.json problems.files, and stderr
}

TEST(Warninglists, FifoDeviceAndDanglingLinkInAFolderAreReported) {
  testing::TempDir t;
  t.Write("wl/top.json", R"({"name":"top","type":"hostname","list":["google.com"]})");
  MakeSpecialEntries(t.path() + "/wl");
  Warninglists w;
  Diagnostics d(false);
  w.LoadPath(t.path() + "/wl", d);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "google.com"), 0);
  auto problems = d.FileProblems();
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[t.path() + "/wl/pipe.json"].find("a FIFO"), std::string::npos);
  EXPECT_NE(problems[t.path() + "/wl/zero.json"].find("a character device"), std::string::npos);
  EXPECT_NE(problems[t.path() + "/wl/dangling.json"].find("cannot read: "), std::string::npos);
}

TEST(Warninglists, EveryTypeSuppresses) {
  Warninglists w;
  ASSERT_TRUE(w.LoadList("cidr.json", R"({"name":"cloud","type":"cidr","list":["8.8.8.0/24"],"matching_attributes":["ip-dst"]})").ok());
  ASSERT_TRUE(w.LoadList("host.json", R"({"name":"top","type":"hostname","list":["google.com"],"matching_attributes":["hostname","domain","url"]})").ok());
  ASSERT_TRUE(w.LoadList("str.json", R"({"name":"exact","type":"string","list":["example.net"],"matching_attributes":["domain"]})").ok());
  ASSERT_TRUE(w.LoadList("sub.json", R"({"name":"sub","type":"substring","list":["sinkhole"],"matching_attributes":["domain"]})").ok());
  ASSERT_TRUE(w.LoadList("re.json", R"({"name":"re","type":"regex","list":["/^abuse@/i"],"matching_attributes":["email-dst"]})").ok());
  EXPECT_EQ(w.Match(IndicatorType::kIp, "8.8.8.8"), 0);
  EXPECT_EQ(w.Match(IndicatorType::kIp, "8.8.9.8"), -1);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "mail.google.com"), 1);
  EXPECT_EQ(w.Match(IndicatorType::kUrl, "www.google.com/search?q=1"), 1);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "notgoogle.com"), -1);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "example.net"), 2);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "a.sinkhole.example.org"), 3);
  EXPECT_EQ(w.Match(IndicatorType::kEmail, "ABUSE@example.org"), 4);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "abuse.example.org"), -1);  // regex list is for e-mail only
  EXPECT_FALSE(w.LoadList("bad.json", "{}").ok());
}

TEST(Warninglists, CatastrophicRegexDoesNotHang) {
  // Found by fuzz_warninglist: std::regex backtracks exponentially on this;
  // RE2 matches in linear time (a hang here fails by the test timeout).
  Warninglists w;
  ASSERT_TRUE(w.LoadList("re.json", R"({"name":"re","type":"regex","list":["/(a+)+$/","/(x\\1)/"],"matching_attributes":["domain"]})").ok());
  EXPECT_EQ(w.lists()[0].entries, 1u);  // the backreference is not supported by RE2 and is dropped
  EXPECT_EQ(w.Match(IndicatorType::kDomain, std::string(5000, 'a') + "!.example"), -1);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "aaaa.example.aaa"), 0);
}

}  // namespace
}  // namespace dragnet
