#include "detect/intel/intel_state.h"

#include <algorithm>

namespace dragnet::intel_internal {
namespace {

constexpr size_t kIpCacheSize = 1 << 13;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Alice <alice@example.com>" -> "alice@example.com".
std::string MailAddress(std::string_view s) {
  size_t lt = s.rfind('<');
  if (lt != std::string_view::npos) {
    size_t gt = s.find('>', lt);
    s = s.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  return Lower(s);
}

template <typename T>
void KeepSmallest(std::vector<T>& v, T item, size_t max) {
  if (std::find(v.begin(), v.end(), item) != v.end()) return;
  if (v.size() < max) {
    v.insert(std::upper_bound(v.begin(), v.end(), item), std::move(item));
  } else if (item < v.back()) {
    v.pop_back();
    v.insert(std::upper_bound(v.begin(), v.end(), item), std::move(item));
  }
}

}  // namespace

IntelState::IntelState(const IndicatorSet& intel, const Warninglists& lists,
                       const IntelParams& params)
    : intel_(intel), lists_(lists), params_(params), suppressed_(lists.lists().size(), 0),
      ip_cache_(kIpCacheSize) {}

void IntelState::Resolve(const Schema& schema) {
  schema_ = &schema;
  schema_version_ = schema.version();
  Fields f;
  std::string_view path = schema.path();
  if (path.starts_with("open_")) path.remove_prefix(5);  // open_conn, open_http, open_ssl
  if (path == "conn") f.kind = Kind::kConn;
  else if (path == "dns") f.kind = Kind::kDns;
  else if (path == "http") f.kind = Kind::kHttp;
  else if (path == "ssl") f.kind = Kind::kSsl;
  else if (path == "x509") f.kind = Kind::kX509;
  else if (path == "files") f.kind = Kind::kFiles;
  else if (path == "smtp") f.kind = Kind::kSmtp;
  f.orig = schema.Find("id.orig_h");
  f.resp = schema.Find("id.resp_h");
  f.uid = schema.Find("uid");
  f.local_orig = schema.Find("local_orig");
  f.local_resp = schema.Find("local_resp");
  f.query = schema.Find("query");
  f.answers = schema.Find("answers");
  f.host = schema.Find("host");
  f.uri = schema.Find("uri");
  f.referrer = schema.Find("referrer");
  f.sni = schema.Find("server_name");
  f.ja3 = schema.Find("ja3");
  f.ja3s = schema.Find("ja3s");
  f.ja4 = schema.Find("ja4");
  f.fps = schema.Find("cert_chain_fps");
  f.fuids = schema.Find("cert_chain_fuids");
  f.fingerprint = schema.Find("fingerprint");
  f.san_dns = schema.Find("san.dns");
  f.x509_id = schema.Find("id");
  f.md5 = schema.Find("md5");
  f.sha1 = schema.Find("sha1");
  f.sha256 = schema.Find("sha256");
  f.rx = schema.Find("rx_hosts");
  f.tx = schema.Find("tx_hosts");
  f.is_orig = schema.Find("is_orig");
  const char* mail[] = {"mailfrom", "rcptto", "from", "to", "cc", "reply_to"};
  for (size_t i = 0; i < f.mail.size(); ++i) f.mail[i] = schema.Find(mail[i]);
  f_ = f;
}

void IntelState::LookupIp(const Ip& ip, uint32_t& exact, uint32_t& cidr) {
  uint64_t h = (ip.hi() * 0x9E3779B97F4A7C15ULL) ^ (ip.lo() * 0xC2B2AE3D27D4EB4FULL);
  IpCacheEntry& e = ip_cache_[(h >> 40) & (kIpCacheSize - 1)];
  if (e.valid && e.ip == ip) {
    exact = e.exact;
    cidr = e.cidr;
    return;
  }
  exact = intel_.FindIp(ip);
  cidr = intel_.has_cidrs() ? intel_.FindCidr(ip) : IndicatorSet::kNone;
  e = IpCacheEntry{ip, exact, cidr, true};
}

int IntelState::Suppressing(uint32_t head, std::string_view observed) {
  if (lists_.empty()) return -1;
  scratch_.assign(reinterpret_cast<const char*>(&head), sizeof head);
  scratch_.append(observed);
  auto it = suppression_cache_.find(scratch_);
  if (it != suppression_cache_.end()) return it->second;
  const Indicator& ind = intel_.at(head);
  int list = lists_.Match(ind.type, ind.value);
  if (list < 0 && observed != ind.value) {
    IndicatorType observed_type = ind.type;
    if (ind.type == IndicatorType::kCidr) observed_type = IndicatorType::kIp;
    list = lists_.Match(observed_type, observed);
  }
  suppression_cache_.emplace(scratch_, list);
  return list;
}

void IntelState::Hit(Seen& s, uint32_t head, std::string_view observed, const char* field,
                     uint32_t attack, bool listed_side_is_orig, std::optional<Ip> host_override) {
  int list = Suppressing(head, observed);
  if (list >= 0) {
    ++suppressed_[list];
    return;
  }
  std::optional<Ip> host = host_override;
  if (!host) {
    // The host is the endpoint that is not the listed one; when that endpoint
    // is outside the org but the other is inside, the inside one is the host.
    host = listed_side_is_orig ? s.resp : s.orig;
    std::optional<Ip> other = listed_side_is_orig ? s.orig : s.resp;
    if (host && other && !s.org->IsInternal(*host) && s.org->IsInternal(*other) &&
        attack != kC2)
      host = other;
  }
  if (!host) return;  // nobody to attribute the hit to
  MatchAgg& agg = matches_[MatchKey{s.org->index, *host, head}];
  ++agg.count;
  (listed_side_is_orig ? agg.inbound : agg.outbound)++;
  Timestamp ts = s.record->ts();
  if (ts < agg.first) agg.first = ts;
  if (agg.last < ts) agg.last = ts;
  agg.attack_bits |= attack;
  const std::string& log = s.record->schema().path();
  auto place = std::find_if(agg.places.begin(), agg.places.end(),
                            [&](const Place& p) { return std::string_view(p.field) == field && p.log == log; });
  if (place == agg.places.end()) {
    agg.places.push_back(Place{log, field, 0});
    place = agg.places.end() - 1;
  }
  ++place->count;
  if (f_.uid >= 0 && s.record->IsSet(f_.uid))
    KeepSmallest(agg.samples, {ts.micros(), std::string(s.record->Text(f_.uid))}, params_.max_samples);
  KeepSmallest(agg.observed, std::string(observed), params_.max_samples);
}

void IntelState::CheckIp(Seen& s, const Ip& ip, bool is_resp_side, const char* field, bool endpoint) {
  uint32_t exact, cidr;
  LookupIp(ip, exact, cidr);
  if (exact == IndicatorSet::kNone && cidr == IndicatorSet::kNone) return;
  std::string text = ip.ToString();
  uint32_t attack = kC2;
  // For an endpoint, the listed side is the one that holds the address; an
  // address seen inside a record (a DNS answer) was looked up by the client.
  bool listed_is_orig = endpoint && !is_resp_side;
  if (exact != IndicatorSet::kNone) Hit(s, exact, text, field, attack, listed_is_orig);
  if (cidr != IndicatorSet::kNone) Hit(s, cidr, text, field, attack, listed_is_orig);
}

void IntelState::CheckDomain(Seen& s, std::string_view name, const char* field, uint32_t attack) {
  if (name.empty() || name == "-") return;
  if (auto ip = Ip::Parse(name)) {
    CheckIp(s, *ip, true, field, false);
    return;
  }
  std::string d = NormalizeDomain(name);
  uint32_t head = intel_.FindDomain(d);
  if (head != IndicatorSet::kNone) Hit(s, head, d, field, attack, false);
}

void IntelState::CheckUrl(Seen& s, std::string_view url, const char* field) {
  std::string u = NormalizeUrl(url);
  uint32_t head = intel_.FindUrl(u);
  if (head == IndicatorSet::kNone) {
    size_t q = u.find('?');
    if (q != std::string::npos) head = intel_.FindUrl(std::string_view(u).substr(0, q));
  }
  if (head != IndicatorSet::kNone) Hit(s, head, u, field, kWebC2, false);
}

void IntelState::CheckHash(Seen& s, uint32_t head, std::string_view value, const char* field,
                           uint32_t attack, std::optional<Ip> host_override) {
  if (head != IndicatorSet::kNone) Hit(s, head, value, field, attack, false, host_override);
}

void IntelState::OnRecord(const OrgContext& org, const Record& r) {
  if (&r.schema() != schema_ || r.schema().version() != schema_version_) Resolve(r.schema());
  Seen s{&org, &r, r.GetIp(f_.orig), r.GetIp(f_.resp)};
  if (s.orig) CheckIp(s, *s.orig, false, "id.orig_h", true);
  if (s.resp) CheckIp(s, *s.resp, true, "id.resp_h", true);
  // Hex values are matched in lower case; `hex` holds the lowered value.
  std::string hex;
  auto check_hex = [&](int field, uint32_t (IndicatorSet::*find)(std::string_view) const, const char* name,
                       uint32_t attack, std::optional<Ip> host = std::nullopt) {
    if (!r.IsSet(field)) return;
    hex = Lower(r.Text(field));
    CheckHash(s, (intel_.*find)(hex), hex, name, attack, host);
  };
  switch (f_.kind) {
    case Kind::kDns:
      CheckDomain(s, r.Text(f_.query), "query", kDnsC2);
      r.ForEach(f_.answers, [&](std::string_view a) { CheckDomain(s, a, "answers", kDnsC2); });
      break;
    case Kind::kHttp: {
      std::string_view host = r.Text(f_.host);
      CheckDomain(s, host, "host", kWebC2);
      if (!host.empty() && r.IsSet(f_.uri)) {
        std::string url(host);
        url += r.Text(f_.uri);
        CheckUrl(s, url, "url");
      }
      std::string_view ref = r.Text(f_.referrer);
      if (!ref.empty()) {
        CheckUrl(s, ref, "referrer");
        std::string n = NormalizeUrl(ref);
        std::string_view h = std::string_view(n).substr(0, n.find_first_of("/?:"));
        CheckDomain(s, h, "referrer", kWebC2);
      }
      break;
    }
    case Kind::kSsl: {
      CheckDomain(s, r.Text(f_.sni), "server_name", kEncryptedC2);
      check_hex(f_.ja3, &IndicatorSet::FindJa3, "ja3", kEncryptedC2);
      check_hex(f_.ja3s, &IndicatorSet::FindJa3s, "ja3s", kEncryptedC2);
      check_hex(f_.ja4, &IndicatorSet::FindJa4, "ja4", kEncryptedC2);
      r.ForEach(f_.fps, [&](std::string_view fp) {
        std::string v = Lower(fp);
        uint32_t head = intel_.FindCertHash(v);
        if (head == IndicatorSet::kNone) {
          auto it = bad_certs_.find(v);
          if (it != bad_certs_.end()) head = it->second;
        }
        CheckHash(s, head, v, "cert_chain_fps", kEncryptedC2);
      });
      r.ForEach(f_.fuids, [&](std::string_view fuid) {
        auto it = bad_certs_.find(std::string(fuid));
        if (it != bad_certs_.end()) CheckHash(s, it->second, fuid, "cert_chain_fuids", kEncryptedC2);
      });
      break;
    }
    case Kind::kX509: {
      // x509 records name no host: remember bad certificates, and let the ssl
      // records that carried them raise the findings.
      std::string fp = Lower(r.Text(f_.fingerprint));
      uint32_t head = fp.empty() ? IndicatorSet::kNone : intel_.FindCertHash(fp);
      r.ForEach(f_.san_dns, [&](std::string_view name) {
        if (head != IndicatorSet::kNone) return;
        uint32_t h = intel_.FindDomain(NormalizeDomain(name));
        if (h != IndicatorSet::kNone && Suppressing(h, NormalizeDomain(name)) < 0) head = h;
      });
      if (head != IndicatorSet::kNone) {
        if (!fp.empty()) bad_certs_.emplace(fp, head);
        if (r.IsSet(f_.x509_id)) bad_certs_.emplace(std::string(r.Text(f_.x509_id)), head);
      }
      break;
    }
    case Kind::kFiles: {
      // The host is the receiver: rx_hosts (older Zeek), else the side that
      // did not send the file (is_orig tells which side sent it).
      std::optional<Ip> receiver;
      r.ForEach(f_.rx, [&](std::string_view h) {
        if (!receiver) receiver = Ip::Parse(h);
      });
      if (!receiver && s.orig) receiver = r.Text(f_.is_orig) == "T" ? s.resp : s.orig;
      if (!receiver) break;
      check_hex(f_.md5, &IndicatorSet::FindFileHash, "md5", kToolTransfer, receiver);
      check_hex(f_.sha1, &IndicatorSet::FindFileHash, "sha1", kToolTransfer, receiver);
      check_hex(f_.sha256, &IndicatorSet::FindFileHash, "sha256", kToolTransfer, receiver);
      break;
    }
    case Kind::kSmtp: {
      static const char* kMailFields[] = {"mailfrom", "rcptto", "from", "to", "cc", "reply_to"};
      for (size_t i = 0; i < f_.mail.size(); ++i) {
        r.ForEach(f_.mail[i], [&](std::string_view v) {
          std::string addr = MailAddress(v);
          CheckHash(s, intel_.FindEmail(addr), addr, kMailFields[i], kPhishing);
          size_t at = addr.find('@');
          if (at != std::string::npos) CheckDomain(s, std::string_view(addr).substr(at + 1), kMailFields[i], kPhishing);
        });
      }
      break;
    }
    default:
      break;
  }
}

void IntelState::Merge(DetectorState& other_base) {
  auto& other = static_cast<IntelState&>(other_base);
  for (auto& [key, o] : other.matches_) {
    MatchAgg& a = matches_[key];
    a.count += o.count;
    a.outbound += o.outbound;
    a.inbound += o.inbound;
    if (o.first < a.first) a.first = o.first;
    if (a.last < o.last) a.last = o.last;
    a.attack_bits |= o.attack_bits;
    for (const Place& p : o.places) {
      auto it = std::find_if(a.places.begin(), a.places.end(),
                             [&](const Place& q) { return std::string_view(q.field) == p.field && q.log == p.log; });
      if (it == a.places.end()) a.places.push_back(p);
      else it->count += p.count;
    }
    for (auto& sample : o.samples) KeepSmallest(a.samples, sample, params_.max_samples);
    for (auto& v : o.observed) KeepSmallest(a.observed, v, params_.max_samples);
  }
  for (size_t i = 0; i < suppressed_.size() && i < other.suppressed_.size(); ++i)
    suppressed_[i] += other.suppressed_[i];
  for (auto& [k, v] : other.bad_certs_) bad_certs_.emplace(k, v);
}

}  // namespace dragnet::intel_internal
