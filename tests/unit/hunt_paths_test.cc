// Paths in and out of a hunt (issue items 2, 6, 8 and the outputs table):
// organisation names that become folders, inputs that were skipped silently
// or hung, outputs replaced as one set. Most tests run the dragnet binary;
// DRAGNET_BINARY in the environment overrides the one built beside them, so
// the same tests can be run against an older build.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/output_set.h"
#include "hunt/orgs.h"
#include "test_util.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;
using testing::ReadWhole;
using testing::TempDir;

std::string Binary() {
  const char* b = std::getenv("DRAGNET_BINARY");
  return b && *b ? b : DRAGNET_BINARY;
}

// A small Zeek conn.log whose one connection the intel feed below lists.
std::string ConnLog() { return ReadWhole(DRAGNET_SOURCE_DIR "/tests/golden/exit_fail_on/orgs/one/conn.log"); }
constexpr const char* kFeed = "198.51.100.70\n";

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

// Runs `dragnet ARGS` (ARGS is shell text) with stdout and stderr captured.
// A hang (the old FIFO bug) ends after a minute with timeout's 124, never a
// pass. `no_dac`: as root, without the capabilities that let root read and
// write any folder, so that chmod 000/555 means for it what it means for
// everyone else.
CliRun RunDragnet(const TempDir& t, const std::string& args, bool no_dac = false) {
  std::string prefix = no_dac && geteuid() == 0 ? "setpriv --bounding-set -dac_override,-dac_read_search " : "";
  std::string cmd = prefix + "timeout 60 " + Binary() + " " + args + " > " + t.path() + "/stdout 2> " + t.path() +
                    "/stderr";
  int status = std::system(cmd.c_str());
  CliRun r;
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(t.path() + "/stdout");
  r.err = Slurp(t.path() + "/stderr");
  return r;
}

// Whether RunDragnet(..., no_dac=true) can take root's powers away here.
bool CanDropRootPowers() {
  return geteuid() != 0 || std::system("setpriv --bounding-set -dac_override,-dac_read_search true >/dev/null 2>&1") == 0;
}

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// Every path below dir, relative, hidden ones included.
std::set<std::string> Tree(const std::string& dir) {
  std::set<std::string> all;
  for (const auto& e : fs::recursive_directory_iterator(dir)) all.insert(fs::relative(e.path(), dir).string());
  return all;
}

// ---- Item 2: organisation names become folder names: one rule everywhere.

TEST(OrgNames, OneRuleForEveryName) {
  for (const char* ok : {"acme", "Acme-Corp_2", "a.b", "x", "café", "name with spaces"})
    EXPECT_TRUE(ValidateOrgName(ok).ok()) << ok << ": " << ValidateOrgName(ok).message();
  const std::string too_long(kMaxOrgNameBytes + 1, 'a');
  for (const std::string& bad : {std::string(), std::string("."), std::string(".."), std::string("/"),
                                 std::string("\\"), std::string("a/b"), std::string("..\\x"), std::string("a\0b", 3),
                                 std::string("a\nb"), std::string("a\x7f"), std::string("-rf"), std::string(".hidden"),
                                 std::string("../pwned"), too_long}) {
    Status s = ValidateOrgName(bad);
    EXPECT_FALSE(s.ok()) << QuoteOrgName(bad);
    EXPECT_TRUE(Contains(s.message(), "organisation name")) << s.message();
  }
  EXPECT_TRUE(ValidateOrgName(std::string(kMaxOrgNameBytes, 'a')).ok());
  EXPECT_EQ(QuoteOrgName(std::string("a\nb\0", 4)), "'a\\x0ab\\x00'");
}

TEST(OrgNames, DiscoverRefusesUnsafeNamesFromEverySource) {
  TempDir t;
  t.Write("root/-x/conn.log", ConnLog());
  t.Write("ok/acme/conn.log", ConnLog());
  t.Write("case/Acme/conn.log", ConnLog());
  auto folder = DiscoverOrgs({t.path() + "/root"}, {}, {});
  ASSERT_FALSE(folder.ok());
  EXPECT_TRUE(Contains(folder.status().message(), "'-x'")) << folder.status().message();
  auto explicit_org = DiscoverOrgs({}, {{"a/b", t.path() + "/ok/acme"}}, {});
  ASSERT_FALSE(explicit_org.ok());
  EXPECT_TRUE(Contains(explicit_org.status().message(), "--org")) << explicit_org.status().message();
  auto config = ParseOrgConfig("orgs.ini", "[org ok]\n[org ../../pwned]\npath = " + t.path() + "/ok/acme\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message().rfind("orgs.ini:2: organisation name '../../pwned'", 0), 0u)
      << config.status().message();
  auto by_case = DiscoverOrgs({t.path() + "/ok", t.path() + "/case"}, {}, {});
  ASSERT_FALSE(by_case.ok());
  EXPECT_TRUE(Contains(by_case.status().message(), "differ only by case")) << by_case.status().message();
}

TEST(OrgNames, HuntRefusesDotDotBeforeWritingAnything) {
  // `--org ..=DIR --split-by-org` wrote OUT/orgs/../findings.jsonl, i.e. over OUT/findings.jsonl.
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog());
  t.Write("other/conn.log", ConnLog());
  CliRun r = RunDragnet(t, "hunt " + t.path() + "/root --org ..=" + t.path() + "/other --split-by-org --out " + t.path() +
                            "/out --no-progress");
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "--org: organisation name '..'")) << r.err;
  EXPECT_FALSE(fs::exists(t.path() + "/out/findings.jsonl"));
}

TEST(OrgNames, ConfigSectionCannotWriteOutsideOut) {
  TempDir t;
  t.Write("logs/conn.log", ConnLog());
  std::string cfg = t.Write("orgs.ini", "[org ../../pwned]\npath = " + t.path() + "/logs\n");
  CliRun r = RunDragnet(t, "hunt --config " + cfg + " --split-by-org --out " + t.path() + "/a/out --no-progress");
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, cfg + ":1: organisation name '../../pwned'")) << r.err;
  EXPECT_FALSE(fs::exists(t.path() + "/a/pwned"));
}

TEST(OrgNames, IncidentAddUsesTheSameRule) {
  TempDir t;
  std::string note = t.Write("note.txt", "contact us at qtox 1234\n");
  CliRun backslash = RunDragnet(t, "incident add --root " + t.path() + "/root --org 'a\\b' " + note);
  EXPECT_EQ(backslash.rc, 2) << backslash.err;
  EXPECT_TRUE(Contains(backslash.err, "path separator")) << backslash.err;
  CliRun dash = RunDragnet(t, "incident add --root " + t.path() + "/root --org=-x " + note);
  EXPECT_EQ(dash.rc, 2) << dash.err;
  EXPECT_TRUE(Contains(dash.err, "starts with '-'")) << dash.err;
  EXPECT_FALSE(fs::exists(t.path() + "/root"));
}

// ---- Item 6: nothing below an org is skipped without a word.

TEST(HuntInputs, FolderThatCannotBeListedIsReported) {
  if (!CanDropRootPowers()) GTEST_SKIP() << "running as root and setpriv cannot drop CAP_DAC_OVERRIDE here";
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog());
  t.Write("root/acme/locked/conn.log", ConnLog());
  fs::permissions(t.path() + "/root/acme/locked", fs::perms::none);
  CliRun r = RunDragnet(t, "hunt " + t.path() + "/root --out " + t.path() + "/out --no-progress", /*no_dac=*/true);
  fs::permissions(t.path() + "/root/acme/locked", fs::perms::owner_all);
  EXPECT_EQ(r.rc, 0) << r.err;
  std::string locked = t.path() + "/root/acme/locked";
  EXPECT_TRUE(Contains(r.err, locked + ": cannot list folder: Permission denied")) << r.err;
  EXPECT_TRUE(Contains(Slurp(t.path() + "/out/run.json"), "\"" + locked + "\":\"cannot list folder"));
}

TEST(ListLogFiles, FollowsLinksToFoldersOnceAndEndsLoops) {
  TempDir t;
  t.Write("acme/conn.log", "x");
  t.Write("elsewhere/deep/dns.log", "x");
  fs::create_directory_symlink(t.path() + "/elsewhere", t.path() + "/acme/linked");
  fs::create_directory_symlink(t.path() + "/elsewhere", t.path() + "/acme/again");
  fs::create_directory_symlink(".", t.path() + "/acme/loop");
  fs::create_symlink(t.path() + "/gone", t.path() + "/acme/dangling");
  LogListing l = ListLogFiles(t.path() + "/acme");
  // "again" sorts before "linked": the first link reached lists the folder.
  EXPECT_EQ(l.files, (std::vector<std::string>{t.path() + "/acme/again/deep/dns.log", t.path() + "/acme/conn.log"}));
  std::map<std::string, std::string> problems(l.problems.begin(), l.problems.end());
  EXPECT_EQ(problems.size(), 3u);
  EXPECT_TRUE(Contains(problems[t.path() + "/acme/loop"], "already listed")) << problems[t.path() + "/acme/loop"];
  EXPECT_TRUE(Contains(problems[t.path() + "/acme/linked"], "already listed")) << problems[t.path() + "/acme/linked"];
  EXPECT_TRUE(Contains(problems[t.path() + "/acme/dangling"], "cannot read")) << problems[t.path() + "/acme/dangling"];
}

TEST(HuntInputs, LinkedFolderInsideAnOrgIsRead) {
  TempDir t;
  t.Write("root/acme/placeholder.txt", "not a log\n");
  t.Write("sensor/conn.log", ConnLog());
  fs::create_directory_symlink(t.path() + "/sensor", t.path() + "/root/acme/sensor");
  fs::create_directory_symlink("..", t.path() + "/root/acme/loop");
  std::string feed = t.Write("feed.txt", kFeed);
  CliRun r = RunDragnet(t, "hunt " + t.path() + "/root --intel " + feed + " --out " + t.path() + "/out --no-progress");
  EXPECT_EQ(r.rc, 0) << r.err;
  std::string run = Slurp(t.path() + "/out/run.json");
  EXPECT_TRUE(Contains(run, "\"files_read\":1,")) << run;
  EXPECT_TRUE(Contains(Slurp(t.path() + "/out/findings.jsonl"), "198.51.100.70"));
}

TEST(HuntInputs, FifoIsRefusedNeverOpened) {
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog());
  ASSERT_EQ(::mkfifo((t.path() + "/pipe").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((t.path() + "/root/acme/pipe").c_str(), 0600), 0);
  // Given as input (ROOT or --org): a usage error naming it, before anything is read.
  CliRun as_root = RunDragnet(t, "hunt " + t.path() + "/pipe --out " + t.path() + "/out1 --no-progress");
  EXPECT_EQ(as_root.rc, 2) << as_root.err;
  EXPECT_TRUE(Contains(as_root.err, t.path() + "/pipe: a FIFO")) << as_root.err;
  CliRun as_org = RunDragnet(t, "hunt --org x=" + t.path() + "/pipe --out " + t.path() + "/out2 --no-progress");
  EXPECT_EQ(as_org.rc, 2) << as_org.err;
  EXPECT_TRUE(Contains(as_org.err, t.path() + "/pipe: a FIFO")) << as_org.err;
  CliRun as_config = RunDragnet(t, "hunt --config " + t.path() + "/pipe --out " + t.path() + "/out4 --no-progress");
  EXPECT_EQ(as_config.rc, 2) << as_config.err;
  EXPECT_TRUE(Contains(as_config.err, "--config " + t.path() + "/pipe: a FIFO")) << as_config.err;
  // Inside an org: reported, the rest read.
  CliRun inside = RunDragnet(t, "hunt " + t.path() + "/root --out " + t.path() + "/out3 --no-progress");
  EXPECT_EQ(inside.rc, 0) << inside.err;
  EXPECT_TRUE(Contains(Slurp(t.path() + "/out3/run.json"), "\"" + t.path() + "/root/acme/pipe\":\"a FIFO"));
}

TEST(HuntInputs, OrgWithoutReadableLogsIsNotSwept) {
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog());
  t.Write("root/empty/notes.txt", "no logs here\n");
  CliRun r = RunDragnet(t, "hunt " + t.path() + "/root --out " + t.path() + "/out --no-progress");
  EXPECT_EQ(r.rc, 0) << r.err;
  std::string run = Slurp(t.path() + "/out/run.json");
  EXPECT_TRUE(Contains(run, "\"orgs_without_data\":[\"empty\"]")) << run;
  size_t empty = run.find("{\"org\":\"empty\"");
  ASSERT_NE(empty, std::string::npos) << run;
  std::string entry = run.substr(empty, run.find('}', empty) - empty);
  EXPECT_TRUE(Contains(entry, "\"files_read\":0,\"swept\":false")) << entry;
  EXPECT_TRUE(Contains(r.out, "not swept, no data: 1 org without a readable Zeek log: empty")) << r.out;
  EXPECT_TRUE(Contains(Slurp(t.path() + "/out/report.html"), "1 organisation swept"));
}

TEST(HuntInputs, ConfigPathSpeltOtherwiseIsReadOnceAndAStraySectionIsSaid) {
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog());
  std::string config = t.Write("orgs.ini", "[org acme]\npath = " + t.path() + "/root/./acme/\n"
                                            "[org acne]\nhome = 10.0.0.0/8\n");
  CliRun r = RunDragnet(t, "hunt " + t.path() + "/root --config " + config + " --out " + t.path() + "/out --no-progress");
  EXPECT_EQ(r.rc, 0) << r.err;
  std::string run = Slurp(t.path() + "/out/run.json");
  EXPECT_TRUE(Contains(run, "\"files_read\":1,")) << "the same folder spelt twice is read once: " << run;
  EXPECT_TRUE(Contains(r.err, "[org acne] names no organisation of this hunt")) << r.err;
}

TEST(HuntInputs, OutInsideARootIsNotReadBack) {
  TempDir t;
  t.Write("many/acme/conn.log", ConnLog());
  t.Write("many/beta/conn.log", ConnLog());
  t.Write("one/conn.log", ConnLog());
  for (int i = 0; i < 2; ++i) {
    CliRun many = RunDragnet(t, "hunt " + t.path() + "/many --out " + t.path() + "/many/out --no-progress");
    EXPECT_EQ(many.rc, 0) << many.err;
    EXPECT_TRUE(Contains(Slurp(t.path() + "/many/out/run.json"), "\"orgs\":2,\"files\":2,")) << "run " << i;
    CliRun one = RunDragnet(t, "hunt " + t.path() + "/one --out " + t.path() + "/one/out --no-progress");
    EXPECT_EQ(one.rc, 0) << one.err;
    EXPECT_TRUE(Contains(Slurp(t.path() + "/one/out/run.json"), "\"orgs\":1,\"files\":1,")) << "run " << i;
  }
  // An org path that is the output folder itself is refused.
  CliRun same = RunDragnet(t, "hunt --org x=" + t.path() + "/one/out --out " + t.path() + "/one/out --no-progress");
  EXPECT_EQ(same.rc, 2) << same.err;
  EXPECT_TRUE(Contains(same.err, "is the --out folder")) << same.err;
}

// ---- Red team: --out and the orgs' folders; earlier outputs are not inputs.

TEST(HuntInputs, OutThatIsOrIsInAnOrgFolderIsRefused) {
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog());
  t.Write("root/beta/conn.log", ConnLog());
  std::string root = t.path() + "/root";
  // --out is an org's folder: that org would be dropped.
  CliRun same = RunDragnet(t, "hunt " + root + " --out " + root + "/beta --no-progress");
  EXPECT_EQ(same.rc, 2) << same.err;
  EXPECT_TRUE(Contains(same.err, root + "/beta: is the --out folder and an organisation's folder")) << same.err;
  CliRun child = RunDragnet(t, "hunt " + root + " --out " + root + "/acme/out --no-progress");
  EXPECT_EQ(child.rc, 2) << child.err;
  EXPECT_TRUE(Contains(child.err, "directly inside the folder of organisation 'acme'")) << child.err;
  EXPECT_FALSE(fs::exists(root + "/acme/out"));
  // Further below: the org is swept, the folder left out, and it is said.
  CliRun below = RunDragnet(t, "hunt " + root + " --out " + root + "/acme/sub/out --no-progress");
  EXPECT_EQ(below.rc, 0) << below.err;
  EXPECT_TRUE(Contains(below.err, root + "/acme/sub/out: the --out folder is inside the folder of organisation 'acme'"))
      << below.err;
  EXPECT_TRUE(Contains(Slurp(root + "/acme/sub/out/run.json"), "\"orgs\":2,\"files\":2,"));
}

TEST(HuntInputs, EarlierOutputsAreNeitherOrgsNorIntel) {
  TempDir t;
  t.Write("rr/acme/conn.log", ConnLog());
  t.Write("rr/beta/conn.log", ConnLog());
  std::string feed = t.Write("rr/intel/feed.txt", kFeed);
  std::string rr = t.path() + "/rr";
  // (a) An earlier OUT inside a ROOT is not an org when the next hunt writes elsewhere.
  ASSERT_EQ(RunDragnet(t, "hunt " + rr + " --intel " + feed + " --out " + rr + "/out --no-progress").rc, 0);
  CliRun again = RunDragnet(t, "hunt " + rr + " --intel " + feed + " --out " + t.path() + "/rr2 --no-progress");
  EXPECT_EQ(again.rc, 0) << again.err;
  std::string run = Slurp(t.path() + "/rr2/run.json");
  EXPECT_TRUE(Contains(run, "\"orgs\":2,\"files\":2,")) << run;
  EXPECT_FALSE(Contains(run, "\"org\":\"out\"")) << run;
  EXPECT_TRUE(Contains(again.err, rr + "/out: the outputs of an earlier hunt")) << again.err;
  // Also inside an org's folder (not a sub-folder of a ROOT).
  CliRun org = RunDragnet(t, "hunt --org acme=" + rr + " --out " + t.path() + "/rr3 --no-progress");
  EXPECT_EQ(org.rc, 0) << org.err;
  std::string run3 = Slurp(t.path() + "/rr3/run.json");
  EXPECT_TRUE(Contains(run3, "\"orgs\":1,\"files\":3,")) << run3;  // acme, beta, intel/feed.txt
  EXPECT_FALSE(Contains(run3, rr + "/out/")) << run3;
  EXPECT_TRUE(Contains(org.err, rr + "/out: the outputs of an earlier hunt")) << org.err;
  // (b) OUT inside the intel folder: its stix-bundle.json is not loaded as intel, on either run.
  for (int i = 0; i < 2; ++i) {
    CliRun r = RunDragnet(t, "hunt " + rr + " --intel " + rr + "/intel --warninglist " + rr + "/intel --out " + rr +
                                 "/intel/out --no-progress");
    EXPECT_EQ(r.rc, 0) << r.err;
    std::string own = Slurp(rr + "/intel/out/run.json");
    EXPECT_FALSE(Contains(own, "intel/out/")) << "run " << i << ": " << own;
    EXPECT_TRUE(Contains(own, "\"path\":\"" + feed + "\"")) << own;
  }
}

TEST(HuntInputs, LogDirectlyInARootOfOrgsIsReported) {
  TempDir t;
  t.Write("mix/acme/conn.log", ConnLog());
  t.Write("mix/conn.log", ConnLog());
  CliRun r = RunDragnet(t, "hunt " + t.path() + "/mix --out " + t.path() + "/out --no-progress");
  EXPECT_EQ(r.rc, 0) << r.err;
  std::string run = Slurp(t.path() + "/out/run.json");
  // Which files are read is unchanged: acme's log only.
  EXPECT_TRUE(Contains(run, "\"orgs\":1,\"files\":1,")) << run;
  EXPECT_TRUE(Contains(run, "\"" + t.path() + "/mix/conn.log\":\"a log directly in ROOT")) << run;
  EXPECT_TRUE(Contains(r.err, t.path() + "/mix/conn.log")) << r.err;
}

// ---- Item 8: outputs are replaced as one set, or not at all.

TEST(HuntOutputs, FailedReplaceKeepsTheEarlierSetAndNoTemporaries) {
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog());
  std::string feed = t.Write("feed.txt", kFeed);
  std::string out = t.path() + "/out";
  CliRun first = RunDragnet(t, "hunt " + t.path() + "/root --intel " + feed + " --out " + out + " --no-progress");
  ASSERT_EQ(first.rc, 0) << first.err;
  std::map<std::string, std::string> before;
  for (const char* f : {"findings.jsonl", "campaigns.json", "incidents.json", "stix-bundle.json", "run.json"})
    before[f] = Slurp(out + "/" + f);
  ASSERT_TRUE(Contains(before["findings.jsonl"], "198.51.100.70"));
  // A folder where report.html goes: it cannot be replaced by a file.
  fs::remove(out + "/report.html");
  t.Write("out/report.html/keep", "someone's file");
  // Without the feed the new findings.jsonl would be empty.
  CliRun second = RunDragnet(t, "hunt " + t.path() + "/root --out " + out + " --no-progress");
  EXPECT_EQ(second.rc, 5) << second.err;
  EXPECT_TRUE(Contains(second.err, out + "/report.html: is a folder")) << second.err;
  for (const auto& [f, content] : before) EXPECT_EQ(Slurp(out + "/" + f), content) << f;
  std::set<std::string> expected = {"findings.jsonl", "campaigns.json", "incidents.json", "stix-bundle.json",
                                    "run.json",       "report.html",    "report.html/keep"};
  EXPECT_EQ(Tree(out), expected);
}

TEST(HuntOutputs, UnwritableOutFailsBeforeAnyLogIsRead) {
  if (!CanDropRootPowers()) GTEST_SKIP() << "running as root and setpriv cannot drop CAP_DAC_OVERRIDE here";
  TempDir t;
  t.Write("root/acme/conn.log", ConnLog() + "broken line\n");
  std::string out = t.path() + "/out";
  fs::create_directory(out);
  fs::permissions(out, fs::perms::owner_read | fs::perms::owner_exec);
  CliRun r = RunDragnet(t, "hunt " + t.path() + "/root --out " + out + " --no-progress", /*no_dac=*/true);
  fs::permissions(out, fs::perms::owner_all);
  EXPECT_EQ(r.rc, 5) << r.err;
  EXPECT_TRUE(Contains(r.err, "--out " + out + ": output folder not writable: Permission denied")) << r.err;
  EXPECT_FALSE(Contains(r.err, "malformed")) << "a log was read before the check:\n" << r.err;
  EXPECT_TRUE(Tree(out).empty());
}

TEST(OutputSet, CommitReplacesTheSetAndLeavesNothingElse) {
  TempDir t;
  std::string out = t.path() + "/out";
  t.Write("out/a.json", "old a");
  t.Write("out/sub/x", "old x");
  t.Write("out/unrelated.txt", "mine");
  {
    auto set = OutputSet::Begin(out);
    ASSERT_TRUE(set.ok()) << set.status().message();
    ASSERT_TRUE((*set)->Write("a.json", "new a").ok());
    ASSERT_TRUE((*set)->Write("sub/y", "new y").ok());
    ASSERT_TRUE((*set)->Write("b.json", "new b").ok());
    Status s = (*set)->Commit();
    ASSERT_TRUE(s.ok()) << s.message();
  }
  EXPECT_EQ(Tree(out), (std::set<std::string>{"a.json", "b.json", "sub", "sub/y", "unrelated.txt"}));
  EXPECT_EQ(Slurp(out + "/a.json"), "new a");
  EXPECT_EQ(Slurp(out + "/sub/y"), "new y");
}

TEST(OutputSet, FailureInTheMiddleOfCommitPutsTheEarlierSetBack) {
  TempDir t;
  std::string out = t.path() + "/out";
  for (const char* f : {"a", "b", "c"}) t.Write(std::string("out/") + f, std::string("old ") + f);
  {
    auto set = OutputSet::Begin(out);
    ASSERT_TRUE(set.ok()) << set.status().message();
    for (const char* f : {"a", "b", "c"}) ASSERT_TRUE((*set)->Write(f, std::string("new ") + f).ok());
    // The failure, injected: b's new file vanishes after a is in place and b's old one is set aside.
    fs::remove((*set)->staging() + "/b");
    Status s = (*set)->Commit();
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(Contains(s.message(), out + "/b: cannot move into place")) << s.message();
    EXPECT_TRUE(Contains(s.message(), "the earlier outputs in " + out + " are kept")) << s.message();
  }
  for (const char* f : {"a", "b", "c"}) EXPECT_EQ(Slurp(out + "/" + f), std::string("old ") + f) << f;
  EXPECT_EQ(Tree(out), (std::set<std::string>{"a", "b", "c"}));
}

TEST(OutputSet, BeginNamesAnOutThatCannotBeAFolder) {
  TempDir t;
  std::string file = t.Write("file", "x");
  auto set = OutputSet::Begin(file + "/out");
  ASSERT_FALSE(set.ok());
  EXPECT_TRUE(Contains(set.status().message(), file + "/out: cannot create the output folder"))
      << set.status().message();
}

// ---- Docs: README's outputs table and `hunt --help` name every file a hunt writes.

// The first column of README.md's table after "Outputs in `--out`": the
// first path component of each name ("orgs/ORG/" -> "orgs").
std::set<std::string> ReadmeOutputs() {
  std::ifstream in(DRAGNET_SOURCE_DIR "/README.md");
  std::set<std::string> names;
  std::string line;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.starts_with("Outputs in `--out`")) in_section = true;
    if (!in_section) continue;
    if (line.starts_with("| `")) {
      std::string name = line.substr(3, line.find('`', 3) - 3);
      names.insert(name.substr(0, name.find('/')));
    } else if (!names.empty() && !line.starts_with("|")) {
      break;
    }
  }
  return names;
}

TEST(Docs, ReadmeOutputsTableListsEveryFileAHuntWrites) {
  TempDir t;
  std::string out = t.path() + "/out";
  CliRun r = RunDragnet(t, "hunt " DRAGNET_SOURCE_DIR "/tests/golden/behaviour_basics/orgs --split-by-org --out " + out +
                            " --no-progress");
  ASSERT_EQ(r.rc, 0) << r.err;
  std::set<std::string> written;
  for (const auto& e : fs::directory_iterator(out)) written.insert(e.path().filename().string());
  EXPECT_EQ(ReadmeOutputs(), written);
  CliRun help = RunDragnet(t, "hunt --help");
  for (const std::string& name : written) EXPECT_TRUE(Contains(help.out, name)) << name << " not in:\n" << help.out;
}

}  // namespace
}  // namespace dragnet
