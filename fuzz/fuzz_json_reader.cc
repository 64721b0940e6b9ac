#include "reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dragnet::FuzzRead("{\"_path\":\"dns\",\"ts\":1.5,\"id.orig_h\":\"10.0.0.1\"}\n{", data, size);
}
