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
#include "detect/credential_attack/credential_findings.h"
#include "detect/roles/host_roles.h"

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

bool IsUserPrincipal(std::string_view client) {
  std::string_view name = client.substr(0, client.find('/'));
  return !name.empty() && name != "-" && !name.ends_with('$');
}

namespace {

constexpr size_t kMaxEvents = kMaxCredentialEvents;  // per host and kind: bounded memory

constexpr size_t kMaxDomainControllers = 1024;
// A KDC_ERR_PREAUTH_REQUIRED this long before an AS reply for the same
// account: the normal two-step logon, not a reply without pre-authentication.
constexpr double kPreauthRoundSeconds = 60;

void Keep(std::vector<std::pair<int64_t, uint64_t>>& v, int64_t ts, uint64_t value) {
  if (v.size() < kMaxEvents) v.emplace_back(ts, value);
}

void Sample(std::vector<std::string>& s, std::string_view value) {
  if (s.size() < 5 || value < s.back()) KeepSmallestDistinct(s, std::string(value), 5);
}

uint64_t HashOf(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

bool IsAesCipher(std::string_view cipher) {
  std::string c = AsciiLower(cipher);
  return c.find("aes") != std::string::npos || c == "17" || c == "18";
}

// A host's part in its org's rule: an AES client, an RC4-only one, or none.
KerberosRule PartOf(const HostEvents& e) {
  return {.aes_hosts = e.aes_tgts > 0 ? 1u : 0u, .rc4_only_hosts = e.aes_tgts == 0 && e.rc4_tgts > 0 ? 1u : 0u};
}

class CredentialState : public DetectorState {
 public:
  void OnRecord(const OrgContext& org, const Record& r) override {
    NoteTime(org.index, r.ts().micros());
    const std::string& log = r.schema().path();
    if (log == "kerberos") OnKerberos(org, r);
    else if (log == "dce_rpc") OnDceRpc(org, r);
    else if (log == "ntlm") OnNtlm(org, r);
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
      for (const auto& ev : o.preauth_asked) KeepEarliest(e.preauth_asked, ev);
      for (uint64_t a : o.own_accounts) KeepEarliest(e.own_accounts, a, kMaxOwnAccounts);
      for (const auto& ev : o.netlogon_auth) KeepEarliest(e.netlogon_auth, ev);
      for (const auto& ev : o.netlogon_password_set) KeepEarliest(e.netlogon_password_set, ev);
      for (const auto& t : o.ntlm_tries) KeepEarliest(e.ntlm_tries, t);
      for (const auto& s : o.samples) Sample(e.samples, s);
      for (const auto& s : o.asrep_samples) Sample(e.asrep_samples, s);
      for (const auto& s : o.ntlm_samples) Sample(e.ntlm_samples, s);
      for (const auto& s : o.impossible_names) Sample(e.impossible_names, s);
      e.rc4_total += o.rc4_total;
      e.failed_total += o.failed_total;
      e.aes_tgts += o.aes_tgts;
      e.rc4_tgts += o.rc4_tgts;
      e.first_crack_names = std::min(e.first_crack_names, o.first_crack_names);
      e.user_kerberos_client = e.user_kerberos_client || o.user_kerberos_client;
    }
    other.hosts_.clear();
    for (uint32_t org = 0; org < other.spans_.size(); ++org) {
      NoteTime(org, other.spans_[org].first);
      NoteTime(org, other.spans_[org].second);
    }
    for (const auto& dc : other.dcs_)
      if (dcs_.size() < kMaxDomainControllers) dcs_.insert(dc);
    other.dcs_.clear();
  }
  absl::flat_hash_map<HostKey, HostEvents>& hosts() { return hosts_; }
  bool IsDomainController(uint32_t org, const Ip& ip) const { return dcs_.contains(HostKey{org, ip}); }
  // How long the org's records cover, seconds (0 when none had a time).
  double SpanSeconds(uint32_t org) const {
    if (org >= spans_.size() || spans_[org].first > spans_[org].second) return 0;
    return static_cast<double>(spans_[org].second - spans_[org].first) / 1e6;
  }
  // Each org's clients by the ciphers of their TGTs.
  std::map<uint32_t, KerberosRule> OrgRules() const {
    std::map<uint32_t, KerberosRule> rules;
    for (const auto& [key, e] : hosts_) {
      KerberosRule part = PartOf(e);
      rules[key.org].aes_hosts += part.aes_hosts;
      rules[key.org].rc4_only_hosts += part.rc4_only_hosts;
    }
    return rules;
  }

 private:
  void OnKerberos(const OrgContext& org, const Record& r) {
    const auto& f = krb_.Resolve(r.schema());
    auto host = r.GetIp(f[0]);
    if (!host) return;
    std::string_view type = r.Text(f[1]), client = r.Text(f[2]), service = r.Text(f[3]), cipher = r.Text(f[5]);
    std::optional<bool> success = r.GetBool(f[4]);
    // The KDC answering is a domain controller: DCSync from it is replication.
    if (auto kdc = r.GetIp(f[6]); kdc && success.has_value()) NoteDomainController(org.index, *kdc);
    HostEvents& e = hosts_[HostKey{org.index, *host}];
    const int64_t ts = r.ts().micros();
    if (IsUserPrincipal(client)) e.user_kerberos_client = true;  // a person logs on there: a workstation
    if (success.value_or(false) && type == "TGS" && IsRc4Cipher(cipher) && !service.empty() &&
        !AsciiLower(service).starts_with("krbtgt")) {
      ++e.rc4_total;
      Keep(e.rc4, ts, HashOf(service));
      Sample(e.samples, service);
    } else if (success.value_or(false) && type == "AS" && !client.empty()) {
      if (IsRc4Cipher(cipher)) {
        ++e.rc4_tgts;
        Keep(e.asrep, ts, HashOf(client));
        Sample(e.asrep_samples, client);
      } else if (IsAesCipher(cipher)) {
        ++e.aes_tgts;
        KeepEarliest(e.own_accounts, HashOf(client), kMaxOwnAccounts);
      }
    } else if (success == false && !client.empty() && IsPreauthRequired(r.Text(f[7]))) {
      KeepEarliest(e.preauth_asked, std::make_pair(ts, HashOf(client)));
    } else if (success == false && !client.empty()) {
      ++e.failed_total;
      Keep(e.failed, ts, HashOf(client));
    }
  }
  void OnDceRpc(const OrgContext& org, const Record& r) {
    const auto& f = rpc_.Resolve(r.schema());
    std::string_view endpoint = r.Text(f[2]), operation = r.Text(f[3]);
    if (endpoint != "drsuapi" && endpoint != "netlogon") return;
    auto from = r.GetIp(f[0]), to = r.GetIp(f[1]);
    if (!from || !to) return;
    const int64_t ts = r.ts().micros();
    if (endpoint == "netlogon") {
      if (IsNetlogonAuthenticate(operation))
        KeepEarliest(hosts_[HostKey{org.index, *from}].netlogon_auth, std::make_pair(ts, *to));
      else if (IsNetlogonPasswordSet(operation))
        KeepEarliest(hosts_[HostKey{org.index, *from}].netlogon_password_set, std::make_pair(ts, *to));
      return;
    }
    NoteDomainController(org.index, *to);  // it answers replication requests
    if (operation == "DRSCrackNames") {
      HostEvents& e = hosts_[HostKey{org.index, *from}];
      e.first_crack_names = std::min(e.first_crack_names, ts);
    }
    if (operation != "DRSGetNCChanges") return;
    HostEvents& e = hosts_[HostKey{org.index, *from}];
    if (e.replication.size() < kMaxEvents) e.replication.emplace_back(ts, *to);
  }
  void OnNtlm(const OrgContext& org, const Record& r) {
    const auto& f = ntlm_.Resolve(r.schema());
    auto host = r.GetIp(f[0]), server = r.GetIp(f[3]);
    std::string_view user = r.Text(f[1]);
    if (!host || user.empty()) return;  // anonymous (null session): no account tried
    HostEvents& e = hosts_[HostKey{org.index, *host}];
    if (server) {
      KeepEarliest(e.ntlm_tries, NtlmTry{r.ts().micros(), HashOf(user), *server});
      Sample(e.ntlm_samples, user);
      if (IsImpossibleAccountName(user)) Sample(e.impossible_names, user);
    }
    if (r.GetBool(f[2]) != false) return;
    ++e.failed_total;
    Keep(e.failed, r.ts().micros(), HashOf(user));
  }
  void NoteTime(uint32_t org, int64_t ts) {
    if (ts == 0 || ts == INT64_MAX || ts == INT64_MIN) return;  // no time, or an empty span merged
    if (org >= spans_.size()) spans_.resize(org + 1, {INT64_MAX, INT64_MIN});
    spans_[org].first = std::min(spans_[org].first, ts);
    spans_[org].second = std::max(spans_[org].second, ts);
  }
  void NoteDomainController(uint32_t org, const Ip& ip) {
    if (dcs_.size() < kMaxDomainControllers) dcs_.insert(HostKey{org, ip});
  }

  absl::flat_hash_map<HostKey, HostEvents> hosts_;
  absl::flat_hash_set<HostKey> dcs_;  // hosts seen answering Kerberos or replication, per org
  std::vector<std::pair<int64_t, int64_t>> spans_;  // per org index: first and last record time, microseconds
  FieldSet<8> krb_{{"id.orig_h", "request_type", "client", "service", "success", "cipher", "id.resp_h",
                    "error_msg"}};
  FieldSet<4> rpc_{{"id.orig_h", "id.resp_h", "endpoint", "operation"}};
  FieldSet<4> ntlm_{{"id.orig_h", "username", "success", "id.resp_h"}};
};

class CredentialAttackDetector : public Detector {
 public:
  explicit CredentialAttackDetector(CredentialAttackParams p) : p_(p) {
    spec_.name = "credential_attack";
    spec_.specific = true;
    spec_.summary =
        "Kerberoasting, AS-REP roasting, RC4 downgrade, password spraying / brute force, DCSync from a non-DC, "
        "Zerologon";
    spec_.attack = {"T1003.006", "T1110.001", "T1110.003", "T1210", "T1550.002", "T1558.003", "T1558.004"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kCredentialTheft;
    spec_.containment = "Reset the roasted service accounts and krbtgt twice; enforce AES; block the source host.";
    spec_.logs_optional = {"kerberos", "ntlm", "dce_rpc"};
    spec_.without_logs =
        "Roasting and RC4 downgrade need kerberos, spraying and brute force kerberos or ntlm, DCSync and Zerologon "
        "dce_rpc; with none of them it finds nothing.";
    using enum EvidenceType;
    spec_.evidence = {
        {"attack", kString}, {"calls", kNumber, false}, {"domain_controllers", kArray, false},
        {"distinct_spns_in_window", kNumber, false}, {"rc4_tickets", kNumber, false}, {"sample_spns", kArray, false},
        {"distinct_accounts_in_window", kNumber, false}, {"failures", kNumber, false},
        {"window_seconds", kNumber, false}, {"netlogon_authentications_in_window", kNumber, false},
        {"password_set", kBool, false}, {"aes_is_the_rule", kBool, false}, {"rc4_tgts", kNumber, false},
        {"aes_tgts", kNumber, false}, {"rc4_service_tickets_after", kBool, false}, {"attempts", kNumber, false},
        {"servers", kNumber, false}, {"sample_accounts", kArray, false}, {"impossible_account_names", kArray, false},
        {"data_span_seconds", kNumber, false}, {"crack_names_first", kBool, false},
        {"user_kerberos_client", kBool, false}
    };
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<CredentialState>(); }
  bool NeedsHostRoles() const override { return true; }  // domain controllers learnt from conn.log too
  bool WantsField(std::string_view log, std::string_view f) const override {
    if (log == "kerberos")
      return f == "id.orig_h" || f == "id.resp_h" || f == "request_type" || f == "client" || f == "service" ||
             f == "success" || f == "cipher" || f == "error_msg";
    if (log == "dce_rpc") return f == "id.orig_h" || f == "id.resp_h" || f == "endpoint" || f == "operation";
    if (log == "ntlm") return f == "id.orig_h" || f == "id.resp_h" || f == "username" || f == "success";
    return false;
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    std::map<HostKey, HostEvents*> ordered;
    auto* state = static_cast<CredentialState*>(merged);
    for (auto& [k, e] : state->hosts()) ordered[k] = &e;
    const std::map<uint32_t, KerberosRule> rules = state->OrgRules();
    std::vector<Finding> unsettled;  // low DCSync findings: reported whatever min_score
    for (auto& [key, e] : ordered) {
      Settle(*e);
      DcSync(ctx, *state, key, *e, out, unsettled);
      Zerologon(ctx, key, *e, out);
      bool aes_rule = AesIsTheRule(rules.at(key.org), PartOf(*e), p_.aes_rule_min_hosts, p_.aes_rule_share);
      RoastingOrDowngrade(ctx, key, *e, aes_rule, out);
      Kerberoasting(ctx, key, *e, out);
      if (!FailedLogons(ctx, key, *e, out)) NtlmSpraying(ctx, key, *e, out);
    }
    std::erase_if(out, [&](const Finding& f) { return f.score < p_.min_score; });
    out.insert(out.end(), std::make_move_iterator(unsettled.begin()), std::make_move_iterator(unsettled.end()));
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  static void Settle(HostEvents& e) {
    std::sort(e.rc4.begin(), e.rc4.end());
    std::sort(e.failed.begin(), e.failed.end());
    std::sort(e.asrep.begin(), e.asrep.end());
    std::sort(e.replication.begin(), e.replication.end());
    dragnet::Settle(e.preauth_asked);
    dragnet::Settle(e.own_accounts, kMaxOwnAccounts);
    dragnet::Settle(e.netlogon_auth);
    dragnet::Settle(e.netlogon_password_set);
    dragnet::Settle(e.ntlm_tries);
  }

  // DRSGetNCChanges from a host not learnt as a domain controller (answering
  // Kerberos or replication, or a DC by its conn.log role): DCSync, high
  // when the data settles it, else low to `unsettled`.
  void DcSync(const AnalysisContext& ctx, const CredentialState& state, const HostKey& key, const HostEvents& e,
              std::vector<Finding>& out, std::vector<Finding>& unsettled) const {
    if (e.replication.empty() || state.IsDomainController(key.org, key.host)) return;
    if (ctx.roles && ctx.roles->Has(key.org, key.host, kRoleDomainController)) return;
    DcSyncEvidence why{.span_s = state.SpanSeconds(key.org),
                       .reciprocity_s = p_.reciprocity_s,
                       .crack_names_first = e.first_crack_names <= e.replication.back().first,
                       .user_logon = e.user_kerberos_client};
    (why.Settled() ? out : unsettled).push_back(DcSyncFinding(ctx, key, e, why));
  }

  // The server most authenticated to inside one window; a finding from min_netlogon_auths.
  void Zerologon(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, std::vector<Finding>& out) const {
    std::map<Ip, std::vector<int64_t>> by_server;
    for (const auto& [ts, server] : e.netlogon_auth) by_server[server].push_back(ts);
    size_t best = 0;
    Ip server;
    for (const auto& [ip, times] : by_server)
      if (size_t peak = PeakInWindow(times, p_.window_s); peak > best) best = peak, server = ip;
    if (best < p_.min_netlogon_auths) return;
    int64_t first = by_server[server].front();
    bool password_set = std::any_of(e.netlogon_password_set.begin(), e.netlogon_password_set.end(),
                                    [&](const auto& ev) { return ev.second == server && ev.first >= first; });
    out.push_back(ZerologonFinding(ctx, key, e, server, best, password_set, p_));
  }

  // Several accounts not the host's own answered by RC4 without the
  // pre-authentication round: AS-REP roasting. Else an RC4 TGT where AES is
  // the org's rule: a downgrade.
  void RoastingOrDowngrade(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, bool aes_rule,
                           std::vector<Finding>& out) const {
    if (e.asrep.empty()) return;
    auto unauthenticated = Unauthenticated(e.asrep, e.own_accounts, e.preauth_asked, kPreauthRoundSeconds);
    size_t roasted = MaxDistinctInWindow(unauthenticated, p_.window_s);
    if (roasted >= p_.min_asrep_accounts) return out.push_back(AsRepFinding(ctx, key, e, roasted, aes_rule, p_));
    if (!aes_rule) return;
    const int64_t first = e.asrep.front().first, window = static_cast<int64_t>(p_.window_s * 1e6);
    bool then_tgs = std::any_of(e.rc4.begin(), e.rc4.end(),
                                [&](const auto& ev) { return ev.first >= first && ev.first - first <= window; });
    out.push_back(Rc4DowngradeFinding(ctx, key, e, then_tgs));
  }

  void Kerberoasting(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e,
                     std::vector<Finding>& out) const {
    size_t spns = MaxDistinctInWindow(e.rc4, p_.window_s);
    if (spns < p_.min_rc4_services) return;
    // 0.75 at the threshold, 1.0 at three times it.
    double score = std::min(1.0, 0.75 + 0.25 * (static_cast<double>(spns) - p_.min_rc4_services) /
                                          (2.0 * p_.min_rc4_services));
    Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", RoundScore(score), e.samples,
                           e.rc4.front().first, e.rc4.back().first, {"T1558.003"});
    f.summary = fmt::format("{} asked for RC4 service tickets for {} distinct service principals within {} "
                            "(Kerberoasting), {} RC4 tickets in all",
                            key.host.ToString(), spns, HumanDuration(p_.window_s), e.rc4_total);
    JsonWriter w;
    w.BeginObject();
    w.Key("attack").String("kerberoasting");
    w.Key("distinct_spns_in_window").Uint(spns);
    w.Key("rc4_tickets").Uint(e.rc4_total);
    w.Key("window_seconds").Double(p_.window_s, 0);
    w.Key("sample_spns").BeginArray();
    for (const auto& s : e.samples) w.String(s);
    w.EndArray();
    w.EndObject();
    f.evidence_json = w.Take();
    out.push_back(std::move(f));
  }

  // Spraying or brute force counted by failures; whether it found one.
  bool FailedLogons(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e,
                    std::vector<Finding>& out) const {
    size_t accounts = MaxDistinctInWindow(e.failed, p_.window_s);
    bool spraying = accounts >= p_.min_sprayed_accounts;
    bool brute = !spraying && e.failed.size() >= p_.min_failures_one_account && accounts <= 2;
    if (!spraying && !brute) return false;
    double score = spraying ? std::min(1.0, 0.7 + 0.3 * (static_cast<double>(accounts) - p_.min_sprayed_accounts) /
                                                   (2.0 * p_.min_sprayed_accounts))
                            : 0.6;
    Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", RoundScore(score), {}, e.failed.front().first,
                           e.failed.back().first, {spraying ? "T1110.003" : "T1110.001"});
    f.indicators = {spraying ? "password-spraying" : "brute-force"};
    f.summary = spraying ? fmt::format("{} failed to log on as {} distinct accounts within {} (password spraying), "
                                       "{} failures in all",
                                       key.host.ToString(), accounts, HumanDuration(p_.window_s), e.failed_total)
                         : fmt::format("{} failed {} logons on {} account(s) (brute force)", key.host.ToString(),
                                       e.failed_total, accounts);
    JsonWriter w;
    w.BeginObject();
    w.Key("attack").String(spraying ? "password_spraying" : "brute_force");
    w.Key("distinct_accounts_in_window").Uint(accounts);
    w.Key("failures").Uint(e.failed_total);
    w.EndObject();
    f.evidence_json = w.Take();
    out.push_back(std::move(f));
    return true;
  }

  // Spraying by distinct accounts, each tried on several servers, whatever
  // the answers (a Samba guest fallback says T to every guess).
  void NtlmSpraying(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e,
                    std::vector<Finding>& out) const {
    size_t accounts = MaxAccountsOnManyServers(e.ntlm_tries, p_.window_s, p_.min_spray_servers);
    if (accounts >= p_.min_sprayed_accounts) out.push_back(NtlmSprayFinding(ctx, key, e, accounts, p_));
  }

  CredentialAttackParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(CredentialAttackParams& p) {
  return {
      {"min_rc4_services", &p.min_rc4_services, "distinct SPNs with RC4 tickets within the window (Kerberoasting)",
       NumberRange::AtLeast(1)},
      {"min_sprayed_accounts", &p.min_sprayed_accounts,
       "distinct accounts failing, or (NTLM) each tried on min_spray_servers servers, within the window (spraying)",
       NumberRange::AtLeast(1)},
      {"min_failures_one_account", &p.min_failures_one_account, "failures on one or two accounts (brute force)",
       NumberRange::AtLeast(1)},
      {"min_asrep_accounts", &p.min_asrep_accounts,
       "distinct accounts not the host's own with RC4 AS replies without pre-authentication (AS-REP roasting)",
       NumberRange::AtLeast(1)},
      {"min_netlogon_auths", &p.min_netlogon_auths,
       "Netlogon authentications from one host to one server within the window (Zerologon)", NumberRange::AtLeast(2)},
      {"min_spray_servers", &p.min_spray_servers, "servers each account is tried on (NTLM spraying, any outcome)",
       NumberRange::AtLeast(1)},
      {"aes_rule_share", &p.aes_rule_share,
       "share of the org's clients with AES TGTs that makes AES its rule (RC4 downgrade)",
       NumberRange::Unit()},
      {"aes_rule_min_hosts", &p.aes_rule_min_hosts,
       "clients with AES TGTs (besides the judged host) that make AES the rule",
       NumberRange::AtLeast(1)},
      {"window_s", &p.window_s, "the window, seconds", NumberRange::Positive()},
      {"min_score", &p.min_score, "findings below are not reported (the low DCSync the data cannot settle excepted)",
       NumberRange::Unit()},
      {"reciprocity_s", &p.reciprocity_s,
       "data covering this long settles whether a DRSGetNCChanges requester is a domain controller (DCSync)",
       NumberRange::Positive()},
  };
}

std::unique_ptr<Detector> NewCredentialAttackDetector(CredentialAttackParams params) {
  return std::make_unique<CredentialAttackDetector>(params);
}

}  // namespace dragnet
