// The catalogue's file traffic: Office's save pattern on shares, cloud-sync
// uploads, and remote-support sessions.
#include <fmt/format.h>

#include "sim/activity.h"

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kHour = 3600 * kSecond;

const char* kDocs[] = {"Quarterly report", "Budget", "Minutes", "Proposal", "Roadmap", "Inventory", "Rota"};

}  // namespace

// Word: writes the new content to ~WRDnnnn.tmp, renames the original to
// ~WRLnnnn.tmp, renames the new file to the document's name and deletes the
// old one, with the owner file ~$name held open meanwhile. Excel does the
// same with 8-hex-digit names.
void EmitOfficeSave(Emitter& e, const std::string& uid, const Host& host, const std::string& port, int64_t ts) {
  const Org& o = e.org();
  Rng& r = e.rng();
  const std::string& fs = o.hosts[o.file_server].ip;
  const std::string share = o.Share("Shared");
  bool word = r.Chance(0.6);
  std::string dir = fmt::format("Team{}\\", r.Below(12));
  std::string doc = dir + kDocs[r.Below(std::size(kDocs))] + (word ? ".docx" : ".xlsx");
  std::string owner = dir + "~$" + doc.substr(dir.size() + 2);
  std::string fresh = dir + (word ? fmt::format("~WRD{:04}.tmp", r.Below(10000)) : r.Hex(8));
  std::string old = dir + (word ? fmt::format("~WRL{:04}.tmp", r.Below(10000)) : r.Hex(8) + ".tmp");
  uint64_t size = 20000 + r.Below(3000000);
  int64_t t = ts;
  auto step = [&] { return t += 20000 + static_cast<int64_t>(r.Below(200000)); };
  e.SmbFile(step(), uid, host.ip, port, fs, "SMB::FILE_WRITE", share, owner, 162);
  e.SmbFile(step(), uid, host.ip, port, fs, "SMB::FILE_WRITE", share, fresh, size);
  e.SmbFile(step(), uid, host.ip, port, fs, "SMB::FILE_RENAME", share, old, size, doc);
  e.SmbFile(step(), uid, host.ip, port, fs, "SMB::FILE_RENAME", share, doc, size, fresh);
  e.SmbFile(step(), uid, host.ip, port, fs, "SMB::FILE_DELETE", share, old, 0);
  e.SmbFile(t + 5 * kSecond + static_cast<int64_t>(r.Below(600)) * kSecond, uid, host.ip, port, fs, "SMB::FILE_DELETE",
            share, owner, 0);
}

void EmitCloudAndSupport(Emitter& e, const HourContext& h) {
  const OrgCatalogue& c = h.world.catalogue[h.org_index];
  const Org& o = e.org();
  Rng& r = e.rng();
  if (!h.working) return;
  for (int hi : c.sync_hosts) {
    if (!r.Chance(0.3) || c.sync_endpoints.empty()) continue;
    const Host& host = o.hosts[hi];
    const Endpoint& ep = c.endpoints[c.sync_endpoints[r.Below(c.sync_endpoints.size())]];
    bool large = r.Chance(0.03);
    uint64_t up = large ? 300000000 + r.Below(1700000000) : 500000 + r.Below(30000000);
    int64_t ts = h.hour_start + static_cast<int64_t>(r.Unit() * kHour);
    std::string port = e.Port();
    if (r.Chance(0.3)) e.Dns(ts - 20000, e.Uid(), host.ip, o.hosts[o.resolver].ip, ep.host, "A", 1, {ep.ip});
    std::string uid = e.Conn(ts, host.ip, port, ep.ip, ep.port, "tcp", "ssl", 3 + up / 5000000.0, up,
                             10000 + r.Below(200000));
    e.Ssl(ts + 20000, uid, host.ip, port, ep.ip, ep.port, ep.host, ep.cert, ep.ja3, h.net.ja3s);
  }
  // Remote support: now and then a session through the vendor's relay.
  if (c.remote_endpoint < 0) return;
  const Endpoint& ep = c.endpoints[c.remote_endpoint];
  for (int hi : c.remote_hosts) {
    if (!r.Chance(0.08)) continue;
    const Host& host = o.hosts[hi];
    int64_t ts = h.hour_start + static_cast<int64_t>(r.Unit() * kHour);
    e.Conn(ts, host.ip, e.Port(), ep.ip, ep.port, "tcp", "", 300 + r.Exponential(1500), 2000000 + r.Below(30000000),
           20000000 + r.Below(300000000));
  }
}

}  // namespace dragnet::sim
