#include "detect/stager/stager_detector.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/stager/stager_state.h"

namespace dragnet {

double StagerScore(bool follow_on_session, bool executable) {
  if (!executable) return follow_on_session ? 0.6 : 0;
  return follow_on_session ? 0.8 : 0.55;
}

bool IsExecutableMime(std::string_view mime) {
  // libmagic's names, as Zeek's file analysis reports them.
  return mime == "application/x-dosexec" || mime == "application/x-executable" ||
         mime == "application/x-mach-o-executable" || mime == "application/x-elf" ||
         mime == "application/x-sharedlib";
}

namespace {

// The longest connection to the address that started in [from, to] (seconds), 0 if none.
uint32_t LongestSessionIn(const PairSeries& s, int64_t from, int64_t to) {
  uint32_t longest = 0;
  for (const ConnSample& c : s.samples)
    if (c.ts >= from && c.ts <= to) longest = std::max(longest, c.duration);
  return longest;
}

class StagerDetector : public Detector {
 public:
  explicit StagerDetector(StagerParams p) : p_(p) {
    p_.modifiers.missing_host_bonus = 0;  // no host name is this detector's premise, not a bonus
    spec_.name = "stager";
    spec_.summary = "an executable fetched over HTTP from a bare external address, then a session back to it";
    spec_.attack = {"T1105", "T1071.001"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    // A program fetched by address, then a session back: precise on its own.
    spec_.specific = true;
    spec_.traits = {.destinations = true, .connection_details = true};
    spec_.exports = {.addresses = true};
    spec_.containment =
        "Isolate the host and block the address; recover the downloaded executable (its hash is in the evidence) "
        "and hunt for it on other hosts.";
    spec_.logs_required = {"http"};
    spec_.logs_optional = {"files", "conn"};
    spec_.without_logs =
        "Without http nothing is known of a fetch's name and nothing is said; without files only a fetch by address "
        "followed by a session to another port of the address (conn) is found; without conn the session back to the "
        "address is not seen: an executable keeps its base score, a fetch alone is nothing.";
    using enum EvidenceType;
    spec_.evidence = {{"server", kString},
                      {"files", kNumber},
                      {"bytes", kNumber},
                      {"mime_type", kString},
                      {"filename", kString, false},
                      {"sha1", kString, false},
                      {"follow_on_session_seconds", kNumber},
                      {"http_requests", kNumber, false},
                      {"session_port", kNumber, false},
                      {"session_bytes", kNumber, false},
                      {"modifiers", kObject}};
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<StagerState>(p_.min_session_s); }
  bool NeedsAggregates() const override { return true; }
  bool WantsField(std::string_view log, std::string_view field) const override {
    return StagerState::WantsField(log, field);
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!merged || !ctx.aggregates) return out;
    const auto& state = *static_cast<StagerState*>(merged);
    for (const auto& [key, d] : state.downloads()) Consider(ctx, key, d, out);
    // No executable captured: a fetch by address, then a session on another port.
    for (const auto& [key, fetch] : state.sessions().fetches())
      if (!state.downloads().contains(key)) ConsiderFetch(ctx, key, fetch, state.sessions().SessionsOf(key), out);
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  void Consider(const AnalysisContext& ctx, const DownloadKey& key, const Download& d,
                std::vector<Finding>& out) const {
    const PairSeries* pair = ctx.aggregates->pairs().FindIp(IpPairKey{key.org, key.host, key.server});
    // The http log must show the transfer unnamed: with no HTTP record on the
    // pair nothing is known of its name. Named (an HTTP Host or TLS name that
    // is not an address): an installer or an update, left alone.
    if (!pair || !pair->traits || pair->traits->http_requests == 0) return;
    if (!pair->traits->name.empty() && !Ip::Parse(pair->traits->name)) return;
    int64_t first_s = d.first_us / 1000000;
    uint32_t session = LongestSessionIn(*pair, first_s, first_s + static_cast<int64_t>(p_.follow_window_s));
    bool follow_on = session >= p_.min_session_s;
    Modifiers mods = ComputeModifiers(p_.modifiers, ctx, FactsOf(key.org, "", key.server, *pair));
    double score = mods.Apply(StagerScore(follow_on));
    if (score < p_.min_score || mods.popular) return;
    std::string server = key.server.ToString();
    std::string what = fmt::format("{} ({}{})", d.files == 1 ? "an executable" : Thousands(d.files) + " executables",
                                   d.mime, d.filename.empty() ? "" : ", " + d.filename);
    Finding f = NewFinding(ctx, key.org, key.host, "stager", score, {server}, d.first_us,
                           std::max(d.last_us, pair->last_us), spec_.attack);
    f.summary = fmt::format("{} downloaded {} from {} over HTTP with no host name{}", key.host.ToString(), what, server,
                            follow_on ? fmt::format(", then held a {} session with it", HumanDuration(session))
                                      : std::string());
    JsonWriter w;
    w.BeginObject();
    w.Key("server").String(server);
    w.Key("files").Uint(d.files);
    w.Key("bytes").Uint(d.bytes);
    w.Key("mime_type").String(d.mime);
    if (!d.filename.empty()) w.Key("filename").String(d.filename);
    if (!d.sha1.empty()) w.Key("sha1").String(d.sha1);
    w.Key("follow_on_session_seconds").Uint(session);
    w.Key("modifiers");
    mods.Write(w);
    w.EndObject();
    f.evidence_json = w.Take();
    out.push_back(std::move(f));
  }

  // A fetch by address with no executable seen: a finding only when a session
  // of at least min_session_s carrying min_session_bytes follows within the
  // window, on a port other than the fetch's (and not 80/443: the sessions
  // kept, stager_sessions.h) -- a handler serving its stage, then the session.
  void ConsiderFetch(const AnalysisContext& ctx, const DownloadKey& key, const BareFetch& fetch,
                     const std::vector<AddressSession>& sessions, std::vector<Finding>& out) const {
    const PairSeries* pair = ctx.aggregates->pairs().FindIp(IpPairKey{key.org, key.host, key.server});
    if (!pair || (pair->traits && !pair->traits->name.empty() && !Ip::Parse(pair->traits->name))) return;
    int64_t window_end = fetch.first_us + static_cast<int64_t>(p_.follow_window_s * 1e6);
    const AddressSession* session = nullptr;
    for (const AddressSession& s : sessions)
      if (s.start_us >= fetch.first_us && s.start_us <= window_end && s.port != fetch.port &&
          s.seconds >= p_.min_session_s && s.bytes >= p_.min_session_bytes) {
        session = &s;
        break;
      }
    if (!session) return;
    Modifiers mods = ComputeModifiers(p_.modifiers, ctx, FactsOf(key.org, "", key.server, *pair));
    double score = mods.Apply(StagerScore(true, false));
    if (score < p_.min_score || mods.popular) return;
    std::string server = key.server.ToString();
    Finding f = NewFinding(ctx, key.org, key.host, "stager", score, {server}, fetch.first_us,
                           std::max(pair->last_us, session->start_us), {"T1071.001", "T1571"});
    f.summary = fmt::format(
        "{} fetched from {} port {} over HTTP with no host name ({} request{}), then held a {} session with it on "
        "port {} ({}): a stage by address, then its session",
        key.host.ToString(), server, fetch.port, Thousands(fetch.requests), fetch.requests == 1 ? "" : "s",
        HumanDuration(session->seconds), session->port, HumanBytes(session->bytes));
    JsonWriter w;
    w.BeginObject();
    w.Key("server").String(server);
    w.Key("files").Uint(0);
    w.Key("bytes").Uint(0);
    w.Key("mime_type").String("");
    w.Key("follow_on_session_seconds").Uint(session->seconds);
    w.Key("http_requests").Uint(fetch.requests);
    w.Key("session_port").Uint(session->port);
    w.Key("session_bytes").Uint(session->bytes);
    w.Key("modifiers");
    mods.Write(w);
    w.EndObject();
    f.evidence_json = w.Take();
    out.push_back(std::move(f));
  }

  StagerParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(StagerParams& p) {
  return {
      {"follow_window_s", &p.follow_window_s, "a session may start this long after the download (seconds)",
       NumberRange::Positive()},
      {"min_session_s", &p.min_session_s, "a connection lasting this long is a session (seconds)",
       NumberRange::Positive()},
      {"min_session_bytes", &p.min_session_bytes,
       "without an executable, the session after a fetch by address must carry this many bytes",
       NumberRange::AtLeast(0)},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
      {"modifiers.rare_hosts", &p.modifiers.rare_hosts, "at most this many hosts of the org", NumberRange::AtLeast(1)},
  };
}

std::unique_ptr<Detector> NewStagerDetector(StagerParams params) {
  return std::make_unique<StagerDetector>(params);
}

}  // namespace dragnet
