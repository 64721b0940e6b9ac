#include "detect/intel/intel_state.h"

#include "core/smallest.h"
#include "core/text.h"
#include "intel/public_suffix.h"

#include <algorithm>
#include <cstring>
#include <set>

#include <absl/hash/hash.h>

namespace dragnet::intel_internal {
namespace {

// "Alice <alice@example.com>" -> "alice@example.com".
std::string MailAddress(std::string_view s) {
  size_t lt = s.rfind('<');
  if (lt != std::string_view::npos) {
    size_t gt = s.find('>', lt);
    s = s.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  return AsciiLower(s);
}

}  // namespace

IntelState::IntelState(const IndicatorSet& intel, std::vector<const Warninglists*> lists,
                       const IntelParams& params)
    : intel_(intel), lists_(std::move(lists)), params_(params),
      // The miss caches pay even for a small index: a name's lookup walks
      // every parent (a hash and a probe each), and an address's probes the
      // exact table and the CIDR trie; a known miss is one hash, one probe.
      ip_misses_(intel.HasAny(IndicatorType::kIp) || intel.has_cidrs()),
      domain_misses_(intel.HasAny(IndicatorType::kDomain)) {
  size_t list_count = 0;
  for (const Warninglists* l : lists_) list_count += l->lists().size();
  suppressed_.assign(list_count, 0);
  has_ips_ = intel.HasAny(IndicatorType::kIp) || intel.HasAny(IndicatorType::kCidr);
  has_domains_ = intel.HasAny(IndicatorType::kDomain);
  has_urls_ = intel.HasAny(IndicatorType::kUrl);
  has_files_ = intel.HasAny(IndicatorType::kMd5);
  has_certs_ = intel.HasAny(IndicatorType::kCertSha1);
  has_ja3_ = intel.HasAny(IndicatorType::kJa3);
  has_ja3s_ = intel.HasAny(IndicatorType::kJa3s);
  has_ja4_ = intel.HasAny(IndicatorType::kJa4);
  has_email_ = intel.HasAny(IndicatorType::kEmail);
}

IntelState::Endpoint IntelState::LookupEndpoint(std::string_view text) {
  Endpoint e;
  e.ip = Ip::Parse(text);
  if (e.ip) LookupIp(*e.ip, e.exact, e.cidr);
  return e;
}

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
  f.resp_p = schema.Find("id.resp_p");
  f.uid = schema.Find("uid");
  // files.log's local_orig says where the file's data came from, not
  // whether the connection's originator is local: no hint there.
  if (f.kind != Kind::kFiles) {
    f.local_orig = schema.Find("local_orig");
    f.local_resp = schema.Find("local_resp");
  }
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
  f.data_channel = schema.Find("data_channel.resp_h");
  f.rx = schema.Find("rx_hosts");
  f.tx = schema.Find("tx_hosts");
  f.is_orig = schema.Find("is_orig");
  const char* mail[] = {"mailfrom", "rcptto", "from", "to", "cc", "reply_to"};
  for (size_t i = 0; i < f.mail.size(); ++i) f.mail[i] = schema.Find(mail[i]);
  f_ = f;
}

void IntelState::LookupIp(const Ip& ip, uint32_t& exact, uint32_t& cidr) {
  // An IPv4 address is its own key; an IPv6 one is hashed.
  uint64_t key = ip.is_v4() ? ip.v4() : absl::HashOf(ip.hi(), ip.lo());
  if (ip_misses_.on() && ip_misses_.KnownMiss(key)) {
    exact = cidr = IndicatorSet::kNone;
    return;
  }
  exact = intel_.FindIp(ip);
  cidr = intel_.has_cidrs() ? intel_.FindCidr(ip) : IndicatorSet::kNone;
  if (ip_misses_.on() && exact == IndicatorSet::kNone && cidr == IndicatorSet::kNone) ip_misses_.RememberMiss(key);
}

int IntelState::Suppressing(uint32_t head, std::string_view observed) {
  if (suppressed_.empty()) return -1;
  scratch_.assign(reinterpret_cast<const char*>(&head), sizeof head);
  scratch_.append(observed);
  auto it = suppression_cache_.find(scratch_);
  if (it != suppression_cache_.end()) return it->second;
  const Indicator& ind = intel_.at(head);
  int list = -1;
  int offset = 0;
  // An address every feed lists with a service port (Maltrail "IP:5888") is
  // suppressed only by a list naming that address, not by a network range
  // holding it (Warninglists::NamesService); one listed bare or on a web
  // port too (a search engine's edge as "IP:443") stays suppressible.
  bool port_qualified = true;
  for (uint32_t id = head; id != IndicatorSet::kNone && port_qualified; id = intel_.next(id))
    port_qualified = Warninglists::NamesService(intel_.at(id));
  std::optional<Ip> address = port_qualified ? Ip::Parse(ind.value) : std::nullopt;
  for (const Warninglists* lists : lists_) {
    list = address ? lists->MatchExactIp(*address) : lists->Match(ind.type, ind.value);
    if (list < 0 && observed != ind.value && !port_qualified) {
      IndicatorType observed_type = ind.type;
      if (ind.type == IndicatorType::kCidr) observed_type = IndicatorType::kIp;
      list = lists->Match(observed_type, observed);
    }
    if (list >= 0) {
      list += offset;
      break;
    }
    offset += static_cast<int>(lists->lists().size());
  }
  suppression_cache_.emplace(scratch_, list);
  return list;
}

void IntelState::ParseEndpoints(Seen& s) const {
  if (s.parsed) return;
  s.orig = s.record->GetIp(f_.orig);
  s.resp = s.record->GetIp(f_.resp);
  s.parsed = true;
}

IntelState::Parties IntelState::EndpointParties(Seen& s, Listed listed) const {
  ParseEndpoints(s);
  auto local = [&](int index) {
    auto v = s.record->GetBool(index);
    return v ? static_cast<int>(*v) : -1;
  };
  Party orig{s.orig, local(f_.local_orig)}, resp{s.resp, local(f_.local_resp)};
  // The implicated party is the one that did not hold the listed value: the
  // responder when the originator's address is listed, else the originator
  // (the client that looked up, requested or was served the value).
  if (listed == Listed::kOrig) return {{resp, HostRole::kImplicated}, {orig, HostRole::kListed}};
  return {{orig, HostRole::kImplicated},
          {resp, listed == Listed::kResp ? HostRole::kListed : HostRole::kCounterpart}};
}

IntelState::Parties IntelState::TransferParties(Seen& s) const {
  Parties parties;
  // tx_hosts/rx_hosts (Zeek before 5.1) name both sides outright.
  s.record->ForEach(f_.rx, [&](std::string_view h) {
    if (auto ip = Ip::Parse(h)) parties.push_back({Party{ip}, HostRole::kImplicated});
  });
  s.record->ForEach(f_.tx, [&](std::string_view h) {
    if (auto ip = Ip::Parse(h)) parties.push_back({Party{ip}, HostRole::kCounterpart});
  });
  if (!parties.empty()) return parties;
  // Zeek 5.1+ (or tx/rx naming no address): the connection's endpoints;
  // is_orig says whether the originator sent the file. Unset, either side
  // may have: the originator is tried first, as the usual downloading client.
  ParseEndpoints(s);
  std::optional<bool> orig_sent = s.record->GetBool(f_.is_orig);
  if (!orig_sent) return {{Party{s.orig}, HostRole::kTransfer}, {Party{s.resp}, HostRole::kTransfer}};
  if (*orig_sent) return {{Party{s.resp}, HostRole::kImplicated}, {Party{s.orig}, HostRole::kCounterpart}};
  return {{Party{s.orig}, HostRole::kImplicated}, {Party{s.resp}, HostRole::kCounterpart}};
}

void IntelState::Hit(Seen& s, uint32_t head, std::string_view observed, const char* field,
                     uint32_t attack, Listed listed, const Parties& parties, uint32_t port_listing,
                     bool port_unchecked) {
  int list = Suppressing(head, observed);
  if (list >= 0) {
    ++suppressed_[list];
    return;
  }
  auto chosen = InternalHost(*s.org, parties.empty() ? EndpointParties(s, listed) : parties);
  if (!chosen) {
    if (unattributed_.size() <= s.org->index) unattributed_.resize(s.org->index + 1, 0);
    ++unattributed_[s.org->index];
    return;
  }
  const auto& [host, role] = *chosen;
  MatchAgg& agg = matches_[MatchKey{s.org->index, host, head}];
  ++agg.count;
  ++agg.roles[static_cast<size_t>(role)];
  // Direction is the listed endpoint's: a host whose own address is listed
  // neither contacted it nor was contacted by it.
  if (role != HostRole::kListed) (listed == Listed::kOrig ? agg.inbound : agg.outbound)++;
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
    KeepSmallestDistinct(agg.samples, {ts.micros(), std::string(s.record->Text(f_.uid))}, params_.max_samples);
  KeepSmallestDistinct(agg.observed, std::string(observed), params_.max_samples);
  if (std::string_view(field) == "answers" && s.record->IsSet(f_.query))
    KeepSmallestDistinct(agg.resolved_from, AsciiLower(s.record->Text(f_.query)), params_.max_samples);
  if (port_unchecked) ++agg.port_unchecked;
  if (port_listing != IndicatorSet::kNone) KeepSmallestDistinct(agg.port_listings, port_listing, params_.max_samples);
  if (f_.kind == Kind::kDns && role == HostRole::kImplicated) {
    ParseEndpoints(s);
    if (s.orig && *s.orig == host && s.resp && *s.resp != host && s.org->IsInternal(*s.resp, -1))
      KeepSmallestDistinct(agg.dns_servers, *s.resp, params_.max_samples);
  }
}

void IntelState::NoteDnsRoles(Seen& s) {
  ParseEndpoints(s);
  if (!s.orig || !s.resp || *s.orig == *s.resp) return;
  auto local = [&](int index) {
    auto v = s.record->GetBool(index);
    return v ? static_cast<int>(*v) : -1;
  };
  bool orig_in = s.org->IsInternal(*s.orig, local(f_.local_orig));
  if (!orig_in) return;
  if (s.org->IsInternal(*s.resp, local(f_.local_resp))) dns_roles_[std::make_pair(s.org->index, *s.resp)] |= kServesClients;
  dns_roles_[std::make_pair(s.org->index, *s.orig)] |= kAsks;
}

void IntelState::HitAddress(Seen& s, uint32_t head, std::string_view text, const char* field, Listed listed) {
  // The responder's port, when the listed address is the responder.
  std::optional<uint64_t> resp_port;
  if (listed == Listed::kResp) resp_port = s.record->GetCount(f_.resp_p);
  uint32_t matched = IndicatorSet::kNone;
  for (uint32_t i = head; i != IndicatorSet::kNone; i = intel_.next(i)) {
    uint16_t port = intel_.at(i).meta.port;
    if (port == 0) {  // a listing for any port: an ordinary address hit
      Hit(s, head, text, field, kC2, listed);
      return;
    }
    if (resp_port && *resp_port == port && (matched == IndicatorSet::kNone || i < matched)) matched = i;
  }
  if (matched != IndicatorSet::kNone) {
    Hit(s, head, text, field, kC2, listed, {}, matched);
  } else if (listed == Listed::kNone) {
    // Inside a record (a DNS answer): no port to check, a weaker match.
    Hit(s, head, text, field, kC2, listed, {}, IndicatorSet::kNone, true);
  } else {
    ++port_mismatches_;
  }
}

void IntelState::CheckIp(Seen& s, const Ip& ip, bool is_resp_side, const char* field, bool endpoint) {
  uint32_t exact, cidr;
  LookupIp(ip, exact, cidr);
  if (exact == IndicatorSet::kNone && cidr == IndicatorSet::kNone) return;
  std::string text = ip.ToString();
  uint32_t attack = kC2;
  // For an endpoint, the listed side is the one that holds the address; an
  // address seen inside a record (a DNS answer) was looked up by the client.
  Listed listed = !endpoint ? Listed::kNone : is_resp_side ? Listed::kResp : Listed::kOrig;
  if (exact != IndicatorSet::kNone) HitAddress(s, exact, text, field, listed);
  if (cidr != IndicatorSet::kNone) Hit(s, cidr, text, field, attack, listed);
}

void IntelState::CheckDomain(Seen& s, std::string_view name, const char* field, uint32_t attack) {
  if (name.empty() || name == "-") return;
  if (has_ips_) {
    if (auto ip = Ip::Parse(name)) {
      CheckIp(s, *ip, true, field, false);
      return;
    }
  }
  if (!has_domains_) return;
  std::string_view d = NormalizeDomainView(name, domain_buf_);
  uint32_t head = CachedFindDomain(d);
  if (head != IndicatorSet::kNone) Hit(s, head, d, field, attack, Listed::kNone);
}

uint32_t IntelState::CachedFindDomain(std::string_view d) {
  if (!domain_misses_.on()) return intel_.FindDomain(d);
  // absl's hash, inlined: a byte-serial FNV-1a cost ~25 ns a name, and a
  // call into libxxhash measured slower still.
  uint64_t key = absl::Hash<std::string_view>{}(d);
  if (domain_misses_.KnownMiss(key)) return IndicatorSet::kNone;
  uint32_t head = intel_.FindDomain(d);
  if (head == IndicatorSet::kNone) domain_misses_.RememberMiss(key);
  return head;
}

void IntelState::CheckUrl(Seen& s, std::string_view url, const char* field) {
  if (!has_urls_) return;
  std::string u = NormalizeUrl(url);
  uint32_t head = intel_.FindUrl(u);
  if (head == IndicatorSet::kNone) {
    size_t q = u.find('?');
    if (q != std::string::npos) head = intel_.FindUrl(std::string_view(u).substr(0, q));
  }
  if (head != IndicatorSet::kNone) Hit(s, head, u, field, kWebC2, Listed::kNone);
}

void IntelState::CheckHash(Seen& s, uint32_t head, std::string_view value, const char* field,
                           uint32_t attack, const Parties& parties) {
  if (head != IndicatorSet::kNone) Hit(s, head, value, field, attack, Listed::kNone, parties);
}

void IntelState::CheckHex(Seen& s, int field, uint32_t (IndicatorSet::*find)(std::string_view) const,
                          const char* name, std::string& hex) {
  if (!s.record->IsSet(field)) return;
  std::string_view v = LowerAscii(s.record->Text(field), hex);
  CheckHash(s, (intel_.*find)(v), v, name, kEncryptedC2);
}

void IntelState::OnRecord(const OrgContext& org, const Record& r) {
  if (&r.schema() != schema_ || r.schema().version() != schema_version_) Resolve(r.schema());
  Endpoint orig, resp;
  if (has_ips_) {
    orig = LookupEndpoint(r.Text(f_.orig));
    resp = LookupEndpoint(r.Text(f_.resp));
  }
  Seen s{&org, &r, orig.ip, resp.ip, has_ips_};
  if (orig.hit()) CheckIp(s, *s.orig, false, "id.orig_h", true);
  if (resp.hit()) CheckIp(s, *s.resp, true, "id.resp_h", true);
  if (f_.data_channel >= 0 && has_ips_) {  // ftp: the data connection's server
    Endpoint data = LookupEndpoint(r.Text(f_.data_channel));
    if (data.hit()) CheckIp(s, *data.ip, true, "data_channel.resp_h", false);
  }
  // Hex values are matched in lower case; `hex` holds the lowered value.
  std::string hex;
  switch (f_.kind) {
    case Kind::kDns:
      if (!has_domains_ && !has_ips_) break;
      NoteDnsRoles(s);
      CheckDomain(s, r.Text(f_.query), "query", kDnsC2);
      r.ForEach(f_.answers, [&](std::string_view a) { CheckDomain(s, a, "answers", kDnsC2); });
      break;
    case Kind::kHttp: {
      std::string_view host = r.Text(f_.host);
      CheckDomain(s, host, "host", kWebC2);
      if (has_urls_ && !host.empty() && r.IsSet(f_.uri)) {
        std::string url(host);
        url += r.Text(f_.uri);
        CheckUrl(s, url, "url");
      }
      std::string_view ref = r.Text(f_.referrer);
      if (!ref.empty() && (has_urls_ || has_domains_)) {
        CheckUrl(s, ref, "referrer");
        std::string n = NormalizeUrl(ref);
        std::string_view h = std::string_view(n).substr(0, n.find_first_of("/?:"));
        CheckDomain(s, h, "referrer", kWebC2);
      }
      break;
    }
    case Kind::kSsl: {
      CheckDomain(s, r.Text(f_.sni), "server_name", kEncryptedC2);
      if (has_ja3_) CheckHex(s, f_.ja3, &IndicatorSet::FindJa3, "ja3", hex);
      if (has_ja3s_) CheckHex(s, f_.ja3s, &IndicatorSet::FindJa3s, "ja3s", hex);
      if (has_ja4_) CheckHex(s, f_.ja4, &IndicatorSet::FindJa4, "ja4", hex);
      if (has_certs_ || !bad_certs_.empty()) r.ForEach(f_.fps, [&](std::string_view fp) {
        std::string_view v = LowerAscii(fp, hex);
        uint32_t head = intel_.FindCertHash(v);
        if (head == IndicatorSet::kNone) head = FindBadCert(org.index, v);
        CheckHash(s, head, v, "cert_chain_fps", kEncryptedC2);
      });
      if (!bad_certs_.empty()) r.ForEach(f_.fuids, [&](std::string_view fuid) {
        CheckHash(s, FindBadCert(org.index, fuid), fuid, "cert_chain_fuids", kEncryptedC2);
      });
      break;
    }
    case Kind::kX509: {
      if (!has_certs_ && !has_domains_) break;
      // x509 records name no host: remember bad certificates, and let the ssl
      // records that carried them raise the findings.
      std::string fp = AsciiLower(r.Text(f_.fingerprint));
      uint32_t head = fp.empty() ? IndicatorSet::kNone : intel_.FindCertHash(fp);
      uint32_t by_san = IndicatorSet::kNone;
      std::set<std::string, std::less<>> owners;  // registered domains the names belong to
      r.ForEach(f_.san_dns, [&](std::string_view name) {
        std::string n = NormalizeDomain(name);
        if (n.starts_with("*.")) n.erase(0, 2);
        std::string_view reg = RegisteredDomain(n);
        if (owners.size() <= params_.max_cert_owners) owners.emplace(reg.empty() ? std::string_view(n) : reg);
        if (head != IndicatorSet::kNone || by_san != IndicatorSet::kNone) return;
        uint32_t h = intel_.FindDomain(n);
        if (h != IndicatorSet::kNone && Suppressing(h, n) < 0) by_san = h;
      });
      // A certificate naming sites of many owners (a vendor's EV certificate
      // for sixty sites, a CDN's) is every one of them's: a listed name among
      // its SANs does not make the visited site's connections a visit to it.
      if (head == IndicatorSet::kNone && owners.size() <= params_.max_cert_owners) head = by_san;
      if (head != IndicatorSet::kNone) {
        if (!fp.empty()) AddBadCert(bad_certs_, org.index, fp, head);
        if (r.IsSet(f_.x509_id)) AddBadCert(bad_certs_, org.index, std::string(r.Text(f_.x509_id)), head);
      }
      break;
    }
    case Kind::kFiles: {
      if (!has_files_) break;
      // The host is the internal receiver, else the internal sender; the
      // parties are worked out on the first listed hash only.
      std::optional<Parties> parties;
      for (auto [field, name] : {std::pair{f_.md5, "md5"}, {f_.sha1, "sha1"}, {f_.sha256, "sha256"}}) {
        if (!r.IsSet(field)) continue;
        std::string_view v = LowerAscii(r.Text(field), hex);
        uint32_t head = intel_.FindFileHash(v);
        if (head == IndicatorSet::kNone) continue;
        if (!parties) parties = TransferParties(s);
        CheckHash(s, head, v, name, kToolTransfer, *parties);
      }
      break;
    }
    case Kind::kSmtp: {
      if (!has_email_ && !has_domains_) break;
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

void IntelState::AddBadCert(BadCerts& certs, uint32_t org, std::string key, uint32_t head) {
  auto [it, inserted] = certs.emplace(std::make_pair(org, std::move(key)), head);
  if (!inserted) it->second = std::min(it->second, head);
}

uint32_t IntelState::FindBadCert(uint32_t org, std::string_view value) const {
  if (bad_certs_.empty()) return IndicatorSet::kNone;
  auto it = bad_certs_.find(std::make_pair(org, std::string(value)));
  return it == bad_certs_.end() ? IndicatorSet::kNone : it->second;
}

std::optional<std::pair<Ip, HostRole>> InternalHost(
    const OrgContext& org, const std::vector<std::pair<Party, HostRole>>& parties) {
  for (const auto& [party, role] : parties)
    if (party.ip && org.IsInternal(*party.ip, party.local)) return std::make_pair(*party.ip, role);
  return std::nullopt;
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
    for (size_t i = 0; i < kHostRoles; ++i) a.roles[i] += o.roles[i];
    for (const Place& p : o.places) {
      auto it = std::find_if(a.places.begin(), a.places.end(),
                             [&](const Place& q) { return std::string_view(q.field) == p.field && q.log == p.log; });
      if (it == a.places.end()) a.places.push_back(p);
      else it->count += p.count;
    }
    for (auto& sample : o.samples) KeepSmallestDistinct(a.samples, sample, params_.max_samples);
    for (auto& v : o.observed) KeepSmallestDistinct(a.observed, v, params_.max_samples);
    for (auto& v : o.resolved_from) KeepSmallestDistinct(a.resolved_from, v, params_.max_samples);
    for (uint32_t v : o.port_listings) KeepSmallestDistinct(a.port_listings, v, params_.max_samples);
    for (const Ip& v : o.dns_servers) KeepSmallestDistinct(a.dns_servers, v, params_.max_samples);
    a.port_unchecked += o.port_unchecked;
  }
  port_mismatches_ += other.port_mismatches_;
  for (const auto& [k, v] : other.dns_roles_) dns_roles_[k] |= v;
  for (size_t i = 0; i < suppressed_.size() && i < other.suppressed_.size(); ++i)
    suppressed_[i] += other.suppressed_[i];
  if (unattributed_.size() < other.unattributed_.size()) unattributed_.resize(other.unattributed_.size(), 0);
  for (size_t i = 0; i < other.unattributed_.size(); ++i) unattributed_[i] += other.unattributed_[i];
  for (auto& [k, v] : other.bad_certs_) AddBadCert(bad_certs_, k.first, k.second, v);
}

}  // namespace dragnet::intel_internal
