#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

#include "detect/detector.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"

namespace dragnet {
namespace {

using testing::TempDir;

TEST(Orgs, SubfoldersAreOrgsAndALogFolderIsOne) {
  TempDir t;
  t.Write("root/acme/2024-05-01/conn.00:00:00-01:00:00.log.gz", "x");
  t.Write("root/beta/sensor1/dns.log", "x");
  t.Write("single/conn.log", "x");
  t.Write("archive/2024-05-01/conn.log", "x");
  t.Write("archive/2024-05-02/conn.log", "x");
  auto orgs = DiscoverOrgs({t.path() + "/root", t.path() + "/single", t.path() + "/archive"}, {}, {});
  ASSERT_TRUE(orgs.ok()) << orgs.status().message();
  std::vector<std::string> names;
  for (const auto& o : *orgs) names.push_back(o.name);
  EXPECT_EQ(names, (std::vector<std::string>{"acme", "archive", "beta", "single"}));
  auto listing = ListLogFiles(t.path() + "/root/acme");
  ASSERT_EQ(listing.files.size(), 1u);
  EXPECT_TRUE(listing.problems.empty());
}

TEST(Orgs, DuplicateNamesAreAClearError) {
  TempDir t;
  t.Write("a/acme/conn.log", "x");
  t.Write("b/acme/conn.log", "x");
  auto orgs = DiscoverOrgs({t.path() + "/a", t.path() + "/b"}, {}, {});
  ASSERT_FALSE(orgs.ok());
  EXPECT_NE(orgs.status().message().find("duplicate organisation name 'acme'"), std::string::npos);
  auto explicit_dup = DiscoverOrgs({}, {{"x", t.path() + "/a"}, {"x", t.path() + "/b"}}, {});
  EXPECT_FALSE(explicit_dup.ok());
  auto missing = DiscoverOrgs({t.path() + "/nope"}, {}, {});
  EXPECT_FALSE(missing.ok());
}

TEST(Orgs, ConfigGivesHomeNetworksAndPaths) {
  TempDir t;
  t.Write("logs/acme/conn.log", "x");
  std::string extra = t.path() + "/elsewhere";
  t.Write("elsewhere/conn.log", "x");
  auto cfg = ParseOrgConfig("orgs.ini", "# comment\n[org acme]\nhome = 10.0.0.0/8, 2001:db8::/32\n[org gamma]\npath = " +
                                            extra + "\nhome=192.0.2.0/24\n");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  auto orgs = DiscoverOrgs({t.path() + "/logs"}, {}, *cfg);
  ASSERT_TRUE(orgs.ok()) << orgs.status().message();
  ASSERT_EQ(orgs->size(), 2u);
  EXPECT_EQ((*orgs)[0].name, "acme");
  ASSERT_EQ((*orgs)[0].home_networks.size(), 2u);
  EXPECT_EQ((*orgs)[0].home_networks[1].ToString(), "2001:db8::/32");
  EXPECT_EQ((*orgs)[1].name, "gamma");
  EXPECT_EQ((*orgs)[1].roots, (std::vector<std::string>{extra}));
  for (const char* bad : {"home = 10.0.0.0/8\n", "[org]\n", "[org a]\nhome = nonsense\n", "[org a]\ncolour = red\n", "[org a]\n[org a]\n"}) {
    auto r = ParseOrgConfig("bad.ini", bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().rfind("bad.ini:", 0), 0u) << r.status().message();
    }
  }
}

TEST(Orgs, ConfigNetworkWithHostBitsIsAnErrorAtItsLine) {
  auto r = ParseOrgConfig("orgs.ini", "[org acme]\nhome = 10.0.0.0/8\nadmins = 10.0.5.1/24\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("orgs.ini:3"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("host bits"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("10.0.5.0/24"), std::string::npos) << r.status().message();
  EXPECT_TRUE(ParseOrgConfig("orgs.ini", "[org acme]\nhome = 10.0.0.0/8, 10.1.2.3, 2001:db8::/32\n").ok());
}

TEST(OrgContext, InternalByConfigThenZeekFlagsThenPrivateRanges) {
  OrgContext configured{0, "a", {*Cidr::Parse("192.0.2.0/24")}};
  EXPECT_TRUE(configured.IsInternal(*Ip::Parse("192.0.2.9")));
  EXPECT_FALSE(configured.IsInternal(*Ip::Parse("10.0.0.1")));
  OrgContext plain{0, "b", {}};
  EXPECT_TRUE(plain.IsInternal(*Ip::Parse("203.0.113.1"), 1));
  EXPECT_FALSE(plain.IsInternal(*Ip::Parse("10.0.0.1"), 0));
  EXPECT_TRUE(plain.IsInternal(*Ip::Parse("10.0.0.1")));
  EXPECT_TRUE(plain.IsInternal(*Ip::Parse("fd12::1")));
}

TEST(Hunt, TenThousandEmptyFilesAreCountedNotFatal) {
  TempDir t;
  std::string dir = t.path() + "/org/many";
  std::filesystem::create_directories(dir);
  for (int i = 0; i < 10000; ++i) std::ofstream(dir + "/f" + std::to_string(i) + ".log");
  HuntOptions o;
  o.orgs = {OrgSource{"org", {t.path() + "/org"}, {}}};
  o.threads = 2;
  Diagnostics d(false);
  auto r = RunHunt(o, d);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->files.size(), 10000u);
  EXPECT_EQ((*r)->files_skipped, 10000u);
  EXPECT_EQ(d.FileProblems().size(), 10000u);
}

TEST(Cli, UsageErrorsExitTwo) {
  TempDir t;
  t.Write("a/acme/conn.log", "x");
  t.Write("b/acme/conn.log", "x");
  std::string bin = DRAGNET_BINARY;
  auto run = [&](const std::string& args) {
    int rc = std::system((bin + " " + args + " > /dev/null 2>&1").c_str());
    return WEXITSTATUS(rc);
  };
  EXPECT_EQ(run("hunt " + t.path() + "/a " + t.path() + "/b --out " + t.path() + "/out"), 2);
  EXPECT_EQ(run("hunt --org broken --out " + t.path() + "/out"), 2);
  EXPECT_EQ(run("hunt " + t.path() + "/a --fail-on sometimes --out " + t.path() + "/out"), 2);
  EXPECT_EQ(run("frobnicate"), 2);
  EXPECT_EQ(run("hunt " + t.path() + "/a --out " + t.path() + "/out"), 3);  // "x" is not a log
}

}  // namespace
}  // namespace dragnet
