#include "correlate/traits.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "intel/public_suffix.h"

namespace dragnet {

const char* TraitKindName(TraitKind k) {
  switch (k) {
    case TraitKind::kIp: return "ip";
    case TraitKind::kNet: return "net";
    case TraitKind::kFqdn: return "fqdn";
    case TraitKind::kDomain: return "domain";
    case TraitKind::kJa3: return "ja3";
    case TraitKind::kUserAgent: return "user_agent";
    case TraitKind::kCert: return "cert";
    case TraitKind::kIssuer: return "issuer";
    case TraitKind::kUriPattern: return "uri_pattern";
    case TraitKind::kHash: return "hash";
    case TraitKind::kRansomExtension: return "ransom_extension";
    case TraitKind::kRansomNote: return "ransom_note";
    case TraitKind::kIncident: return "incident";
  }
  return "?";
}

std::string NetworkOf(const Ip& ip) {
  std::string text = ip.ToString();
  if (ip.is_v4()) return text.substr(0, text.rfind('.')) + ".0/24";
  // The first three 16-bit groups of the expanded address.
  uint64_t hi = ip.hi();
  return fmt::format("{:x}:{:x}:{:x}::/48", (hi >> 48) & 0xffff, (hi >> 32) & 0xffff, (hi >> 16) & 0xffff);
}

namespace {

class Collector {
 public:
  Collector(uint32_t org, const Aggregates* a) : org_(org), a_(a) {}
  void Address(const Ip& ip, const Ip& host, bool with_pair) {
    if (ip.IsPrivate()) return;
    Add(TraitKind::kIp, ip.ToString());
    Add(TraitKind::kNet, NetworkOf(ip));
    if (!with_pair || !a_) return;
    if (const PairSeries* s = a_->pairs().FindIp(IpPairKey{org_, host, ip}); s && s->traits) {
      if (!s->traits->name.empty()) Name(s->traits->name, host, false);
      Clients(*s->traits);
    }
  }
  void Name(std::string_view name, const Ip& host, bool with_pair) {
    std::string lower = AsciiLower(name);
    Add(TraitKind::kFqdn, lower);
    std::string_view reg = RegisteredDomain(lower);
    if (!reg.empty()) Add(TraitKind::kDomain, std::string(reg));
    if (!a_) return;
    if (with_pair)
      if (const PairSeries* s = a_->pairs().FindName(NamePairRef{org_, host, lower}); s && s->traits) {
        Clients(*s->traits);
        for (const Ip& ip : s->traits->addresses) Address(ip, host, false);
      }
    if (!with_pair) return;
    // What the org's resolver answered for the domain (a tunnel's server).
    auto it = a_->dns().domains().find(DomainRef{org_, reg.empty() ? std::string_view(lower) : reg});
    if (it != a_->dns().domains().end())
      for (uint8_t i = 0; i < it->second.address_count; ++i) Address(it->second.addresses[i], host, false);
  }
  void Clients(const PairTraits& t) {
    if (t.ja3) Add(TraitKind::kJa3, std::string(a_->ja3_users().Text(t.ja3)));
    if (t.user_agent) Add(TraitKind::kUserAgent, std::string(a_->ua_users().Text(t.user_agent)));
    Add(TraitKind::kCert, t.cert);
    // The issuer the x509 logs name for that certificate: one actor's
    // self-made authority signs all its servers' certificates.
    if (!t.cert.empty()) Add(TraitKind::kIssuer, std::string(a_->CertIssuer(org_, t.cert)));
    // "/" and other one-segment shapes say nothing about who runs a server.
    if (std::count(t.uri_pattern.begin(), t.uri_pattern.end(), '/') >= 2) Add(TraitKind::kUriPattern, t.uri_pattern);
  }
  void Add(TraitKind k, std::string value) {
    if (!value.empty()) out_.push_back(Trait{k, std::move(value)});
  }
  std::vector<Trait> Take() {
    std::sort(out_.begin(), out_.end());
    out_.erase(std::unique(out_.begin(), out_.end()), out_.end());
    return std::move(out_);
  }

 private:
  uint32_t org_;
  const Aggregates* a_;
  std::vector<Trait> out_;
};

}  // namespace

std::vector<Trait> TraitsOf(const Finding& f, uint32_t org, const Aggregates* aggregates,
                            const FindingSources& sources) {
  Collector c(org, aggregates);
  const CampaignTraits& may = sources.Of(f.detector).traits;
  // The incident ties its hosts together (they are its peers).
  if (may.incident) c.Add(TraitKind::kIncident, f.org + "/" + f.host.ToString());
  if (may.ransom_artifacts)
    for (const auto& i : f.indicators) {
      if (i.starts_with("*.")) c.Add(TraitKind::kRansomExtension, AsciiLower(i.substr(2)));
      else c.Add(TraitKind::kRansomNote, AsciiLower(i));
    }
  // Internal activity (lateral movement, credential attacks) and DGA names
  // (the C2 mixed with cloud names of random labels) declare no destinations.
  if (!may.destinations) return c.Take();
  // A host found by a derived indicator (a pivot) is evidence about that
  // value only: no connection details.
  bool with_pairs = may.connection_details;
  for (const auto& i : f.indicators) {
    if (auto ip = Ip::Parse(i)) {
      c.Address(*ip, f.host, with_pairs);
    } else if (size_t slash = i.find('/'); slash != std::string::npos && Ip::Parse(i.substr(0, slash))) {
      c.Add(TraitKind::kNet, i);  // a listed network
    } else if ((i.size() == 32 || i.size() == 40 || i.size() == 64) && IsHexString(i)) {
      c.Add(TraitKind::kHash, AsciiLower(i));
    } else if (LooksLikeDnsName(i) && HasPublicTld(AsciiLower(i))) {
      c.Name(i, f.host, with_pairs);
    }
  }
  return c.Take();
}

}  // namespace dragnet
