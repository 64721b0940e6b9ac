// The intel detector: every host that touched a known-bad indicator, with the
// feeds that list it and where in the logs it was seen. See
// docs/detectors/intel.md for what it looks at and how it scores.
#pragma once

#include <memory>

#include "detect/detector.h"
#include "detect/parameters.h"
#include "intel/indicator_set.h"
#include "intel/warninglist.h"

namespace dragnet {

struct IntelParams {
  // Base score by indicator type before feed confidence and modifiers.
  double score_hash = 0.9, score_url = 0.85, score_cert = 0.85, score_domain = 0.8,
         score_email = 0.75, score_ip = 0.7, score_ja4 = 0.55, score_ja3 = 0.5, score_cidr = 0.5;
  // Factor when the listed address only ever initiated contact (scans, spam).
  double inbound_only_factor = 0.6;
  // Added per additional feed listing the same value, up to max.
  double extra_feed_bonus = 0.05, extra_feed_bonus_max = 0.1;
  // Factor when every listing names a port and the match was a DNS answer
  // (no port to check): "resolved to" a listed service address.
  double port_unchecked_factor = 0.6;
  // Feed noise: of a feed's sampled indicators, the share on the never-flag
  // set (FeedInfo::noise_listed / (noise_checked + noise_prior), the prior
  // keeping a 1-entry feed from 100 %). A feed is of quality
  // 1 - min(1, noise / noise_full); the score is multiplied by
  // 1 - noise_penalty * (1 - the best quality among the feeds listing the value).
  double noise_full = 0.1, noise_penalty = 0.5, noise_prior = 10;
  // The highest score of a match a DNS resolver made for its clients (an
  // internal host that answers internal clients and asks other servers,
  // learnt from dns.log): below medium.
  double resolver_max_score = 0.45;
  // The highest score of a listed address a resolver only ever asked as a
  // DNS server (dns.log id.resp_h): an authoritative server it iterated
  // through, below low.
  double authoritative_max_score = 0.2;
  // A certificate whose SAN names belong to more registered domains than
  // this is shared by many owners' sites: a listed name among them does not
  // condemn it (its own subject's connections are no visit to that name).
  double max_cert_owners = 3;
  // Feed dates: a listing whose valid_until is before the match is expired
  // (factor expired_factor); one last confirmed more than stale_days before
  // the match is stale (stale_factor). The best listing of a value counts;
  // listings without dates count as fresh.
  double stale_days = 365, stale_factor = 0.7, expired_factor = 0.5;
  // Evidence sizes.
  size_t max_samples = 5;
};

// Suppression tallies are shared by all workers (one counter per warninglist).
// `never_flag` (may be null): the default never-flag set (intel/never_flag.h),
// consulted after `lists`.
std::unique_ptr<Detector> NewIntelDetector(const IndicatorSet& intel, const Warninglists& lists,
                                           IntelParams params = {}, const Warninglists* never_flag = nullptr);

// The parameters `dragnet detectors` lists and `hunt --param intel.NAME=V` sets.
std::vector<ParamBinding> Bindings(IntelParams& p);

// Address hits not taken because the listings' ports differ from the
// connection's responder port.
uint64_t IntelPortMismatches(DetectorState& merged);
// Per-warninglist suppressed-match counts of a merged intel state: the
// --warninglist lists, then the never-flag set's.
std::vector<uint64_t> IntelSuppressedCounts(DetectorState& merged);
// Per org index: matches of a merged intel state that named no internal
// address of the org, so were attributed to no host (docs/detectors/intel.md).
std::vector<uint64_t> IntelUnattributedCounts(DetectorState& merged);

}  // namespace dragnet
