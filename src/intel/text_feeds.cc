// Line-oriented feeds: plain lists (and Maltrail trails), Zeek Intel framework
// files, and CSV exports.
#include <algorithm>
#include <vector>

#include "core/base_encoding.h"
#include "core/text.h"
#include "intel/feed_loader.h"

namespace dragnet {
namespace {

// A feed's file name may say what its 32-hex values are.
std::optional<IndicatorType> HintFromName(const std::string& name) {
  std::string low = AsciiLower(name);
  if (low.find("ja3s") != std::string::npos) return IndicatorType::kJa3s;
  if (low.find("ja3") != std::string::npos) return IndicatorType::kJa3;
  if (low.find("ja4") != std::string::npos) return IndicatorType::kJa4;
  if (low.find("cert") != std::string::npos || low.find("x509") != std::string::npos ||
      low.find("sslbl") != std::string::npos)
    return IndicatorType::kCertSha1;
  return std::nullopt;
}

// Suricata datasets of type string hold one base64-encoded value a line;
// Dragnet writes them as *.dataset-string.lst (`dragnet export`).
bool IsSuricataStringDataset(const std::string& name) {
  return AsciiLower(name).find("dataset-string") != std::string::npos;
}

bool AddChecked(std::string_view raw, IndicatorSet& set, uint32_t feed, const IndicatorMeta& meta,
                std::optional<IndicatorType> hint) {
  return set.AddRaw(raw, feed, meta, hint);
}

}  // namespace

Status LoadPlainList(std::string_view content, IndicatorSet& set, uint32_t feed) {
  const std::string name = set.feed(feed).name;
  auto hint = HintFromName(name);
  const bool base64 = IsSuricataStringDataset(name);
  IndicatorMeta base;
  base.description = set.pool().Intern(name);
  ForEachLine(content, [&](std::string_view line) {
    line = Trim(line);
    if (line.empty()) return;
    if (line[0] == '#' || line.starts_with("//")) {
      std::string_view c = Trim(line.substr(1));
      if (base.reference.empty() && (c.starts_with("Reference:") || c.starts_with("reference:")))
        base.reference = set.pool().Intern(Trim(c.substr(10)));
      return;
    }
    IndicatorMeta meta = base;
    std::string_view value = line;
    // "value # note" (Maltrail) and "value;note" (signature-base).
    size_t hash = value.find(" #");
    if (hash == std::string_view::npos) hash = value.find("\t#");
    if (hash != std::string_view::npos) {
      std::string_view note = Trim(value.substr(hash + 2));
      if (!note.empty()) meta.description = set.pool().Intern(note);
      value = Trim(value.substr(0, hash));
    }
    size_t semi = value.find(';');
    if (semi != std::string_view::npos) {
      std::string_view note = Trim(value.substr(semi + 1));
      if (!note.empty()) meta.description = set.pool().Intern(note);
      value = Trim(value.substr(0, semi));
    }
    if (base64) {
      auto decoded = Base64Decode(value);
      if (decoded) AddChecked(*decoded, set, feed, meta, hint);
      return;
    }
    AddChecked(value, set, feed, meta, hint);
  });
  return Status::Ok();
}

Status LoadZeekIntel(std::string_view content, IndicatorSet& set, uint32_t feed) {
  int col_indicator = -1, col_type = -1, col_source = -1, col_desc = -1, col_url = -1;
  bool have_fields = false;
  const std::string feed_name = set.feed(feed).name;
  Status status;
  ForEachLine(content, [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return;
    if (line.starts_with("#fields")) {
      auto cols = Split(line.substr(std::min<size_t>(line.size(), 8)), '\t');
      col_indicator = col_type = col_source = col_desc = col_url = -1;
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i] == "indicator") col_indicator = static_cast<int>(i);
        if (cols[i] == "indicator_type") col_type = static_cast<int>(i);
        if (cols[i] == "meta.source") col_source = static_cast<int>(i);
        if (cols[i] == "meta.desc") col_desc = static_cast<int>(i);
        if (cols[i] == "meta.url") col_url = static_cast<int>(i);
      }
      have_fields = col_indicator >= 0 && col_type >= 0;
      return;
    }
    if (line[0] == '#') return;
    if (!have_fields) {
      ++set.feed(feed).unrecognized;
      return;
    }
    auto cols = Split(line, '\t');
    auto col = [&](int i) -> std::string_view {
      if (i < 0 || static_cast<size_t>(i) >= cols.size()) return {};
      std::string_view v = cols[i];
      return v == "-" ? std::string_view() : v;
    };
    std::string_view value = col(col_indicator);
    std::string_view type = col(col_type);
    if (value.empty() || type.empty()) {
      ++set.feed(feed).unrecognized;
      return;
    }
    IndicatorMeta meta;
    std::string_view desc = col(col_desc);
    meta.description = set.pool().Intern(desc.empty() ? std::string_view(feed_name) : desc);
    std::string_view ref = col(col_url);
    if (ref.empty()) ref = col(col_source);
    meta.reference = set.pool().Intern(ref);
    std::optional<IndicatorType> hint;
    if (type == "Intel::ADDR" || type == "Intel::SUBNET" || type == "Intel::DOMAIN" ||
        type == "Intel::EMAIL" || type == "Intel::FILE_HASH") {
    } else if (type == "Intel::URL") {
      // Zeek's Intel::URL values have no scheme: "evil.com/x.php".
    } else if (type == "Intel::CERT_HASH") {
      hint = IndicatorType::kCertSha1;
    } else if (type == "Intel::JA3") {
      hint = IndicatorType::kJa3;
    } else if (type == "Intel::JA3S") {
      hint = IndicatorType::kJa3s;
    } else if (type == "Intel::JA4") {
      hint = IndicatorType::kJa4;
    } else {
      ++set.feed(feed).unsupported[std::string(type)];
      return;
    }
    if (type == "Intel::URL" && value.find('/') == std::string_view::npos) {
      // A URL without a path is the site itself.
      std::string with_slash = std::string(value) + "/";
      AddChecked(with_slash, set, feed, meta, hint);
      return;
    }
    AddChecked(value, set, feed, meta, hint);
  });
  return status;
}

Status LoadCsvFeed(std::string_view content, IndicatorSet& set, uint32_t feed) {
  std::vector<std::string> header;
  int col_value = -1, col_desc = -1;
  bool first = true;
  const std::string feed_name = set.feed(feed).name;
  auto hint = HintFromName(feed_name);
  ForEachLine(content, [&](std::string_view line) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') return;
    auto cols = Split(line, ',');
    for (auto& c : cols) {
      c = Trim(c);
      if (c.size() >= 2 && c.front() == '"' && c.back() == '"') c = c.substr(1, c.size() - 2);
    }
    if (first) {
      first = false;
      for (size_t i = 0; i < cols.size(); ++i) {
        std::string h = AsciiLower(cols[i]);
        bool is_value = h == "ip" || h == "ip_address" || h == "ipaddress" || h == "indicator" ||
                        h == "ioc" || h == "value" || h == "domain" || h == "url" || h == "dst_ip" ||
                        h == "host" || h == "hash" || h == "sha256" || h == "md5" || h == "sha1";
        if (is_value && col_value < 0) col_value = static_cast<int>(i);
        bool is_desc = h == "malware" || h == "family" || h == "description" || h == "threat" ||
                       h == "malware_family" || h == "tags" || h == "comment";
        if (is_desc && col_desc < 0) col_desc = static_cast<int>(i);
      }
      return;
    }
    if (col_value < 0 || static_cast<size_t>(col_value) >= cols.size()) {
      ++set.feed(feed).unrecognized;
      return;
    }
    IndicatorMeta meta;
    std::string_view desc = col_desc >= 0 && static_cast<size_t>(col_desc) < cols.size()
                                ? cols[col_desc]
                                : std::string_view(feed_name);
    meta.description = set.pool().Intern(desc);
    AddChecked(cols[col_value], set, feed, meta, hint);
  });
  if (col_value < 0) return Status::Error("CSV header names no indicator column (ip, domain, url, indicator, ioc, value)");
  return Status::Ok();
}

}  // namespace dragnet
