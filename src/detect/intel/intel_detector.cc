#include "detect/intel/intel_detector.h"

#include <algorithm>
#include <cmath>

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
  return {"intel",
          "hosts that touched a value listed by a threat-intel feed (IP, CIDR, domain, URL, hash, "
          "JA3/JA3S/JA4, certificate, e-mail)",
          {"T1071", "T1071.001", "T1071.004", "T1573.002", "T1105", "T1566"},
          Describe(Bindings(described)), /*specific=*/true};
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
  IntelDetector(const IndicatorSet& intel, const Warninglists& lists, IntelParams params)
      : intel_(intel), lists_(lists), params_(params), spec_(Spec(params)) {}

  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override {
    return std::make_unique<IntelState>(intel_, lists_, params_);
  }
  std::vector<std::string> FirstPassLogs() const override { return {"x509"}; }
  bool WantsField(std::string_view /*log_path*/, std::string_view field) const override {
    // Every field IntelState::Resolve looks up, in any log type.
    static const absl::flat_hash_set<std::string_view> kFields = {
        "id.orig_h", "id.resp_h", "uid", "local_orig", "local_resp", "query", "answers", "host", "uri",
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
    for (const auto& [key, agg] : merged.matches()) out.push_back(MakeFinding(key, agg, orgs));
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
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
    f.summary = fmt::format("{} {} {} ({} listed by {}{}{}), {} in {}", key.host.ToString(),
                            Verb(head.type, inbound_only, agg, places), head.value, IndicatorTypeName(head.type),
                            feed0.name,
                            listings.size() > 1 ? fmt::format(" and {} more", listings.size() - 1) : "",
                            what.empty() || what == feed0.name ? "" : ": " + what,
                            When(agg.count, agg.first, agg.last), logs);

    JsonWriter w;
    w.BeginObject();
    w.Key("indicator_type").String(IndicatorTypeName(head.type));
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
    w.Key("sample_uids").BeginArray();
    for (const auto& s : agg.samples) w.String(s.second);
    w.EndArray();
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  const IndicatorSet& intel_;
  const Warninglists& lists_;
  const IntelParams params_;
  const DetectorSpec spec_;
};

}  // namespace

std::unique_ptr<Detector> NewIntelDetector(const IndicatorSet& intel, const Warninglists& lists,
                                           IntelParams params) {
  return std::make_unique<IntelDetector>(intel, lists, params);
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
  };
}

std::vector<uint64_t> IntelSuppressedCounts(DetectorState& merged) {
  return static_cast<IntelState&>(merged).suppressed();
}

std::vector<uint64_t> IntelUnattributedCounts(DetectorState& merged) {
  return static_cast<IntelState&>(merged).unattributed();
}

}  // namespace dragnet
