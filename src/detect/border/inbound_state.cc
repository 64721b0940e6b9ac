#include "detect/border/inbound_state.h"

#include <algorithm>

#include "core/timestamp.h"

namespace dragnet {
namespace {

int Hint(const Record& r, int field) {
  auto v = r.GetBool(field);
  return v ? static_cast<int>(*v) : -1;
}

uint16_t RespPort(const Record& r, int field) {
  return static_cast<uint16_t>(std::min<uint64_t>(r.GetCount(field).value_or(0), 65535));
}

// Keeps the kMaxInboundSamples smallest of a multiset.
void Trim(std::vector<uint32_t>& v) {
  if (v.size() <= kMaxInboundSamples) return;
  std::nth_element(v.begin(), v.begin() + kMaxInboundSamples, v.end());
  v.resize(kMaxInboundSamples);
}

}  // namespace

bool IsEstablished(std::string_view s) {
  return !s.empty() && s != "S0" && s != "REJ" && s != "RSTOS0" && s != "SH" && s != "RSTRH" && s != "SHR" &&
         s != "OTH";
}

void InboundSeries::AddStart(uint32_t ts) {
  starts.push_back(ts);
  if (starts.size() >= 2 * kMaxInboundSamples) Trim(starts);
}

std::vector<uint32_t> InboundSeries::Samples() const {
  std::vector<uint32_t> out = starts;
  Trim(out);
  std::sort(out.begin(), out.end());
  return out;
}

void MergeSeries(InboundSeries& m, const InboundSeries& s) {
  for (uint32_t t : s.starts) m.AddStart(t);
  m.conns += s.conns;
  m.open_conns += s.open_conns;
  m.duration_us += s.duration_us;
  m.open_us = std::max(m.open_us, s.open_us);
  m.orig_bytes += s.orig_bytes;
  m.resp_bytes += s.resp_bytes;
  m.http_requests += s.http_requests;
  m.http_without_host += s.http_without_host;
  if (!s.user_agent.empty() && (m.user_agent.empty() || s.user_agent < m.user_agent)) m.user_agent = s.user_agent;
  m.first_us = std::min(m.first_us, s.first_us);
  m.last_us = std::max(m.last_us, s.last_us);
}

bool InboundState::WantsField(std::string_view log, std::string_view f) {
  bool ends = f == "id.orig_h" || f == "id.resp_h" || f == "id.resp_p";
  if (log == "conn" || log == "open_conn")
    return ends || f == "proto" || f == "conn_state" || f == "duration" || f == "orig_bytes" ||
           f == "resp_bytes" || f == "local_orig" || f == "local_resp";
  if (log == "http" || log == "open_http") return ends || f == "host" || f == "user_agent";
  return false;
}

void InboundState::OnRecord(const OrgContext& org, const Record& r) {
  if (!org.inbound) return;
  const std::string& log = r.schema().path();
  if (log == "conn") OnConn(org, r, false);
  else if (log == "open_conn") OnConn(org, r, true);
  else if (log == "http" || log == "open_http") OnHttp(org, r);
}

void InboundState::OnConn(const OrgContext& org, const Record& r, bool open) {
  const auto& f = conn_.Resolve(r.schema());
  if (r.Text(f[3]) != "tcp" || !IsEstablished(r.Text(f[4]))) return;
  auto client = r.GetIp(f[0]);
  auto server = r.GetIp(f[1]);
  if (!client || !server || org.IsInternal(*client, Hint(r, f[8])) || !org.IsInternal(*server, Hint(r, f[9])))
    return;
  int64_t ts = r.ts().micros();
  InboundSeries* admitted = Admit(InboundKey{org.index, *server, *client, RespPort(r, f[2])});
  if (!admitted) return;
  InboundSeries& s = *admitted;
  int64_t us = std::max<int64_t>(0, ParseSecondsToMicros(r.Text(f[5])).value_or(0));
  s.first_us = std::min(s.first_us, ts);
  if (open) {  // logged again while it lasts: its length only, not another connection
    ++s.open_conns;
    s.open_us = std::max(s.open_us, us);
    return;
  }
  s.duration_us += static_cast<uint64_t>(us);
  ++s.conns;
  s.AddStart(static_cast<uint32_t>(std::max<int64_t>(0, ts / 1000000)));
  s.orig_bytes += r.GetCount(f[6]).value_or(0);
  s.resp_bytes += r.GetCount(f[7]).value_or(0);
  s.first_us = std::min(s.first_us, ts);
  s.last_us = std::max(s.last_us, ts);
}

void InboundState::OnHttp(const OrgContext& org, const Record& r) {
  const auto& f = http_.Resolve(r.schema());
  auto client = r.GetIp(f[0]);
  auto server = r.GetIp(f[1]);
  if (!client || !server || org.IsInternal(*client) || !org.IsInternal(*server)) return;
  InboundSeries* admitted = Admit(InboundKey{org.index, *server, *client, RespPort(r, f[2])});
  if (!admitted) return;
  InboundSeries& s = *admitted;
  ++s.http_requests;
  std::string_view host = r.Text(f[3]);
  if (host.empty() || host == "-") ++s.http_without_host;
  std::string_view agent = r.Text(f[4]);
  if (!agent.empty() && agent != "-" && (s.user_agent.empty() || agent < s.user_agent)) s.user_agent = agent;
}

InboundSeries* InboundState::Admit(const InboundKey& key) {
  if (auto it = series_.find(key); it != series_.end()) return &it->second;
  ServerPort port = PortOf(key);
  if (crowded_.contains(port)) return nullptr;
  if (++clients_[port] > kMaxInboundClients) {  // a busy public server: drop what it holds
    crowded_.insert(port);
    clients_.erase(port);
    absl::erase_if(series_, [&](const auto& kv) { return PortOf(kv.first) == port; });
    return nullptr;
  }
  return &series_[key];
}

void InboundState::Merge(DetectorState& other) {
  auto& o = static_cast<InboundState&>(other);
  for (const ServerPort& port : o.crowded_)
    if (crowded_.insert(port).second) {
      clients_.erase(port);
      absl::erase_if(series_, [&](const auto& kv) { return PortOf(kv.first) == port; });
    }
  for (auto& [key, s] : o.series_) {
    auto it = series_.find(key);
    if (it != series_.end()) {
      MergeSeries(it->second, s);
    } else if (InboundSeries* fresh = Admit(key)) {
      *fresh = std::move(s);
    }
  }
  o.series_.clear();
}

}  // namespace dragnet
