// brute_force and scan on the real public data in ../shared/data (skipped
// when absent): WRCCDC's RDP brute force is one finding naming its targets,
// slips-scans' horizontal and vertical scans are found as scans and its DHCP
// capture is not.
#include <gtest/gtest.h>

#include <filesystem>

#include "zeek_log_util.h"

namespace dragnet {
namespace {

using testing::HuntOrg;
using testing::Of;
using testing::SharedData;

TEST(BruteScanData, WrccdcRdpBruteForceIsOneFindingWithItsTargets) {
  std::string data = SharedData();
  if (data.empty()) GTEST_SKIP() << "../shared/data absent: skipping the real-data test";
  auto findings = HuntOrg(data + "/zeek/wrccdc-2018/tsv", {"brute_force", "scan"});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "brute_force");
  EXPECT_EQ(f.host.ToString(), "10.164.94.120");
  EXPECT_EQ(f.peers.size(), 19u);  // the 19 hosts it hit over RDP, each named
  EXPECT_NE(f.evidence_json.find("\"targets_total\":19"), std::string::npos);
  EXPECT_NE(f.evidence_json.find("{\"host\":\"10.47.8.208\",\"services\":\"RDP\",\"attempts\":838"),
            std::string::npos)
      << f.evidence_json;
  EXPECT_NE(f.summary.find("4,116 RDP logon attempts against 19 hosts"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("tool cookies nessus"), std::string::npos) << f.summary;
  EXPECT_GE(f.score, 0.75);
}

TEST(BruteScanData, SlipsHorizontalAndVerticalScansAreScans) {
  std::string data = SharedData();
  if (data.empty()) GTEST_SKIP() << "../shared/data absent: skipping the real-data test";
  std::string dir = data + "/zeek/slips-scans";
  auto horizontal = HuntOrg(dir + "/port-scans/horizontal", {"brute_force", "scan"});
  ASSERT_EQ(horizontal.size(), 1u);
  EXPECT_EQ(horizontal[0].host.ToString(), "10.0.2.112");
  EXPECT_EQ(horizontal[0].indicators, std::vector<std::string>{"horizontal-scan"});
  EXPECT_NE(horizontal[0].summary.find("port 80 on 10 hosts"), std::string::npos) << horizontal[0].summary;
  auto vertical = HuntOrg(dir + "/port-scans/vertical", {"brute_force", "scan"});
  ASSERT_EQ(vertical.size(), 1u);
  EXPECT_EQ(vertical[0].host.ToString(), "192.168.1.9");
  EXPECT_EQ(vertical[0].indicators, std::vector<std::string>{"vertical-scan"});
  EXPECT_NE(vertical[0].summary.find("44 ports of 45.33.32.156"), std::string::npos) << vertical[0].summary;
  // A DHCP scan is no port scan (two conn records): dhcp.log shows it, one
  // client REQUESTing 192.168.1.105-114 at one instant.
  auto dhcp = HuntOrg(dir + "/test13-malicious-dhcpscan-zeek-dir", {"brute_force", "scan"});
  ASSERT_EQ(dhcp.size(), 1u);
  EXPECT_EQ(dhcp[0].host.ToString(), "192.168.1.30");
  EXPECT_EQ(dhcp[0].indicators, std::vector<std::string>{"dhcp-scan"});
  EXPECT_NE(dhcp[0].summary.find("REQUESTed 10 distinct addresses by DHCP within 5 min (192.168.1.105 to "
                                 "192.168.1.114"),
            std::string::npos)
      << dhcp[0].summary;
}

}  // namespace
}  // namespace dragnet
