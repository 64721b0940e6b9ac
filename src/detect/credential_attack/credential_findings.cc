#include "detect/credential_attack/credential_findings.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"

namespace dragnet {

// DCSync: a host that is not a domain controller asking one for
// replication. Domain controllers are learned: hosts that answer Kerberos or
// replication requests in the org's own logs, or Kerberos/LDAP for many
// clients (host roles). On data too short to have shown a DC's partner
// answering, only a tool's or a user's shape keeps it high.
Finding DcSyncFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, const DcSyncEvidence& why) {
  std::set<Ip> asked;
  for (const auto& [ts, dc] : e.replication) asked.insert(dc);
  const bool settled = why.Settled();
  Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", settled ? 0.95 : kUnsettledDcSyncScore,
                         {"dcsync"}, e.replication.front().first, e.replication.back().first, {"T1003.006"});
  f.peers.assign(asked.begin(), asked.end());
  const std::string host = key.host.ToString();
  std::string head = fmt::format("{} asked domain controller {} to replicate directory changes (DRSGetNCChanges, {} "
                                 "calls) but answers neither Kerberos nor replication itself",
                                 host, asked.begin()->ToString(), e.replication.size());
  if (!settled) {
    f.summary = fmt::format("{}; not enough data to know whether {} is a domain controller: the org's logs span {}, "
                            "domain controllers replicate with each partner at least hourly",
                            head, host, HumanDuration(why.span_s));
  } else {
    std::string tells;
    if (why.crack_names_first) tells += ", translated names first (DRSCrackNames)";
    if (why.user_logon) tells += ", a user's Kerberos client (a workstation)";
    f.summary = fmt::format("{}{}: DCSync", head, tells);
  }
  JsonWriter w;
  w.BeginObject();
  w.Key("attack").String("dcsync");
  w.Key("calls").Uint(e.replication.size());
  w.Key("domain_controllers").BeginArray();
  for (const Ip& dc : asked) w.String(dc.ToString());
  w.EndArray();
  w.Key("data_span_seconds").Double(why.span_s, 0);
  w.Key("crack_names_first").Bool(why.crack_names_first);
  w.Key("user_kerberos_client").Bool(why.user_logon);
  w.EndObject();
  f.evidence_json = w.Take();
  return f;
}

Finding ZerologonFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, const Ip& server,
                         size_t auths, bool password_set, const CredentialAttackParams& p) {
  // 0.9 at the threshold (specific: a client authenticates its secure channel
  // once), more for the hundreds an exploit needs and for the password reset.
  double score = 0.9 + (auths >= 10.0 * p.min_netlogon_auths ? 0.05 : 0) + (password_set ? 0.05 : 0);
  int64_t first = e.netlogon_auth.back().first, last = e.netlogon_auth.front().first;
  for (const auto& [ts, to] : e.netlogon_auth)
    if (to == server) first = std::min(first, ts), last = std::max(last, ts);
  Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", RoundScore(score), {"zerologon"}, first, last,
                         {"T1210"});
  f.peers = {server};
  f.summary = fmt::format("{} made {} Netlogon secure-channel authentications (NetrServerAuthenticate) to {} within "
                          "{}{}: Zerologon (CVE-2020-1472)",
                          key.host.ToString(), auths, server.ToString(), HumanDuration(p.window_s),
                          password_set ? ", then set a machine password (NetrServerPasswordSet)" : "");
  JsonWriter w;
  w.BeginObject();
  w.Key("attack").String("zerologon");
  w.Key("netlogon_authentications_in_window").Uint(auths);
  w.Key("password_set").Bool(password_set);
  w.Key("domain_controllers").BeginArray().String(server.ToString()).EndArray();
  w.Key("window_seconds").Double(p.window_s, 0);
  w.EndObject();
  f.evidence_json = w.Take();
  return f;
}

Finding AsRepFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, size_t roasted,
                     bool aes_rule, const CredentialAttackParams& p) {
  // 0.55 at the threshold, 0.1 a further account, 0.1 more where AES is the rule.
  double extra = static_cast<double>(roasted - p.min_asrep_accounts);
  double score = RoundScore(std::min(1.0, 0.55 + 0.1 * extra + (aes_rule ? 0.1 : 0)));
  Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", score, e.asrep_samples, e.asrep.front().first,
                         e.asrep.back().first, {"T1558.004"});
  f.summary = fmt::format("{} obtained RC4-encrypted AS replies for {} distinct accounts not its own, without the "
                          "pre-authentication round, within {}{} (AS-REP roasting)",
                          key.host.ToString(), roasted, HumanDuration(p.window_s),
                          aes_rule ? "; the org's clients otherwise use AES" : "");
  JsonWriter w;
  w.BeginObject();
  w.Key("attack").String("asrep_roasting");
  w.Key("distinct_accounts_in_window").Uint(roasted);
  w.Key("aes_is_the_rule").Bool(aes_rule);
  w.Key("window_seconds").Double(p.window_s, 0);
  w.EndObject();
  f.evidence_json = w.Take();
  return f;
}

Finding Rc4DowngradeFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, bool then_tgs) {
  // Weak alone: 0.6 where AES is the rule, more when the host's own logons
  // are otherwise AES (it can, so it was made not to) and when RC4 service
  // tickets follow (the next hop of overpass-the-hash).
  bool capable = e.aes_tgts > 0;
  double score = RoundScore(0.6 + (then_tgs ? 0.1 : 0) + (capable ? 0.1 : 0));
  Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", score, e.asrep_samples, e.asrep.front().first,
                         e.asrep.back().first, {"T1550.002", "T1558"});
  f.summary = fmt::format("{} asked for a TGT with RC4 ({}) in an org whose clients use AES{}{} (RC4 downgrade: "
                          "overpass-the-hash)",
                          key.host.ToString(), e.asrep_samples.empty() ? "" : e.asrep_samples.front(),
                          capable ? ", as its own other logons do" : "",
                          then_tgs ? ", then RC4 service tickets" : "");
  JsonWriter w;
  w.BeginObject();
  w.Key("attack").String("rc4_downgrade");
  w.Key("rc4_tgts").Uint(e.rc4_tgts);
  w.Key("aes_tgts").Uint(e.aes_tgts);
  w.Key("rc4_service_tickets_after").Bool(then_tgs);
  w.EndObject();
  f.evidence_json = w.Take();
  return f;
}

Finding NtlmSprayFinding(const AnalysisContext& ctx, const HostKey& key, const HostEvents& e, size_t accounts,
                         const CredentialAttackParams& p) {
  // As failure-counted spraying, 0.7 at the threshold and 1 at three times
  // it, and 0.1 more for user names no account can have ('user:password').
  double score = 0.7 + 0.3 * (static_cast<double>(accounts) - p.min_sprayed_accounts) / (2.0 * p.min_sprayed_accounts);
  score = RoundScore(std::min(1.0, score + (e.impossible_names.empty() ? 0 : 0.1)));
  std::set<Ip> servers;
  for (const NtlmTry& t : e.ntlm_tries) servers.insert(t.server);
  Finding f = NewFinding(ctx, key.org, key.host, "credential_attack", score, {"password-spraying"},
                         e.ntlm_tries.front().ts, e.ntlm_tries.back().ts, {"T1110.003"});
  for (const Ip& s : servers)
    if (ctx.orgs[key.org].IsInternal(s)) f.peers.push_back(s);
  f.summary = fmt::format("{} tried NTLM logons as {} distinct accounts, each on {} or more servers, within {} "
                          "(password spraying, whatever the answers), {} attempts on {} servers in all{}",
                          key.host.ToString(), accounts, p.min_spray_servers, HumanDuration(p.window_s),
                          e.ntlm_tries.size(), servers.size(),
                          e.impossible_names.empty() ? ""
                                                     : fmt::format("; user names no account can have, such as '{}'",
                                                                   e.impossible_names.front()));
  JsonWriter w;
  w.BeginObject();
  w.Key("attack").String("ntlm_spraying");
  w.Key("distinct_accounts_in_window").Uint(accounts);
  w.Key("attempts").Uint(e.ntlm_tries.size());
  w.Key("servers").Uint(servers.size());
  w.Key("sample_accounts").BeginArray();
  for (const auto& s : e.ntlm_samples) w.String(s);
  w.EndArray();
  w.Key("impossible_account_names").BeginArray();
  for (const auto& s : e.impossible_names) w.String(s);
  w.EndArray();
  w.Key("window_seconds").Double(p.window_s, 0);
  w.EndObject();
  f.evidence_json = w.Take();
  return f;
}

}  // namespace dragnet
