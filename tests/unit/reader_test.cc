#include <gtest/gtest.h>

#include "ingest/byte_source.h"
#include "ingest/line_reader.h"
#include "test_util.h"

namespace dragnet {
namespace {

using testing::Collector;
using testing::kConnHeader;
using testing::ReadString;

std::string Drain(ByteSource& s) {
  std::string out;
  char buf[7];  // tiny reads exercise the buffering
  size_t n;
  while ((n = s.Read(buf, sizeof buf)) > 0) out.append(buf, n);
  return out;
}

TEST(ByteSource, SniffsGzipZstdPlain) {
  std::string text = "hello\nworld\n";
  auto plain = ByteSource::FromMemory(text);
  EXPECT_EQ(Drain(*plain), text);
  EXPECT_EQ(plain->compression(), Compression::kNone);
  auto gz = ByteSource::FromMemory(testing::Gzip(text));
  EXPECT_EQ(Drain(*gz), text);
  EXPECT_EQ(gz->compression(), Compression::kGzip);
  EXPECT_TRUE(gz->status().ok());
  auto zs = ByteSource::FromMemory(testing::Zstd(text));
  EXPECT_EQ(Drain(*zs), text);
  EXPECT_EQ(zs->compression(), Compression::kZstd);
}

TEST(ByteSource, MultiMemberGzip) {
  auto src = ByteSource::FromMemory(testing::Gzip("a\n") + testing::Gzip("b\n"));
  EXPECT_EQ(Drain(*src), "a\nb\n");
  EXPECT_TRUE(src->status().ok());
}

TEST(ByteSource, TruncatedGzipKeepsPrefixAndReports) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";
  std::string gz = testing::Gzip(text);
  auto src = ByteSource::FromMemory(gz.substr(0, gz.size() / 2));
  std::string got = Drain(*src);
  EXPECT_FALSE(src->status().ok());
  EXPECT_NE(src->status().message().find("truncated"), std::string::npos);
  EXPECT_GT(got.size(), 1000u);
  EXPECT_EQ(text.compare(0, got.size(), got), 0);  // what came out is a true prefix
}

TEST(ByteSource, TruncatedGzipYieldsTheSamePrefixWhateverTheReadSize) {
  // Regression: with small reads the decoder's pending output was dropped
  // at the end of the input (7-byte reads got 360 KB of a prefix that
  // 64 KB reads got 413 KB of).
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "record " + std::to_string(i * 7919) + "\n";
  std::string gz = testing::Gzip(text);
  std::string cut = gz.substr(0, gz.size() / 2);
  std::vector<size_t> sizes;
  for (size_t capacity : {size_t{7}, size_t{1000}, size_t{65536}}) {
    auto src = ByteSource::FromMemory(cut);
    std::string out;
    std::vector<char> buf(capacity);
    for (size_t n; (n = src->Read(buf.data(), capacity)) > 0;) out.append(buf.data(), n);
    EXPECT_FALSE(src->status().ok());
    EXPECT_EQ(text.compare(0, out.size(), out), 0);
    sizes.push_back(out.size());
  }
  EXPECT_EQ(sizes[0], sizes[2]);
  EXPECT_EQ(sizes[1], sizes[2]);
}

TEST(ByteSource, CorruptGzipIsAnErrorNotACrash) {
  std::string gz = testing::Gzip(std::string(100000, 'x'));
  for (size_t i = 20; i < gz.size(); i += 7) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  auto src = ByteSource::FromMemory(gz);
  Drain(*src);
  EXPECT_FALSE(src->status().ok());
}

TEST(LineReader, SplitsAndSkipsOverlongLines) {
  std::string data = "a\r\nbb\n" + std::string(5000, 'x') + "\nccc";
  auto src = ByteSource::FromMemory(data);
  LineReader lines(*src, 1000);
  std::string_view l;
  ASSERT_EQ(lines.Next(l), LineReader::Event::kLine);
  EXPECT_EQ(l, "a");
  ASSERT_EQ(lines.Next(l), LineReader::Event::kLine);
  EXPECT_EQ(l, "bb");
  ASSERT_EQ(lines.Next(l), LineReader::Event::kTooLong);
  EXPECT_EQ(lines.skipped_bytes(), 5000u);
  EXPECT_EQ(lines.line_number(), 3u);
  ASSERT_EQ(lines.Next(l), LineReader::Event::kLine);
  EXPECT_EQ(l, "ccc");
  EXPECT_TRUE(lines.last_line_unterminated());
  EXPECT_EQ(lines.Next(l), LineReader::Event::kEnd);
}

TEST(TsvReader, ReadsTypedFieldsEscapesSetsUnsetEmpty) {
  std::string log = std::string(kConnHeader) +
                    "1521911720.865716\tC1\t10.0.0.1\t1234\t8.8.8.8\t53\tdns\t(empty)\n"
                    "1521911721.000001\tC2\t10.0.0.2\t1\tfe80::1\t2\t-\ta\\x2cb,c\\x09d\n"
                    "1521911722.5\tC3\t10.0.0.3\t1\t1.1.1.1\t2\t\\x2d\t-\n"
                    "#close\t2024-01-01-01-00-00\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "conn.log");
  EXPECT_EQ(stats.format, LogFormat::kZeekTsv);
  EXPECT_EQ(stats.records, 3u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_TRUE(stats.closed);
  EXPECT_EQ(stats.log_path, "conn");
  ASSERT_EQ(c.records.size(), 3u);
  EXPECT_EQ(c.records[0].ts, 1521911720865716);
  EXPECT_EQ(c.records[0].line, 9u);
  ASSERT_TRUE(c.records[0].Get("tunnel_parents"));
  EXPECT_TRUE(c.records[0].Get("tunnel_parents")->empty());  // (empty) set: present, no elements
  EXPECT_EQ(c.records[1].Get("service"), nullptr);              // unset
  EXPECT_EQ(*c.records[1].Get("tunnel_parents"), (std::vector<std::string>{"a,b", "c\td"}));
  EXPECT_EQ(*c.records[2].Get("service"), (std::vector<std::string>{"-"}));  // escaped dash is a value
  EXPECT_EQ(c.records[2].ts, 1521911722500000);
}

TEST(TsvReader, HeaderBlocksChangeMidFileAndMissingCloseIsFine) {
  std::string log = std::string(kConnHeader) + "1704067201.0\tC1\t10.0.0.1\t1\t8.8.8.8\t53\tdns\t(empty)\n" +
                    "#close\t2024\n"
                    "#separator \\x09\n#set_separator\t;\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
                    "#fields\tts\tquery\tanswers\n#types\ttime\tstring\tvector[string]\n"
                    "1704067202.0\tevil.com\t1.2.3.4;5.6.7.8\n"
                    "1704067203.0\tpartial";  // being written: no newline, no #close
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "mixed.log");
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_EQ(stats.incomplete, 1u);  // the cut-off last line: unfinished, not malformed
  EXPECT_FALSE(stats.closed);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[1].path, "dns");
  EXPECT_EQ(*c.records[1].Get("answers"), (std::vector<std::string>{"1.2.3.4", "5.6.7.8"}));
  EXPECT_EQ(d.Files().count("mixed.log"), 0u);
  EXPECT_EQ(d.IncompleteLines()["mixed.log"].substr(0, 9), "line 19: ");
}

TEST(TsvReader, MalformedLinesAreCountedWithLineNumbers) {
  std::string log = std::string(kConnHeader) + "1704067201.0\tC1\t10.0.0.1\t1\t8.8.8.8\n"
                    "notatime\tC1\t10.0.0.1\t1\t8.8.8.8\t53\tdns\t(empty)\n"
                    "1704067202.0\tC2\t10.0.0.1\t1\t8.8.8.8\t53\t\xff\xfe\t(empty)\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "bad.log");
  EXPECT_EQ(stats.records, 1u);  // bad UTF-8 is bytes, as Zeek strings are
  EXPECT_EQ(stats.malformed, 2u);
  EXPECT_EQ(stats.data_lines, 3u);
  EXPECT_EQ(d.Files()["bad.log"].first_message.substr(0, 8), "line 9: ");
}

TEST(TsvReader, DataBeforeHeaderAndHeaderlessConn) {
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString("1.0\ta\tb\tc\td\n", c, d, "weird.log");
  EXPECT_EQ(stats.malformed, 1u);
  std::string row = "1517336042.090842\tCi8\t10.55.182.100\t14291\t10.233.233.5\t80\ttcp\t-\t3.0\t0\t0\tS0\tT\tT\t0\tS\t2\t104\t0\t0\t(empty)\n";
  Collector c2;
  auto s2 = ReadString(row + row, c2, d, "conn_top.log");
  EXPECT_EQ(s2.records, 2u);
  EXPECT_EQ(*c2.records[0].Get("id.resp_h"), (std::vector<std::string>{"10.233.233.5"}));
  EXPECT_EQ(d.FileProblems().count("conn_top.log"), 1u);
}

TEST(TsvReader, TenMegabyteLineIsSkippedAndCounted) {
  std::string log = std::string(kConnHeader) + std::string(10 << 20, 'A') + "\n" +
                    "1704067201.0\tC1\t10.0.0.1\t1\t8.8.8.8\t53\tdns\t(empty)\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "long.log");
  EXPECT_EQ(stats.records, 1u);
  EXPECT_EQ(stats.malformed, 1u);
  EXPECT_EQ(d.Files()["long.log"].by_kind.count("line too long"), 1u);
}

TEST(JsonReader, DottedKeysIsoTimeArraysAndBadLines) {
  std::string log =
      R"({"_path":"dns","ts":"2018-03-24T17:15:20.865716Z","uid":"C1","id.orig_h":"10.47.1.100","id.orig_p":41772,"AA":false,"answers":["ise.wrccdc.cpp.edu","134.71.3.16"],"TTLs":[2230.0,41830.0]})"
      "\n"
      R"({"ts":1521911720.5,"id":{"orig_h":"10.0.0.9"},"query":"a\\x41b"})"
      "\n"
      R"({"ts":1704067201.0,"query":"unterminated)"
      "\n"
      "[1,2]\n"
      R"({"ts":"yesterday"})"
      "\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "dns.json");
  EXPECT_EQ(stats.format, LogFormat::kZeekJson);
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.malformed, 3u);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].path, "dns");
  EXPECT_EQ(c.records[0].ts, 1521911720865716);
  EXPECT_EQ(*c.records[0].Get("AA"), (std::vector<std::string>{"F"}));
  EXPECT_EQ(*c.records[0].Get("answers"), (std::vector<std::string>{"ise.wrccdc.cpp.edu", "134.71.3.16"}));
  EXPECT_EQ(*c.records[0].Get("TTLs"), (std::vector<std::string>{"2230.0", "41830.0"}));
  EXPECT_EQ(*c.records[0].Get("id.orig_p"), (std::vector<std::string>{"41772"}));
  EXPECT_EQ(*c.records[1].Get("id.orig_h"), (std::vector<std::string>{"10.0.0.9"}));  // nested object flattened
  EXPECT_EQ(*c.records[1].Get("query"), (std::vector<std::string>{"aAb"}));  // Zeek \x escape undone
  EXPECT_EQ(c.records[1].Get("uid"), nullptr);
}

TEST(JsonReader, InvalidUtf8LineIsMalformed) {
  std::string log = std::string("{\"ts\":1704067201.0,\"query\":\"ok\"}\n{\"ts\":1704067202.0,\"query\":\"bad \xff\xfe\"}\n");
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "dns.json");
  EXPECT_EQ(stats.records, 1u);
  EXPECT_EQ(stats.malformed, 1u);
  EXPECT_NE(d.Files()["dns.json"].first_message.find("line 2: invalid JSON"), std::string::npos);
}

TEST(JsonReader, EndlessNewKeysAreBoundedAndReported) {
  std::string log;
  for (int i = 0; i < 3000; ++i) log += "{\"ts\":1704067201.0,\"k" + std::to_string(i) + "\":1}\n";
  Collector c;
  Diagnostics d(false);
  auto stats = ReadString(log, c, d, "keys.json");
  EXPECT_EQ(stats.records + stats.malformed, 3000u);
  EXPECT_EQ(stats.records, 1023u);  // "ts" plus 1,023 new keys fill the schema
  EXPECT_EQ(d.Files()["keys.json"].by_kind.count("too many keys"), 1u);
}

TEST(Reader, NotALogAndEmptyFileAreSkippedWithAReason) {
  Collector c;
  Diagnostics d(false);
  auto s1 = ReadString("Lorem ipsum dolor sit amet\n", c, d, "conn.log");
  EXPECT_TRUE(s1.skipped);
  auto s2 = ReadString("", c, d, "empty.log");
  EXPECT_TRUE(s2.skipped);
  auto problems = d.FileProblems();
  EXPECT_NE(problems["conn.log"].find("not a Zeek log"), std::string::npos);
  EXPECT_NE(problems["empty.log"].find("empty"), std::string::npos);
}

TEST(Reader, RandomBytesNeverCrash) {
  uint64_t x = 88172645463325252ULL;
  for (int round = 0; round < 200; ++round) {
    std::string junk;
    for (int i = 0; i < 2000; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      junk.push_back(static_cast<char>(x));
    }
    if (round % 3 == 0) junk = std::string(kConnHeader) + junk;
    if (round % 3 == 1) junk = "{" + junk;
    Collector c;
    Diagnostics d(false);
    auto stats = ReadString(junk, c, d, "junk.log");
    EXPECT_EQ(stats.records + stats.malformed + stats.incomplete, stats.data_lines);
  }
}

TEST(LogPath, FromArchiveNames) {
  EXPECT_EQ(LogPathFromFileName("/x/2024-01-01/conn.16:00:00-17:00:00.log.gz"), "conn");
  EXPECT_EQ(LogPathFromFileName("dns.log.labeled"), "dns");
  EXPECT_EQ(LogPathFromFileName("open_conn.17_32_32-18_00_00.log.gz"), "open_conn");
}

}  // namespace
}  // namespace dragnet

#include <random>

#include "ingest/separator_scan.h"

namespace dragnet {
namespace {

TEST(SeparatorScan, VectorScansAgreeWithTheByteLoop) {
  namespace in = separator_scan_internal;
  std::vector<in::ScanFn> scans = {in::Sse2(), in::Avx2()};
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string line(rng() % 200, 'a');
    for (char& c : line) {
      uint64_t r = rng() % 100;
      c = r < 12 ? '\t' : r < 13 ? '\\' : r < 14 ? ',' : static_cast<char>('0' + r % 40);
    }
    size_t keep = rng() % 24;
    std::vector<uint32_t> want(keep + 1, 7), got(keep + 1, 7);
    SeparatorScan expect = in::Bytes(line, '\t', want.data(), keep);
    for (in::ScanFn scan : scans) {
      if (!scan) continue;
      std::fill(got.begin(), got.end(), 7);
      SeparatorScan s = scan(line, '\t', got.data(), keep);
      EXPECT_EQ(s.kept, expect.kept) << trial;
      EXPECT_EQ(s.total, expect.total) << trial;
      EXPECT_EQ(s.escape, expect.escape) << trial;
      EXPECT_EQ(got, want) << trial;  // nothing written past `keep`
    }
  }
  // The byte loop itself, on a line whose answer is known.
  std::vector<uint32_t> pos(2);
  SeparatorScan s = in::Bytes("a\tbb\t\\x\tc", '\t', pos.data(), 2);
  EXPECT_EQ(s.kept, 2u);
  EXPECT_EQ(s.total, 3u);
  EXPECT_TRUE(s.escape);
  EXPECT_EQ(pos, (std::vector<uint32_t>{1, 4}));
}

}  // namespace
}  // namespace dragnet

#include "ingest/read_ahead.h"

namespace dragnet {
namespace {

TEST(ReadAhead, SameBytesStatusAndProgressAsTheSourceItself) {
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "record " + std::to_string(i * 7919) + "\n";
  std::string gz = testing::Gzip(text);
  // Small blocks: many hand-overs between the threads.
  auto whole = ReadAhead(ByteSource::FromMemory(gz), 2, 4096);
  EXPECT_EQ(whole->compression(), Compression::kGzip);
  EXPECT_EQ(Drain(*whole), text);
  EXPECT_TRUE(whole->status().ok());
  EXPECT_EQ(whole->file_bytes_read(), gz.size());
  EXPECT_EQ(Drain(*whole), "");  // reading past the end stays at the end

  // A truncated stream: the same prefix and the same error as without read-ahead.
  std::string cut = gz.substr(0, gz.size() / 2);
  auto direct = ByteSource::FromMemory(cut);
  std::string direct_bytes = Drain(*direct);
  auto ahead = ReadAhead(ByteSource::FromMemory(cut), 3, 1000);
  std::string ahead_bytes = Drain(*ahead);
  EXPECT_EQ(ahead_bytes.size(), direct_bytes.size());
  EXPECT_TRUE(ahead_bytes == direct_bytes);
  EXPECT_FALSE(ahead->status().ok());
  EXPECT_EQ(ahead->status().message(), direct->status().message());

  // Plain input is passed through untouched; dropping a source mid-stream
  // stops its thread (no hang, no leak under the sanitizers).
  auto plain = ReadAhead(ByteSource::FromMemory(text));
  EXPECT_EQ(plain->compression(), Compression::kNone);
  auto early = ReadAhead(ByteSource::FromMemory(gz), 2, 512);
  char buf[100];
  EXPECT_EQ(early->Read(buf, sizeof buf), sizeof buf);
  early.reset();
}

}  // namespace
}  // namespace dragnet
