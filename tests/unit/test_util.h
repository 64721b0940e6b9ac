// Helpers shared by the unit tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ingest/diagnostics.h"
#include "ingest/zeek_reader.h"

namespace dragnet::testing {

// A Zeek TSV conn.log header with eight fields (ts uid id.orig_h id.orig_p
// id.resp_h id.resp_p service tunnel_parents), for hand-written lines.
inline constexpr const char* kConnHeader =
    "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
    "#open\t2024-01-01-00-00-00\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tservice\ttunnel_parents\n"
    "#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tset[string]\n";

// ../shared/data beside the project root, or "" when absent.
std::string SharedData();
std::string Gzip(std::string_view plain);
std::string Zstd(std::string_view plain);
std::string ReadWhole(const std::string& path);  // decompresses .gz independently (zlib)

// A visitor that keeps every record as name -> values text, for assertions.
struct Collected {
  std::string path;
  uint64_t line;
  int64_t ts;
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;  // set fields only
  const std::vector<std::string>* Get(const std::string& name) const;
};
class Collector : public RecordVisitor {
 public:
  void OnRecord(const Record& r) override;
  std::vector<Collected> records;
};

// Reads bytes as a log named `name`, collecting records.
FileReadStats ReadString(const std::string& bytes, Collector& c, Diagnostics& d,
                         const std::string& name = "test.log", size_t max_line = 1 << 20);

// A fresh temporary folder, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Write(const std::string& rel, std::string_view content) const;

 private:
  std::string path_;
};

}  // namespace dragnet::testing
