// Finding the field separators of a TSV line: the hottest loop of reading
// Zeek logs (a third of an intel sweep's time before it was vectorised).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dragnet {

struct SeparatorScan {
  size_t kept = 0;     // positions written (at most `keep`)
  size_t total = 0;    // separators in the line, kept or not
  bool escape = false;  // a backslash somewhere: fields need unescaping
};

// Writes the positions of the first `keep` separators of `line` to `out`
// (room for `keep`), counts the rest -- the count still validates the
// line's field count -- and tells whether any byte is a backslash. 32 bytes
// a step with AVX2 where the CPU has it (chosen once at run time: builds
// use no -march), else 16 with SSE2, the x86-64 baseline.
SeparatorScan ScanSeparators(std::string_view line, char sep, uint32_t* out, size_t keep);

// Each implementation, for tests: the byte loop, SSE2, and AVX2 (null where
// the CPU lacks it).
namespace separator_scan_internal {
using ScanFn = SeparatorScan (*)(std::string_view, char, uint32_t*, size_t);
SeparatorScan Bytes(std::string_view line, char sep, uint32_t* out, size_t keep);
ScanFn Sse2();
ScanFn Avx2();
}  // namespace separator_scan_internal

}  // namespace dragnet
