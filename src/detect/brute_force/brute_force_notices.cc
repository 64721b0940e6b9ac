#include "detect/brute_force/brute_force_notices.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"

namespace dragnet {
namespace {

constexpr size_t kMaxServers = 256;  // servers kept per source: the smallest addresses

// `evidence` (a JSON object) with the notices added before its end.
void AppendNotices(std::string& evidence, const NoticeKinds& notes) {
  JsonWriter w;
  w.BeginObject();
  WriteNotices(w, notes);
  w.EndObject();
  std::string extra = w.Take();
  if (evidence.size() < 2 || evidence.back() != '}') return;
  evidence.pop_back();
  evidence += (evidence.size() > 1 ? "," : "") + extra.substr(1);
}

// The org's server named most often (ties: the smallest address); nullopt when none is the org's.
std::optional<Ip> MostNamed(const OrgContext& org, const std::map<Ip, uint32_t>& servers) {
  std::optional<Ip> best;
  uint32_t most = 0;
  for (const auto& [ip, n] : servers)
    if (org.IsInternal(ip) && n > most) most = n, best = ip;
  return best;
}

std::string Evidence(const NoticeGuesses& g, const BurstSummary& b, const BruteForceParams& p, uint64_t count) {
  JsonWriter w;
  w.BeginObject();
  w.Key("direction").String(g.external ? "inbound" : "internal");
  w.Key("attempts").Uint(count).Key("failures").Uint(count);
  w.Key("services").BeginObject().EndObject();
  w.Key("window_seconds").Double(p.window_s, 0);
  w.Key("peak_failures_in_window").Uint(b.peak_failures);
  w.Key("peak_accounts_in_window").Uint(0);
  w.Key("peak_rdp_connections_to_one_host").Uint(0);
  w.Key("burst_reached").String(Timestamp(b.burst_us).ToIso8601(Timestamp::Precision::kSeconds));
  w.Key("accounts_total").Uint(0);
  w.Key("sample_accounts").BeginArray().EndArray();
  w.Key("tool_cookies").BeginArray().EndArray();
  w.Key("targets_total").Uint(g.servers.size());
  w.Key("targets").BeginArray();
  for (const auto& [ip, n] : g.servers) w.BeginObject().Key("host").String(ip.ToString()).Key("named").Uint(n).EndObject();
  w.EndArray();
  w.Key("attempts_kept").Uint(0);
  WriteNotices(w, g.notes);
  w.EndObject();
  return w.Take();
}

}  // namespace

bool IsGuessingNote(std::string_view note) {
  return note == "SSH::Password_Guessing" || note == "FTP::Bruteforcing";
}

std::vector<Ip> SampledServers(std::string_view sub) {
  std::vector<Ip> out;
  size_t colon = sub.find(':');
  if (colon == std::string_view::npos || !sub.substr(0, colon).ends_with("servers")) return out;
  std::string_view rest = sub.substr(colon + 1);
  size_t i = 0;
  while (i < rest.size()) {
    size_t end = std::min(rest.find_first_of(", ", i), rest.size());
    if (auto ip = Ip::Parse(rest.substr(i, end - i))) out.push_back(*ip);
    i = end + 1;
  }
  return out;
}

bool GuessingNotices::OnRecord(const OrgContext& org, const Record& r) {
  if (r.schema().path() != "notice") return false;
  const auto& f = notice_.Resolve(r.schema());
  std::string_view note = r.Text(f[0]);
  auto src = r.GetIp(f[3]);
  if (!IsGuessingNote(note) || !src) return true;
  int64_t ts = r.ts().micros();
  NoticeGuesses& g = sources_[HostKey{org.index, *src}];
  g.external = !org.IsInternal(*src);
  g.first_us = std::min(g.first_us, ts);
  g.last_us = std::max(g.last_us, ts);
  NoticeKind& k = g.notes[std::string(note)];
  uint64_t count = NoticeCount(r.GetCount(f[5]), r.Text(f[1]));
  if (k.Better(count, ts, r.Text(f[1]))) {
    k.count = count;
    k.ts = ts;
    k.msg = r.Text(f[1]);
    k.sub = r.Text(f[2]);
  }
  ++k.notices;
  std::vector<Ip> servers = SampledServers(r.Text(f[2]));
  if (auto dst = r.GetIp(f[4])) servers.push_back(*dst);
  for (const Ip& ip : servers) ++g.servers[ip];
  while (g.servers.size() > kMaxServers) g.servers.erase(std::prev(g.servers.end()));
  return true;
}

void GuessingNotices::Merge(GuessingNotices& other) {
  for (auto& [key, o] : other.sources_) {
    NoticeGuesses& g = sources_[key];
    for (const auto& [note, k] : o.notes) g.notes[note].Merge(k);
    for (const auto& [ip, n] : o.servers) g.servers[ip] += n;
    while (g.servers.size() > kMaxServers) g.servers.erase(std::prev(g.servers.end()));
    g.first_us = std::min(g.first_us, o.first_us);
    g.last_us = std::max(g.last_us, o.last_us);
    g.external = g.external || o.external;
  }
  other.sources_.clear();
}

bool GuessingNotices::WantsField(std::string_view log, std::string_view f) {
  return log == "notice" && (f == "note" || f == "msg" || f == "sub" || f == "src" || f == "dst" || f == "n");
}

void GuessingNotices::Apply(const AnalysisContext& ctx, const BruteForceParams& p, std::vector<Finding>& findings) const {
  std::map<HostKey, const NoticeGuesses*> ordered;
  for (const auto& [key, g] : sources_) ordered.emplace(key, &g);
  for (const auto& [key, g] : ordered) {
    const OrgContext& org = ctx.orgs[key.org];
    uint64_t count = 0;
    for (const auto& [note, k] : g->notes) count = std::max(count, k.count);
    BurstSummary b;
    b.peak_failures = std::max<uint64_t>(count, p.min_failures);  // Zeek's threshold (30) is above ours
    b.burst_us = g->first_us;
    size_t internal_servers = 0;
    for (const auto& [ip, n] : g->servers) internal_servers += org.IsInternal(ip);
    double score = BruteForceScore(b, std::max<size_t>(1, internal_servers), false, g->external, p);
    std::string source = key.host.ToString();
    // Copies for the lambda: clang 14 cannot capture structured bindings.
    const bool external = g->external;
    const Ip source_ip = key.host;
    auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) {
      if (f.org != org.name) return false;
      return external ? std::find(f.indicators.begin(), f.indicators.end(), source) != f.indicators.end()
                      : f.host == source_ip;
    });
    if (it != findings.end()) {  // the source's logon-path finding: Zeek's word joins it
      it->score = RoundScore(std::max(it->score, score));
      it->severity = SeverityFromScore(it->score);
      it->indicators.push_back("zeek-notice");
      it->summary += "; " + NoticesText(g->notes);
      AppendNotices(it->evidence_json, g->notes);
      continue;
    }
    if (score < p.min_score) continue;
    std::optional<Ip> host = g->external ? MostNamed(org, g->servers) : std::optional<Ip>(key.host);
    if (!host) continue;
    std::vector<std::string> indicators = {"brute-force", "zeek-notice"};
    if (g->external) indicators.push_back(source);
    Finding f = NewFinding(ctx, key.org, *host, "brute_force", score, indicators, g->first_us, g->last_us, {"T1110.001"});
    for (const auto& [ip, n] : g->servers)
      if (ip != *host && org.IsInternal(ip)) f.peers.push_back(ip);
    f.summary = fmt::format("{}{} guessed passwords on {} server{} of the org: {}", source,
                            g->external ? " (outside)" : "", internal_servers, internal_servers == 1 ? "" : "s",
                            NoticesText(g->notes));
    f.evidence_json = Evidence(*g, b, p, count);
    findings.push_back(std::move(f));
  }
  std::sort(findings.begin(), findings.end(), FindingLess);
}

}  // namespace dragnet
