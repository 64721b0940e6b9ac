#include "intel/feed_loader.h"
#include "intel_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dragnet::IndicatorSet set;
  uint32_t feed = set.AddFeed(dragnet::FeedInfo{});
  std::string_view content(reinterpret_cast<const char*>(data), size);
  bool lines = size > 0 && (data[0] & 1);
  (void)dragnet::LoadStixObjects(content, lines, set, feed);
  set.Freeze();
  dragnet::CheckRoundTrip(set);
  return 0;
}
