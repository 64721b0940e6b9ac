#include "detect/border/inbound_detector.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/beacon/beacon_score.h"
#include "detect/behaviour_util.h"
#include "detect/border/inbound_state.h"
#include "detect/modifiers.h"

namespace dragnet {

double InboundPollScore(double period_score, bool missing_host, bool odd_agent, const InboundParams& p) {
  if (period_score < p.min_period_score) return 0;
  double s = p.poll_score + p.period_weight * period_score + (missing_host ? p.missing_host_bonus : 0) +
             (odd_agent ? p.odd_agent_bonus : 0);
  return RoundScore(std::min(1.0, s));
}

double InboundSessionScore(double seconds, const InboundParams& p) {
  double h = seconds / 3600;
  if (h < p.long_hours) return 0;
  double x = std::min(1.0, (h - p.long_hours) / (p.long_full_hours - p.long_hours));
  return RoundScore(p.long_low_score + (p.long_high_score - p.long_low_score) * x);
}

bool IsNonBrowserAgent(std::string_view agent) { return agent.empty() || !agent.starts_with("Mozilla/"); }

namespace {

// What one series showed, before the routine rules.
struct Candidate {
  const InboundKey* key;
  const InboundSeries* s;
  beacon::Period period;
  bool polls = false;
  double session_seconds = 0;
  bool long_session = false;
};

class InboundDetector : public Detector {
 public:
  explicit InboundDetector(InboundParams p) : p_(p) {
    spec_.name = "inbound";
    spec_.summary = "outside addresses polling an internal server on a schedule or holding sessions into it for hours "
                    "(web shells, open remote sessions; orgs with inbound analysis on)";
    spec_.attack = {"T1021", "T1071.001", "T1133", "T1505.003"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true};
    spec_.exports = {.addresses = true};
    spec_.containment =
        "Block the outside address at the border and inspect the server for a web shell or an unknown account; "
        "confirm with the server's access logs.";
    spec_.logs_required = {"conn"};
    spec_.logs_optional = {"open_conn", "http"};
    spec_.without_logs =
        "Without conn it finds nothing (times and durations are conn's; open_conn adds sessions still open); "
        "without http a poll is never specific (no Host header or user agent to judge).";
    using enum EvidenceType;
    spec_.evidence = {{"client", kString},           {"port", kNumber},
                      {"shape", kString},            {"connections", kNumber},
                      {"period_seconds", kNumber},   {"period_score", kNumber},
                      {"session_seconds", kNumber},  {"open_connections", kNumber},
                      {"http_requests", kNumber},    {"http_without_host", kNumber},
                      {"user_agent", kString, false}, {"odd_agent", kBool}};
  }

  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<InboundState>(); }
  bool WantsField(std::string_view log, std::string_view f) const override { return InboundState::WantsField(log, f); }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!merged) return out;
    const auto& all = static_cast<InboundState*>(merged)->series();
    std::vector<Candidate> cands = Candidates(all);
    // Routine: counted over the candidates (what polls or stays), never over
    // one-off visitors, which every public server has by the thousand.
    std::map<std::tuple<uint32_t, Ip, uint16_t>, uint32_t> clients_of_port;
    std::map<std::pair<uint32_t, Ip>, std::set<Ip>> servers_of_client;
    std::map<Ip, std::set<uint32_t>> orgs_of_client;
    for (const Candidate& c : cands) {
      ++clients_of_port[{c.key->org, c.key->server, c.key->port}];
      if (c.polls) servers_of_client[{c.key->org, c.key->client}].insert(c.key->server);
      orgs_of_client[c.key->client].insert(c.key->org);
    }
    std::map<std::pair<uint32_t, std::string>, std::set<Ip>> agent_clients;  // per org
    for (const auto& [key, s] : all)
      if (!s.user_agent.empty()) agent_clients[{key.org, s.user_agent}].insert(key.client);
    for (const Candidate& c : cands) {
      const InboundKey& k = *c.key;
      if (clients_of_port[{k.org, k.server, k.port}] >= p_.public_clients) continue;
      if (servers_of_client[{k.org, k.client}].size() >= p_.monitor_servers) continue;
      if (orgs_of_client[k.client].size() >= p_.monitor_orgs) continue;
      if (!SuppressedBy(ctx, k.org, "", &k.client).empty()) continue;
      const InboundSeries& s = *c.s;
      bool missing_host = s.http_requests > 0 &&
                          static_cast<double>(s.http_without_host) > p_.missing_host_share * static_cast<double>(s.http_requests);
      bool odd_agent = s.http_requests > 0 && IsNonBrowserAgent(s.user_agent) &&
                       (s.user_agent.empty() || agent_clients[{k.org, s.user_agent}].size() <= 1);
      double poll = c.polls ? InboundPollScore(c.period.score, missing_host, odd_agent, p_) : 0;
      double session = InboundSessionScore(c.session_seconds, p_);
      double score = std::max(poll, session);
      if (score < p_.min_score || score <= 0) continue;
      out.push_back(MakeFinding(ctx, c, poll, session, score, missing_host && odd_agent && poll > 0, odd_agent));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  std::vector<Candidate> Candidates(const absl::flat_hash_map<InboundKey, InboundSeries>& all) const {
    std::vector<Candidate> out;
    for (const auto& [key, s] : all) {
      Candidate c{&key, &s, {}, false, s.total_seconds(), false};
      c.long_session = InboundSessionScore(c.session_seconds, p_) > 0;
      if (s.conns >= p_.min_connections &&
          static_cast<double>(s.last_us - s.first_us) / 1e6 >= p_.min_span_seconds) {
        std::vector<uint32_t> ts = s.Samples();
        c.period = beacon::PeriodScore(ts);
        c.polls = c.period.score >= p_.min_period_score && c.period.period_s >= p_.min_period_seconds;
      }
      if (c.polls || c.long_session) out.push_back(c);
    }
    // Deterministic whatever the hash order.
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return *a.key < *b.key; });
    return out;
  }

  Finding MakeFinding(const AnalysisContext& ctx, const Candidate& c, double poll, double session, double score,
                      bool specific, bool odd_agent) const {
    const InboundKey& k = *c.key;
    const InboundSeries& s = *c.s;
    std::string client = k.client.ToString();
    std::vector<std::string> attack;
    std::string shape;
    if (poll > 0) {
      shape = "polling";
      attack = {"T1071.001", "T1505.003"};
    }
    if (session > 0) {
      shape += shape.empty() ? "long_session" : "+long_session";
      attack.insert(attack.end(), {"T1021", "T1133"});
    }
    Finding f = NewFinding(ctx, k.org, k.server, "inbound", score, {client}, s.first_us, s.last_us, attack);
    f.specific = specific;
    std::string what;
    if (poll > 0)
      what = fmt::format("polled by {} on port {} every {} ({} connections", client, k.port,
                         HumanDuration(c.period.period_s), Thousands(s.conns)) +
             (s.http_requests ? fmt::format(", {} of {} HTTP requests without Host", Thousands(s.http_without_host),
                                            Thousands(s.http_requests))
                              : "") +
             (odd_agent ? fmt::format(", user agent '{}'", s.user_agent.empty() ? "(none)" : s.user_agent) : "") + ")";
    if (session > 0)
      what += (what.empty() ? "" : "; ") + fmt::format("held sessions from {} on port {} open for {}", client, k.port,
                                                       HumanDuration(c.session_seconds));
    f.summary = k.server.ToString() + " (inside) " + what;
    JsonWriter w;
    w.BeginObject();
    w.Key("client").String(client);
    w.Key("port").Uint(k.port);
    w.Key("shape").String(shape);
    w.Key("connections").Uint(s.conns);
    w.Key("period_seconds").Double(c.period.period_s, 1);
    w.Key("period_score").Double(c.period.score, 3);
    w.Key("session_seconds").Double(c.session_seconds, 1);
    w.Key("open_connections").Uint(s.open_conns);
    w.Key("http_requests").Uint(s.http_requests);
    w.Key("http_without_host").Uint(s.http_without_host);
    if (!s.user_agent.empty()) w.Key("user_agent").String(s.user_agent);
    w.Key("odd_agent").Bool(odd_agent);
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  InboundParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(InboundParams& p) {
  return {
      {"min_connections", &p.min_connections, "connections a poll needs", NumberRange::AtLeast(4)},
      {"min_span_seconds", &p.min_span_seconds, "first to last connection of a poll", NumberRange::Positive()},
      {"min_period_score", &p.min_period_score, "period regularity a poll needs", NumberRange::Unit()},
      {"min_period_seconds", &p.min_period_seconds, "shortest poll period", NumberRange::Positive()},
      {"poll_score", &p.poll_score, "score of a regular poll", NumberRange::Unit()},
      {"period_weight", &p.period_weight, "added x the period score", NumberRange::Unit()},
      {"missing_host_share", &p.missing_host_share, "share of HTTP requests without Host", NumberRange::Unit()},
      {"missing_host_bonus", &p.missing_host_bonus, "bonus for HTTP without Host", NumberRange::Unit()},
      {"odd_agent_bonus", &p.odd_agent_bonus, "bonus for a non-browser agent no other client uses",
       NumberRange::Unit()},
      {"long_hours", &p.long_hours, "summed session hours from which sessions count", NumberRange::Positive()},
      {"long_full_hours", &p.long_full_hours, "summed hours at which the session score tops out",
       NumberRange::Positive(), "long_hours"},
      {"long_low_score", &p.long_low_score, "session score at long_hours", NumberRange::Unit()},
      {"long_high_score", &p.long_high_score, "session score at long_full_hours", NumberRange::Unit()},
      {"public_clients", &p.public_clients, "outside pollers of one server port that make it public",
       NumberRange::AtLeast(2)},
      {"monitor_servers", &p.monitor_servers, "servers of an org one address polls: monitoring",
       NumberRange::AtLeast(2)},
      {"monitor_orgs", &p.monitor_orgs, "orgs one address polls servers in: monitoring", NumberRange::AtLeast(2)},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewInboundDetector(InboundParams params) {
  return std::make_unique<InboundDetector>(params);
}

}  // namespace dragnet
