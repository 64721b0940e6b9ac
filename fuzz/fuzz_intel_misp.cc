#include "intel/feed_loader.h"
#include "intel_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dragnet::IndicatorSet set;
  dragnet::FeedInfo info;
  info.name = "event.json";
  uint32_t feed = set.AddFeed(info);
  std::string_view content(reinterpret_cast<const char*>(data), size);
  (void)dragnet::LoadMispEvent(content, set, feed);
  set.Freeze();
  dragnet::CheckRoundTrip(set);
  return 0;
}
