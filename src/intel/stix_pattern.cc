// The subset of the STIX 2.x patterning language that names indicators:
// comparisons "object-path = 'value'" joined by AND/OR inside [ ] observation
// expressions, with FOLLOWEDBY and qualifiers (WITHIN, START/STOP, REPEATS)
// ignored. Each equality on a supported path becomes one indicator: an AND of
// two values is indexed as both values (a match on either is reported, with
// the pattern as evidence), which over-matches rather than misses.
#include <algorithm>
#include <cctype>
#include <string>

#include "intel/feed_loader.h"

namespace dragnet {
namespace {

struct Comparison {
  std::string path;   // "file:hashes.SHA-256" (quotes removed)
  std::string op;     // "=", "!=", "MATCHES", ...
  std::string value;  // unquoted string literal, or the raw token
  bool string_literal = false;
};

class PatternScanner {
 public:
  explicit PatternScanner(std::string_view p) : p_(p) {}

  // Next comparison, or false at the end.
  bool Next(Comparison& out) {
    for (;;) {
      SkipSpace();
      if (i_ >= p_.size()) return false;
      char c = p_[i_];
      if (c == '[' || c == ']' || c == '(' || c == ')') {
        ++i_;
        continue;
      }
      std::string word = Word();
      if (word.empty()) {
        ++i_;  // stray character
        continue;
      }
      if (word == "AND" || word == "OR" || word == "FOLLOWEDBY" || word == "NOT") continue;
      if (word == "WITHIN" || word == "REPEATS") {
        SkipSpace();
        Word();  // number
        SkipSpace();
        Word();  // SECONDS / TIMES
        continue;
      }
      if (word == "START" || word == "STOP") {
        SkipSpace();
        Literal();
        continue;
      }
      if (word.find(':') == std::string::npos) continue;
      out.path = StripQuotes(word);
      SkipSpace();
      out.op = Operator();
      SkipSpace();
      if (out.op == "NOT") {
        SkipSpace();
        out.op = "NOT " + Operator();
        SkipSpace();
      }
      out.string_literal = i_ < p_.size() && p_[i_] == '\'';
      out.value = Literal();
      return true;
    }
  }

 private:
  void SkipSpace() {
    while (i_ < p_.size() && std::isspace(static_cast<unsigned char>(p_[i_]))) ++i_;
  }
  // An object path or keyword: up to whitespace or a bracket, keeping quoted
  // segments like hashes.'SHA-256' whole.
  std::string Word() {
    std::string w;
    while (i_ < p_.size()) {
      char c = p_[i_];
      if (c == '\'') {
        size_t end = p_.find('\'', i_ + 1);
        if (end == std::string_view::npos) end = p_.size() - 1;
        w.append(p_.substr(i_, end - i_ + 1));
        i_ = end + 1;
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c)) || c == '[' || c == ']' || c == '(' ||
          c == ')' || c == '=' || c == '!' || c == '<' || c == '>')
        break;
      w.push_back(c);
      ++i_;
    }
    return w;
  }
  std::string Operator() {
    std::string op;
    while (i_ < p_.size() && (p_[i_] == '=' || p_[i_] == '!' || p_[i_] == '<' || p_[i_] == '>'))
      op.push_back(p_[i_++]);
    if (!op.empty()) return op;
    return Word();
  }
  std::string Literal() {
    if (i_ < p_.size() && p_[i_] == '\'') {
      std::string v;
      ++i_;
      while (i_ < p_.size()) {
        char c = p_[i_++];
        if (c == '\\' && i_ < p_.size()) {
          v.push_back(p_[i_++]);
          continue;
        }
        if (c == '\'') break;
        v.push_back(c);
      }
      return v;
    }
    if (i_ < p_.size() && p_[i_] == '(') {  // IN ('a', 'b'): kept raw
      size_t end = p_.find(')', i_);
      if (end == std::string_view::npos) end = p_.size() - 1;
      std::string v(p_.substr(i_, end - i_ + 1));
      i_ = end + 1;
      return v;
    }
    // t'...', h'...', b'...' or a number.
    std::string v = Word();
    return v;
  }
  static std::string StripQuotes(const std::string& s) {
    std::string out;
    for (char c : s)
      if (c != '\'') out.push_back(c);
    return out;
  }

  std::string_view p_;
  size_t i_ = 0;
};

std::optional<IndicatorType> TypeOfPath(const std::string& path, std::string_view value) {
  if (path == "ipv4-addr:value" || path == "ipv6-addr:value" ||
      path == "network-traffic:dst_ref.value" || path == "network-traffic:src_ref.value")
    return value.find('/') != std::string_view::npos ? IndicatorType::kCidr : IndicatorType::kIp;
  if (path == "domain-name:value" || path == "network-traffic:dst_ref.domain-name:value")
    return IndicatorType::kDomain;
  if (path == "url:value") return IndicatorType::kUrl;
  if (path == "email-addr:value" || path == "email-message:from_ref.value" ||
      path == "email-message:sender_ref.value")
    return IndicatorType::kEmail;
  if (path.starts_with("file:hashes.")) {
    std::string h = path.substr(12);
    if (h == "MD5") return IndicatorType::kMd5;
    if (h == "SHA-1" || h == "SHA1") return IndicatorType::kSha1;
    if (h == "SHA-256" || h == "SHA256") return IndicatorType::kSha256;
    return std::nullopt;
  }
  if (path.starts_with("x509-certificate:hashes.")) {
    std::string h = path.substr(24);
    if (h == "SHA-1" || h == "SHA1") return IndicatorType::kCertSha1;
    if (h == "SHA-256" || h == "SHA256") return IndicatorType::kCertSha256;
  }
  return std::nullopt;
}

// The port of "[network-traffic:dst_ref.value = '1.2.3.4' AND
// network-traffic:dst_port = 8000]": the one dst_port equality of a pattern
// that is a single observation; 0 when there is none or it is ambiguous.
uint16_t SingleObservationDstPort(std::string_view pattern) {
  if (std::count(pattern.begin(), pattern.end(), '[') != 1) return 0;
  PatternScanner scanner(pattern);
  Comparison c;
  uint32_t port = 0;
  int ports = 0;
  while (scanner.Next(c)) {
    if (c.path != "network-traffic:dst_port") continue;
    ++ports;
    bool numeric = c.op == "=" && !c.value.empty() && c.value.size() <= 5 &&
                   std::all_of(c.value.begin(), c.value.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    port = numeric ? static_cast<uint32_t>(std::stoul(c.value)) : 0;
  }
  return ports == 1 && port > 0 && port <= 65535 ? static_cast<uint16_t>(port) : 0;
}

}  // namespace

void AddStixPattern(std::string_view pattern, IndicatorSet& set, uint32_t feed,
                    const IndicatorMeta& meta) {
  uint16_t dst_port = SingleObservationDstPort(pattern);
  IndicatorMeta with_port = meta;
  with_port.port = dst_port;
  PatternScanner scanner(pattern);
  Comparison c;
  uint64_t read = 0;
  while (scanner.Next(c)) {
    if (dst_port != 0 && c.path == "network-traffic:dst_port") continue;  // qualifies the address
    if (++read > kMaxStixComparisons) {
      ++set.feed(feed).stix_comparisons_dropped;
      continue;
    }
    auto type = TypeOfPath(c.path, c.value);
    if (c.op != "=" || !type || !c.string_literal) {
      ++set.feed(feed).unsupported["stix " + c.path + " " + c.op];
      continue;
    }
    // Route through the classifier so values get their normal form; the
    // pattern's object type decides between look-alike hex types.
    std::optional<IndicatorType> hint;
    if (*type == IndicatorType::kCertSha1 || *type == IndicatorType::kCertSha256)
      hint = IndicatorType::kCertSha1;
    auto classified = ClassifyIndicator(c.value, hint);
    if (!classified) {
      ++set.feed(feed).unrecognized;
      continue;
    }
    IndicatorType final_type = classified->type;
    // A url:value without a scheme or path still is a URL; a domain-name that
    // classifies as a URL is not.
    if (*type == IndicatorType::kUrl && final_type != IndicatorType::kUrl) {
      set.Add(IndicatorType::kUrl, NormalizeUrl(c.value), feed, meta);
      continue;
    }
    // The port qualifies the destination address of the same observation.
    bool qualified = dst_port != 0 && c.path == "network-traffic:dst_ref.value" && final_type == IndicatorType::kIp;
    set.Add(final_type, classified->value, feed, qualified ? with_port : meta);
  }
}

}  // namespace dragnet
