// The command line refuses what it cannot honour before doing any work: paths
// that do not exist or are not what the option reads, numbers out of their
// documented range (exit 2, the option and value named); --fail-on says which
// finding tripped it; incident intake never loses or misfiles a report.
//
// These run the dragnet binary. DRAGNET_TEST_BINARY=/path/to/dragnet runs
// them against another build (how they were shown to fail before the fix).
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "test_util.h"

namespace dragnet {
namespace {

using testing::ReadWhole;
using testing::TempDir;
namespace fs = std::filesystem;

const char* kConnLog = DRAGNET_SOURCE_DIR "/tests/golden/exit_fail_on/orgs/one/conn.log";
const char* kFeed = DRAGNET_SOURCE_DIR "/tests/golden/exit_fail_on/intel/feed.txt";

struct Outcome {
  int rc = -1;
  std::string out, err;
};

// Runs `dragnet ARGS` (ARGS shell-quoted by the caller where needed) with a
// time limit, so a binary that reads /dev/zero forever fails the test instead
// of hanging it.
Outcome Dragnet(const TempDir& t, const std::string& args) {
  const char* env = std::getenv("DRAGNET_TEST_BINARY");
  std::string bin = env && *env ? env : DRAGNET_BINARY;
  std::string out = t.path() + "/.stdout", err = t.path() + "/.stderr";
  std::string cmd = "timeout 120 " + bin + " " + args + " > " + out + " 2> " + err;
  int status = std::system(cmd.c_str());
  Outcome r;
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadWhole(out);
  r.err = ReadWhole(err);
  return r;
}

// A hunt ROOT with one org whose conn.log touches the address kFeed lists.
std::string WorldWithOneOrg(const TempDir& t) {
  fs::create_directories(t.path() + "/orgs/one");
  fs::copy_file(kConnLog, t.path() + "/orgs/one/conn.log", fs::copy_options::overwrite_existing);
  return t.path() + "/orgs";
}

std::string Hunt(const TempDir& t, const std::string& extra) {
  return "hunt " + WorldWithOneOrg(t) + " --out " + t.path() + "/out --no-progress --quiet " + extra;
}

void ExpectUsageError(const Outcome& r, std::initializer_list<std::string> named) {
  EXPECT_EQ(r.rc, 2) << r.err;
  for (const std::string& n : named)
    EXPECT_NE(r.err.find(n), std::string::npos) << "stderr lacks '" << n << "': " << r.err;
}

// ---- item 7: paths

TEST(CliPaths, HuntRefusesMissingIntelAndWarninglistBeforeReading) {
  for (std::string option : {"--intel", "--warninglist"}) {
    TempDir t;
    Outcome r = Dragnet(t, Hunt(t, option + " " + t.path() + "/typo.json"));
    ExpectUsageError(r, {option, t.path() + "/typo.json", "no such file or folder"});
    EXPECT_FALSE(fs::exists(t.path() + "/out")) << option << ": work started before the check";
  }
}

TEST(CliPaths, HuntRefusesMissingFamiliesAndConfigThatIsAFolder) {
  TempDir t;
  ExpectUsageError(Dragnet(t, Hunt(t, "--ransomware-families " + t.path() + "/nope.json")),
                   {"--ransomware-families", t.path() + "/nope.json", "no such file"});
  fs::create_directories(t.path() + "/conf.d");
  ExpectUsageError(Dragnet(t, Hunt(t, "--config " + t.path() + "/conf.d")),
                   {"--config", t.path() + "/conf.d", "a folder, not a file"});
  ExpectUsageError(Dragnet(t, Hunt(t, "--intel /dev/zero")), {"--intel", "/dev/zero", "a character device, not a file or folder"});
}

TEST(CliPaths, HuntRefusesMissingRootsAndOrgPaths) {
  TempDir t;
  ExpectUsageError(Dragnet(t, Hunt(t, t.path() + "/nothing-here")), {t.path() + "/nothing-here"});
  ExpectUsageError(Dragnet(t, Hunt(t, "--org two=" + t.path() + "/missing")), {"--org", t.path() + "/missing"});
}

TEST(CliPaths, HuntWithExistingPathsStillRuns) {
  TempDir t;
  Outcome r = Dragnet(t, Hunt(t, std::string("--intel ") + kFeed));
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(ReadWhole(t.path() + "/out/findings.jsonl").find("198.51.100.70"), std::string::npos);
}

TEST(CliPaths, ExportAndEvalRefuseMissingInputs) {
  TempDir t;
  ExpectUsageError(Dragnet(t, "export --from " + t.path() + "/no-hunt --csv " + t.path() + "/x.csv"),
                   {"--from", t.path() + "/no-hunt", "no such folder"});
  EXPECT_FALSE(fs::exists(t.path() + "/x.csv"));
  // A real truth.json: a missing --campaigns is the only fault.
  ASSERT_EQ(Dragnet(t, "simulate --out " + t.path() + "/world --orgs 2 --hours 1 --hosts-per-org 3").rc, 0);
  std::string findings = t.Write("findings.jsonl", "");
  std::string eval = "eval --truth " + t.path() + "/world/truth.json --findings " + findings;
  ExpectUsageError(Dragnet(t, eval + " --campaigns " + t.path() + "/campaigns.json"),
                   {"--campaigns", t.path() + "/campaigns.json", "no such file"});
  EXPECT_EQ(Dragnet(t, eval).rc, 0);
  ExpectUsageError(Dragnet(t, "eval --truth " + t.path() + " --findings " + findings),
                   {"--truth", "a folder, not a file"});
}

// ---- red team: export writes only regular files and reads only regular files

// A hunt's output folder with one finding (the address kFeed lists).
std::string HuntOutput(const TempDir& t) {
  Outcome r = Dragnet(t, Hunt(t, std::string("--intel ") + kFeed));
  EXPECT_EQ(r.rc, 0) << r.err;
  return t.path() + "/out";
}

bool IsCharDevice(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}
bool IsFifo(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

TEST(CliExport, DeviceOrFifoAsOutputIsRefusedAndKept) {
  TempDir t;
  std::string out = HuntOutput(t);
  // Our own device node (the one /dev/full is), never a system one.
  std::string dev = t.path() + "/fulldev", fifo = t.path() + "/pipe", zeek = t.path() + "/intel.dat";
  ASSERT_EQ(::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 7)), 0) << "mknod needs root";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ExpectUsageError(Dragnet(t, "export --from " + out + " --zeek-intel " + zeek + " --csv " + dev),
                   {"--csv", dev, "a character device"});
  EXPECT_TRUE(IsCharDevice(dev)) << "the device was replaced";
  EXPECT_FALSE(fs::exists(zeek)) << "written before the check";
  ExpectUsageError(Dragnet(t, "export --from " + out + " --misp-event " + fifo), {"--misp-event", fifo, "a FIFO"});
  EXPECT_TRUE(IsFifo(fifo)) << "the FIFO was replaced";
  // A regular file is still replaced.
  std::string csv = t.Write("x.csv", "old");
  EXPECT_EQ(Dragnet(t, "export --from " + out + " --csv " + csv).rc, 0);
  EXPECT_NE(ReadWhole(csv).find("198.51.100.70"), std::string::npos);
}

TEST(CliExport, FifoOrDeviceInFromIsRefusedNotRead) {
  TempDir t;
  std::string out = HuntOutput(t);
  fs::copy(out, t.path() + "/fifo-out");
  fs::remove(t.path() + "/fifo-out/findings.jsonl");
  ASSERT_EQ(::mkfifo((t.path() + "/fifo-out/findings.jsonl").c_str(), 0600), 0);
  // Dragnet() ends a hang after a while with timeout's 124: never a pass.
  ExpectUsageError(Dragnet(t, "export --from " + t.path() + "/fifo-out --csv " + t.path() + "/a.csv"),
                   {"--from", t.path() + "/fifo-out/findings.jsonl", "a FIFO"});
  fs::remove(out + "/campaigns.json");
  fs::create_symlink("/dev/zero", out + "/campaigns.json");
  ExpectUsageError(Dragnet(t, "export --from " + out + " --csv " + t.path() + "/b.csv"),
                   {"--from", out + "/campaigns.json", "a character device"});
  EXPECT_FALSE(fs::exists(t.path() + "/a.csv"));
  EXPECT_FALSE(fs::exists(t.path() + "/b.csv"));
}

// ---- red team: an empty value is refused, never read as "not given"

TEST(CliEmpty, EmptyPathOrSeverityIsAUsageError) {
  TempDir t;
  ExpectUsageError(Dragnet(t, Hunt(t, std::string("--intel ") + kFeed + " --fail-on ''")), {"--fail-on", "empty"});
  ExpectUsageError(Dragnet(t, Hunt(t, "--config ''")), {"--config", "empty"});
  ExpectUsageError(Dragnet(t, Hunt(t, "--intel ''")), {"--intel", "empty"});
  ExpectUsageError(Dragnet(t, Hunt(t, "--ransomware-families ''")), {"--ransomware-families", "empty"});
  ExpectUsageError(Dragnet(t, "hunt " + WorldWithOneOrg(t) + " --out '' --no-progress"), {"--out", "empty"});
  std::string out = HuntOutput(t);
  ExpectUsageError(Dragnet(t, "export --from " + out + " --csv ''"), {"--csv", "empty"});
  ExpectUsageError(Dragnet(t, "eval --truth '' --findings " + out + "/findings.jsonl"), {"--truth", "empty"});
}

// ---- item 7: --fail-on names what tripped it

TEST(CliFailOn, SaysWhichFindingTrippedItAndHowMany) {
  TempDir t;
  Outcome r = Dragnet(t, Hunt(t, std::string("--intel ") + kFeed + " --fail-on medium"));
  EXPECT_EQ(r.rc, 4) << r.err;
  EXPECT_NE(r.err.find("--fail-on medium: 1 finding at or above it"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("findings.jsonl line 1): medium intel org one host 10.3.0.5: 10.3.0.5 talked to 198.51.100.70"),
            std::string::npos)
      << r.err;
  // Below the threshold: exit 0, nothing said.
  TempDir t2;
  Outcome quiet = Dragnet(t2, Hunt(t2, std::string("--intel ") + kFeed + " --fail-on high"));
  EXPECT_EQ(quiet.rc, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("--fail-on"), std::string::npos) << quiet.err;
}

// ---- item 7: incident intake

TEST(IncidentAdd, MissingRootOrUnseenOrgNeedsCreate) {
  TempDir t;
  std::string note = t.Write("in/note.txt", "write to evil@example.com\n");
  std::string root = t.path() + "/root";
  ExpectUsageError(Dragnet(t, "incident add --root " + root + " --org acme " + note), {"--root", root, "--create"});
  EXPECT_FALSE(fs::exists(root));
  fs::create_directories(root + "/acme");
  ExpectUsageError(Dragnet(t, "incident add --root " + root + " --org acne " + note),
                   {"--org acne", root + "/acne", "never seen", "--create"});
  EXPECT_FALSE(fs::exists(root + "/acne"));
  // The org it names exists: filed. A new org with --create: filed too.
  EXPECT_EQ(Dragnet(t, "incident add --root " + root + " --org acme " + note).rc, 0);
  EXPECT_TRUE(fs::is_regular_file(root + "/acme/incidents/note.txt"));
  Outcome created = Dragnet(t, "incident add --create --root " + t.path() + "/new-root --org beta " + note);
  EXPECT_EQ(created.rc, 0) << created.err;
  EXPECT_TRUE(fs::is_regular_file(t.path() + "/new-root/beta/incidents/note.txt"));
}

TEST(IncidentAdd, SameFileNameKeepsBothReports) {
  TempDir t;
  std::string first = t.Write("a/README.txt", "pay to evil@example.com\n");
  std::string second = t.Write("b/README.txt", "pay to other@example.org\n");
  std::string root = t.path() + "/root";
  fs::create_directories(root + "/acme");
  // Two in one call, then a third one with the same name in another call.
  Outcome r = Dragnet(t, "incident add --root " + root + " --org acme " + first + " " + second);
  EXPECT_EQ(r.rc, 0) << r.err;
  std::string third = t.Write("c/README.txt", "pay to third@example.net\n");
  Outcome r2 = Dragnet(t, "incident add --root " + root + " --org acme " + third);
  EXPECT_EQ(r2.rc, 0) << r2.err;
  std::string dir = root + "/acme/incidents/";
  EXPECT_EQ(ReadWhole(dir + "README.txt"), "pay to evil@example.com\n");
  EXPECT_EQ(ReadWhole(dir + "README-2.txt"), "pay to other@example.org\n");
  EXPECT_EQ(ReadWhole(dir + "README-3.txt"), "pay to third@example.net\n");
  EXPECT_NE(r.err.find("stored as " + dir + "README-2.txt"), std::string::npos) << r.err;
  EXPECT_NE(r2.err.find("stored as " + dir + "README-3.txt"), std::string::npos) << r2.err;
  // The same report again: not a fourth copy, and said.
  Outcome again = Dragnet(t, "incident add --root " + root + " --org acme " + second);
  EXPECT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.err.find("already filed as " + dir + "README-2.txt"), std::string::npos) << again.err;
  EXPECT_FALSE(fs::exists(dir + "README-4.txt"));
}

TEST(IncidentAdd, NeverMakesAnOrgThatDiffersOnlyByCase) {
  TempDir t;
  std::string note = t.Write("in/note.txt", "write to evil@example.com\n");
  std::string root = t.path() + "/root";
  fs::create_directories(root + "/acme");
  // The hunt would refuse ROOT/acme beside ROOT/ACME: --create must not make it.
  ExpectUsageError(Dragnet(t, "incident add --create --root " + root + " --org ACME " + note),
                   {"--org ACME", "acme", "differ only by case"});
  EXPECT_FALSE(fs::exists(root + "/ACME"));
}

TEST(IncidentAdd, AHiddenReportIsFiledWhereTheHuntReadsIt) {
  TempDir t;
  std::string note = t.Write("in/.note.txt", "write to evil@example.com\n");
  std::string root = t.path() + "/root";
  fs::create_directories(root + "/acme");
  Outcome r = Dragnet(t, "incident add --root " + root + " --org acme " + note);
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_FALSE(fs::exists(root + "/acme/incidents/.note.txt"));
  EXPECT_EQ(ReadWhole(root + "/acme/incidents/note.txt"), "write to evil@example.com\n");
  EXPECT_NE(r.err.find("stored as " + root + "/acme/incidents/note.txt"), std::string::npos) << r.err;
}

TEST(IncidentExtract, RefusesFoldersAndDevices) {
  TempDir t;
  fs::create_directories(t.path() + "/notes");
  ExpectUsageError(Dragnet(t, "incident extract " + t.path() + "/notes"), {t.path() + "/notes", "a folder, not a file"});
  ExpectUsageError(Dragnet(t, "incident extract /dev/zero"), {"/dev/zero", "not a regular file"});
  ExpectUsageError(Dragnet(t, "incident extract " + t.path() + "/missing.txt"),
                   {t.path() + "/missing.txt", "no such file"});
  std::string note = t.Write("note.txt", "write to evil@example.com\n");
  Outcome ok = Dragnet(t, "incident extract " + note);
  EXPECT_EQ(ok.rc, 0) << ok.err;
  EXPECT_NE(ok.out.find("evil@example.com"), std::string::npos);
}

TEST(IncidentExtract, ReadsOnlyTheStartOfAHugeFileAndSaysSo) {
  TempDir t;
  std::string note = t.Write("huge.txt", "write to evil@example.com\n" + std::string((size_t{16} << 20) + 4096, '.'));
  Outcome r = Dragnet(t, "incident extract " + note);
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.err.find(note + ": larger than 16 MiB: only its start was read"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"truncated\":true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("evil@example.com"), std::string::npos) << r.out;
}

// ---- item 9: numbers out of range

TEST(CliNumbers, HuntRefusesOutOfRangeOptions) {
  struct Case {
    std::string args, named;
  };
  for (const Case& c : std::vector<Case>{
           {"--threads 0", "--threads: '0' is out of range: must be in 1..1024"},
           {"--threads -3", "--threads: '-3' is out of range"},
           {"--threads 100000", "--threads: '100000' is out of range"},
           {"--max-line -1", "--max-line: '-1' is out of range: must be in 4096..1073741824"},
           {"--max-line 100000000000", "--max-line: '100000000000' is out of range"},
           {"--max-line 1e11", "--max-line: '1e11' is not a whole number"},
           {"--max-line 4095", "--max-line: '4095' is out of range"},
           {"--min-score nan", "--min-score: 'nan' is not a finite number"},
           {"--min-score 1.5", "--min-score: '1.5' is out of range: must be in [0, 1]"},
           {"--state-memory -1", "--state-memory: '-1' is out of range"},
       }) {
    TempDir t;
    Outcome r = Dragnet(t, Hunt(t, c.args));
    ExpectUsageError(r, {c.named});
    EXPECT_FALSE(fs::exists(t.path() + "/out")) << c.args;
  }
}

TEST(CliNumbers, HuntAcceptsInRangeOptions) {
  for (std::string args : {"--threads 1", "--max-line 4096", "--max-line 1073741824", "--min-score 0"}) {
    TempDir t;
    Outcome r = Dragnet(t, Hunt(t, std::string("--intel ") + kFeed + " " + args));
    EXPECT_EQ(r.rc, 0) << args << ": " << r.err;
  }
}

TEST(CliNumbers, DetectorParametersOutsideTheirRangeAreRefused) {
  struct Case {
    std::string param, named;
  };
  for (const Case& c : std::vector<Case>{
           {"beacon.min_score=-5", "must be in [0, 1]"},
           {"beacon.min_score=1.5", "must be in [0, 1]"},
           {"beacon.min_score=inf", "not a finite number"},
           {"beacon.min_connections=0", "must be in 2..4294967295"},
           {"dns_tunnel.min_host_queries=-1", "must be in 1..9007199254740992"},
           {"lateral_movement.window_s=0", "must be > 0"},
           {"beacon.histogram.bins=0", "must be in 1..10000"},
           {"rare_destination.min_hours=99999999999", "must be in 1..4294967295"},
           {"intel.score_ip=5", "must be in [0, 1]"},
           {"intel.no_such_parameter=1", "unknown parameter"},
           {"encryption.full_files=20", "must be above encryption.min_files = 20"},
       }) {
    TempDir t;
    ExpectUsageError(Dragnet(t, Hunt(t, "--param " + c.param)), {c.param.substr(0, c.param.find('=')), c.named});
  }
}

TEST(CliNumbers, DetectorParametersInRangeTakeEffect) {
  TempDir t;
  Outcome r =
      Dragnet(t, Hunt(t, std::string("--intel ") + kFeed + " --param intel.score_ip=0.95 --param beacon.min_score=0.7"));
  EXPECT_EQ(r.rc, 0) << r.err;
  // An IP match scores score_ip (0.7 by default; one feed, no modifier here).
  EXPECT_NE(ReadWhole(t.path() + "/out/findings.jsonl").find("\"score\":0.95"), std::string::npos)
      << ReadWhole(t.path() + "/out/findings.jsonl");
}

TEST(CliNumbers, DetectorsListsEachParametersRange) {
  TempDir t;
  Outcome r = Dragnet(t, "detectors");
  EXPECT_EQ(r.rc, 0);
  EXPECT_NE(r.out.find("min_score = 0.5  range [0, 1]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("min_connections = 4  range 2..4294967295"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("score_ip = 0.7  range [0, 1]"), std::string::npos) << r.out;
}

TEST(CliNumbers, DetectorsPrintsEachDeclaration) {
  TempDir t;
  Outcome r = Dragnet(t, "detectors");
  EXPECT_EQ(r.rc, 0);
  for (const char* line : {
           "encryption: ", "  stage: encryption; campaign traits: ransom artifacts; exports: none\n",
           "  logs: needs smb_files. Without smb_files it finds nothing",
           "  containment: Disconnect the encrypting hosts from the file server now;",
           "  stage: implant; campaign traits: destinations, connection details; exports: addresses, names\n",
           "  logs: any of kerberos, ntlm, dce_rpc. ", "findings made by correlation, after the detectors:\nkill_chain: ",
           "pivot: ", "  stage: none; campaign traits: incident; exports: none\n"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << " in:\n" << r.out;
}

TEST(CliNumbers, OtherSubcommandsRefuseOutOfRangeOptions) {
  TempDir t;
  // Each case replaces one of the small world's defaults.
  auto sim = [&](const std::string& option, const std::string& value) {
    std::string args = "simulate --out " + t.path() + "/world";
    for (auto [name, fallback] : {std::pair{"--orgs", "2"}, {"--hours", "1"}, {"--hosts-per-org", "3"}})
      args += std::string(" ") + name + " " + (option == name ? value : fallback);
    if (option.starts_with("--") && args.find(option) == std::string::npos) args += " " + option + " " + value;
    return args;
  };
  for (auto [option, value] : std::vector<std::pair<std::string, std::string>>{
           {"--orgs", "0"}, {"--orgs", "-1"}, {"--hours", "0"}, {"--hours", "99999"}, {"--hosts-per-org", "-1"},
           {"--threads", "0"}, {"--implant-share", "5"}, {"--implant-jitter", "nan"}}) {
    ExpectUsageError(Dragnet(t, sim(option, value)), {option + ": '" + value + "'"});
    EXPECT_FALSE(fs::exists(t.path() + "/world")) << option << " " << value;
  }
  ExpectUsageError(Dragnet(t, sim("--seed", "-1")), {"--seed"});  // would wrap to 2^64-1
  ExpectUsageError(Dragnet(t, sim("--variants", "scan,bogus")), {"--variants", "unknown variant 'bogus'"});
  EXPECT_FALSE(fs::exists(t.path() + "/world"));
  EXPECT_FALSE(fs::exists(t.path() + "/world"));
  Outcome ok = Dragnet(t, sim("--implant-share", "1") + " --threads 1");
  ASSERT_EQ(ok.rc, 0) << ok.err;
  std::string world = t.path() + "/world";
  t.Write("empty/findings.jsonl", "");
  std::string eval = "eval --truth " + world + "/truth.json --findings " + t.path() + "/empty/findings.jsonl";
  ExpectUsageError(Dragnet(t, eval + " --min-score 7"), {"--min-score", "'7'", "[0, 1]"});
  EXPECT_EQ(Dragnet(t, eval + " --min-score 0.3").rc, 0);
  ExpectUsageError(Dragnet(t, "export --from " + t.path() + "/empty --csv " + t.path() + "/x.csv --min-score nan"),
                   {"--min-score", "nan"});
  EXPECT_EQ(Dragnet(t, "export --from " + t.path() + "/empty --csv " + t.path() + "/x.csv --min-score 0.9").rc, 0);
}

// --benign picks the benign life; --benign-seed moves only the catalogue's variants.
TEST(CliSimulate, BenignSwitchAndSeed) {
  TempDir t;
  auto sim = [&](const std::string& dir, const std::string& extra) {
    return "simulate --out " + t.path() + "/" + dir + " --orgs 2 --hours 2 --hosts-per-org 3 --threads 1 " + extra;
  };
  ExpectUsageError(Dragnet(t, sim("w", "--benign bogus")), {"--benign"});
  ExpectUsageError(Dragnet(t, sim("w", "--benign catalogue --benign-seed -1")), {"--benign-seed"});
  EXPECT_FALSE(fs::exists(t.path() + "/w"));
  ASSERT_EQ(Dragnet(t, sim("basic", "")).rc, 0);
  ASSERT_EQ(Dragnet(t, sim("a", "--benign catalogue")).rc, 0);
  ASSERT_EQ(Dragnet(t, sim("b", "--benign catalogue --benign-seed 1")).rc, 0);  // 1 is also the world seed
  ASSERT_EQ(Dragnet(t, sim("c", "--benign catalogue --benign-seed 2")).rc, 0);
  std::string basic = ReadWhole(t.path() + "/basic/truth.json"), a = ReadWhole(t.path() + "/a/truth.json");
  EXPECT_EQ(basic.find("benign_roles"), std::string::npos);
  EXPECT_NE(a.find("benign_roles"), std::string::npos);
  EXPECT_EQ(a, ReadWhole(t.path() + "/b/truth.json"));
  EXPECT_NE(a, ReadWhole(t.path() + "/c/truth.json"));
}

}  // namespace
}  // namespace dragnet
