#include "intel/indicator.h"

#include <algorithm>
#include <array>

#include "core/ip.h"

namespace dragnet {
namespace {

constexpr std::array<const char*, kIndicatorTypeCount> kNames = {
    "ip", "cidr", "domain", "url", "md5", "sha1", "sha256", "ja3", "ja3s", "ja4", "cert_sha1",
    "cert_sha256", "email"};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

// Undoes the usual defanging of shared indicators: "hxxp", "[.]", "(.)", "[:]".
std::string Refang(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '[' || s[i] == '(') && i + 2 < s.size() && (s[i + 1] == '.' || s[i + 1] == ':') &&
        (s[i + 2] == ']' || s[i + 2] == ')')) {
      out.push_back(s[i + 1]);
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  std::string low = ToLower(std::string_view(out).substr(0, 5));
  if (low.starts_with("hxxp")) out[1] = out[2] = 't';
  return out;
}

}  // namespace

const char* IndicatorTypeName(IndicatorType t) { return kNames[static_cast<int>(t)]; }

std::optional<IndicatorType> IndicatorTypeFromName(std::string_view name) {
  for (int i = 0; i < kIndicatorTypeCount; ++i)
    if (name == kNames[i]) return static_cast<IndicatorType>(i);
  return std::nullopt;
}

bool IsHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool IsJa4(std::string_view s) {
  // JA4 = a_b_c: a is 10 chars: [tqd] + 2-char TLS version + [di] + 2+2 digits
  // + 2-char ALPN; b and c are 12 hex chars each.
  if (s.size() != 36 || s[10] != '_' || s[23] != '_') return false;
  if (s[0] != 't' && s[0] != 'q' && s[0] != 'd') return false;
  if (s[3] != 'd' && s[3] != 'i') return false;
  for (int i = 4; i < 8; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return IsHex(s.substr(11, 12)) && IsHex(s.substr(24, 12));
}

std::string NormalizeDomain(std::string_view d) {
  while (!d.empty() && d.back() == '.') d.remove_suffix(1);
  if (d.starts_with("*.")) d.remove_prefix(2);
  return ToLower(d);
}

bool IsValidDomain(std::string_view d) {
  if (d.size() < 3 || d.size() > 253 || d.find('.') == std::string_view::npos) return false;
  size_t label = 0;
  bool has_alpha = false;
  for (char c : d) {
    if (c == '.') {
      if (label == 0 || label > 63) return false;
      label = 0;
      continue;
    }
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
    if (c >= 'a' && c <= 'z') has_alpha = true;
    ++label;
  }
  if (label == 0 || label > 63) return false;
  // The last label (TLD) is never all digits: that would be an IP-like string.
  size_t last = d.rfind('.');
  std::string_view tld = d.substr(last + 1);
  bool digits = std::all_of(tld.begin(), tld.end(), [](char c) { return c >= '0' && c <= '9'; });
  return has_alpha && !digits;
}

std::string NormalizeUrl(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view scheme_name;
  if (scheme != std::string_view::npos && scheme < 10) {
    scheme_name = url.substr(0, scheme);
    url.remove_prefix(scheme + 3);
  }
  size_t frag = url.find('#');
  if (frag != std::string_view::npos) url = url.substr(0, frag);
  size_t path = url.find_first_of("/?");
  std::string host = ToLower(url.substr(0, path));
  if (size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);  // user:pass@
  std::string low_scheme = ToLower(scheme_name);
  if ((low_scheme == "http" || low_scheme.empty()) && host.ends_with(":80")) host.resize(host.size() - 3);
  if (low_scheme == "https" && host.ends_with(":443")) host.resize(host.size() - 4);
  while (!host.empty() && host.back() == '.') host.pop_back();
  std::string out = host;
  if (path != std::string_view::npos) {
    std::string_view rest = url.substr(path);
    out.append(rest);
  }
  // "evil.com/" and "evil.com" are the same resource.
  if (out.size() > 1 && out.back() == '/' && out.find('/') == out.size() - 1) out.pop_back();
  return out;
}

std::string NormalizeHex(std::string_view h) { return ToLower(h); }

std::string_view LowerAscii(std::string_view in, std::string& buf) {
  // Branch-free test (the compiler vectorises it): log values are nearly
  // always lower case already.
  bool upper = false;
  for (char c : in) upper |= static_cast<unsigned char>(c - 'A') < 26;
  if (!upper) return in;
  buf.assign(in);
  for (char& c : buf) c = Lower(c);
  return buf;
}

std::string_view NormalizeDomainView(std::string_view d, std::string& buf) {
  while (!d.empty() && d.back() == '.') d.remove_suffix(1);
  if (d.starts_with("*.")) d.remove_prefix(2);
  return LowerAscii(d, buf);
}

std::optional<Classified> ClassifyIndicator(std::string_view raw,
                                            std::optional<IndicatorType> hint) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t' || raw.front() == '"'))
    raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                          raw.back() == '"'))
    raw.remove_suffix(1);
  if (raw.empty() || raw.size() > 4096) return std::nullopt;
  std::string v = Refang(raw);
  std::string_view s = v;

  if (hint) {
    switch (*hint) {
      case IndicatorType::kJa3:
      case IndicatorType::kJa3s:
        if (s.size() == 32 && IsHex(s)) return Classified{*hint, NormalizeHex(s)};
        return std::nullopt;
      case IndicatorType::kJa4:
        if (IsJa4(ToLower(s))) return Classified{*hint, ToLower(s)};
        return std::nullopt;
      case IndicatorType::kCertSha1:
        if (s.size() == 40 && IsHex(s)) return Classified{*hint, NormalizeHex(s)};
        if (s.size() == 64 && IsHex(s)) return Classified{IndicatorType::kCertSha256, NormalizeHex(s)};
        return std::nullopt;
      default:
        break;  // other hints only confirm what sniffing finds
    }
  }
  // Hashes.
  if (IsHex(s)) {
    if (s.size() == 32) return Classified{IndicatorType::kMd5, NormalizeHex(s)};
    if (s.size() == 40) return Classified{IndicatorType::kSha1, NormalizeHex(s)};
    if (s.size() == 64) return Classified{IndicatorType::kSha256, NormalizeHex(s)};
  }
  if (IsJa4(s)) return Classified{IndicatorType::kJa4, std::string(s)};
  // URLs: a scheme, or a host followed by a path.
  std::string low = ToLower(s.substr(0, 8));
  if (low.starts_with("http://") || low.starts_with("https://") || low.starts_with("ftp://"))
    return Classified{IndicatorType::kUrl, NormalizeUrl(s)};
  if (auto ip = Ip::Parse(s)) return Classified{IndicatorType::kIp, ip->ToString()};
  if (s.find('/') != std::string_view::npos) {
    if (auto cidr = Cidr::Parse(s)) {
      if (cidr->prefix == 128) return Classified{IndicatorType::kIp, cidr->network.ToString()};
      // Networks wider than an IPv4 /8 or an IPv6 /16 are listing mistakes
      // (0.0.0.0/0 would flag every host): not indicators.
      if (cidr->prefix < (cidr->network.is_v4() ? 104 : 16)) return std::nullopt;
      return Classified{IndicatorType::kCidr, cidr->ToString()};
    }
    std::string_view host = s.substr(0, s.find('/'));
    std::string h = NormalizeDomain(host);
    size_t colon = h.rfind(':');
    std::string bare = colon == std::string::npos ? h : h.substr(0, colon);
    if (IsValidDomain(bare) || Ip::Parse(bare)) return Classified{IndicatorType::kUrl, NormalizeUrl(s)};
    return std::nullopt;
  }
  // "1.2.3.4:8080" (Maltrail): the address is the key, the port kept beside it.
  if (size_t colon = s.rfind(':'); colon != std::string_view::npos && s.find(':') == colon) {
    if (auto ip = Ip::Parse(s.substr(0, colon))) {
      std::string_view digits = s.substr(colon + 1);
      uint32_t port = 0;
      bool numeric = !digits.empty() && digits.size() <= 5;
      for (char ch : digits) {
        numeric &= ch >= '0' && ch <= '9';
        port = port * 10 + static_cast<uint32_t>(ch - '0');
      }
      return Classified{IndicatorType::kIp, ip->ToString(), numeric && port <= 65535 ? static_cast<uint16_t>(port) : uint16_t{0}};
    }
    std::string h = NormalizeDomain(s.substr(0, colon));
    if (IsValidDomain(h)) return Classified{IndicatorType::kDomain, h};
  }
  if (size_t at = s.find('@'); at != std::string_view::npos && at > 0) {
    std::string domain = NormalizeDomain(s.substr(at + 1));
    if (IsValidDomain(domain) && s.find('@', at + 1) == std::string_view::npos)
      return Classified{IndicatorType::kEmail, ToLower(s)};
    return std::nullopt;
  }
  std::string d = NormalizeDomain(s);
  if (IsValidDomain(d)) return Classified{IndicatorType::kDomain, d};
  return std::nullopt;
}

int32_t DayOf(int64_t micros) {
  int64_t day = micros / (86400LL * 1000000);
  return static_cast<int32_t>(std::clamp<int64_t>(day, 1, INT32_MAX));
}

}  // namespace dragnet
