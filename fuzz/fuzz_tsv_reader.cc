#include "reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Half the inputs get a valid header so the fuzzer reaches data lines fast.
  static const std::string kHeader =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
      "#fields\tts\tuid\tid.orig_h\tid.resp_h\tservice\ttunnel_parents\n"
      "#types\ttime\tstring\taddr\taddr\tstring\tset[string]\n";
  if (size > 0 && (data[0] & 1)) return dragnet::FuzzRead(kHeader, data + 1, size - 1);
  return dragnet::FuzzRead("", data, size);
}
