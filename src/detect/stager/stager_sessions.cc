#include "detect/stager/stager_sessions.h"

#include <algorithm>
#include <array>

#include "core/timestamp.h"

namespace dragnet {
namespace {

int Hint(const Record& r, int field) {
  auto v = r.GetBool(field);
  return v ? static_cast<int>(*v) : -1;
}

uint16_t Port(const Record& r, int field) {
  return static_cast<uint16_t>(std::min<uint64_t>(r.GetCount(field).value_or(0), 65535));
}

// The value under `key` of an ordered map capped at `cap` keys, inserted
// (default) when new, the largest key leaving to make room; null when the key
// is larger than every kept one at the cap.
template <typename Map>
typename Map::mapped_type* Slot(Map& map, const DownloadKey& key, size_t cap) {
  auto it = map.find(key);
  if (it != map.end()) return &it->second;
  if (map.size() >= cap) {
    if (!(key < std::prev(map.end())->first)) return nullptr;
    map.erase(std::prev(map.end()));
  }
  return &map.emplace(key, typename Map::mapped_type{}).first->second;
}

}  // namespace

bool BareAddressSessions::WantsField(std::string_view log, std::string_view field) {
  static constexpr std::array<std::string_view, 7> kHttp = {"ts",   "id.orig_h",  "id.resp_h", "id.resp_p",
                                                            "host", "local_orig", "local_resp"};
  static constexpr std::array<std::string_view, 10> kConn = {
      "ts", "id.orig_h", "id.resp_h", "id.resp_p", "proto", "duration", "orig_bytes", "resp_bytes", "local_orig",
      "local_resp"};
  if (log == "http") return std::find(kHttp.begin(), kHttp.end(), field) != kHttp.end();
  if (log == "conn") return std::find(kConn.begin(), kConn.end(), field) != kConn.end();
  return false;
}

void BareAddressSessions::OnHttp(const OrgContext& org, const Record& r) {
  const auto& f = http_.Resolve(r.schema());
  std::string_view host = r.Text(f[3]);
  if (!host.empty() && !Ip::Parse(host)) return;  // named: an installer, an update, a site
  auto orig = r.GetIp(f[0]), resp = r.GetIp(f[1]);
  if (!orig || !resp || !org.IsInternal(*orig, Hint(r, f[4])) || org.IsInternal(*resp, Hint(r, f[5]))) return;
  BareFetch b;
  b.first_us = r.ts().micros();
  b.requests = 1;
  b.port = Port(r, f[2]);
  AddFetch(DownloadKey{org.index, *orig, *resp}, b);
}

void BareAddressSessions::OnConn(const OrgContext& org, const Record& r) {
  const auto& f = conn_.Resolve(r.schema());
  if (r.Text(f[3]) != "tcp") return;
  uint16_t port = Port(r, f[2]);
  if (port == 80 || port == 443) return;  // the web's ports: every browser's long sessions
  auto us = ParseSecondsToMicros(r.Text(f[4]));
  if (!us || static_cast<double>(*us) < min_session_s_ * 1e6) return;
  auto orig = r.GetIp(f[0]), resp = r.GetIp(f[1]);
  if (!orig || !resp || !org.IsInternal(*orig, Hint(r, f[7])) || org.IsInternal(*resp, Hint(r, f[8]))) return;
  AddressSession s;
  s.start_us = r.ts().micros();
  s.seconds = static_cast<uint32_t>(std::min<int64_t>(*us / 1000000, UINT32_MAX));
  s.port = port;
  s.bytes = r.GetCount(f[5]).value_or(0) + r.GetCount(f[6]).value_or(0);
  AddSession(DownloadKey{org.index, *orig, *resp}, s);
}

void BareAddressSessions::AddFetch(const DownloadKey& key, const BareFetch& b) {
  BareFetch* into = Slot(fetches_, key, kMaxKeys);
  if (!into) return;
  into->first_us = std::min(into->first_us, b.first_us);
  into->port = into->requests == 0 ? b.port : std::min(into->port, b.port);
  into->requests += b.requests;
}

void BareAddressSessions::AddSession(const DownloadKey& key, const AddressSession& s) {
  std::vector<AddressSession>* into = Slot(sessions_, key, kMaxKeys);
  if (!into) return;
  into->insert(std::upper_bound(into->begin(), into->end(), s), s);
  if (into->size() > kMaxSessionsPerKey) into->pop_back();
}

void BareAddressSessions::Merge(const BareAddressSessions& other) {
  for (const auto& [key, b] : other.fetches_) AddFetch(key, b);
  for (const auto& [key, list] : other.sessions_)
    for (const AddressSession& s : list) AddSession(key, s);
}

const std::vector<AddressSession>& BareAddressSessions::SessionsOf(const DownloadKey& key) const {
  static const std::vector<AddressSession> kNone;
  auto it = sessions_.find(key);
  return it == sessions_.end() ? kNone : it->second;
}

}  // namespace dragnet
