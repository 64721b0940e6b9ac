#include "detect/credential_attack/credential_attack_detector.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <map>

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>

#include "core/smallest.h"
#include "aggregate/field_set.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "detect/behaviour_util.h"

namespace dragnet {

bool IsRc4Cipher(std::string_view cipher) {
  std::string c = AsciiLower(cipher);
  return c.find("rc4") != std::string::npos || c.find("arcfour") != std::string::npos || c == "23";
}

size_t MaxDistinctInWindow(const std::vector<std::pair<int64_t, uint64_t>>& events, double window_s) {
  size_t best = 0, left = 0;
  std::map<uint64_t, int> in_window;
  for (size_t right = 0; right < events.size(); ++right) {
    ++in_window[events[right].second];
    while (static_cast<double>(events[right].first - events[left].first) > window_s * 1e6) {
      if (--in_window[events[left].second] == 0) in_window.erase(events[left].second);
      ++left;
    }
    best = std::max(best, in_window.size());
  }
  return best;
}

namespace {

constexpr size_t kMaxEvents = 4096;  // per host and kind: bounded memory, earliest kept

struct HostEvents {
  std::vector<std::pair<int64_t, uint64_t>> rc4;      // (time, SPN hash)
  std::vector<std::pair<int64_t, uint64_t>> failed;   // (time, account hash)
  std::vector<std::string> samples;                   // a few SPNs / accounts, smallest
  uint64_t rc4_total = 0, failed_total = 0;
};

struct HostKey {
  uint32_t org;
  Ip host;
  friend bool operator==(const HostKey&, const HostKey&) = default;
  friend bool operator<(const HostKey& a, const HostKey& b) {
    return a.org != b.org ? a.org < b.org : a.host < b.host;
  }
  template <typename H>
  friend H AbslHashValue(H h, const HostKey& k) {
    return H::combine(std::move(h), k.org, k.host);
  }
};

void Keep(std::vector<std::pair<int64_t, uint64_t>>& v, int64_t ts, uint64_t value) {
  if (v.size() < kMaxEvents) v.emplace_back(ts, value);
}

void Sample(std::vector<std::string>& s, std::string_view value) {
  if (s.size() < 5 || value < s.back()) KeepSmallestDistinct(s, std::string(value), 5);
}

class CredentialState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override {
    const std::string& log = r.schema().path();
    if (log == "kerberos") {
      const auto& f = krb_.Resolve(r.schema());
      auto host = r.GetIp(f[0]);
      if (!host) return;
      std::string_view type = r.Text(f[1]), client = r.Text(f[2]), service = r.Text(f[3]);
      std::optional<bool> success = r.GetBool(f[4]);
      HostEvents& e = hosts_[HostKey{org.index, *host}];
      if (success.value_or(false) && type == "TGS" && IsRc4Cipher(r.Text(f[5])) && !service.empty() &&
          !AsciiLower(service).starts_with("krbtgt")) {
        ++e.rc4_total;
        Keep(e.rc4, r.ts().micros(), XXH3_64bits(service.data(), service.size()));
        Sample(e.samples, service);
      } else if (success == false && !client.empty()) {
        ++e.failed_total;
        Keep(e.failed, r.ts().micros(), XXH3_64bits(client.data(), client.size()));
      }
    } else if (log == "ntlm") {
      const auto& f = ntlm_.Resolve(r.schema());
      auto host = r.GetIp(f[0]);
      std::string_view user = r.Text(f[1]);
      if (!host || user.empty() || r.GetBool(f[2]) != false) return;
      HostEvents& e = hosts_[HostKey{org.index, *host}];
      ++e.failed_total;
      Keep(e.failed, r.ts().micros(), XXH3_64bits(user.data(), user.size()));
    }
  }
  void Merge(DetectorState& other_base) override {
    auto& other = static_cast<CredentialState&>(other_base);
    for (auto& [k, o] : other.hosts_) {
      HostEvents& e = hosts_[k];
      for (const auto& ev : o.rc4) Keep(e.rc4, ev.first, ev.second);
      for (const auto& ev : o.failed) Keep(e.failed, ev.first, ev.second);
      for (const auto& s : o.samples) Sample(e.samples, s);
      e.rc4_total += o.rc4_total;
      e.failed_total += o.failed_total;
    }
    other.hosts_.clear();
  }
  absl::flat_hash_map<HostKey, HostEvents>& hosts() { return hosts_; }

 private:
  absl::flat_hash_map<HostKey, HostEvents> hosts_;
  FieldSet<6> krb_{{"id.orig_h", "request_type", "client", "service", "success", "cipher"}};
  FieldSet<3> ntlm_{{"id.orig_h", "username", "success"}};
};

class CredentialAttackDetector : public Detector {
 public:
  explicit CredentialAttackDetector(CredentialAttackParams p) : p_(p) {
    spec_.name = "credential_attack";
    spec_.summary = "Kerberoasting (RC4 tickets for many SPNs) and password spraying / brute force from one host";
    spec_.attack = {"T1110.001", "T1110.003", "T1558.003"};
    spec_.parameters = Describe(Bindings(p_));
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<CredentialState>(); }
  bool WantsField(std::string_view log, std::string_view f) const override {
    if (log == "kerberos")
      return f == "id.orig_h" || f == "request_type" || f == "client" || f == "service" || f == "success" ||
             f == "cipher";
    if (log == "ntlm") return f == "id.orig_h" || f == "username" || f == "success";
    return false;
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    std::map<HostKey, HostEvents*> ordered;
    for (auto& [k, e] : static_cast<CredentialState*>(merged)->hosts()) ordered[k] = &e;
    for (auto& [key, e] : ordered) {
      std::sort(e->rc4.begin(), e->rc4.end());
      std::sort(e->failed.begin(), e->failed.end());
      size_t spns = MaxDistinctInWindow(e->rc4, p_.window_s);
      if (spns >= p_.min_rc4_services) {
        // 0.75 at the threshold, 1.0 at three times it.
        double score = std::min(1.0, 0.75 + 0.25 * (static_cast<double>(spns) - p_.min_rc4_services) /
                                              (2.0 * p_.min_rc4_services));
        score = RoundScore(score);
        if (score >= p_.min_score) {
          Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", score, e->samples,
                                 e->rc4.front().first, e->rc4.back().first, {"T1558.003"});
          f.summary = fmt::format("{} asked for RC4 service tickets for {} distinct service principals within {} "
                                  "(Kerberoasting), {} RC4 tickets in all",
                                  key.host.ToString(), spns, HumanDuration(p_.window_s), e->rc4_total);
          JsonWriter w;
          w.BeginObject();
          w.Key("attack").String("kerberoasting");
          w.Key("distinct_spns_in_window").Uint(spns);
          w.Key("rc4_tickets").Uint(e->rc4_total);
          w.Key("window_seconds").Double(p_.window_s, 0);
          w.Key("sample_spns").BeginArray();
          for (const auto& s : e->samples) w.String(s);
          w.EndArray();
          w.EndObject();
          f.evidence_json = w.Take();
          out.push_back(std::move(f));
        }
      }
      size_t accounts = MaxDistinctInWindow(e->failed, p_.window_s);
      bool spraying = accounts >= p_.min_sprayed_accounts;
      bool brute = !spraying && e->failed.size() >= p_.min_failures_one_account && accounts <= 2;
      if (spraying || brute) {
        double score = spraying ? std::min(1.0, 0.7 + 0.3 * (static_cast<double>(accounts) - p_.min_sprayed_accounts) /
                                                       (2.0 * p_.min_sprayed_accounts))
                                : 0.6;
        score = RoundScore(score);
        if (score < p_.min_score) continue;
        Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", score, {}, e->failed.front().first,
                               e->failed.back().first, {spraying ? "T1110.003" : "T1110.001"});
        f.indicators = {spraying ? "password-spraying" : "brute-force"};
        f.summary = spraying ? fmt::format("{} failed to log on as {} distinct accounts within {} (password spraying), "
                                           "{} failures in all",
                                           key.host.ToString(), accounts, HumanDuration(p_.window_s), e->failed_total)
                             : fmt::format("{} failed {} logons on {} account(s) (brute force)", key.host.ToString(),
                                           e->failed_total, accounts);
        JsonWriter w;
        w.BeginObject();
        w.Key("attack").String(spraying ? "password_spraying" : "brute_force");
        w.Key("distinct_accounts_in_window").Uint(accounts);
        w.Key("failures").Uint(e->failed_total);
        w.EndObject();
        f.evidence_json = w.Take();
        out.push_back(std::move(f));
      }
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  CredentialAttackParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(CredentialAttackParams& p) {
  return {
      {"min_rc4_services", &p.min_rc4_services, "distinct SPNs with RC4 tickets within the window (Kerberoasting)"},
      {"min_sprayed_accounts", &p.min_sprayed_accounts, "distinct accounts failing within the window (spraying)"},
      {"min_failures_one_account", &p.min_failures_one_account, "failures on one or two accounts (brute force)"},
      {"window_s", &p.window_s, "the window, seconds"},
      {"min_score", &p.min_score, "findings below are not reported"},
  };
}

std::unique_ptr<Detector> NewCredentialAttackDetector(CredentialAttackParams params) {
  return std::make_unique<CredentialAttackDetector>(params);
}

}  // namespace dragnet
