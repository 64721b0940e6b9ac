// What the stager detector gathers from files.log: executables received by
// an internal host from an external address, per (org, host, address).
#pragma once

#include <map>
#include <string>
#include <tuple>

#include "aggregate/field_set.h"
#include "detect/detector.h"

namespace dragnet {

struct Download {
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  uint64_t files = 0, bytes = 0;
  std::string filename, sha1, mime;  // smallest non-empty seen (order-free)
};

struct DownloadKey {
  uint32_t org;
  Ip host, server;
  friend bool operator<(const DownloadKey& a, const DownloadKey& b) {
    return std::tie(a.org, a.host, a.server) < std::tie(b.org, b.host, b.server);
  }
};

class StagerState : public DetectorState {
 public:
  // Kept downloads: executables from outside are few. At the cap the
  // smallest keys stay, so the result is one function of the input whatever
  // the arrival order or the number of workers.
  static constexpr size_t kMaxDownloads = 1 << 16;

  void OnRecord(const OrgContext& org, const Record& r) override;
  void Merge(DetectorState& other) override;
  static bool WantsField(std::string_view field);

  const std::map<DownloadKey, Download>& downloads() const { return downloads_; }

 private:
  // Receiver and sender of the file: tx_hosts/rx_hosts when the log has
  // them (Zeek before 5.1), else the connection's ends by is_orig (unset: the
  // responder sent it, the usual download).
  bool Parties(const Record& r, const std::array<int, 11>& f, Ip& receiver, Ip& sender) const;
  void Add(const DownloadKey& key, const Download& d);

  std::map<DownloadKey, Download> downloads_;  // ordered: merged results do not depend on arrival
  FieldSet<11> files_{{"ts", "id.orig_h", "id.resp_h", "is_orig", "tx_hosts", "rx_hosts", "source", "mime_type",
                       "seen_bytes", "filename", "sha1"}};
};

}  // namespace dragnet
