// stager: an executable from a bare external address, then a session back.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/stager/stager_detector.h"
#include "hunt/hunt.h"
#include "hunt/orgs.h"
#include "test_util.h"

namespace dragnet {
namespace {

std::string Log(const std::string& path, const std::string& fields, const std::string& types,
                const std::vector<std::string>& lines) {
  std::string s = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t" + path +
                  "\n#open\t2024-01-01-00-00-00\n#fields\t" + fields + "\n#types\t" + types + "\n";
  for (const auto& l : lines) s += l + "\n";
  return s;
}

std::string FilesLine(double ts, const std::string& client, const std::string& server, const char* mime) {
  return fmt::format("{:.6f}\tF{}\tC{}\t{}\t49000\t{}\t80\tHTTP\t{}\tF\t7168\t-", ts, static_cast<int>(ts) % 1000,
                     static_cast<int>(ts) % 1000, client, server, mime);
}

std::string HttpLine(double ts, const std::string& client, const std::string& server, const char* host) {
  return fmt::format("{:.6f}\tC{}\t{}\t49000\t{}\t80\t{}\t/a", ts, static_cast<int>(ts) % 1000, client, server, host);
}

std::string ConnLine(double ts, const std::string& client, const std::string& server, int port, double duration) {
  return fmt::format("{:.6f}\tC{}\t{}\t49001\t{}\t{}\ttcp\t{}\t2000\t200000\tSF", ts, static_cast<int>(ts) % 1000,
                     client, server, port, duration);
}

std::vector<Finding> Hunt(const testing::TempDir& dir) {
  HuntOptions options;
  options.orgs = {OrgSource{"org", {dir.path() + "/org"}, {}, {}, {}}};
  options.threads = 1;
  options.detectors = {"stager"};
  Diagnostics diag(false);
  auto report = RunHunt(options, diag);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? (*report)->findings : std::vector<Finding>{};
}

TEST(Stager, ExecutableFromABareAddressThenASessionIsFound) {
  const double t = 1700000000;
  testing::TempDir dir;
  dir.Write("org/files.log",
            Log("files", "ts\tfuid\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tsource\tmime_type\tis_orig\tseen_bytes\tsha1",
                "time\tstring\tstring\taddr\tport\taddr\tport\tstring\tstring\tbool\tcount\tstring",
                {FilesLine(t, "10.0.0.5", "203.0.113.7", "application/x-dosexec"),         // stager + session
                 FilesLine(t + 5, "10.0.0.6", "198.51.100.20", "application/x-dosexec"),   // named: an installer
                 FilesLine(t + 9, "10.0.0.8", "192.0.2.30", "application/x-dosexec"),      // bare, no session
                 FilesLine(t + 12, "10.0.0.9", "192.0.2.31", "text/html")}));              // not a program
  dir.Write("org/http.log",
            Log("http", "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\thost\turi",
                "time\tstring\taddr\tport\taddr\tport\tstring\tstring",
                {HttpLine(t, "10.0.0.5", "203.0.113.7", "-"), HttpLine(t + 5, "10.0.0.6", "198.51.100.20",
                                                                       "download.vendor.example"),
                 HttpLine(t + 9, "10.0.0.8", "192.0.2.30", "192.0.2.30")}));
  dir.Write("org/conn.log",
            Log("conn", "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_bytes\tresp_bytes\tconn_state",
                "time\tstring\taddr\tport\taddr\tport\tenum\tinterval\tcount\tcount\tstring",
                {ConnLine(t - 1, "10.0.0.5", "203.0.113.7", 80, 0.2), ConnLine(t + 40, "10.0.0.5", "203.0.113.7", 4444, 250),
                 ConnLine(t + 4, "10.0.0.6", "198.51.100.20", 80, 0.3), ConnLine(t + 50, "10.0.0.6", "198.51.100.20", 443, 300),
                 ConnLine(t + 8, "10.0.0.8", "192.0.2.30", 80, 0.2)}));
  auto findings = Hunt(dir);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].host.ToString(), "10.0.0.5");
  EXPECT_DOUBLE_EQ(findings[0].score, 0.8);
  EXPECT_NE(findings[0].summary.find("then held a 4 min session with it"), std::string::npos) << findings[0].summary;
  EXPECT_EQ(findings[1].host.ToString(), "10.0.0.8");  // a literal address as Host is no name
  EXPECT_DOUBLE_EQ(findings[1].score, 0.55);
}

TEST(Stager, ExecutableMimeTypes) {
  EXPECT_TRUE(IsExecutableMime("application/x-dosexec"));
  EXPECT_TRUE(IsExecutableMime("application/x-executable"));
  EXPECT_FALSE(IsExecutableMime("application/zip"));
  EXPECT_FALSE(IsExecutableMime(""));
}

TEST(Stager, RealMetasploitStagersOfTheOtrfLab) {
  std::string data = testing::SharedData();
  std::string root = data + "/zeek/otrf-lsass";
  if (data.empty() || !std::filesystem::exists(root)) GTEST_SKIP() << "../shared/data/zeek/otrf-lsass absent";
  HuntOptions options;
  for (int i = 1; i <= 7; ++i) {
    std::string name = fmt::format("campaign-0{}", i);
    std::string home = i <= 4 ? "192.168.1.0/24" : "192.168.56.0/24";
    options.orgs.push_back(OrgSource{name, {root + "/" + name}, {*Cidr::Parse(home)}, {}, {}});
  }
  options.detectors = {"stager"};
  Diagnostics diag(false);
  auto report = RunHunt(options, diag);
  ASSERT_TRUE(report.ok()) << report.status().message();
  // Every campaign but 02 (Procdump, whose stager left no executable in files.log) fetched a PE
  // from the handler (10.0.5.13 / 10.0.5.14) by address, then held the Meterpreter session.
  std::vector<std::string> found;
  for (const Finding& f : (*report)->findings) {
    found.push_back(f.org);
    EXPECT_TRUE(f.indicators[0] == "10.0.5.13" || f.indicators[0] == "10.0.5.14") << f.indicators[0];
  }
  EXPECT_EQ(found, (std::vector<std::string>{"campaign-01", "campaign-03", "campaign-04", "campaign-05",
                                             "campaign-06", "campaign-07"}));
}

}  // namespace
}  // namespace dragnet
