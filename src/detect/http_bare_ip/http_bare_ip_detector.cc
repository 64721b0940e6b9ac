#include "detect/http_bare_ip/http_bare_ip_detector.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"

namespace dragnet {

double HttpBareIpScore(uint64_t n, const HttpBareIpParams& p) {
  if (n < p.min_addresses || n == 0) return 0;
  double breadth = p.full_addresses > p.min_addresses
                       ? std::log(static_cast<double>(n) / p.min_addresses) /
                             std::log(static_cast<double>(p.full_addresses) / p.min_addresses)
                       : 1.0;
  return RoundScore(p.base_score + p.breadth_weight * std::clamp(breadth, 0.0, 1.0));
}

namespace {

struct Fetches {
  std::vector<Ip> addresses;  // sorted after collection
  uint64_t requests = 0;
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
};

class HttpBareIpDetector : public AggregateDetector {
 public:
  explicit HttpBareIpDetector(HttpBareIpParams p) : p_(p) {
    spec_.name = "http_bare_ip";
    spec_.summary = "hosts fetching over HTTP from many external addresses without naming a host (bots)";
    spec_.attack = {"T1071.001"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.containment = std::string(kContainHostAndDestination);
    spec_.logs_required = {"http"};
    spec_.without_logs = "Without http it finds nothing: conn does not say whether a request named its host.";
    using enum EvidenceType;
    spec_.evidence = {{"addresses", kNumber}, {"requests", kNumber}, {"sample_addresses", kArray}};
  }

  std::vector<Finding> Findings(DetectorState*, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!ctx.aggregates) return out;
    std::map<std::pair<uint32_t, Ip>, Fetches> hosts;
    ctx.aggregates->pairs().ForEachIp([&](const IpPairKey& k, const PairSeries& s) {
      if (!s.traits || s.traits->http_bare == 0) return;
      Fetches& f = hosts[{k.org, k.host}];
      f.addresses.push_back(k.dest);
      f.requests += s.traits->http_bare;
      int64_t first = s.conns ? s.first_us : s.traits->app_first_us;
      int64_t last = s.conns ? s.last_us : s.traits->app_last_us;
      if (first <= last) {
        f.first_us = std::min(f.first_us, first);
        f.last_us = std::max(f.last_us, last);
      }
    });
    // Hosts of each org that do it widely: several is the org's software.
    std::map<uint32_t, uint32_t> wide;
    for (const auto& [k, f] : hosts)
      if (f.addresses.size() >= p_.min_addresses) ++wide[k.first];
    for (auto& [k, f] : hosts) {
      double score = HttpBareIpScore(f.addresses.size(), p_);
      if (score < p_.min_score || score <= 0 || wide[k.first] >= p_.fleet_hosts || f.first_us > f.last_us) continue;
      std::sort(f.addresses.begin(), f.addresses.end());
      std::vector<std::string> sample;
      for (size_t i = 0; i < f.addresses.size() && i < 10; ++i) sample.push_back(f.addresses[i].ToString());
      Finding finding = NewFinding(ctx, k.first, k.second, "http_bare_ip", score, sample, f.first_us, f.last_us,
                                   spec_.attack);
      finding.summary = fmt::format("{} fetched over HTTP from {} external addresses without naming a host ({} "
                                    "requests; e.g. {})",
                                    k.second.ToString(), Thousands(f.addresses.size()), Thousands(f.requests),
                                    sample.front());
      JsonWriter w;
      w.BeginObject();
      w.Key("addresses").Uint(f.addresses.size());
      w.Key("requests").Uint(f.requests);
      w.Key("sample_addresses").BeginArray();
      for (const auto& a : sample) w.String(a);
      w.EndArray();
      w.EndObject();
      finding.evidence_json = w.Take();
      out.push_back(std::move(finding));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  HttpBareIpParams p_;
};

}  // namespace

std::vector<ParamBinding> Bindings(HttpBareIpParams& p) {
  return {
      {"min_addresses", &p.min_addresses, "distinct addresses fetched from without a host name",
       NumberRange::AtLeast(1)},
      {"full_addresses", &p.full_addresses, "distinct addresses at which the breadth is 1", NumberRange::AtLeast(2),
       "min_addresses"},
      {"base_score", &p.base_score, "score at min_addresses", NumberRange::Unit()},
      {"breadth_weight", &p.breadth_weight, "added at full_addresses", NumberRange::Unit()},
      {"fleet_hosts", &p.fleet_hosts, "hosts of an org doing it: routine, quiet", NumberRange::AtLeast(1)},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewHttpBareIpDetector(HttpBareIpParams params) {
  return std::make_unique<HttpBareIpDetector>(params);
}

}  // namespace dragnet
