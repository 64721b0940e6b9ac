#include "detect/stager/stager_state.h"

#include <algorithm>

#include "aggregate/pair_table.h"
#include "detect/stager/stager_detector.h"

namespace dragnet {

bool StagerState::WantsField(std::string_view log, std::string_view field) {
  if (log != "files") return BareAddressSessions::WantsField(log, field);
  static constexpr std::array<std::string_view, 11> kFields = {
      "ts", "id.orig_h", "id.resp_h", "is_orig", "tx_hosts", "rx_hosts", "source", "mime_type", "seen_bytes",
      "filename", "sha1"};
  return std::find(kFields.begin(), kFields.end(), field) != kFields.end();
}

bool StagerState::Parties(const Record& r, const std::array<int, 11>& f, Ip& receiver, Ip& sender) const {
  bool rx = false, tx = false;
  r.ForEach(f[5], [&](std::string_view h) {
    if (auto ip = Ip::Parse(h); ip && !rx) receiver = *ip, rx = true;
  });
  r.ForEach(f[4], [&](std::string_view h) {
    if (auto ip = Ip::Parse(h); ip && !tx) sender = *ip, tx = true;
  });
  if (rx && tx) return true;
  auto orig = r.GetIp(f[1]), resp = r.GetIp(f[2]);
  if (!orig || !resp) return false;
  bool orig_sent = r.GetBool(f[3]).value_or(false);
  receiver = orig_sent ? *resp : *orig;
  sender = orig_sent ? *orig : *resp;
  return true;
}

void StagerState::OnRecord(const OrgContext& org, const Record& r) {
  std::string_view path = r.schema().path();
  if (path == "http") return sessions_.OnHttp(org, r);
  if (path == "conn") return sessions_.OnConn(org, r);
  if (path != "files") return;
  const auto& f = files_.Resolve(r.schema());
  std::string_view mime = r.Text(f[7]), source = r.Text(f[6]);
  if (!IsExecutableMime(mime) || (!source.empty() && source != "HTTP")) return;
  Ip receiver, sender;
  if (!Parties(r, f, receiver, sender)) return;
  if (!org.IsInternal(receiver) || org.IsInternal(sender)) return;
  Download d;
  d.first_us = d.last_us = r.ts().micros();
  d.files = 1;
  d.bytes = r.GetCount(f[8]).value_or(0);
  d.filename = std::string(r.Text(f[9]));
  d.sha1 = std::string(r.Text(f[10]));
  d.mime = std::string(mime);
  Add(DownloadKey{org.index, receiver, sender}, d);
}

void StagerState::Add(const DownloadKey& key, const Download& d) {
  auto it = downloads_.find(key);
  if (it == downloads_.end()) {
    if (downloads_.size() >= kMaxDownloads) {
      if (!(key < std::prev(downloads_.end())->first)) return;
      downloads_.erase(std::prev(downloads_.end()));
    }
    downloads_.emplace(key, d);
    return;
  }
  Download& into = it->second;
  into.first_us = std::min(into.first_us, d.first_us);
  into.last_us = std::max(into.last_us, d.last_us);
  into.files += d.files;
  into.bytes += d.bytes;
  KeepSmallestText(into.filename, d.filename);
  KeepSmallestText(into.sha1, d.sha1);
  KeepSmallestText(into.mime, d.mime);
}

void StagerState::Merge(DetectorState& other) {
  auto& o = static_cast<StagerState&>(other);
  for (const auto& [key, d] : o.downloads_) Add(key, d);
  sessions_.Merge(o.sessions_);
}

}  // namespace dragnet
