// IndicatorSet: every loaded indicator with its feed, and the index that
// answers "is this value from a log known-bad?": IP exact, CIDR longest
// prefix, a domain or any of its parents, normalised URL, file and certificate
// hashes, JA3/JA3S/JA4, e-mail. One value may be listed by several feeds: each
// listing is kept (chained), so evidence can name every source.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "core/bloom.h"
#include "core/cidr_table.h"
#include "core/ip.h"
#include "core/string_pool.h"
#include "intel/indicator.h"

namespace dragnet {

struct FeedInfo {
  std::string path;     // file it was read from
  std::string name;     // short name shown in evidence
  std::string format;   // "plain", "maltrail", "zeek-intel", "stix2.1", "misp", "csv"
  std::array<uint64_t, kIndicatorTypeCount> loaded{};
  uint64_t duplicates = 0;     // same value twice in this feed
  uint64_t unrecognized = 0;   // lines/values of no supported type
  std::map<std::string, uint64_t> unsupported;  // "file:name pattern" -> count
  // STIX comparisons past kMaxStixComparisons in one pattern, not read.
  uint64_t stix_comparisons_dropped = 0;
  // Networks broader than IndicatorSet::IsBroadNetwork allows: refused, or
  // taken because broad networks were allowed; a few of them for messages.
  uint64_t broad_networks_refused = 0, broad_networks_allowed = 0;
  std::vector<std::string> broad_examples;
  // The feed's noise, measured from the data (intel/feed_noise.h): indicators
  // of it checked against the warninglists and never-flag set, and how many
  // of them were on a list.
  uint64_t noise_checked = 0, noise_listed = 0;
  double noise() const { return noise_checked == 0 ? 0.0 : static_cast<double>(noise_listed) / noise_checked; }
};

class IndicatorSet {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  // The broadest networks taken from a feed without --intel-allow-broad:
  // IPv4 /16 (65,536 addresses) and IPv6 /32 (an ISP's allocation). A broader
  // entry is a whole provider or a private range (10/8 once matched 678 hosts
  // of one org); docs/detectors/intel.md.
  static constexpr int kBroadestV4Prefix = 16, kBroadestV6Prefix = 32;
  static bool IsBroadNetwork(const Cidr& network);
  // Whether Add takes networks broader than the limit (counted either way).
  void set_allow_broad_networks(bool allow) { allow_broad_networks_ = allow; }

  uint32_t AddFeed(FeedInfo info);
  FeedInfo& feed(uint32_t id) { return feeds_[id]; }
  const std::vector<FeedInfo>& feeds() const { return feeds_; }

  // Adds an indicator whose value is already in normal form (see indicator.h).
  // Returns false (and counts a duplicate) when this feed already listed it.
  bool Add(IndicatorType type, std::string_view value, uint32_t feed, const IndicatorMeta& meta);
  // Classifies and adds a raw value; counts it as unrecognised when no type fits.
  bool AddRaw(std::string_view raw, uint32_t feed, const IndicatorMeta& meta,
              std::optional<IndicatorType> hint = std::nullopt);
  StringPool& pool() { return pool_; }
  // Ends loading: lookups from many threads may start (they may also run
  // before, from one thread, only slower).
  void Freeze();
  // Makes room for about n more indicators (avoids rehashing big tables while
  // loading a large folder of feeds).
  void Reserve(size_t n);

  // Lookups return the first indicator of the value's chain, or kNone.
  uint32_t FindIp(const Ip& ip) const;
  uint32_t FindCidr(const Ip& ip) const;        // longest matching prefix
  // `domain` in normal form; matches itself or its closest listed parent.
  // matched_suffix is set to the listed value that matched.
  uint32_t FindDomain(std::string_view domain) const;
  uint32_t FindUrl(std::string_view normalized_url) const;
  uint32_t FindFileHash(std::string_view lower_hex) const;  // md5, sha1, sha256
  uint32_t FindCertHash(std::string_view lower_hex) const;  // sha1, sha256
  uint32_t FindJa3(std::string_view lower_hex) const;
  uint32_t FindJa3s(std::string_view lower_hex) const;
  uint32_t FindJa4(std::string_view ja4) const;
  uint32_t FindEmail(std::string_view lower) const;

  // The next listing of the same value (another feed, or the same feed with
  // another port), kNone at the end.
  uint32_t next(uint32_t id) const { return next_[id]; }
  // Listed values that are public suffixes ("com", "co.uk") never match names
  // under them; how many such listings lookups have met so far.
  uint64_t public_suffix_listings_ignored() const { return psl_ignored_.load(); }
  const Indicator& at(uint32_t id) const { return indicators_[id]; }
  size_t size() const { return indicators_.size(); }
  bool empty() const { return indicators_.empty(); }
  std::array<uint64_t, kIndicatorTypeCount> CountByType() const;
  bool has_cidrs() const { return !cidrs_.empty(); }
  // Whether any indicator of this type's lookup family is loaded: lookups of
  // families with none are skipped.
  bool HasAny(IndicatorType t) const;
  // Distinct values in this type's lookup family (table size).
  size_t KeyCount(IndicatorType t) const;

 private:
  enum Space { kDomainSpace, kUrlSpace, kFileHashSpace, kCertHashSpace, kJa3Space, kJa3sSpace,
               kJa4Space, kEmailSpace, kSpaceCount };
  static Space SpaceOf(IndicatorType t);
  uint32_t Find(Space space, std::string_view key) const;
  // Links indicator `id` into the chain at `head`; false when the chain
  // already has this feed.
  bool Link(uint32_t& head, uint32_t id);

  // Whether a network passes the width limit; counts it in its feed.
  bool AdmitNetwork(const Cidr& network, uint32_t feed);

  bool allow_broad_networks_ = false;
  StringPool pool_;
  std::vector<FeedInfo> feeds_;
  std::vector<Indicator> indicators_;
  std::vector<uint32_t> next_;
  absl::flat_hash_map<Ip, uint32_t> ips_;
  CidrTable<uint32_t> cidrs_;
  std::array<absl::flat_hash_map<std::string_view, uint32_t>, kSpaceCount> strings_;
  // Per indicator: 0 not yet checked, 1 a registrable name, 2 a public suffix.
  // Checked lazily on a parent-domain hit: libpsl costs ~0.4 us a call, too
  // much for every one of a million domains at load, nothing per rare hit.
  std::unique_ptr<std::atomic<uint8_t>[]> psl_state_;
  size_t psl_state_size_ = 0;
  mutable std::atomic<uint64_t> psl_ignored_{0};
  bool IsSuffixListing(uint32_t id) const;
  // Filters in front of the IP and string tables, built by Freeze().
  static uint64_t IpHash(const Ip& ip) { return BlockedBloom::Mix(ip.hi() * 0x9E3779B97F4A7C15ULL ^ ip.lo()); }
  BlockedBloom ip_filter_;
  std::array<BlockedBloom, kSpaceCount> string_filters_;
};

}  // namespace dragnet
