#include "intel/warninglist.h"

#include "core/file_io.h"
#include "core/output_set.h"
#include "core/text.h"

#include <algorithm>
#include <filesystem>

#include <re2/re2.h>
#include <simdjson.h>

namespace dragnet {
namespace {

// MISP attribute type names -> Dragnet indicator types they cover.
uint32_t TypesOfAttribute(std::string_view a) {
  auto bit = [](IndicatorType t) { return 1u << static_cast<int>(t); };
  if (a == "ip-src" || a == "ip-dst" || a == "ip-src|port" || a == "ip-dst|port")
    return bit(IndicatorType::kIp) | bit(IndicatorType::kCidr);
  if (a == "domain" || a == "hostname" || a == "hostname|port") return bit(IndicatorType::kDomain);
  if (a == "domain|ip") return bit(IndicatorType::kDomain) | bit(IndicatorType::kIp);
  if (a == "url" || a == "uri" || a == "link") return bit(IndicatorType::kUrl);
  if (a == "md5" || a == "filename|md5") return bit(IndicatorType::kMd5);
  if (a == "sha1" || a == "filename|sha1") return bit(IndicatorType::kSha1);
  if (a == "sha256" || a == "filename|sha256") return bit(IndicatorType::kSha256);
  if (a == "email" || a == "email-src" || a == "email-dst" || a == "target-email")
    return bit(IndicatorType::kEmail);
  if (a == "ja3-fingerprint-md5") return bit(IndicatorType::kJa3);
  if (a == "x509-fingerprint-sha1") return bit(IndicatorType::kCertSha1);
  if (a == "x509-fingerprint-sha256") return bit(IndicatorType::kCertSha256);
  return 0;
}

// The host of a normalised URL ("host[:port]/path").
std::string_view UrlHost(std::string_view url) {
  std::string_view h = url.substr(0, url.find_first_of("/?"));
  size_t colon = h.rfind(':');
  if (colon != std::string_view::npos && h.find(':') == colon) h = h.substr(0, colon);
  return h;
}

}  // namespace

Warninglists::Warninglists() = default;
Warninglists::~Warninglists() = default;
Warninglists::Warninglists(Warninglists&&) noexcept = default;
Warninglists& Warninglists::operator=(Warninglists&&) noexcept = default;

void Warninglists::LoadPath(const std::string& path, Diagnostics& diag, const std::vector<std::string>& exclude,
                            const std::string& origin) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    InputFolderListing listing = ListInputFolder(path, exclude);
    for (const auto& [folder, why] : listing.skipped) diag.Note(folder, why);
    for (const auto& [entry, why] : listing.not_files)
      diag.FileProblem(entry, "warninglist not loaded: " + why + ", not a file: skipped, never opened");
    if (!listing.error.empty()) diag.FileProblem(path, "warninglists not loaded: " + listing.error);
    for (auto& f : listing.files)
      if (fs::path(f).extension() == ".json") files.push_back(std::move(f));
  } else {
    files.push_back(path);
  }
  for (const auto& f : files) {
    auto content = ReadFileToString(f);
    if (!content.ok()) {
      diag.FileProblem(f, "warninglist not loaded: " + content.status().message());
      continue;
    }
    Status s = LoadList(f, *content, origin);
    if (!s.ok()) diag.FileProblem(f, "warninglist not loaded: " + s.message());
  }
}

Status Warninglists::LoadList(const std::string& path, std::string_view content, const std::string& origin) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(content);
  simdjson::dom::element doc;
  if (auto e = parser.parse(padded).get(doc); e)
    return Status::Error(std::string("invalid JSON: ") + simdjson::error_message(e));
  simdjson::dom::array values;
  std::string_view type, name;
  if (doc["list"].get(values) || doc["type"].get(type))
    return Status::Error("not a MISP warninglist (needs \"list\" and \"type\")");
  if (doc["name"].get(name)) name = path;
  List list;
  list.name = std::string(name);
  list.path = path;
  list.type = std::string(type);
  list.origin = origin;
  simdjson::dom::array attrs;
  if (!doc["matching_attributes"].get(attrs)) {
    for (auto a : attrs) {
      std::string_view s;
      if (!a.get(s)) list.applies_to |= TypesOfAttribute(s);
    }
  }
  if (list.applies_to == 0) list.applies_to = ~0u;  // no restriction given
  int id = static_cast<int>(lists_.size());
  for (auto v : values) {
    std::string_view raw;
    if (v.get(raw) || raw.empty()) continue;
    ++list.entries;
    if (type == "cidr") {
      auto cidr = Cidr::Parse(raw);
      if (cidr) cidrs_.Slot(*cidr).push_back(id);
    } else if (type == "hostname") {
      hostnames_[NormalizeDomain(raw)].push_back(id);
    } else if (type == "substring") {
      if (substrings_.empty() || substrings_.back().first != id) substrings_.emplace_back(id, std::vector<std::string>{});
      substrings_.back().second.push_back(AsciiLower(raw));
    } else if (type == "regex") {
      std::string_view body = raw;
      bool icase = false;
      if (body.size() >= 2 && body.front() == '/') {
        size_t end = body.rfind('/');
        icase = body.substr(end + 1).find('i') != std::string_view::npos;
        body = body.substr(1, end - 1);
      }
      re2::RE2::Options opts;
      opts.set_case_sensitive(!icase);
      opts.set_log_errors(false);
      opts.set_max_mem(1 << 20);
      auto re = std::make_unique<re2::RE2>(re2::StringPiece(body.data(), body.size()), opts);
      if (re->ok()) {
        regexes_.emplace_back(std::move(re), id);
      } else {
        --list.entries;  // a construct RE2 does not support (backreferences): the entry cannot apply
      }
    } else {  // "string"
      auto cidr = raw.find('/') != std::string_view::npos ? Cidr::Parse(raw) : std::nullopt;
      if (cidr) {
        cidrs_.Slot(*cidr).push_back(id);
      } else {
        strings_[AsciiLower(raw)].push_back(id);
      }
    }
  }
  lists_.push_back(std::move(list));
  return Status::Ok();
}

int Warninglists::MatchIp(const Ip& ip) const {
  if (const auto* ids = cidrs_.Find(ip))
    for (int id : *ids)
      if (Applies(id, IndicatorType::kIp)) return id;
  auto it = strings_.find(ip.ToString());
  if (it != strings_.end())
    for (int id : it->second)
      if (Applies(id, IndicatorType::kIp)) return id;
  return -1;
}

int Warninglists::MatchExactIp(const Ip& ip) const {
  auto it = strings_.find(ip.ToString());
  if (it != strings_.end())
    for (int id : it->second)
      if (Applies(id, IndicatorType::kIp)) return id;
  return -1;
}

int Warninglists::MatchListing(const Indicator& listing, bool patterns) const {
  if (NamesService(listing)) {
    auto ip = Ip::Parse(listing.value);
    return ip ? MatchExactIp(*ip) : -1;
  }
  return Match(listing.type, listing.value, patterns);
}

int Warninglists::Match(IndicatorType type, std::string_view value, bool patterns) const {
  if (lists_.empty()) return -1;
  if (type == IndicatorType::kIp) {
    if (auto ip = Ip::Parse(value)) return MatchIp(*ip);
  }
  std::string low = AsciiLower(value);
  if (auto it = strings_.find(low); it != strings_.end())
    for (int id : it->second)
      if (Applies(id, type)) return id;
  std::string_view host;
  if (type == IndicatorType::kDomain) host = low;
  if (type == IndicatorType::kUrl) host = UrlHost(low);
  if (type == IndicatorType::kEmail) host = std::string_view(low).substr(low.find('@') + 1);
  if (!host.empty()) {
    if (auto ip = Ip::Parse(host)) {
      int id = MatchIp(*ip);
      if (id >= 0) return id;
    }
    for (std::string_view d = host;;) {
      if (auto it = hostnames_.find(std::string(d)); it != hostnames_.end())
        for (int id : it->second)
          if (Applies(id, type == IndicatorType::kEmail ? IndicatorType::kDomain : type) ||
              Applies(id, IndicatorType::kDomain))
            return id;
      size_t dot = d.find('.');
      if (dot == std::string_view::npos) break;
      d.remove_prefix(dot + 1);
    }
  }
  if (!patterns) return -1;
  for (const auto& [id, needles] : substrings_) {
    if (!Applies(id, type)) continue;
    for (const std::string& needle : needles)
      if (low.find(needle) != std::string::npos) return id;
  }
  for (const auto& [re, id] : regexes_)
    if (Applies(id, type) && re2::RE2::PartialMatch(low, *re)) return id;
  return -1;
}

}  // namespace dragnet
