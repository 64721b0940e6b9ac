// What the stager detector gathers from files.log: executables received by
// an internal host from an external address, per (org, host, address); and,
// from http and conn, fetches by address and the sessions that follow
// (stager_sessions.h).
#pragma once

#include <map>
#include <string>
#include <tuple>

#include "aggregate/field_set.h"
#include "detect/detector.h"
#include "detect/stager/stager_sessions.h"

namespace dragnet {

struct Download {
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  uint64_t files = 0, bytes = 0;
  std::string filename, sha1, mime;  // smallest non-empty seen (order-free)
};

class StagerState : public DetectorState {
 public:
  // Kept downloads: executables from outside are few. At the cap the
  // smallest keys stay, so the result is one function of the input whatever
  // the arrival order or the number of workers.
  static constexpr size_t kMaxDownloads = 1 << 16;

  explicit StagerState(double min_session_s) : sessions_(min_session_s) {}

  void OnRecord(const OrgContext& org, const Record& r) override;
  void Merge(DetectorState& other) override;
  static bool WantsField(std::string_view log, std::string_view field);

  const std::map<DownloadKey, Download>& downloads() const { return downloads_; }
  const BareAddressSessions& sessions() const { return sessions_; }

 private:
  // Receiver and sender of the file: tx_hosts/rx_hosts when the log has
  // them (Zeek before 5.1), else the connection's ends by is_orig (unset: the
  // responder sent it, the usual download).
  bool Parties(const Record& r, const std::array<int, 11>& f, Ip& receiver, Ip& sender) const;
  void Add(const DownloadKey& key, const Download& d);

  std::map<DownloadKey, Download> downloads_;  // ordered: merged results do not depend on arrival
  BareAddressSessions sessions_;
  FieldSet<11> files_{{"ts", "id.orig_h", "id.resp_h", "is_orig", "tx_hosts", "rx_hosts", "source", "mime_type",
                       "seen_bytes", "filename", "sha1"}};
};

}  // namespace dragnet
