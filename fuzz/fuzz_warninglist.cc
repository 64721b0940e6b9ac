#include "intel/warninglist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dragnet::Warninglists lists;
  std::string_view content(reinterpret_cast<const char*>(data), size);
  if (lists.LoadList("fuzz.json", content).ok()) {
    (void)lists.Match(dragnet::IndicatorType::kDomain, "a.example.com");
    (void)lists.Match(dragnet::IndicatorType::kUrl, "example.com/x?y");
    (void)lists.Match(dragnet::IndicatorType::kIp, "10.1.2.3");
  }
  return 0;
}
