// Intel hygiene (issue 14 item 5): the never-flag set, port-qualified
// listings, feed noise.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "intel/feed_loader.h"
#include "intel/feed_noise.h"
#include "intel/never_flag.h"
#include "intel/warninglist.h"

namespace dragnet {
namespace {

TEST(NeverFlag, BuiltInListsLoadAndHoldTheInfrastructure) {
  ASSERT_GE(BuiltinNeverFlagLists().size(), 5u);
  Warninglists lists;
  Diagnostics diag(false);
  std::string note = LoadNeverFlagSet(lists, "", diag);  // no executable: built-in part only
  EXPECT_NE(note.find("only Dragnet's built-in never-flag lists apply"), std::string::npos);
  EXPECT_TRUE(diag.FileProblems().empty());
  ASSERT_EQ(lists.lists().size(), BuiltinNeverFlagLists().size());
  for (const auto& l : lists.lists()) {
    EXPECT_EQ(l.origin, "built-in");
    EXPECT_GT(l.entries, 0u) << l.name;
  }
  // Root servers (current and b's old address), gTLD servers, NCSI.
  for (const char* ip : {"198.41.0.4", "2001:503:ba3e::2:30", "199.9.14.201", "202.12.27.33", "192.5.6.30",
                         "192.55.83.30", "131.107.255.255", "72.21.81.200"})
    EXPECT_GE(lists.Match(IndicatorType::kIp, ip), 0) << ip;
  for (const char* name : {"dns.msftncsi.com", "www.msftconnecttest.com", "captive.apple.com",
                           "connectivitycheck.gstatic.com", "detectportal.firefox.com", "nmcheck.gnome.org",
                           "a.root-servers.net", "m.gtld-servers.net", "time.windows.com"})
    EXPECT_GE(lists.Match(IndicatorType::kDomain, name), 0) << name;
  // Neighbours of listed values are not listed.
  EXPECT_EQ(lists.Match(IndicatorType::kIp, "198.41.0.5"), -1);
  EXPECT_EQ(lists.Match(IndicatorType::kDomain, "msftncsi.com.evil.example"), -1);
  // The CDN edge list is for addresses only: a name there is no address.
  EXPECT_EQ(lists.Match(IndicatorType::kDomain, "edge.example"), -1);
}

TEST(NeverFlag, InstalledFolderFoundNextToTheBinary) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("dragnet-never-flag-test-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "bin");
  EXPECT_EQ(InstalledWarninglistsDir((root / "bin/dragnet").string()), "");
  fs::create_directories(root / "share/dragnet/warninglists/one");
  // Installed under a prefix: PREFIX/bin/dragnet, PREFIX/share/dragnet/warninglists.
  EXPECT_EQ(InstalledWarninglistsDir((root / "bin/dragnet").string()),
            (root / "share/dragnet/warninglists").string());
  {
    std::ofstream(root / "share/dragnet/warninglists/one/list.json")
        << R"({"name":"sinks","type":"cidr","list":["192.0.2.0/24"],"matching_attributes":["ip-dst"]})";
  }
  Warninglists lists;
  Diagnostics diag(false);
  EXPECT_EQ(LoadNeverFlagSet(lists, (root / "bin/dragnet").string(), diag), "");
  ASSERT_EQ(lists.lists().size(), BuiltinNeverFlagLists().size() + 1);
  EXPECT_EQ(lists.lists().back().origin, "installed");
  EXPECT_GE(lists.Match(IndicatorType::kIp, "192.0.2.9"), 0);
  // Build tree: the folder beside the binary.
  fs::create_directories(root / "build/share/dragnet/warninglists");
  EXPECT_EQ(InstalledWarninglistsDir((root / "build/dragnet").string()),
            (root / "build/share/dragnet/warninglists").string());
  fs::remove_all(root);
}

TEST(PortListing, MaltrailPortIsKeptBesideTheAddress) {
  auto c = ClassifyIndicator("198.51.100.7:8000");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->type, IndicatorType::kIp);
  EXPECT_EQ(c->value, "198.51.100.7");
  EXPECT_EQ(c->port, 8000);
  EXPECT_EQ(ClassifyIndicator("198.51.100.7")->port, 0);
  EXPECT_EQ(ClassifyIndicator("198.51.100.7:99999")->port, 0);  // no port, still the address
  // One feed listing the address on two ports: two listings in the chain.
  IndicatorSet set;
  Diagnostics diag(false);
  FeedLoader loader(set, diag);
  loader.LoadContent("malware/x.txt", "198.51.100.7:8000\n198.51.100.7:4444\n198.51.100.7:8000\n");
  uint32_t head = set.FindIp(*Ip::Parse("198.51.100.7"));
  ASSERT_NE(head, IndicatorSet::kNone);
  std::set<uint16_t> ports;
  for (uint32_t i = head; i != IndicatorSet::kNone; i = set.next(i)) ports.insert(set.at(i).meta.port);
  EXPECT_EQ(ports, (std::set<uint16_t>{4444, 8000}));
  EXPECT_EQ(set.feeds()[0].duplicates, 1u);
}

TEST(FeedNoise, ShareOfAFeedOnTheLists) {
  Warninglists lists;
  Diagnostics diag(false);
  LoadNeverFlagSet(lists, "", diag);
  IndicatorSet set;
  FeedLoader loader(set, diag);
  loader.LoadContent("noisy.txt", "198.41.0.4\n192.5.6.30\ndns.msftncsi.com\n198.51.100.1\n");
  loader.LoadContent("clean.txt", "198.51.100.2\nbad.example\n");
  MeasureFeedNoise(set, {&lists, nullptr});
  EXPECT_EQ(set.feeds()[0].noise_checked, 4u);
  EXPECT_EQ(set.feeds()[0].noise_listed, 3u);
  EXPECT_DOUBLE_EQ(set.feeds()[0].noise(), 0.75);
  EXPECT_EQ(set.feeds()[1].noise_listed, 0u);
  // Sampled on an even stride when a feed is larger than the cap.
  IndicatorSet big;
  FeedLoader big_loader(big, diag);
  std::string content;
  for (int i = 0; i < 100; ++i) content += "198.51.100." + std::to_string(i) + "\n";
  big_loader.LoadContent("big.txt", content);
  MeasureFeedNoise(big, {&lists}, 10);
  EXPECT_EQ(big.feeds()[0].noise_checked, 10u);
}

// A hosting or VPN range (MISP vpn-ipv4) does not silence an address listed
// with its C2 port (Maltrail remcos: 66.63.168.35:5888, slips test18); a
// list naming the address does, and so does the range for an address listed
// bare or on a web port (a search engine's edge as "IP:443").
TEST(Warninglists, ARangeDoesNotSilenceAListedService) {
  Warninglists w;
  ASSERT_TRUE(w.LoadList("vpn.json", R"({"name":"vpn","type":"cidr","list":["66.63.168.0/24","204.79.197.0/24","203.0.113.0/24"]})").ok());
  IndicatorSet set;
  Diagnostics diag(false);
  FeedLoader loader(set, diag);
  loader.LoadContent("malware/remcos.txt", "66.63.168.35:5888\n204.79.197.200:443\n203.0.113.9\n");
  auto listing = [&](const char* ip) { return set.at(set.FindIp(*Ip::Parse(ip))); };
  EXPECT_TRUE(Warninglists::NamesService(listing("66.63.168.35")));
  EXPECT_FALSE(Warninglists::NamesService(listing("204.79.197.200")));
  EXPECT_EQ(w.MatchListing(listing("66.63.168.35")), -1);
  EXPECT_EQ(w.MatchListing(listing("204.79.197.200")), 0);
  EXPECT_EQ(w.MatchListing(listing("203.0.113.9")), 0);
  EXPECT_EQ(w.Match(IndicatorType::kIp, "66.63.168.35"), 0);  // the address alone is in the range
  ASSERT_TRUE(w.LoadList("exact.json", R"({"name":"exact","type":"string","list":["66.63.168.35"]})").ok());
  EXPECT_EQ(w.MatchListing(listing("66.63.168.35")), 1);
}

TEST(Warninglists, ExactMatchWithoutPatterns) {
  Warninglists w;
  ASSERT_TRUE(w.LoadList("sub.json", R"({"name":"sub","type":"substring","list":["sinkhole"],"matching_attributes":["domain"]})").ok());
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "a.sinkhole.example.org"), 0);
  EXPECT_EQ(w.Match(IndicatorType::kDomain, "a.sinkhole.example.org", /*patterns=*/false), -1);
}

}  // namespace
}  // namespace dragnet
