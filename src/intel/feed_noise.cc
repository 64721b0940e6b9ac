#include "intel/feed_noise.h"

namespace dragnet {

void MeasureFeedNoise(IndicatorSet& set, const std::vector<const Warninglists*>& lists, size_t max_per_feed) {
  bool any = false;
  for (const Warninglists* l : lists) any |= l && !l->empty();
  if (!any || set.empty() || max_per_feed == 0) return;
  // Indicator ids by feed, in load order.
  std::vector<std::vector<uint32_t>> by_feed(set.feeds().size());
  for (uint32_t id = 0; id < set.size(); ++id) by_feed[set.at(id).feed].push_back(id);
  for (size_t feed = 0; feed < by_feed.size(); ++feed) {
    const std::vector<uint32_t>& ids = by_feed[feed];
    if (ids.empty()) continue;
    size_t stride = (ids.size() + max_per_feed - 1) / max_per_feed;
    uint64_t checked = 0, listed = 0;
    for (size_t i = 0; i < ids.size(); i += stride) {
      const Indicator& ind = set.at(ids[i]);
      ++checked;
      for (const Warninglists* l : lists) {
        if (l && l->MatchListing(ind, /*patterns=*/false) >= 0) {
          ++listed;
          break;
        }
      }
    }
    FeedInfo& info = set.feed(static_cast<uint32_t>(feed));
    info.noise_checked = checked;
    info.noise_listed = listed;
  }
}

}  // namespace dragnet
