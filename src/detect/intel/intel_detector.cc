#include "detect/intel/intel_detector.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/intel/intel_state.h"

namespace dragnet {
namespace {

using intel_internal::HostRole;
using intel_internal::IntelState;
using intel_internal::kAttackIds;
using intel_internal::MatchAgg;

DetectorSpec Spec(const IntelParams& params) {
  IntelParams described = params;
  DetectorSpec s;
  s.name = "intel";
  s.summary =
      "hosts that touched a value listed by a threat-intel feed (IP, CIDR, domain, URL, hash, JA3/JA3S/JA4, "
      "certificate, e-mail)";
  s.attack = {"T1071", "T1071.001", "T1071.004", "T1573.002", "T1105", "T1566"};
  s.parameters = Describe(Bindings(described));
  s.stage = Stage::kImplant;
  s.traits = {.destinations = true, .connection_details = true};
  s.seeds_campaigns = true;
  s.exports = ExportKinds::All();
  s.hint = EvidenceHint::kIndicatorType;
  s.containment = "Block the indicator; isolate and image the host; hunt for the same indicator elsewhere.";
  using enum EvidenceType;
  s.evidence = {
      {"indicator_type", kString}, {"count", kNumber}, {"direction", kString}, {"feeds", kArray}, {"matches", kArray},
      {"observed", kArray}, {"sample_uids", kArray}, {"listed", kString, false}, {"resolver", kBool, false}, {"authoritative_server", kBool, false},
      {"clients", kArray, false}, {"resolved_from", kArray, false}, {"port_check", kString, false},
      {"feed_quality", kNumber, false}, {"age_factor", kNumber, false}
  };
  s.logs_optional = {"conn", "dns", "http", "ssl", "x509", "files", "smtp"};
  s.without_logs =
      "Any log with endpoint addresses is matched for listed addresses; names, URLs, fingerprints, certificates, "
      "file hashes and e-mail are only seen in the logs that carry them.";
  s.specific = true;
  return s;
}

double BaseScore(IndicatorType t, const IntelParams& p) {
  switch (t) {
    case IndicatorType::kMd5:
    case IndicatorType::kSha1:
    case IndicatorType::kSha256: return p.score_hash;
    case IndicatorType::kUrl: return p.score_url;
    case IndicatorType::kCertSha1:
    case IndicatorType::kCertSha256: return p.score_cert;
    case IndicatorType::kDomain: return p.score_domain;
    case IndicatorType::kEmail: return p.score_email;
    case IndicatorType::kIp: return p.score_ip;
    case IndicatorType::kJa4: return p.score_ja4;
    case IndicatorType::kJa3:
    case IndicatorType::kJa3s: return p.score_ja3;
    case IndicatorType::kCidr: return p.score_cidr;
  }
  return 0.5;
}

// Whether every hit of `agg` gave its host `role`.
bool OnlyAs(const MatchAgg& agg, HostRole role) { return agg.roles[static_cast<size_t>(role)] == agg.count; }

// What an internal server did when the outside party of every hit was the
// client that used, asked for or was served the value.
const char* CounterpartVerb(IndicatorType t) {
  switch (t) {
    case IndicatorType::kIp:
    case IndicatorType::kCidr: return "answered with";
    case IndicatorType::kDomain:
    case IndicatorType::kUrl: return "was asked for";
    case IndicatorType::kJa3:
    case IndicatorType::kJa4: return "was contacted with the TLS client fingerprint";
    case IndicatorType::kJa3s: return "answered with the TLS server fingerprint";
    case IndicatorType::kCertSha1:
    case IndicatorType::kCertSha256: return "served the certificate";
    case IndicatorType::kEmail: return "exchanged mail with";
    case IndicatorType::kMd5:
    case IndicatorType::kSha1:
    case IndicatorType::kSha256: return "sent the file";
  }
  return "touched";
}

// What the host did, in words, from the indicator type, where it was seen
// and how the host stood to the value.
std::string Verb(IndicatorType t, bool inbound_only, const MatchAgg& agg,
                 const std::vector<intel_internal::Place>& places) {
  if (OnlyAs(agg, HostRole::kListed)) return "is itself listed:";
  if (OnlyAs(agg, HostRole::kCounterpart)) return CounterpartVerb(t);
  bool only_dns = true, only_web = true, only_cert = true, only_answers = true;
  for (const auto& p : places) {
    std::string_view field = p.field;
    only_dns &= p.log == "dns";
    only_web &= p.log == "http" || p.log == "ssl" || p.log == "open_http" || p.log == "open_ssl";
    only_cert &= field == "cert_chain_fps" || field == "cert_chain_fuids";
    only_answers &= field == "answers";
  }
  switch (t) {
    case IndicatorType::kIp:
    case IndicatorType::kCidr:
      if (only_answers) return "resolved a name to";
      return inbound_only ? "was contacted by" : "talked to";
    case IndicatorType::kDomain:
      if (only_cert) return "was served a certificate for";
      if (only_dns) return "looked up";
      if (only_web) return "visited";
      return "looked up or visited";
    case IndicatorType::kUrl: return "requested";
    case IndicatorType::kMd5:
    case IndicatorType::kSha1:
    case IndicatorType::kSha256:
      return OnlyAs(agg, HostRole::kImplicated) ? "received the file" : "transferred the file";
    case IndicatorType::kJa3:
    case IndicatorType::kJa4: return "used the TLS client fingerprint";
    case IndicatorType::kJa3s: return "was answered with the TLS server fingerprint";
    case IndicatorType::kCertSha1:
    case IndicatorType::kCertSha256: return "was served the certificate";
    case IndicatorType::kEmail: return "exchanged mail with";
  }
  return "touched";
}

// "1.2.3.4", or what was seen when it differs from the listed value: the
// name that resolved to a listed address, the subdomain of a listed domain.
std::string WhatWasSeen(const Indicator& head, bool inbound_only, const MatchAgg& agg,
                        const std::vector<intel_internal::Place>& places) {
  std::string verb = Verb(head.type, inbound_only, agg, places);
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
    return out;
  };
  if (verb == "resolved a name to" && !agg.resolved_from.empty()) {
    if (head.type == IndicatorType::kCidr && !agg.observed.empty())
      return fmt::format("resolved {} to {}, in the listed {}", list(agg.resolved_from), list(agg.observed), head.value);
    return fmt::format("resolved {} to {}", list(agg.resolved_from), head.value);
  }
  // What was seen of a listed name: the name itself or its subdomains (a
  // certificate's fingerprint, also kept as observed, is no name).
  std::vector<std::string> seen;
  for (const std::string& o : agg.observed)
    if (head.type != IndicatorType::kDomain || o == head.value ||
        (o.size() > head.value.size() && o.ends_with(head.value) && o[o.size() - head.value.size() - 1] == '.'))
      seen.push_back(o);
  bool same = seen.size() == 1 && seen[0] == head.value;
  // Only names, URLs and networks are matched by something other than
  // themselves (a certificate condemned by a listed SAN name is not).
  bool related = head.type == IndicatorType::kCidr || head.type == IndicatorType::kUrl ||
                 (head.type == IndicatorType::kDomain && verb != "was served a certificate for");
  if (same || seen.empty() || !related) return fmt::format("{} {}", verb, head.value);
  return fmt::format("{} {}, {} the listed {}", verb, list(seen),
                     head.type == IndicatorType::kCidr ? "in" : "under", head.value);
}

std::string When(uint64_t count, Timestamp first, Timestamp last) {
  std::string at = first.ToIso8601(Timestamp::Precision::kSeconds);
  if (count == 1) return "once at " + at;
  int64_t s = (last.micros() - first.micros()) / 1000000;
  std::string span = s < 60 ? fmt::format("{} s", s)
                   : s < 3600 ? fmt::format("{} min", s / 60)
                   : s < 172800 ? fmt::format("{:.1f} h", s / 3600.0)
                                : fmt::format("{:.1f} days", s / 86400.0);
  return fmt::format("{} times over {} from {}", count, span, at);
}

class IntelDetector : public Detector {
 public:
  IntelDetector(const IndicatorSet& intel, const Warninglists& lists, IntelParams params,
                const Warninglists* never_flag)
      : intel_(intel), lists_(lists), never_flag_(never_flag), params_(params), spec_(Spec(params)) {}

  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override {
    std::vector<const Warninglists*> lists = {&lists_};
    if (never_flag_) lists.push_back(never_flag_);
    return std::make_unique<IntelState>(intel_, std::move(lists), params_);
  }
  std::vector<std::string> FirstPassLogs() const override { return {"x509"}; }
  bool WantsField(std::string_view /*log_path*/, std::string_view field) const override {
    // Every field IntelState::Resolve looks up, in any log type.
    static const absl::flat_hash_set<std::string_view> kFields = {
        "id.orig_h", "id.resp_h", "id.resp_p", "uid", "local_orig", "local_resp", "query", "answers", "host", "uri",
        "referrer", "server_name", "ja3", "ja3s", "ja4", "cert_chain_fps", "cert_chain_fuids",
        "fingerprint", "san.dns", "id", "md5", "sha1", "sha256", "rx_hosts", "tx_hosts", "is_orig",
        "mailfrom", "rcptto", "from", "to", "cc", "reply_to", "data_channel.resp_h"};
    return kFields.contains(field);
  }
  void EndFirstPass(std::vector<DetectorState*>& states) const override {
    IntelState::BadCerts all;
    for (DetectorState* s : states)
      for (auto& [k, v] : static_cast<IntelState*>(s)->bad_certs()) IntelState::AddBadCert(all, k.first, k.second, v);
    for (DetectorState* s : states) static_cast<IntelState*>(s)->bad_certs() = all;
  }

  std::vector<Finding> Findings(DetectorState* merged_base, const AnalysisContext& context) const override {
    auto& merged = static_cast<IntelState&>(*merged_base);
    const std::vector<OrgContext>& orgs = context.orgs;
    std::vector<Finding> out;
    out.reserve(merged.matches().size());
    // The clients that asked each internal DNS server for each value.
    Clients clients;
    for (const auto& [key, agg] : merged.matches())
      for (const Ip& server : agg.dns_servers) clients[{key.org, key.indicator, server}].push_back(key.host);
    for (auto& [k, hosts] : clients) std::sort(hosts.begin(), hosts.end());
    for (const auto& [key, agg] : merged.matches()) {
      Finding f = MakeFinding(key, agg, orgs);
      if (OnlyInDns(agg) && merged.IsResolver(key.org, key.host)) {
        AsResolver(f, key, clients);
        if (OnlyAsked(agg)) AsAuthoritative(f);
      }
      out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  using Clients = std::map<std::tuple<uint32_t, uint32_t, Ip>, std::vector<Ip>>;
  static bool OnlyInDns(const MatchAgg& agg) {
    return std::all_of(agg.places.begin(), agg.places.end(), [](const auto& p) { return p.log == "dns"; });
  }
  // The listed address was only ever the DNS server the resolver asked
  // (dns.log id.resp_h): a server answering or referring the resolver's
  // iterative queries for its zones -- a TLD's, a registry's, a hosting
  // provider's authoritative server -- not a host of the org's talking to a
  // C2. The names asked for are judged on their own (the clients' lookups).
  static bool OnlyAsked(const MatchAgg& agg) {
    return std::all_of(agg.places.begin(), agg.places.end(),
                       [](const auto& p) { return std::string_view(p.field) == "id.resp_h"; });
  }
  void AsAuthoritative(Finding& f) const {
    f.score = RoundScore(std::min(f.score, params_.authoritative_max_score));
    f.severity = SeverityFromScore(f.score);
    f.summary += " (the DNS server it asked: an authoritative server for the zones it iterated through)";
    f.evidence_json = f.evidence_json.substr(0, f.evidence_json.size() - 1) + R"(,"authoritative_server":true})";
  }

  // A resolver's lookup is its clients' (docs/detectors/intel.md): at most
  // resolver_max_score, naming the clients the logs show asking it.
  void AsResolver(Finding& f, const intel_internal::MatchKey& key, const Clients& clients) const {
    const std::vector<Ip>* asked = nullptr;
    if (auto it = clients.find({key.org, key.indicator, key.host}); it != clients.end()) asked = &it->second;
    f.score = RoundScore(std::min(f.score, params_.resolver_max_score));
    f.severity = SeverityFromScore(f.score);
    std::string names;
    constexpr size_t kNamed = 5;
    for (size_t i = 0; asked && i < asked->size() && i < kNamed; ++i) names += (i ? ", " : "") + (*asked)[i].ToString();
    if (asked && asked->size() > kNamed) names += fmt::format(" and {} more", asked->size() - kNamed);
    std::string host = key.host.ToString();
    f.summary = fmt::format("{}, a DNS resolver ({}),{}", host,
                            asked ? "for " + names : "no client seen asking it for this",
                            f.summary.substr(host.size()));
    // evidence_json is an object: add the resolver's part before its end.
    JsonWriter w;
    w.BeginObject();
    w.Key("resolver").Bool(true);
    w.Key("clients").BeginArray();
    if (asked)
      for (const Ip& c : *asked) w.String(c.ToString());
    w.EndArray();
    w.EndObject();
    std::string extra = w.Take();
    f.evidence_json = f.evidence_json.substr(0, f.evidence_json.size() - 1) + "," + extra.substr(1);
  }

  Finding MakeFinding(const intel_internal::MatchKey& key, const MatchAgg& agg,
                      const std::vector<OrgContext>& orgs) const {
    const Indicator& head = intel_.at(key.indicator);
    std::vector<const Indicator*> listings;
    for (uint32_t i = key.indicator; i != IndicatorSet::kNone; i = intel_.next(i))
      listings.push_back(&intel_.at(i));
    std::sort(listings.begin(), listings.end(), [&](const Indicator* a, const Indicator* b) {
      return intel_.feeds()[a->feed].path < intel_.feeds()[b->feed].path;
    });
    bool inbound_only = agg.outbound == 0 && agg.inbound > 0;

    double base = BaseScore(head.type, params_);
    int best_conf = -1;
    for (const Indicator* l : listings) best_conf = std::max<int>(best_conf, l->meta.confidence);
    double score = best_conf >= 0 ? 0.5 * base + 0.5 * (best_conf / 100.0) : base;
    if (inbound_only) score *= params_.inbound_only_factor;
    score += std::min(params_.extra_feed_bonus_max,
                      params_.extra_feed_bonus * static_cast<double>(listings.size() - 1));
    double quality = FeedQuality(listings);
    score *= 1.0 - params_.noise_penalty * (1.0 - quality);
    double age = AgeFactor(listings, agg);
    score *= age;
    bool port_unchecked = agg.port_unchecked == agg.count;
    if (port_unchecked) score *= params_.port_unchecked_factor;
    score = std::clamp(score, 0.0, 1.0);
    score = RoundScore(score);

    Finding f;
    f.org = orgs[key.org].name;
    f.host = key.host;
    f.detector = "intel";
    f.score = score;
    f.severity = SeverityFromScore(score);
    f.indicators = {std::string(head.value)};
    f.ts_first = agg.first;
    f.ts_last = agg.last;
    for (size_t b = 0; b < kAttackIds.size(); ++b)
      if (agg.attack_bits & (1u << b)) f.attack.push_back(kAttackIds[b]);
    std::sort(f.attack.begin(), f.attack.end());

    std::vector<intel_internal::Place> places = agg.places;
    std::sort(places.begin(), places.end(), [](const auto& a, const auto& b) {
      // By text: `field` is a C string, and comparing its address would make
      // the order depend on the build.
      return std::make_pair(std::string_view(a.log), std::string_view(a.field)) <
             std::make_pair(std::string_view(b.log), std::string_view(b.field));
    });
    std::string logs;
    for (const auto& p : places) {
      if (logs.find(p.log) != std::string::npos) continue;
      if (!logs.empty()) logs += ", ";
      logs += p.log;
    }
    const FeedInfo& feed0 = intel_.feeds()[listings.front()->feed];
    std::string what = std::string(listings.front()->meta.description);
    f.summary = fmt::format("{} {} ({}{} listed by {}{}{}), {} in {}", key.host.ToString(),
                            WhatWasSeen(head, inbound_only, agg, places), IndicatorTypeName(head.type),
                            PortText(agg, listings, port_unchecked), feed0.name,
                            listings.size() > 1 ? fmt::format(" and {} more", listings.size() - 1) : "",
                            what.empty() || what == feed0.name ? "" : ": " + what,
                            When(agg.count, agg.first, agg.last), logs);

    JsonWriter w;
    w.BeginObject();
    w.Key("indicator_type").String(IndicatorTypeName(head.type));
    w.Key("listed").String(head.value);
    w.Key("count").Uint(agg.count);
    w.Key("direction").String(OnlyAs(agg, HostRole::kListed) ? "self"
                              : inbound_only                    ? "inbound"
                              : agg.inbound > 0                 ? "both"
                                                                : "outbound");
    w.Key("feeds").BeginArray();
    for (const Indicator* l : listings) {
      const FeedInfo& fi = intel_.feeds()[l->feed];
      w.BeginObject();
      w.Key("feed").String(fi.name);
      w.Key("source").String(fi.path);
      w.Key("format").String(fi.format);
      if (!l->meta.description.empty()) w.Key("description").String(l->meta.description);
      if (!l->meta.reference.empty()) w.Key("reference").String(l->meta.reference);
      if (!l->meta.stix_id.empty()) w.Key("stix_id").String(l->meta.stix_id);
      if (l->meta.confidence >= 0) w.Key("confidence").Int(l->meta.confidence);
      if (l->meta.port != 0) w.Key("port").Uint(l->meta.port);
      if (l->meta.last_seen_day > 0)
        w.Key("last_seen").String(Timestamp(l->meta.last_seen_day * 86400LL * 1000000).ToIso8601(Timestamp::Precision::kMinutes).substr(0, 10));
      if (l->meta.valid_until_day > 0)
        w.Key("valid_until").String(Timestamp(l->meta.valid_until_day * 86400LL * 1000000).ToIso8601(Timestamp::Precision::kMinutes).substr(0, 10));
      if (fi.noise_checked > 0) {
        w.Key("noise").Double(RoundScore(fi.noise()));
        w.Key("noise_sample").Uint(fi.noise_checked);
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("matches").BeginArray();
    for (const auto& p : places) {
      w.BeginObject();
      w.Key("log").String(p.log);
      w.Key("field").String(p.field);
      w.Key("count").Uint(p.count);
      w.EndObject();
    }
    w.EndArray();
    w.Key("observed").BeginArray();
    for (const auto& o : agg.observed) w.String(o);
    w.EndArray();
    if (!agg.resolved_from.empty()) {
      w.Key("resolved_from").BeginArray();
      for (const auto& n : agg.resolved_from) w.String(n);
      w.EndArray();
    }
    if (port_unchecked) w.Key("port_check").String("unchecked: seen in a DNS answer");
    else if (!agg.port_listings.empty()) w.Key("port_check").String("responder port matched");
    if (quality < 1.0) w.Key("feed_quality").Double(RoundScore(quality));
    if (age < 1.0) w.Key("age_factor").Double(RoundScore(age));
    w.Key("sample_uids").BeginArray();
    for (const auto& s : agg.samples) w.String(s.second);
    w.EndArray();
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  // The best of the listings' age factors at the match's last time.
  double AgeFactor(const std::vector<const Indicator*>& listings, const MatchAgg& agg) const {
    int32_t day = DayOf(agg.last.micros());
    double best = 0.0;
    for (const Indicator* l : listings) {
      double factor = 1.0;
      if (l->meta.valid_until_day > 0 && day > l->meta.valid_until_day) factor = params_.expired_factor;
      else if (l->meta.last_seen_day > 0 && day - l->meta.last_seen_day > params_.stale_days) factor = params_.stale_factor;
      best = std::max(best, factor);
    }
    return best;
  }
  // The best quality among the feeds listing a value (1: none is noisy).
  double FeedQuality(const std::vector<const Indicator*>& listings) const {
    double best = 0.0;
    for (const Indicator* l : listings) {
      const FeedInfo& f = intel_.feeds()[l->feed];
      double noise = static_cast<double>(f.noise_listed) / (static_cast<double>(f.noise_checked) + params_.noise_prior);
      best = std::max(best, 1.0 - std::min(1.0, noise / params_.noise_full));
    }
    return best;
  }
  // The ports of the listings a match stands on: ":8000" when the responder
  // port matched one, ":8000, port not checked," for a DNS answer, "" when a
  // listing for any port matched.
  std::string PortText(const MatchAgg& agg, const std::vector<const Indicator*>& listings, bool port_unchecked) const {
    std::string out;
    for (uint32_t id : agg.port_listings) out += fmt::format(":{}", intel_.at(id).meta.port);
    if (!port_unchecked) return out;
    for (const Indicator* l : listings) out += fmt::format(":{}", l->meta.port);
    return out + ", port not checked,";
  }

  const IndicatorSet& intel_;
  const Warninglists& lists_;
  const Warninglists* never_flag_;
  const IntelParams params_;
  const DetectorSpec spec_;
};

}  // namespace

std::unique_ptr<Detector> NewIntelDetector(const IndicatorSet& intel, const Warninglists& lists,
                                           IntelParams params, const Warninglists* never_flag) {
  return std::make_unique<IntelDetector>(intel, lists, params, never_flag);
}

std::vector<ParamBinding> Bindings(IntelParams& p) {
  const NumberRange unit = NumberRange::Unit();
  return {
      {"score_hash", &p.score_hash, "base score of a file-hash match", unit},
      {"score_url", &p.score_url, "base score of a URL match", unit},
      {"score_cert", &p.score_cert, "base score of a certificate-hash match", unit},
      {"score_domain", &p.score_domain, "base score of a domain match (the name or a subdomain)", unit},
      {"score_email", &p.score_email, "base score of an e-mail address match", unit},
      {"score_ip", &p.score_ip, "base score of an exact IP match", unit},
      {"score_ja4", &p.score_ja4, "base score of a JA4 match", unit},
      {"score_ja3", &p.score_ja3, "base score of a JA3/JA3S match (fingerprints are shared by many clients)", unit},
      {"score_cidr", &p.score_cidr, "base score of a match inside a listed network", unit},
      {"inbound_only_factor", &p.inbound_only_factor, "factor when the listed address only initiated contact (scans)",
       unit},
      {"extra_feed_bonus", &p.extra_feed_bonus, "added per additional feed listing the value (max 0.1)", unit},
      {"port_unchecked_factor", &p.port_unchecked_factor,
       "factor when every listing names a port and the address was only seen in a DNS answer", unit},
      {"noise_full", &p.noise_full, "feed noise (share on the warninglists) at which a feed has quality 0",
       NumberRange::Real(0.001, 1)},
      {"noise_penalty", &p.noise_penalty, "score lost by a value only feeds of quality 0 list", unit},
      {"stale_days", &p.stale_days, "days after a listing's last confirmation (STIX modified, MISP timestamp) it is stale",
       NumberRange::Whole(1, 36500)},
      {"stale_factor", &p.stale_factor, "factor when every listing of the value is stale", unit},
      {"expired_factor", &p.expired_factor, "factor when every listing's valid_until is before the match", unit},
      {"resolver_max_score", &p.resolver_max_score,
       "highest score of a DNS resolver's lookup for its clients (they get their own finding)", NumberRange::Real(0, 0.499)},
      {"authoritative_max_score", &p.authoritative_max_score,
       "highest score of a listed address only seen as the DNS server a resolver asked (an authoritative server)",
       NumberRange::Real(0, 0.249)},
      {"max_cert_owners", &p.max_cert_owners,
       "registered domains a certificate's SAN names may span and still be condemned by a listed one",
       NumberRange::Whole(1, 1000)},
      {"noise_prior", &p.noise_prior, "indicators added to a feed's noise sample (small feeds are not judged on one value)",
       NumberRange::Real(0, 1000)},
  };
}

uint64_t IntelPortMismatches(DetectorState& merged) { return static_cast<IntelState&>(merged).port_mismatches(); }

std::vector<uint64_t> IntelSuppressedCounts(DetectorState& merged) {
  return static_cast<IntelState&>(merged).suppressed();
}

std::vector<uint64_t> IntelUnattributedCounts(DetectorState& merged) {
  return static_cast<IntelState&>(merged).unattributed();
}

}  // namespace dragnet
