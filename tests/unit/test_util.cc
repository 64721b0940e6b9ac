#include "test_util.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <fstream>
#include <sstream>

namespace dragnet::testing {

std::string SharedData() {
  std::filesystem::path p = std::filesystem::path(DRAGNET_SOURCE_DIR) / ".." / "shared" / "data";
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return "";
  return p.lexically_normal().string();
}

std::string Gzip(std::string_view plain) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, plain.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Zstd(std::string_view plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
  out.resize(n);
  return out;
}

std::string ReadWhole(const std::string& path) {
  if (path.ends_with(".gz")) {
    gzFile f = gzopen(path.c_str(), "rb");
    std::string out;
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    gzclose(f);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::vector<std::string>* Collected::Get(const std::string& name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

void Collector::OnRecord(const Record& r) {
  Collected c;
  c.path = r.schema().path();
  c.line = r.line();
  c.ts = r.ts().micros();
  const auto& fields = r.schema().fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    int idx = static_cast<int>(i);
    if (!r.IsSet(idx)) continue;
    std::vector<std::string> values;
    r.ForEach(idx, [&](std::string_view v) { values.emplace_back(v); });
    c.fields.emplace_back(fields[i].name, std::move(values));
  }
  records.push_back(std::move(c));
}

FileReadStats ReadString(const std::string& bytes, Collector& c, Diagnostics& d, const std::string& name,
                         size_t max_line) {
  auto src = ByteSource::FromMemory(bytes);
  return ReadZeekLog(*src, name, LogPathFromFileName(name), c, d, max_line);
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/dragnet-test-XXXXXX";
  path_ = mkdtemp(tmpl);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& rel, std::string_view content) const {
  std::filesystem::path p = std::filesystem::path(path_) / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return p.string();
}

}  // namespace dragnet::testing
