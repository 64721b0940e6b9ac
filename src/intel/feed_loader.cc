#include "intel/feed_loader.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <simdjson.h>

#include "core/file_io.h"
#include "core/output_set.h"
#include "core/text.h"
#include "ingest/byte_source.h"

namespace dragnet {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxFeedBytes = size_t{1} << 30;

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string_view FirstContentLine(std::string_view content, bool skip_comments) {
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r'))
      line.remove_prefix(1);
    if (line.empty()) continue;
    if (skip_comments && line[0] == '#' && !line.starts_with("#fields")) continue;
    return line;
  }
  return {};
}

bool LooksLikeCsvHeader(std::string_view line) {
  if (line.find(',') == std::string_view::npos) return false;
  std::string low = AsciiLower(line);
  for (const char* col : {"ip", "indicator", "domain", "url", "ioc", "value"}) {
    size_t p = 0;
    while ((p = low.find(col, p)) != std::string::npos) {
      size_t end = p + std::string_view(col).size();
      bool start_ok = p == 0 || low[p - 1] == ',' || low[p - 1] == '"';
      bool end_ok = end == low.size() || low[end] == ',' || low[end] == '"' || low[end] == '_' ||
                    low[end] == '\r';
      if (start_ok && end_ok) return true;
      p = end;
    }
  }
  return false;
}

}  // namespace

namespace {

bool IsDocumentation(const std::string& path) {
  std::string base = AsciiLower(BaseName(path));
  return base.ends_with(".md") || base == "license" || base.starts_with("license.") ||
         base == "readme.txt" || base == "readme" || base == "copying";
}

}  // namespace

void FeedLoader::Skip(const std::string& path, std::string reason) {
  skipped_[path] = std::move(reason);
}

void FeedLoader::Fail(const std::string& path, std::string error) {
  diag_.FileProblem(path, "intel feed not loaded: " + error);
  failed_[path] = std::move(error);
}

void FeedLoader::LoadPath(const std::string& path, const std::vector<std::string>& exclude) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    InputFolderListing listing = ListInputFolder(path, exclude);
    for (const auto& [folder, why] : listing.skipped) diag_.Note(folder, why);
    for (const auto& [entry, why] : listing.not_files) Fail(entry, why + ", not a feed: skipped, never opened");
    if (!listing.error.empty()) Fail(path, listing.error);
    // About one indicator per 30 bytes of feed text: reserving up front saves
    // the rehashes of tables that grow to millions of entries.
    uint64_t total = 0;
    for (const auto& f : listing.files) total += fs::file_size(f, ec);
    set_.Reserve(static_cast<size_t>(total / 30));
    for (const auto& f : listing.files) LoadFile(f);
    return;
  }
  if (!fs::exists(path, ec)) {
    Fail(path, "no such file or folder");
    return;
  }
  LoadFile(path);
}

void FeedLoader::LoadFile(const std::string& path) {
  if (IsDocumentation(path)) {
    Skip(path, "documentation, not a feed");
    return;
  }
  auto source = ByteSource::Open(path);
  if (!source.ok()) {
    Fail(path, source.status().message());
    return;
  }
  std::string content;
  std::vector<char> buf(1 << 20);
  for (;;) {
    size_t n = (*source)->Read(buf.data(), buf.size());
    if (n == 0) break;
    content.append(buf.data(), n);
    if (content.size() > kMaxFeedBytes) {
      Fail(path, "larger than 1 GiB");
      return;
    }
  }
  if (!(*source)->status().ok()) {
    Fail(path, (*source)->status().message());
    return;
  }
  size_t feeds_before = set_.feeds().size();
  LoadContent(path, content);
  for (size_t i = feeds_before; i < set_.feeds().size(); ++i) ReportLosses(set_.feeds()[i]);
}

void FeedLoader::ReportLosses(const FeedInfo& f) {
  if (!f.unsupported.empty()) {
    std::string what = "parts not usable as indicators, skipped:";
    for (const auto& [kind, n] : f.unsupported) what += " " + kind + " (" + std::to_string(n) + ")";
    diag_.Note(f.path, what);
  }
  if (f.stix_comparisons_dropped > 0)
    diag_.Note(f.path, std::to_string(f.stix_comparisons_dropped) + " STIX comparison(s) past the " +
                           std::to_string(kMaxStixComparisons) + " read from one pattern dropped (run.json counts them)");
  if (f.broad_networks_refused + f.broad_networks_allowed == 0) return;
  std::string examples;
  for (const std::string& e : f.broad_examples) examples += (examples.empty() ? "" : ", ") + e;
  std::string width = "networks broader than IPv4 /" + std::to_string(IndicatorSet::kBroadestV4Prefix) +
                      " or IPv6 /" + std::to_string(IndicatorSet::kBroadestV6Prefix);
  if (f.broad_networks_refused > 0)
    diag_.Note(f.path, std::to_string(f.broad_networks_refused) + " " + width + " refused (" + examples +
                           "); --intel-allow-broad takes them");
  if (f.broad_networks_allowed > 0)
    diag_.Note(f.path, std::to_string(f.broad_networks_allowed) + " " + width + " taken by --intel-allow-broad (" +
                           examples + ")");
}

void FeedLoader::LoadContent(const std::string& path, std::string_view content) {
  if (IsDocumentation(path)) {
    Skip(path, "documentation, not a feed");
    return;
  }
  std::string base = AsciiLower(BaseName(path));
  std::string_view first = FirstContentLine(content, false);
  if (first.empty()) {
    Skip(path, "empty file");
    return;
  }
  FeedInfo info;
  info.path = path;
  info.name = BaseName(path);
  size_t dot = info.name.rfind('.');
  if (dot != std::string::npos && dot > 0) info.name.resize(dot);

  if (first[0] == '{' || first[0] == '[') {
    // JSON lines of STIX objects: a complete object on the first line and
    // another object on the next non-empty line.
    bool json_lines = false;
    if (first[0] == '{' && first.back() == '}' && first.find("\"type\"") != std::string_view::npos) {
      size_t after = static_cast<size_t>(first.data() - content.data()) + first.size();
      std::string_view second = FirstContentLine(content.substr(after), false);
      json_lines = !second.empty() && second[0] == '{';
    }
    if (json_lines) {
      info.format = "stix-jsonl";
      uint32_t feed = set_.AddFeed(info);
      Status s = LoadStixObjects(content, true, set_, feed);
      if (!s.ok()) Fail(path, s.message());
      return;
    }
    simdjson::dom::parser parser;
    simdjson::padded_string padded(content);
    simdjson::dom::element doc;
    if (auto e = parser.parse(padded).get(doc); e) {
      Fail(path, std::string("invalid JSON: ") + simdjson::error_message(e));
      return;
    }
    simdjson::dom::array arr;
    if (!doc.get(arr)) {
      simdjson::dom::object o;
      if (arr.size() > 0 && !arr.at(0).get(o)) {
        if (!o["ja4_fingerprint"].error() || !o["ja4t_fingerprint"].error() ||
            !o["ja4s_fingerprint"].error() || !o["application"].error()) {
          Skip(path, "JA4+ fingerprint database (application labels, not indicators)");
          return;
        }
        if (!o["type"].error() && !o["id"].error()) {
          info.format = "stix";
          uint32_t feed = set_.AddFeed(info);
          Status s = LoadStixObjects(content, false, set_, feed);
          if (!s.ok()) Fail(path, s.message());
          return;
        }
      }
      Skip(path, "JSON array of unknown records: not a feed format Dragnet knows");
      return;
    }
    simdjson::dom::object obj;
    if (doc.get(obj)) {
      Skip(path, "JSON scalar: not a feed");
      return;
    }
    std::string_view type;
    if (!obj["Event"].error() || !obj["response"].error()) {
      info.format = "misp";
      uint32_t feed = set_.AddFeed(info);
      Status s = LoadMispEvent(content, set_, feed);
      if (!s.ok()) Fail(path, s.message());
      return;
    }
    if (!obj["type"].get(type) && (type == "bundle" || type == "indicator")) {
      info.format = "stix";
      uint32_t feed = set_.AddFeed(info);
      Status s = LoadStixObjects(content, false, set_, feed);
      if (!s.ok()) Fail(path, s.message());
      return;
    }
    if (!obj["list"].error() && !obj["matching_attributes"].error()) {
      Skip(path, "MISP warninglist: pass it with --warninglist");
      return;
    }
    if (!obj["values"].error() && !obj["uuid"].error()) {
      Skip(path, "MISP galaxy (context clusters, not indicators)");
      return;
    }
    if (base == "manifest.json") {
      Skip(path, "MISP feed manifest (the events beside it are loaded)");
      return;
    }
    Skip(path, "JSON object of unknown shape: not a feed format Dragnet knows");
    return;
  }

  std::string_view first_data = FirstContentLine(content, true);
  if (first_data.starts_with("#fields")) {
    info.format = "zeek-intel";
    uint32_t feed = set_.AddFeed(info);
    Status s = LoadZeekIntel(content, set_, feed);
    if (!s.ok()) Fail(path, s.message());
    return;
  }
  if (LooksLikeCsvHeader(first_data)) {
    info.format = "csv";
    uint32_t feed = set_.AddFeed(info);
    Status s = LoadCsvFeed(content, set_, feed);
    if (!s.ok()) Fail(path, s.message());
    return;
  }
  // Anything else is a list; binary junk ends up all "unrecognised".
  info.format = content.find("Maltrail") != std::string_view::npos ? "maltrail" : "plain";
  if (base == "hashes.csv") {
    Skip(path, "MISP feed hash index (the events beside it are loaded)");
    return;
  }
  uint32_t feed = set_.AddFeed(info);
  Status s = LoadPlainList(content, set_, feed);
  if (!s.ok()) Fail(path, s.message());
}

}  // namespace dragnet
