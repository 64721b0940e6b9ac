// `dragnet hunt --state`, `triage` and `state check` as a user runs them:
// findings keep their id across hunts and change status (new, active,
// resolved), a false verdict suppresses the finding in the next hunt and in
// exports, and bad states end with their documented exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "store/state_lock.h"
#include "test_util.h"

namespace dragnet {
namespace {

using testing::TempDir;

std::string Binary() {
  const char* b = std::getenv("DRAGNET_BINARY");
  return b && *b ? b : DRAGNET_BINARY;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CliRun {
  int rc = -1;
  std::string out, err;
};

CliRun Dragnet(const TempDir& t, const std::string& args) {
  std::string cmd = "timeout 60 " + Binary() + " " + args + " > " + t.path() + "/stdout 2> " + t.path() + "/stderr";
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(t.path() + "/stdout"), Slurp(t.path() + "/stderr")};
}

// Two hosts of org "one" each talk to an address a feed may list.
std::string ConnLog() {
  std::string log = std::string(testing::kConnHeader);
  log += "1714521600.000000\tC1\t10.3.0.5\t50000\t198.51.100.70\t443\tssl\t(empty)\n";
  log += "1714521700.000000\tC2\t10.3.0.6\t50001\t198.51.100.71\t443\tssl\t(empty)\n";
  return log;
}

// The findings.jsonl line of the finding naming `indicator`, or "".
std::string LineOf(const std::string& findings, const std::string& indicator) {
  std::istringstream in(findings);
  std::string line;
  while (std::getline(in, line))
    if (line.find("\"indicators\":[\"" + indicator + "\"") != std::string::npos) return line;
  return "";
}

std::string Field(const std::string& line, const std::string& key) {
  std::smatch m;
  if (std::regex_search(line, m, std::regex("\"" + key + "\":\"([^\"]*)\""))) return m[1];
  return "";
}

class StateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    t_.Write("logs/one/conn.log", ConnLog());
    t_.Write("feed-both.txt", "198.51.100.70\n198.51.100.71\n");
    t_.Write("feed-one.txt", "198.51.100.70\n");
  }
  CliRun Hunt(const std::string& feed, const std::string& out, const std::string& extra = "") {
    return Dragnet(t_, "hunt " + t_.path() + "/logs --intel " + t_.path() + "/" + feed + " --out " + t_.path() + "/" +
                           out + " --state " + state() + " --no-progress " + extra);
  }
  std::string state() const { return t_.path() + "/state"; }
  std::string Findings(const std::string& out) const { return Slurp(t_.path() + "/" + out + "/findings.jsonl"); }
  TempDir t_;
};

TEST_F(StateCli, SecondHuntMarksStillActiveAndResolved) {
  ASSERT_EQ(Hunt("feed-both.txt", "out1").rc, 0);
  std::string first70 = LineOf(Findings("out1"), "198.51.100.70"), first71 = LineOf(Findings("out1"), "198.51.100.71");
  ASSERT_FALSE(first70.empty());
  ASSERT_FALSE(first71.empty());
  EXPECT_EQ(Field(first70, "status"), "new");
  EXPECT_EQ(Field(first71, "status"), "new");
  CliRun second = Hunt("feed-one.txt", "out2");
  ASSERT_EQ(second.rc, 0) << second.err;
  std::string again = LineOf(Findings("out2"), "198.51.100.70");
  EXPECT_EQ(Field(again, "id"), Field(first70, "id"));  // stable across hunts
  EXPECT_EQ(Field(again, "status"), "active");
  EXPECT_EQ(LineOf(Findings("out2"), "198.51.100.71"), "");
  EXPECT_NE(second.out.find("state: 0 new, 1 still active, 1 resolved, 0 suppressed"), std::string::npos) << second.out;
  std::string run = Slurp(t_.path() + "/out2/run.json");
  EXPECT_NE(run.find("\"store\":{"), std::string::npos);
  EXPECT_NE(run.find("\"findings\":{\"new\":0,\"active\":1,\"resolved\":1,\"suppressed\":0}"), std::string::npos) << run;
  EXPECT_NE(run.find("\"id\":\"" + Field(first71, "id") + "\""), std::string::npos);
  EXPECT_NE(Slurp(t_.path() + "/out2/report.html").find(Field(first71, "id")), std::string::npos);
}

TEST_F(StateCli, FalseVerdictSuppressesInNextHuntAndExports) {
  ASSERT_EQ(Hunt("feed-both.txt", "out1").rc, 0);
  std::string id = Field(LineOf(Findings("out1"), "198.51.100.70"), "id");
  ASSERT_FALSE(id.empty());
  CliRun triage = Dragnet(t_, "triage " + id + " --state " + state() + " --as false --note 'lab scanner' --expires 30");
  ASSERT_EQ(triage.rc, 0) << triage.err;
  EXPECT_NE(triage.out.find("recorded " + id + " as false by "), std::string::npos) << triage.out;
  EXPECT_NE(triage.out.find("suppressed in later hunts until "), std::string::npos) << triage.out;
  CliRun next = Hunt("feed-both.txt", "out2", "--fail-on low");
  std::string line = LineOf(Findings("out2"), "198.51.100.70");
  EXPECT_EQ(Field(line, "status"), "suppressed");
  EXPECT_EQ(Field(line, "id"), id);
  EXPECT_EQ(Field(LineOf(Findings("out2"), "198.51.100.71"), "status"), "active");
  EXPECT_EQ(next.rc, 4);  // .71 still trips --fail-on; the suppressed one is not named
  EXPECT_EQ(next.err.find("198.51.100.70"), std::string::npos) << next.err;
  CliRun csv = Dragnet(t_, "export --from " + t_.path() + "/out2 --csv " + t_.path() + "/x.csv --min-score 0");
  ASSERT_EQ(csv.rc, 0) << csv.err;
  std::string exported = Slurp(t_.path() + "/x.csv");
  EXPECT_EQ(exported.find("198.51.100.70"), std::string::npos) << exported;
  EXPECT_NE(exported.find("198.51.100.71"), std::string::npos) << exported;
  EXPECT_EQ(Slurp(t_.path() + "/out2/stix-bundle.json").find("198.51.100.70"), std::string::npos);
  CliRun check = Dragnet(t_, "state check --state " + state());
  ASSERT_EQ(check.rc, 0) << check.err;
  EXPECT_NE(check.out.find("schema version 1, 2 runs"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("  one: 1 files ("), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("findings: 0 new, 1 active, 0 resolved, 1 suppressed; suppressions: 1 in force, 0 expired; "
                           "1 triage records"),
            std::string::npos)
      << check.out;
}

TEST_F(StateCli, StateFolderInsideTheRootIsNeverReadAsLogs) {
  std::string inside = t_.path() + "/logs/memory";
  std::string args = "hunt " + t_.path() + "/logs --intel " + t_.path() + "/feed-both.txt --state " + inside +
                     " --no-progress --out " + t_.path() + "/";
  ASSERT_EQ(Dragnet(t_, args + "out1").rc, 0);
  CliRun second = Dragnet(t_, args + "out2");  // now the folder holds state.db, WAL and lock
  ASSERT_EQ(second.rc, 0) << second.err;
  // One org, one file: neither the folder (an org) nor state.db, its WAL or lock (logs) was taken.
  EXPECT_NE(second.out.find("dragnet hunt: 1 orgs, 1 files (1 read, 0 skipped)"), std::string::npos) << second.out;
  CliRun check = Dragnet(t_, "state check --state " + inside);
  EXPECT_NE(check.out.find("2 runs, "), std::string::npos) << check.out;
  EXPECT_NE(check.out.find(", 1 orgs"), std::string::npos) << check.out;
}

TEST_F(StateCli, BadStatesEndWithTheirExitCodes) {
  // Another run holds the lock: 7, naming it.
  {
    std::filesystem::create_directories(state());
    auto lock = StateLock::Acquire(state());
    ASSERT_TRUE(lock.ok());
    CliRun locked = Hunt("feed-both.txt", "out1");
    EXPECT_EQ(locked.rc, 7);
    EXPECT_NE(locked.err.find("in use by pid " + std::to_string(getpid())), std::string::npos) << locked.err;
    EXPECT_FALSE(std::filesystem::exists(t_.path() + "/out1"));  // checked before OUT is made
  }
  // A foreign file where the database should be: 6, before any output.
  t_.Write("state/state.db", "not a database, just text long enough to hold a header of one hundred bytes .........");
  CliRun foreign = Hunt("feed-both.txt", "out1");
  EXPECT_EQ(foreign.rc, 6);
  EXPECT_NE(foreign.err.find("not a Dragnet state database"), std::string::npos) << foreign.err;
  EXPECT_FALSE(std::filesystem::exists(t_.path() + "/out1"));
  // No state at all: triage and check say so (6); an unknown id is a usage error (2).
  EXPECT_EQ(Dragnet(t_, "state check --state " + t_.path() + "/nothing").rc, 6);
  EXPECT_EQ(Dragnet(t_, "triage f0 --state " + t_.path() + "/nothing --as ack").rc, 6);
  std::filesystem::remove(state() + "/state.db");
  ASSERT_EQ(Hunt("feed-both.txt", "out1").rc, 0);
  EXPECT_EQ(Dragnet(t_, "triage fnothere --state " + state() + " --as ack").rc, 2);
  // --state naming a file: a usage error before anything is read.
  t_.Write("plain-file", "x");
  CliRun file = Dragnet(t_, "hunt " + t_.path() + "/logs --out " + t_.path() + "/out3 --state " + t_.path() +
                                "/plain-file --no-progress");
  EXPECT_EQ(file.rc, 2) << file.err;
  EXPECT_NE(file.err.find("--state " + t_.path() + "/plain-file"), std::string::npos) << file.err;
  EXPECT_FALSE(std::filesystem::exists(t_.path() + "/out3"));
}

}  // namespace
}  // namespace dragnet
