#include "detect/credential_attack/credential_attack_detector.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include "core/smallest.h"
#include "aggregate/field_set.h"
#include "core/host_key.h"
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

bool IsPreauthRequired(std::string_view error_msg) { return error_msg == "KDC_ERR_PREAUTH_REQUIRED"; }

namespace {

constexpr size_t kMaxEvents = 4096;  // per host and kind: bounded memory, earliest kept

struct HostEvents {
  std::vector<std::pair<int64_t, uint64_t>> rc4;      // (time, SPN hash)
  std::vector<std::pair<int64_t, uint64_t>> failed;   // (time, account hash)
  std::vector<std::pair<int64_t, uint64_t>> asrep;    // (time, account hash): AS answered with RC4
  std::vector<std::string> samples;                   // a few SPNs, smallest
  std::vector<std::string> asrep_samples;             // a few roasted accounts, smallest
  uint64_t rc4_total = 0, failed_total = 0;
  // DRSGetNCChanges calls this host made: (time, domain controller asked).
  std::vector<std::pair<int64_t, Ip>> replication;
};

constexpr size_t kMaxDomainControllers = 1024;

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
      // The KDC answering is a domain controller: DCSync from it is replication.
      if (auto kdc = r.GetIp(f[6]); kdc && success.has_value()) NoteDomainController(org.index, *kdc);
      HostEvents& e = hosts_[HostKey{org.index, *host}];
      if (success.value_or(false) && type == "TGS" && IsRc4Cipher(r.Text(f[5])) && !service.empty() &&
          !AsciiLower(service).starts_with("krbtgt")) {
        ++e.rc4_total;
        Keep(e.rc4, r.ts().micros(), XXH3_64bits(service.data(), service.size()));
        Sample(e.samples, service);
      } else if (success.value_or(false) && type == "AS" && IsRc4Cipher(r.Text(f[5])) && !client.empty()) {
        Keep(e.asrep, r.ts().micros(), XXH3_64bits(client.data(), client.size()));
        Sample(e.asrep_samples, client);
      } else if (success == false && !client.empty() && !IsPreauthRequired(r.Text(f[7]))) {
        ++e.failed_total;
        Keep(e.failed, r.ts().micros(), XXH3_64bits(client.data(), client.size()));
      }
    } else if (log == "dce_rpc") {
      const auto& f = rpc_.Resolve(r.schema());
      if (r.Text(f[2]) != "drsuapi") return;
      auto from = r.GetIp(f[0]), to = r.GetIp(f[1]);
      if (!from || !to) return;
      NoteDomainController(org.index, *to);  // it answers replication requests
      if (r.Text(f[3]) != "DRSGetNCChanges") return;
      HostEvents& e = hosts_[HostKey{org.index, *from}];
      if (e.replication.size() < kMaxEvents) e.replication.emplace_back(r.ts().micros(), *to);
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
      for (const auto& ev : o.asrep) Keep(e.asrep, ev.first, ev.second);
      for (const auto& ev : o.replication)
        if (e.replication.size() < kMaxEvents) e.replication.push_back(ev);
      for (const auto& s : o.samples) Sample(e.samples, s);
      for (const auto& s : o.asrep_samples) Sample(e.asrep_samples, s);
      e.rc4_total += o.rc4_total;
      e.failed_total += o.failed_total;
    }
    other.hosts_.clear();
    for (const auto& dc : other.dcs_)
      if (dcs_.size() < kMaxDomainControllers) dcs_.insert(dc);
    other.dcs_.clear();
  }
  absl::flat_hash_map<HostKey, HostEvents>& hosts() { return hosts_; }
  bool IsDomainController(uint32_t org, const Ip& ip) const { return dcs_.contains(HostKey{org, ip}); }

 private:
  void NoteDomainController(uint32_t org, const Ip& ip) {
    if (dcs_.size() < kMaxDomainControllers) dcs_.insert(HostKey{org, ip});
  }

  absl::flat_hash_map<HostKey, HostEvents> hosts_;
  absl::flat_hash_set<HostKey> dcs_;  // hosts seen answering Kerberos or replication, per org
  FieldSet<8> krb_{{"id.orig_h", "request_type", "client", "service", "success", "cipher", "id.resp_h",
                    "error_msg"}};
  FieldSet<4> rpc_{{"id.orig_h", "id.resp_h", "endpoint", "operation"}};
  FieldSet<3> ntlm_{{"id.orig_h", "username", "success"}};
};

// DCSync: a host that is not a domain controller asking one for
// replication. Domain controllers are learned: hosts that answer Kerberos or
// replication requests in the org's own logs.
Finding DcSync(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e) {
  std::set<Ip> asked;
  for (const auto& [ts, dc] : e.replication) asked.insert(dc);
  Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", 0.95, {"dcsync"}, e.replication.front().first,
                         e.replication.back().first, {"T1003.006"});
  f.peers.assign(asked.begin(), asked.end());
  f.summary = fmt::format("{} asked domain controller {} to replicate directory changes (DRSGetNCChanges, {} calls) "
                          "but answers neither Kerberos nor replication itself: DCSync",
                          key.host.ToString(), asked.begin()->ToString(), e.replication.size());
  JsonWriter w;
  w.BeginObject();
  w.Key("attack").String("dcsync");
  w.Key("calls").Uint(e.replication.size());
  w.Key("domain_controllers").BeginArray();
  for (const Ip& dc : asked) w.String(dc.ToString());
  w.EndArray();
  w.EndObject();
  f.evidence_json = w.Take();
  return f;
}

class CredentialAttackDetector : public Detector {
 public:
  explicit CredentialAttackDetector(CredentialAttackParams p) : p_(p) {
    spec_.name = "credential_attack";
    spec_.specific = true;
    spec_.summary = "Kerberoasting, AS-REP roasting, password spraying / brute force, DCSync from a non-DC";
    spec_.attack = {"T1003.006", "T1110.001", "T1110.003", "T1558.003", "T1558.004"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kCredentialTheft;
    spec_.containment = "Reset the roasted service accounts and krbtgt twice; enforce AES; block the source host.";
    spec_.logs_optional = {"kerberos", "ntlm", "dce_rpc"};
    spec_.without_logs =
        "Roasting needs kerberos, spraying and brute force kerberos or ntlm, DCSync dce_rpc; with none of them it "
        "finds nothing.";
    using enum EvidenceType;
    spec_.evidence = {
        {"attack", kString}, {"calls", kNumber, false}, {"domain_controllers", kArray, false},
        {"distinct_spns_in_window", kNumber, false}, {"rc4_tickets", kNumber, false}, {"sample_spns", kArray, false},
        {"distinct_accounts_in_window", kNumber, false}, {"failures", kNumber, false},
        {"window_seconds", kNumber, false}
    };
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<CredentialState>(); }
  bool WantsField(std::string_view log, std::string_view f) const override {
    if (log == "kerberos")
      return f == "id.orig_h" || f == "id.resp_h" || f == "request_type" || f == "client" || f == "service" ||
             f == "success" || f == "cipher" || f == "error_msg";
    if (log == "dce_rpc") return f == "id.orig_h" || f == "id.resp_h" || f == "endpoint" || f == "operation";
    if (log == "ntlm") return f == "id.orig_h" || f == "username" || f == "success";
    return false;
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    std::map<HostKey, HostEvents*> ordered;
    auto* state = static_cast<CredentialState*>(merged);
    for (auto& [k, e] : state->hosts()) ordered[k] = &e;
    for (auto& [key, e] : ordered) {
      std::sort(e->rc4.begin(), e->rc4.end());
      std::sort(e->failed.begin(), e->failed.end());
      std::sort(e->asrep.begin(), e->asrep.end());
      std::sort(e->replication.begin(), e->replication.end());
      if (!e->replication.empty() && !state->IsDomainController(key.org, key.host)) out.push_back(DcSync(ctx, key, *e));
      size_t roasted = MaxDistinctInWindow(e->asrep, p_.window_s);
      if (roasted >= p_.min_asrep_accounts) {
        double score = RoundScore(std::min(1.0, 0.75 + 0.25 * (static_cast<double>(roasted) - p_.min_asrep_accounts) /
                                                         (2.0 * p_.min_asrep_accounts)));
        if (score >= p_.min_score) {
          Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", score, e->asrep_samples,
                                 e->asrep.front().first, e->asrep.back().first, {"T1558.004"});
          f.summary = fmt::format("{} obtained RC4-encrypted AS replies for {} distinct accounts within {} "
                                  "(AS-REP roasting: accounts without Kerberos pre-authentication)",
                                  key.host.ToString(), roasted, HumanDuration(p_.window_s));
          JsonWriter w;
          w.BeginObject();
          w.Key("attack").String("asrep_roasting");
          w.Key("distinct_accounts_in_window").Uint(roasted);
          w.Key("window_seconds").Double(p_.window_s, 0);
          w.EndObject();
          f.evidence_json = w.Take();
          out.push_back(std::move(f));
        }
      }
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
      {"min_rc4_services", &p.min_rc4_services, "distinct SPNs with RC4 tickets within the window (Kerberoasting)",
       NumberRange::AtLeast(1)},
      {"min_sprayed_accounts", &p.min_sprayed_accounts, "distinct accounts failing within the window (spraying)",
       NumberRange::AtLeast(1)},
      {"min_failures_one_account", &p.min_failures_one_account, "failures on one or two accounts (brute force)",
       NumberRange::AtLeast(1)},
      {"min_asrep_accounts", &p.min_asrep_accounts,
       "distinct accounts with RC4 AS replies within the window (AS-REP roasting)",
       NumberRange::AtLeast(1)},
      {"window_s", &p.window_s, "the window, seconds", NumberRange::Positive()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewCredentialAttackDetector(CredentialAttackParams params) {
  return std::make_unique<CredentialAttackDetector>(params);
}

}  // namespace dragnet
