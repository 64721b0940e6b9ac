#include "detect/brute_force/brute_force_detector.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>

#include <absl/container/flat_hash_map.h>
#include <absl/strings/str_join.h>
#include <fmt/format.h>

#include "aggregate/field_set.h"
#include "core/host_key.h"
#include "core/json_writer.h"
#include "core/smallest.h"
#include "core/text.h"
#include "detect/behaviour_util.h"
#include "detect/brute_force/brute_force_notices.h"

namespace dragnet {
namespace {

// Per source, the earliest kept whatever the threads: failures and RDP
// connections, and apart from them successes (a busy client's ordinary
// logons never push a later burst out).
constexpr size_t kMaxAttempts = 8192;
constexpr size_t kMaxSuccesses = 1024;
constexpr size_t kSamples = 5;
constexpr size_t kMaxTargetsListed = 50;
constexpr std::array<const char*, kLogonServices> kServiceNames = {"RDP", "SSH", "Kerberos", "NTLM", "SMTP"};

const char* ServiceName(LogonService s) { return kServiceNames[static_cast<size_t>(s)]; }

// Appends, keeping the earliest `cap` of `v` (a total order: the same set
// whatever order workers saw the records in).
void Keep(std::vector<LogonAttempt>& v, const LogonAttempt& a, size_t cap) {
  v.push_back(a);
  if (v.size() < 2 * cap) return;
  std::sort(v.begin(), v.end(), LogonAttemptLess);
  v.resize(cap);
}

struct SourceLog {
  std::vector<LogonAttempt> attempts;   // failures and RDP connections
  std::vector<LogonAttempt> succeeded;  // successes
  std::array<uint64_t, kLogonServices> records{}, failures{}, successes{};  // exact totals per service (attempts, weighted)
  std::vector<std::string> accounts;      // smallest failing accounts
  std::vector<std::string> tool_cookies;  // smallest scanner/tool RDP cookies
  bool external = false;

  void Add(const LogonAttempt& a) {
    if (a.outcome == LogonOutcome::kSuccess)
      Keep(succeeded, a, kMaxSuccesses);
    else
      Keep(attempts, a, kMaxAttempts);
  }
  // Both lists at their caps, merged in time order.
  std::vector<LogonAttempt> Sorted() const {
    auto earliest = [](std::vector<LogonAttempt> v, size_t cap) {
      std::sort(v.begin(), v.end(), LogonAttemptLess);
      if (v.size() > cap) v.resize(cap);
      return v;
    };
    std::vector<LogonAttempt> a = earliest(attempts, kMaxAttempts), b = earliest(succeeded, kMaxSuccesses), out;
    std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out), LogonAttemptLess);
    return out;
  }
};

void Sample(std::vector<std::string>& s, std::string_view value) {
  if (s.size() < kSamples || value < s.back()) KeepSmallestDistinct(s, std::string(value), kSamples);
}

uint64_t HashOf(std::string_view s) { return s.empty() ? 0 : XXH3_64bits(s.data(), s.size()) | 1; }

class BruteForceState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override {
    if (notices_.OnRecord(org, r)) return;  // notice.log: Zeek's guessing notices
    const std::string& log = r.schema().path();
    if (log == "rdp") {
      const auto& f = rdp_.Resolve(r.schema());
      std::string_view cookie = r.Text(f[2]);
      SourceLog* s = Attempt(org, r, f[0], f[1], LogonService::kRdp, LogonOutcome::kUnknown, cookie, 1);
      if (s && IsToolRdpCookie(cookie)) Sample(s->tool_cookies, cookie);
    } else if (log == "ssh") {
      const auto& f = ssh_.Resolve(r.schema());
      auto ok = r.GetBool(f[2]);
      if (!ok) return;  // no authentication seen (banner grabs, version scans)
      uint32_t tries = static_cast<uint32_t>(std::clamp<uint64_t>(r.GetCount(f[3]).value_or(1), 1, 1000));
      Attempt(org, r, f[0], f[1], LogonService::kSsh, *ok ? LogonOutcome::kSuccess : LogonOutcome::kFailed, {},
              *ok ? 1 : tries);
    } else if (log == "kerberos") {
      const auto& f = krb_.Resolve(r.schema());
      auto ok = r.GetBool(f[4]);
      std::string_view error = r.Text(f[5]);
      // Wrong password, unknown user, account locked out; not PREAUTH_REQUIRED
      // (the normal first AS-REQ of every logon).
      bool failed = ok == false && (error.find("PREAUTH_FAILED") != std::string_view::npos ||
                                    error.find("C_PRINCIPAL_UNKNOWN") != std::string_view::npos ||
                                    error.find("CLIENT_REVOKED") != std::string_view::npos);
      bool succeeded = ok == true && r.Text(f[2]) == "AS" && !r.Text(f[3]).empty();
      if (failed || succeeded)
        Attempt(org, r, f[0], f[1], LogonService::kKerberos, failed ? LogonOutcome::kFailed : LogonOutcome::kSuccess,
                r.Text(f[3]), 1);
    } else if (log == "ntlm") {
      const auto& f = ntlm_.Resolve(r.schema());
      auto ok = r.GetBool(f[3]);
      // No answer seen, or an anonymous (null) session: no logon to count.
      if (!ok || r.Text(f[2]).empty()) return;
      Attempt(org, r, f[0], f[1], LogonService::kNtlm, *ok ? LogonOutcome::kSuccess : LogonOutcome::kFailed,
              r.Text(f[2]), 1);
    } else if (log == "smtp") {
      // One transaction refused for its credentials is one failed logon, by
      // the sender it claimed; accepted mail says nothing of a logon.
      const auto& f = smtp_.Resolve(r.schema());
      if (IsSmtpAuthFailure(r.Text(f[2])))
        Attempt(org, r, f[0], f[1], LogonService::kSmtp, LogonOutcome::kFailed, r.Text(f[3]), 1);
    }
  }

  void Merge(DetectorState& other_base) override {
    auto& other = static_cast<BruteForceState&>(other_base);
    for (auto& [key, o] : other.sources_) {
      SourceLog& s = sources_[key];
      for (const LogonAttempt& a : o.attempts) s.Add(a);
      for (const LogonAttempt& a : o.succeeded) s.Add(a);
      for (size_t i = 0; i < kLogonServices; ++i) {
        s.records[i] += o.records[i];
        s.failures[i] += o.failures[i];
        s.successes[i] += o.successes[i];
      }
      for (const auto& a : o.accounts) Sample(s.accounts, a);
      for (const auto& c : o.tool_cookies) Sample(s.tool_cookies, c);
      s.external = s.external || o.external;
    }
    other.sources_.clear();
    notices_.Merge(other.notices_);
  }
  absl::flat_hash_map<HostKey, SourceLog>& sources() { return sources_; }
  const GuessingNotices& notices() const { return notices_; }

 private:
  SourceLog* Attempt(const OrgContext& org, const Record& r, int from_field, int to_field, LogonService service,
                     LogonOutcome outcome, std::string_view account, uint32_t weight) {
    auto from = r.GetIp(from_field), to = r.GetIp(to_field);
    if (!from || !to) return nullptr;
    SourceLog& s = sources_[HostKey{org.index, *from}];
    s.external = !org.IsInternal(*from);
    size_t i = static_cast<size_t>(service);
    s.records[i] += weight;
    if (outcome == LogonOutcome::kFailed) s.failures[i] += weight;
    if (outcome == LogonOutcome::kSuccess) ++s.successes[i];
    if (outcome == LogonOutcome::kFailed && !account.empty()) Sample(s.accounts, account);
    s.Add(LogonAttempt{r.ts().micros(), *to, HashOf(account), weight, service, outcome});
    return &s;
  }

  absl::flat_hash_map<HostKey, SourceLog> sources_;
  GuessingNotices notices_;
  FieldSet<4> rdp_{{"id.orig_h", "id.resp_h", "cookie", "result"}};
  FieldSet<4> ssh_{{"id.orig_h", "id.resp_h", "auth_success", "auth_attempts"}};
  FieldSet<6> krb_{{"id.orig_h", "id.resp_h", "request_type", "client", "success", "error_msg"}};
  FieldSet<4> ntlm_{{"id.orig_h", "id.resp_h", "username", "success"}};
  FieldSet<4> smtp_{{"id.orig_h", "id.resp_h", "last_reply", "mailfrom"}};
};

struct TargetStats {
  uint64_t attempts = 0, failures = 0, successes = 0;
  int64_t first = 0, last = 0;
  uint8_t services = 0;  // bit per LogonService
};

std::string Services(uint8_t bits) {
  std::string out;
  for (size_t i = 0; i < kLogonServices; ++i)
    if (bits & (1u << i)) out += (out.empty() ? "" : "/") + std::string(kServiceNames[i]);
  return out;
}

// The finding's evidence: totals per service, the peaks, the success after
// the burst, failing accounts (a sample with counts), tool cookies and the
// targets, most attempts first.
std::string Evidence(const SourceLog& s, const std::vector<LogonAttempt>& attempts, const BurstSummary& b,
                     const std::map<Ip, TargetStats>& targets, double window_s) {
  std::vector<std::pair<Ip, const TargetStats*>> by_volume;  // ties by address
  for (const auto& [ip, t] : targets) by_volume.emplace_back(ip, &t);
  std::stable_sort(by_volume.begin(), by_volume.end(),
                   [](const auto& x, const auto& y) { return x.second->attempts > y.second->attempts; });
  uint64_t records = 0, failures = 0;
  for (size_t i = 0; i < kLogonServices; ++i) {
    records += s.records[i];
    failures += s.failures[i];
  }
  JsonWriter w;
  w.BeginObject();
  w.Key("direction").String(s.external ? "inbound" : "internal");
  w.Key("attempts").Uint(records);
  w.Key("failures").Uint(failures);
  w.Key("services").BeginObject();
  for (size_t i = 0; i < kLogonServices; ++i) {
    if (!s.records[i]) continue;
    w.Key(kServiceNames[i]).BeginObject();
    w.Key("attempts").Uint(s.records[i]).Key("failures").Uint(s.failures[i]).Key("successes").Uint(s.successes[i]);
    w.EndObject();
  }
  w.EndObject();
  w.Key("window_seconds").Double(window_s, 0);
  w.Key("peak_failures_in_window").Uint(b.peak_failures);
  w.Key("peak_accounts_in_window").Uint(b.peak_accounts);
  w.Key("peak_rdp_connections_to_one_host").Uint(b.peak_rdp);
  w.Key("burst_reached").String(Timestamp(b.burst_us).ToIso8601());
  if (b.success_us >= 0) {
    w.Key("success_after_burst").BeginObject();
    w.Key("ts").String(Timestamp(b.success_us).ToIso8601());
    w.Key("target").String(b.success_target.ToString());
    w.Key("service").String(ServiceName(b.success_service));
    w.EndObject();
  }
  // Failing accounts: how many, and the sampled ones with their counts.
  std::map<uint64_t, TargetStats> accounts;
  for (const LogonAttempt& a : attempts) {
    if (a.outcome != LogonOutcome::kFailed || !a.account) continue;
    TargetStats& t = accounts[a.account];
    if (t.failures == 0) t.first = a.ts;
    t.last = a.ts;
    t.failures += a.weight;
  }
  w.Key("accounts_total").Uint(accounts.size());
  w.Key("sample_accounts").BeginArray();
  for (const auto& name : s.accounts) {
    auto it = accounts.find(HashOf(name));
    if (it == accounts.end()) continue;  // its failures are past the kept attempts
    w.BeginObject().Key("account").String(name).Key("failures").Uint(it->second.failures);
    w.Key("first").String(Timestamp(it->second.first).ToIso8601(Timestamp::Precision::kSeconds));
    w.Key("last").String(Timestamp(it->second.last).ToIso8601(Timestamp::Precision::kSeconds));
    w.EndObject();
  }
  w.EndArray();
  w.Key("tool_cookies").BeginArray();
  for (const auto& c : s.tool_cookies) w.String(c);
  w.EndArray();
  w.Key("targets_total").Uint(targets.size());
  w.Key("targets").BeginArray();
  for (size_t i = 0; i < by_volume.size() && i < kMaxTargetsListed; ++i) {
    const TargetStats& t = *by_volume[i].second;
    w.BeginObject();
    w.Key("host").String(by_volume[i].first.ToString());
    w.Key("services").String(Services(t.services));
    w.Key("attempts").Uint(t.attempts).Key("failures").Uint(t.failures).Key("successes").Uint(t.successes);
    w.Key("first").String(Timestamp(t.first).ToIso8601(Timestamp::Precision::kSeconds));
    w.Key("last").String(Timestamp(t.last).ToIso8601(Timestamp::Precision::kSeconds));
    w.EndObject();
  }
  w.EndArray();
  w.Key("attempts_kept").Uint(attempts.size());
  w.EndObject();
  return w.Take();
}

// The target with the most attempts (the smallest address on a tie).
Ip MostAttempted(const std::map<Ip, TargetStats>& targets) {
  Ip best = targets.begin()->first;
  uint64_t most = 0;
  for (const auto& [ip, t] : targets)
    if (t.attempts > most) most = t.attempts, best = ip;
  return best;
}

class BruteForceDetector : public Detector {
 public:
  explicit BruteForceDetector(BruteForceParams p) : p_(p) {
    spec_.name = "brute_force";
    spec_.summary = "bursts of RDP, SSH, Kerberos pre-authentication, NTLM and SMTP logon attempts from one source";
    spec_.attack = {"T1110.001", "T1110.003"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kCredentialTheft;
    // A burst of failed logons from one source is an attack (or the org's own
    // scanner): specific on its own, high when the guessing worked.
    spec_.specific = true;
    spec_.exports = {.addresses = true};  // an outside source
    spec_.containment =
        "Block the source; reset the targeted accounts and check each target's logons after the burst; enforce "
        "lockout and MFA on the exposed service.";
    spec_.logs_optional = {"rdp", "ssh", "kerberos", "ntlm", "smtp", "notice"};
    spec_.without_logs =
        "Reads whichever of rdp, ssh, kerberos, ntlm and smtp arrived, and Zeek's own guessing notices in notice; "
        "with none of them it finds nothing.";
    using enum EvidenceType;
    spec_.evidence = {{"direction", kString},
                      {"attempts", kNumber},
                      {"failures", kNumber},
                      {"services", kObject},
                      {"window_seconds", kNumber},
                      {"peak_failures_in_window", kNumber},
                      {"peak_accounts_in_window", kNumber},
                      {"peak_rdp_connections_to_one_host", kNumber},
                      {"burst_reached", kString},
                      {"success_after_burst", kObject, false},
                      {"accounts_total", kNumber},
                      {"sample_accounts", kArray},
                      {"tool_cookies", kArray},
                      {"targets_total", kNumber},
                      {"targets", kArray},
                      {"attempts_kept", kNumber},
                      {"zeek_notices", kArray, false}};
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<BruteForceState>(); }
  bool WantsField(std::string_view log, std::string_view f) const override {
    if (f == "id.orig_h" || f == "id.resp_h")
      return log == "rdp" || log == "ssh" || log == "kerberos" || log == "ntlm" || log == "smtp";
    if (log == "rdp") return f == "cookie" || f == "result";
    if (log == "ssh") return f == "auth_success" || f == "auth_attempts";
    if (log == "kerberos") return f == "request_type" || f == "client" || f == "success" || f == "error_msg";
    if (log == "ntlm") return f == "username" || f == "success";
    if (log == "smtp") return f == "last_reply" || f == "mailfrom";
    return GuessingNotices::WantsField(log, f);
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    auto* state = static_cast<BruteForceState*>(merged);
    std::map<HostKey, SourceLog*> ordered;
    for (auto& [k, s] : state->sources()) ordered[k] = &s;
    for (auto& [key, s] : ordered) {
      std::vector<LogonAttempt> attempts = s->Sorted();
      BurstSummary b = SummariseAttempts(attempts, p_);
      if (!b.burst()) continue;
      std::map<Ip, TargetStats> targets;
      for (const LogonAttempt& a : attempts) {
        TargetStats& t = targets[a.target];
        if (t.attempts == 0) t.first = a.ts;
        t.last = a.ts;
        t.attempts += a.weight;
        if (a.outcome == LogonOutcome::kFailed) t.failures += a.weight;
        if (a.outcome == LogonOutcome::kSuccess) ++t.successes;
        t.services |= static_cast<uint8_t>(1u << static_cast<size_t>(a.service));
      }
      double score = BruteForceScore(b, targets.size(), !s->tool_cookies.empty(), s->external, p_);
      if (score < p_.min_score) continue;
      out.push_back(MakeFinding(ctx, key, *s, attempts, b, targets, score));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    state->notices().Apply(ctx, p_, out);
    return out;
  }

 private:
  Finding MakeFinding(const AnalysisContext& ctx, const HostKey& key, const SourceLog& s,
                      const std::vector<LogonAttempt>& attempts, const BurstSummary& b,
                      const std::map<Ip, TargetStats>& targets, double score) const {
    bool spraying = b.peak_accounts >= p_.min_sprayed_accounts;
    std::vector<std::string> attack = {"T1110.001"};
    if (spraying) attack.push_back("T1110.003");
    std::vector<std::string> indicators = {spraying ? "password-spraying" : "brute-force"};
    // The finding's host is always the org's own: from outside, the target
    // the guessing worked on, else the one most attempted; the source is the
    // indicator (docs/findings.md, `host`).
    Ip host = key.host;
    if (s.external) {
      host = b.success_us >= 0 ? b.success_target : MostAttempted(targets);
      indicators.push_back(key.host.ToString());
    }
    Finding f = NewFinding(ctx, key.org, host, "brute_force", score, indicators, attempts.front().ts,
                           attempts.back().ts, attack);
    for (const auto& [ip, t] : targets)
      if (ctx.orgs[key.org].IsInternal(ip) && ip != host) f.peers.push_back(ip);
    uint64_t records = 0;
    uint8_t services = 0;
    for (size_t i = 0; i < kLogonServices; ++i) {
      records += s.records[i];
      if (s.records[i]) services |= static_cast<uint8_t>(1u << i);
    }
    std::string what;
    if (b.peak_rdp >= p_.min_rdp_connections)
      what = fmt::format("{} RDP connections to {} within {}", Thousands(b.peak_rdp), b.peak_rdp_target.ToString(),
                         HumanDuration(p_.window_s));
    if (b.peak_failures >= p_.min_failures || spraying)
      what += fmt::format("{}{} failed logons{} within {}", what.empty() ? "" : "; ", Thousands(b.peak_failures),
                          spraying ? fmt::format(" on {} accounts", b.peak_accounts) : "", HumanDuration(p_.window_s));
    f.summary = fmt::format("{}{} made {} {} logon attempts against {} host{} (peak: {}){}{}",
                            key.host.ToString(), s.external ? " (outside)" : "", Thousands(records), Services(services),
                            targets.size(), targets.size() == 1 ? "" : "s", what,
                            s.tool_cookies.empty() ? "" : ", tool cookies " + absl::StrJoin(s.tool_cookies, ", "),
                            b.success_us >= 0 ? fmt::format(", then logged on successfully ({} to {}): the guessing "
                                                            "worked",
                                                            ServiceName(b.success_service), b.success_target.ToString())
                                              : "");
    f.evidence_json = Evidence(s, attempts, b, targets, p_.window_s);
    return f;
  }

  BruteForceParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(BruteForceParams& p) {
  return {
      {"min_failures", &p.min_failures, "failed SSH/Kerberos/NTLM/SMTP logons from one source within the window",
       NumberRange::AtLeast(2)},
      {"min_rdp_connections", &p.min_rdp_connections, "RDP connections from one source to one host within the window",
       NumberRange::AtLeast(2)},
      {"min_sprayed_accounts", &p.min_sprayed_accounts, "distinct failing accounts within the window (spraying)",
       NumberRange::AtLeast(2)},
      {"window_s", &p.window_s, "the sliding window, seconds", NumberRange::Positive()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewBruteForceDetector(BruteForceParams params) {
  return std::make_unique<BruteForceDetector>(params);
}

}  // namespace dragnet
