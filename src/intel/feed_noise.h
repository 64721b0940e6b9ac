// Feed noise measured from the data itself: the share of a feed's
// indicators that fall on the warninglists and the never-flag set (root
// servers, public resolvers, CDN edges, empty-file hashes ...). A feed that
// lists such values was assembled carelessly, and its other values deserve
// less trust (docs/detectors/intel.md "Feed quality").
#pragma once

#include <cstddef>
#include <vector>

#include "intel/indicator_set.h"
#include "intel/warninglist.h"

namespace dragnet {

// Checks at most `max_per_feed` indicators of each feed (an even stride over
// the feed's indicators in load order, so the same inputs give the same
// sample) against every list of `lists` (nulls skipped; exact values,
// hostnames and networks, not substring or regex entries) and stores the counts
// in FeedInfo::noise_checked / noise_listed.
void MeasureFeedNoise(IndicatorSet& set, const std::vector<const Warninglists*>& lists,
                      size_t max_per_feed = 4096);

}  // namespace dragnet
