// The brute_force detector's notice.log path (issue 15, items 3 and 5): Zeek's
// SSH::Password_Guessing notice becomes one brute_force finding per source,
// Zeek's message quoted; from outside, the org's server named most often is
// the host and the guesser an indicator. A guesser of one server from the
// Internet stays under min_score, like the same burst in ssh.log.
#include <gtest/gtest.h>

#include "zeek_log_util.h"
#include "detect/brute_force/brute_force_notices.h"

namespace dragnet {
namespace {

using testing::HuntOrg;
using testing::Of;
using testing::TempDir;
using testing::TsvLog;

const std::vector<std::pair<std::string, std::string>> kNotice = {
    {"ts", "time"}, {"note", "enum"}, {"msg", "string"}, {"sub", "string"}, {"src", "addr"}, {"dst", "addr"}, {"n", "count"}};

std::vector<std::string> Guessing(const std::string& ts, const std::string& src, int connections,
                                  const std::string& servers) {
  return {ts, "SSH::Password_Guessing",
          src + " appears to be guessing SSH passwords (seen in " + std::to_string(connections) + " connections).",
          "Sampled servers: " + servers, src, "-", "-"};
}

TEST(BruteForceNotices, GuessingNotesAndSampledServers) {
  EXPECT_TRUE(IsGuessingNote("SSH::Password_Guessing"));
  EXPECT_TRUE(IsGuessingNote("FTP::Bruteforcing"));
  EXPECT_FALSE(IsGuessingNote("SSH::Login_By_Password_Guesser"));
  EXPECT_FALSE(IsGuessingNote("Scan::Address_Scan"));
  std::vector<Ip> servers = SampledServers("Sampled servers:  147.32.85.117, 147.32.85.117, 2001:db8::1");
  ASSERT_EQ(servers.size(), 3u);
  EXPECT_EQ(servers[0].ToString(), "147.32.85.117");
  EXPECT_EQ(servers[2].ToString(), "2001:db8::1");
  EXPECT_TRUE(SampledServers("remote").empty());
  EXPECT_EQ(NoticeCount(std::nullopt, "1.2.3.4 appears to be guessing SSH passwords (seen in 30 connections)."), 30u);
}

TEST(BruteForceNotices, InboundGuessingIsReportedOnTheOrgsServer) {
  TempDir t;
  t.Write("ctu/notice.log",
          TsvLog("notice", kNotice,
                 {Guessing("1601998373.487791", "222.186.30.112", 30,
                           "147.32.85.117, 147.32.85.117, 147.32.81.196, 147.32.81.95, 147.32.81.83"),
                  // One server only: Internet background, under min_score.
                  Guessing("1601998400.0", "198.51.100.9", 30, "147.32.85.117"),
                  // An inside host guessing two inside servers' passwords.
                  Guessing("1601998500.0", "147.32.80.40", 60, "147.32.81.10, 147.32.81.11")}));
  auto findings = HuntOrg(t.path() + "/ctu", {"brute_force"}, "147.32.0.0/16");
  ASSERT_EQ(findings.size(), 2u);
  auto inbound = Of(findings, "147.32.85.117", "brute_force");
  ASSERT_EQ(inbound.size(), 1u);
  const Finding& f = *inbound[0];
  EXPECT_EQ(f.indicators, (std::vector<std::string>{"brute-force", "zeek-notice", "222.186.30.112"}));
  // 0.5 + 0.1 log10(30 / 10) + 0.05 log2(4 servers) - 0.1 from outside.
  EXPECT_DOUBLE_EQ(f.score, 0.548);
  ASSERT_EQ(f.peers.size(), 3u);
  EXPECT_EQ(f.peers[0].ToString(), "147.32.81.83");  // peers in address order
  EXPECT_NE(f.summary.find("222.186.30.112 (outside) guessed passwords on 4 servers of the org: Zeek notice "
                           "SSH::Password_Guessing '222.186.30.112 appears to be guessing SSH passwords (seen in 30 "
                           "connections).' (Sampled servers: 147.32.85.117,"),
            std::string::npos)
      << f.summary;
  EXPECT_NE(f.evidence_json.find("\"direction\":\"inbound\""), std::string::npos);
  EXPECT_NE(f.evidence_json.find("{\"host\":\"147.32.85.117\",\"named\":2}"), std::string::npos) << f.evidence_json;
  auto inside = Of(findings, "147.32.80.40", "brute_force");
  ASSERT_EQ(inside.size(), 1u);
  // 0.5 + 0.1 log10(6) + 0.05 log2(2).
  EXPECT_DOUBLE_EQ(inside[0]->score, 0.628);
  EXPECT_EQ(inside[0]->indicators, (std::vector<std::string>{"brute-force", "zeek-notice"}));
}

}  // namespace
}  // namespace dragnet
