#include "aggregate/aggregates.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include "core/text.h"
#include "detect/detector.h"

namespace dragnet {
namespace {

// The cert_issuers_ key: the org index's four bytes, then the fingerprint.
std::string CertIssuerKey(uint32_t org, std::string_view fingerprint) {
  std::string key(reinterpret_cast<const char*>(&org), sizeof org);
  key.append(fingerprint);
  return key;
}

// Zeek's local_orig/local_resp as OrgContext::IsInternal's hint (-1 unknown).
int Hint(const Record& r, int field) {
  auto v = r.GetBool(field);
  return v ? static_cast<int>(*v) : -1;
}

double Seconds(std::string_view text) {
  auto us = ParseSecondsToMicros(text);
  return us && *us > 0 ? static_cast<double>(*us) / 1e6 : 0;
}

// Lower-case name without a trailing dot, in `buf`; empty when it is not a
// plausible host name (an address, a bare label).
std::string_view NormalName(std::string_view raw, std::string& buf) {
  raw = Trim(raw);
  while (!raw.empty() && raw.back() == '.') raw.remove_suffix(1);
  if (raw.empty() || raw.find('.') == std::string_view::npos || Ip::Parse(raw)) return {};
  buf.assign(raw);
  for (char& c : buf)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return buf;
}

}  // namespace

bool MimeContradictsUri(std::string_view uri, std::string_view mime) {
  if (uri.empty() || mime.empty() || mime == "-") return false;
  size_t end = uri.find_first_of("?#");
  std::string_view path = uri.substr(0, end);
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return false;
  std::string ext = AsciiLower(path.substr(dot + 1));
  static const std::pair<const char*, const char*> kExpect[] = {
      {"jpg", "image/"}, {"jpeg", "image/"}, {"png", "image/"}, {"gif", "image/"}, {"ico", "image/"},
      {"bmp", "image/"}, {"webp", "image/"}, {"svg", "image/"}, {"css", "text/css"},
      {"js", "javascript"},  // application/javascript, text/javascript
  };
  for (const auto& [e, family] : kExpect)
    if (ext == e) return mime.find(family) == std::string_view::npos;
  return false;
}

Aggregates::Aggregates(const AggregateParams& params, MemoryBudget& budget, OrgShares* shares)
    : shares_(shares), ledger_(shares), pairs_(ledger_, params.max_samples_per_pair), dns_(ledger_),
      ja3_users_(budget), ua_users_(budget), budget_(budget) {}

Aggregates::~Aggregates() { budget_.Release(certs_charged_); }

// Hosts are never refused (an org's internal hosts bound them): they count
// in its holdings, as fixed bytes.
void Aggregates::AddHost(uint32_t org, const Ip& host) {
  if (hosts_.insert({org, host}).second) ledger_.AddFixed(org, kHostCost);
}

void SyncLevel(OrgLedger& ledger, PairTable& pairs, DnsTable& dns, uint32_t org) {
  if (!ledger.shares() || ledger.shares()->level(org) <= ledger.level(org)) return;
  ledger.set_level(org, ledger.shares()->level(org));
  pairs.EvictBelowLevels();
  dns.EvictBelowLevels();
}

void Rebalance(OrgLedger& ledger, PairTable& pairs, DnsTable& dns, uint32_t org) {
  if (!ledger.shares() || !ledger.OverLimit(org)) return;
  OrgShares& shares = *ledger.shares();
  uint64_t water = shares.Publish(org, ledger.bytes(org));
  if (ledger.bytes(org) > water) {
    // What this worker holds at its level already passes the water level, so
    // the complete data would too: the smallest level that fits is safe.
    std::vector<RankCosts> costs(ledger.size());
    std::vector<uint64_t> fixed(ledger.size());
    pairs.AddRankCosts(costs);
    dns.AddRankCosts(costs, fixed);
    uint8_t level = FittingLevel(costs[org], ledger.fixed(org), water, ledger.level(org));
    shares.RaiseLevel(org, level);
    ledger.set_level(org, std::max(level, shares.level(org)));
    pairs.EvictBelowLevels();
    dns.EvictBelowLevels();
  }
  ledger.SetTrigger(org, std::min(water, shares.cap()));
}

bool Aggregates::WantsField(std::string_view log, std::string_view f) {
  if (log == "conn" || log == "open_conn")
    return f == "id.orig_h" || f == "id.resp_h" || f == "duration" || f == "orig_bytes" || f == "resp_bytes" ||
           f == "local_orig" || f == "local_resp" || f == "conn_state" || f == "id.resp_p" || f == "proto" ||
           f == "service";
  if (log == "ssl" || log == "open_ssl")
    return f == "id.orig_h" || f == "id.resp_h" || f == "server_name" || f == "ja3" || f == "local_orig" ||
           f == "cert_chain_fps";
  if (log == "x509") return f == "fingerprint" || f == "certificate.issuer";
  if (log == "http" || log == "open_http")
    return f == "id.orig_h" || f == "id.resp_h" || f == "host" || f == "user_agent" || f == "local_orig" ||
           f == "uri" || f == "resp_mime_types" || f == "trans_depth";
  if (log == "dns")
    return f == "id.orig_h" || f == "query" || f == "qtype_name" || f == "qtype" || f == "rcode_name" ||
           f == "rcode" || f == "answers" || f == "id.resp_h";
  return false;
}

void Aggregates::OnRecord(const OrgContext& org, const Record& r) {
  if (shares_ && shares_->level(org.index) > ledger_.level(org.index)) SyncLevel(ledger_, pairs_, dns_, org.index);
  OnLogRecord(org, r);
  if (ledger_.OverLimit(org.index)) Rebalance(ledger_, pairs_, dns_, org.index);
}

void Aggregates::OnLogRecord(const OrgContext& org, const Record& r) {
  const std::string& log = r.schema().path();
  if (log == "conn") OnConn(org, r, false);
  else if (log == "open_conn") OnConn(org, r, true);
  else if (log == "ssl" || log == "open_ssl") OnNamed(org, r, false, log == "open_ssl");
  else if (log == "http" || log == "open_http") OnNamed(org, r, true, log == "open_http");
  else if (log == "dns") OnDns(org, r);
  else if (log == "x509") return OnX509(org, r);
  else return;
  if (r.ts().micros() > 0) spans_[org.index].Add(r.ts().micros());
}

void Aggregates::OnX509(const OrgContext& org, const Record& r) {
  const auto& f = x509_.Resolve(r.schema());
  std::string_view fp = r.Text(f[0]), issuer = r.Text(f[1]);
  if (fp.empty() || issuer.empty()) return;
  std::string key = CertIssuerKey(org.index, AsciiLower(fp));
  if (cert_issuers_.contains(key)) return;
  uint64_t cost = GrowthBytes(cert_issuers_) + key.size() + issuer.size() + 64;
  if (!budget_.TryCharge(cost)) return;
  certs_charged_ += cost;
  cert_issuers_.emplace(std::move(key), std::string(issuer));
}

std::string_view Aggregates::CertIssuer(uint32_t org, std::string_view fingerprint) const {
  auto it = cert_issuers_.find(CertIssuerKey(org, fingerprint));
  return it == cert_issuers_.end() ? std::string_view() : std::string_view(it->second);
}

void Aggregates::OnConn(const OrgContext& org, const Record& r, bool open) {
  const auto& f = conn_.Resolve(r.schema());
  auto orig = r.GetIp(f[0]);
  auto resp = r.GetIp(f[1]);
  if (!orig || !resp) return;
  if (!org.IsInternal(*orig, Hint(r, f[5])) || org.IsInternal(*resp, Hint(r, f[6])) ||
      resp->IsMulticastOrBroadcast())
    return;
  AddHost(org.index, *orig);
  PairSeries* s = pairs_.ByIp(org.index, *orig, *resp);
  if (!s) {
    ++ledger_.drops(org.index).ip_pair_records;
    return;
  }
  pairs_.AddConn(org.index, *s, r.ts().micros(), r.GetCount(f[3]).value_or(0), r.GetCount(f[4]).value_or(0),
                 Seconds(r.Text(f[2])), open);
  // TCP only: a UDP "S0" is any datagram without a reply (blocked NTP, DNS to
  // a dead resolver), far too common to mean a C2.
  if (!open && r.Text(f[9]) == "tcp" && IsUnanswered(r.Text(f[7])))
    PairTable::AddUnanswered(*s, static_cast<uint16_t>(std::min<uint64_t>(r.GetCount(f[8]).value_or(0), 65535)));
  // NTP (udp/123, unless Zeek's analyzers named another protocol): what the
  // beacon detector's time-sync rule reads.
  if (r.Text(f[8]) == "123" && r.Text(f[9]) == "udp") {
    std::string_view service = r.Text(f[10]);
    if (service.empty() || service == "-" || service.find("ntp") != std::string_view::npos)
      if (PairTraits* t = pairs_.Traits(org.index, *s)) ++t->ntp;
  }
}

// Zeek's conn_state values for an attempt the responder never answered (no
// SYN-ACK seen): S0 (no reply), REJ (rejected), RSTOS0 (SYN then the
// originator's RST), SH (SYN then the originator's FIN). The rest either
// established a connection or show the responder answering (RSTRH, SHR), or
// are midstream (OTH). Zeek's base/protocols/conn/main.zeek documents them.
bool IsUnanswered(std::string_view conn_state) {
  return conn_state == "S0" || conn_state == "REJ" || conn_state == "RSTOS0" || conn_state == "SH";
}

// TLS and HTTP records: a name series (SNI / Host) and the details of the
// address series (the name, the client's JA3 or user agent).
std::string MaskUriPath(std::string_view uri) {
  size_t q = uri.find('?');
  std::string_view path = uri.substr(0, q);
  std::string out;
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    bool digits = !seg.empty() && std::all_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool hex = seg.size() >= 8 && std::all_of(seg.begin(), seg.end(), is_hex);
    bool uuid = seg.size() == 36 && seg[8] == '-' && seg[13] == '-' && seg[18] == '-' && seg[23] == '-';
    bool token = seg.size() >= 16 && std::any_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                 std::all_of(seg.begin(), seg.end(), [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '=';
                 });
    if (digits) out += "{n}";
    else if (uuid) out += "{uuid}";
    else if (hex) out += "{hex}";
    else if (token) out += "{id}";
    else out += seg;
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  if (q != std::string_view::npos) {
    // Parameter names only: "?id=&t=".
    std::string_view query = uri.substr(q + 1);
    out += '?';
    size_t p = 0;
    while (p < query.size()) {
      size_t amp = query.find('&', p);
      std::string_view pair = query.substr(p, amp == std::string_view::npos ? std::string_view::npos : amp - p);
      out += std::string(pair.substr(0, pair.find('='))) + "=";
      if (amp == std::string_view::npos) break;
      out += '&';
      p = amp + 1;
    }
  }
  if (out.size() > 128) out.resize(128);
  return out;
}

void Aggregates::OnNamed(const OrgContext& org, const Record& r, bool http, bool open) {
  const auto& f = http ? http_.Resolve(r.schema()) : ssl_.Resolve(r.schema());
  auto orig = r.GetIp(f[0]);
  auto resp = r.GetIp(f[1]);
  if (!orig || !resp) return;
  if (!org.IsInternal(*orig, Hint(r, f[4])) || org.IsInternal(*resp) || resp->IsMulticastOrBroadcast()) return;
  std::string buf;
  std::string_view name = NormalName(r.Text(f[2]), buf);
  std::string_view client = r.Text(f[3]);  // JA3 or User-Agent
  AddHost(org.index, *orig);
  ClientUsers& users = http ? ua_users_ : ja3_users_;
  uint64_t client_id = client.empty() ? 0 : users.Add(client, org.index, *orig);
  bool mismatch = false;
  if (http) r.ForEach(f[6], [&](std::string_view mime) { mismatch = mismatch || MimeContradictsUri(r.Text(f[5]), mime); });
  // The certificate the server showed (the leaf, first of the chain) or the
  // URI's shape: what ties one C2 to another beyond its address and name.
  std::string detail;
  if (http) {
    if (r.IsSet(f[5])) detail = MaskUriPath(r.Text(f[5]));
  } else {
    r.ForEach(f[7], [&](std::string_view fp) {
      if (detail.empty()) detail = AsciiLower(fp);
    });
  }
  auto note = [&](PairTraits& t) {
    KeepSmallestText(http ? t.uri_pattern : t.cert, detail);
    KeepSmallestId(http ? t.user_agent : t.ja3, client_id);
    t.http_requests += http;
    t.mime_mismatch += mismatch;
  };
  if (!name.empty()) {
    dns_.AddDirect(org.index, name);
    if (PairSeries* s = pairs_.ByName(org.index, *orig, name)) {
      pairs_.AddConn(org.index, *s, r.ts().micros(), 0, 0, 0, false);
      if (PairTraits* t = pairs_.Traits(org.index, *s)) {
        AddAddress(*t, *resp);
        note(*t);
        t->samples_from |= http ? kAppLogHttp : kAppLogSsl;
      }
    } else {
      ++ledger_.drops(org.index).name_pair_records;
    }
  }
  // Not counted when refused: the conn record of the pair is.
  if (PairSeries* s = pairs_.ByIp(org.index, *orig, *resp)) {
    if (PairTraits* t = pairs_.Traits(org.index, *s)) {
      KeepSmallestText(t->name, name);
      t->named += !name.empty();
      note(*t);
      if (http && name.empty() && r.Text(f[2]).empty()) ++t->http_without_host;
      if (http && name.empty()) ++t->http_bare;
    }
    // A connection of its own: every closed TLS session, and an HTTP
    // connection's first request (later ones share its connection).
    bool first_request = !http || r.GetCount(http_depth_.Resolve(r.schema())[0]).value_or(1) <= 1;
    if (!open && first_request) pairs_.AddAppConn(org.index, *s, r.ts().micros(), http ? kAppLogHttp : kAppLogSsl);
  }
}

void Aggregates::OnDns(const OrgContext& org, const Record& r) {
  const auto& f = dns_fields_.Resolve(r.schema());
  auto orig = r.GetIp(f[0]);
  if (!orig || !org.IsInternal(*orig)) return;
  if (auto server = r.GetIp(f[7]); server && *server != *orig && org.IsInternal(*server) &&
                                   resolvers_.insert({org.index, *server}).second)
    ledger_.AddFixed(org.index, kHostCost);
  std::string buf;
  std::string_view name = NormalName(r.Text(f[1]), buf);
  if (name.empty()) return;
  std::string_view qtype = r.IsSet(f[2]) ? r.Text(f[2]) : r.Text(f[3]);
  QueryKind kind = QueryKindFromName(qtype);
  std::string_view rcode = r.IsSet(f[4]) ? r.Text(f[4]) : r.Text(f[5]);
  // Did not resolve: NXDOMAIN, or (when the log has rcodes) asked and never
  // answered -- a DGA's failover asking dead names as often as an NXDOMAIN.
  bool has_rcode = f[4] >= 0 || f[5] >= 0;
  bool nx = rcode == "NXDOMAIN" || rcode == "3" || (has_rcode && rcode.empty() && !r.IsSet(f[6]));
  uint64_t answer_chars = 0;
  if (kind == QueryKind::kTxt || kind == QueryKind::kNull)
    r.ForEach(f[6], [&](std::string_view a) { answer_chars += a.size(); });
  dns_.AddQuery(org.index, *orig, name, kind, nx, answer_chars, r.ts().micros());
  if (kind == QueryKind::kAddress && !nx)
    r.ForEach(f[6], [&](std::string_view a) {
      if (auto ip = Ip::Parse(a); ip && !ip->IsPrivate()) dns_.AddAnswer(org.index, name, *ip);
    });
}

// Per org: its keys' costs by rank (all at rank 0 without `ranked`) and its
// per-host counters' bytes.
void Aggregates::CountCosts(std::vector<RankCosts>& costs, std::vector<uint64_t>& fixed, bool ranked) const {
  size_t n = std::max(ledger_.size(), shares_ ? shares_->orgs() : size_t{0});
  costs.assign(n, RankCosts{});
  fixed.assign(n, 0);
  pairs_.AddRankCosts(costs, ranked);
  dns_.AddRankCosts(costs, fixed, ranked);
  for (const auto& [org, host] : hosts_) {
    if (org >= fixed.size()) fixed.resize(org + 1, 0);
    fixed[org] += kHostCost;
  }
  n = std::max(costs.size(), fixed.size());
  costs.resize(n, RankCosts{});
  fixed.resize(n, 0);
}

void Aggregates::Settle() {
  std::vector<RankCosts> costs;
  std::vector<uint64_t> fixed;
  // Totals first (no hashing): when every org fits and none was cut, that is all.
  CountCosts(costs, fixed, false);
  size_t n = costs.size();
  if (shares_) {
    // Demands: what an org never cut holds is all it needs; a cut org needs
    // more than any water level it was cut at (which is above the final one).
    std::vector<uint64_t> demand(n);
    bool cut = false;
    for (uint32_t o = 0; o < n; ++o) {
      uint64_t held = fixed[o] + costs[o][0];
      bool was_cut = o < shares_->orgs() && shares_->level(o);
      demand[o] = was_cut ? std::max(held, shares_->demand(o)) : held;
      cut = cut || was_cut;
    }
    uint64_t water = WaterLevel(demand, shares_->cap());
    share_ = water;
    for (uint64_t d : demand) cut = cut || d > water;
    if (cut) {
      CountCosts(costs, fixed, true);
      for (uint32_t o = 0; o < n; ++o) {
        uint8_t from = o < shares_->orgs() ? shares_->level(o) : 0;
        ledger_.set_level(o, FittingLevel(costs[o], fixed[o], water, from));
      }
      pairs_.EvictBelowLevels();
      dns_.EvictBelowLevels();
    }
  }
  // The holdings after settling (recounted: merges folded the workers'
  // entries together).
  ledger_.ResetBytes();
  for (uint32_t o = 0; o < n; ++o) {
    uint64_t held = 0;
    for (uint8_t r = ledger_.level(o); r < kKeepNone; ++r) held += costs[o][r];
    ledger_.AddFixed(o, fixed[o]);
    ledger_.Add(o, static_cast<int64_t>(held));
  }
}

void Aggregates::Finish() {
  // Settle first: admission sees the bytes the workers held (app samples
  // included), whatever the thread count.
  Settle();
  pairs_.PromoteAppSamples();
  // Independent: sorting series and counting prevalence.
  std::thread sorter([this] { pairs_.SortSamples(); });
  prevalence_.Build(pairs_, hosts_);
  sorter.join();
}

void Aggregates::Merge(Aggregates& other, bool disjoint_orgs) {
  std::thread dns([this, &other] {
    dns_.Merge(other.dns_);
    ja3_users_.Merge(other.ja3_users_);
    ua_users_.Merge(other.ua_users_);
    hosts_.insert(other.hosts_.begin(), other.hosts_.end());
    resolvers_.insert(other.resolvers_.begin(), other.resolvers_.end());
  });
  ledger_.Merge(other.ledger_);
  if (disjoint_orgs) pairs_.Adopt(other.pairs_);
  else pairs_.Merge(other.pairs_);
  dns.join();
  for (auto& [fp, issuer] : other.cert_issuers_)
    if (!cert_issuers_.contains(fp)) {
      uint64_t g = GrowthBytes(cert_issuers_) + fp.size() + issuer.size() + 64;
      budget_.ForceCharge(g);
      certs_charged_ += g;
      cert_issuers_.emplace(fp, std::move(issuer));
    }
  for (const auto& [org, span] : other.spans_) {
    Span& s = spans_[org];
    s.first_us = std::min(s.first_us, span.first_us);
    s.last_us = std::max(s.last_us, span.last_us);
  }
}

}  // namespace dragnet
