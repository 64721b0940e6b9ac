#include "detect/border/border_admin_state.h"

#include <algorithm>

#include "detect/border/inbound_state.h"

namespace dragnet {
namespace {

int Hint(const Record& r, int field) {
  auto v = r.GetBool(field);
  return v ? static_cast<int>(*v) : -1;
}

void Fold(AdminContact& m, const AdminContact& c) {
  m.conns += c.conns;
  m.orig_bytes += c.orig_bytes;
  m.resp_bytes += c.resp_bytes;
  m.port = m.port == 0 ? c.port : std::min(m.port, c.port == 0 ? m.port : c.port);
  m.first_us = std::min(m.first_us, c.first_us);
  m.last_us = std::max(m.last_us, c.last_us);
}

}  // namespace

bool BorderAdminState::WantsField(std::string_view log, std::string_view f) {
  if (log != "conn") return false;
  return f == "id.orig_h" || f == "id.resp_h" || f == "id.resp_p" || f == "proto" || f == "conn_state" ||
         f == "service" || f == "orig_bytes" || f == "resp_bytes" || f == "local_orig" || f == "local_resp";
}

void BorderAdminState::OnRecord(const OrgContext& org, const Record& r) {
  if (r.schema().path() != "conn") return;
  const auto& f = conn_.Resolve(r.schema());
  if (r.Text(f[3]) != "tcp" || !IsEstablished(r.Text(f[4]))) return;
  auto port = static_cast<uint16_t>(std::min<uint64_t>(r.GetCount(f[2]).value_or(0), 65535));
  AdminProtocol protocol = AdminProtocolOf(port, r.Text(f[5]));
  if (protocol == AdminProtocol::kNone) return;
  auto orig = r.GetIp(f[0]);
  auto resp = r.GetIp(f[1]);
  if (!orig || !resp || resp->IsMulticastOrBroadcast()) return;
  bool orig_in = org.IsInternal(*orig, Hint(r, f[8])), resp_in = org.IsInternal(*resp, Hint(r, f[9]));
  if (orig_in == resp_in) return;  // not crossing the border
  BorderKey key{{org.index, orig_in ? *orig : *resp, protocol, !orig_in}, orig_in ? *resp : *orig};
  AdminContact c;
  c.conns = 1;
  c.orig_bytes = r.GetCount(f[6]).value_or(0);
  c.resp_bytes = r.GetCount(f[7]).value_or(0);
  c.port = port;
  c.first_us = c.last_us = r.ts().micros();
  Add(key, c);
}

void BorderAdminState::Add(const BorderKey& key, const AdminContact& c) {
  auto it = contacts_.find(key);
  if (it != contacts_.end()) return Fold(it->second, c);
  uint32_t& kept = peers_[key.port];
  if (kept >= kMaxBorderPeers) {
    ++overflow_[key.port];
    return;
  }
  ++kept;
  contacts_.emplace(key, c);
}

uint32_t BorderAdminState::Overflow(const BorderPort& p) const {
  auto it = overflow_.find(p);
  return it == overflow_.end() ? 0 : it->second;
}

void BorderAdminState::Merge(DetectorState& other) {
  auto& o = static_cast<BorderAdminState&>(other);
  for (const auto& [key, c] : o.contacts_) Add(key, c);
  for (const auto& [port, n] : o.overflow_) overflow_[port] += n;
  o.contacts_.clear();
}

}  // namespace dragnet
