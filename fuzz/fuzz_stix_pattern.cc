#include "intel/feed_loader.h"
#include "intel_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dragnet::IndicatorSet set;
  uint32_t feed = set.AddFeed(dragnet::FeedInfo{});
  dragnet::AddStixPattern(std::string_view(reinterpret_cast<const char*>(data), size), set, feed, {});
  set.Freeze();
  dragnet::CheckRoundTrip(set);
  return 0;
}
