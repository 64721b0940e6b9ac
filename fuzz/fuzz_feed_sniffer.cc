// The whole feed path: sniffing picks a parser from content and file name.
#include "intel/feed_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* kNames[] = {"feed.txt", "ja3.txt", "x.intel", "list.csv", "bundle.json", "manifest.json"};
  if (size == 0) return 0;
  dragnet::IndicatorSet set;
  dragnet::Diagnostics diag(false);
  dragnet::FeedLoader loader(set, diag);
  loader.LoadContent(kNames[data[0] % 6], std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  return 0;
}
