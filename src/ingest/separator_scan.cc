#include "ingest/separator_scan.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace dragnet {
namespace {

// The bytes a vector loop leaves, one at a time.
void ScanTail(const char* p, size_t from, size_t n, char sep, uint32_t* out, size_t keep, SeparatorScan& s) {
  for (size_t i = from; i < n; ++i) {
    if (p[i] == sep) {
      if (s.kept < keep) out[s.kept++] = static_cast<uint32_t>(i);
      ++s.total;
    }
    s.escape |= p[i] == '\\';
  }
}

#if defined(__x86_64__)
// Without -mpopcnt (no -march in builds) __builtin_popcount is a libgcc call.
size_t Popcount16(unsigned m) {
  m = m - ((m >> 1) & 0x5555u);
  m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
  m = (m + (m >> 4)) & 0x0f0fu;
  return (m + (m >> 8)) & 0x1fu;
}

SeparatorScan ScanSse2(std::string_view line, char sep, uint32_t* out, size_t keep) {
  SeparatorScan s;
  const char* p = line.data();
  const size_t n = line.size();
  const __m128i sepv = _mm_set1_epi8(sep);
  const __m128i bs = _mm_set1_epi8('\\');
  __m128i escapes = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, sepv)));
    escapes = _mm_or_si128(escapes, _mm_cmpeq_epi8(v, bs));
    s.total += Popcount16(m);
    for (; m && s.kept < keep; m &= m - 1) out[s.kept++] = static_cast<uint32_t>(i + static_cast<size_t>(__builtin_ctz(m)));
  }
  s.escape = _mm_movemask_epi8(escapes) != 0;
  ScanTail(p, i, n, sep, out, keep, s);
  return s;
}

__attribute__((target("avx2,popcnt,bmi"))) SeparatorScan ScanAvx2(std::string_view line, char sep, uint32_t* out,
                                                                     size_t keep) {
  SeparatorScan s;
  const char* p = line.data();
  const size_t n = line.size();
  const __m256i sepv = _mm256_set1_epi8(sep);
  const __m256i bs = _mm256_set1_epi8('\\');
  __m256i escapes = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    auto m = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, sepv)));
    escapes = _mm256_or_si256(escapes, _mm256_cmpeq_epi8(v, bs));
    s.total += static_cast<size_t>(_mm_popcnt_u32(m));
    for (; m && s.kept < keep; m = _blsr_u32(m)) out[s.kept++] = static_cast<uint32_t>(i + _tzcnt_u32(m));
  }
  s.escape = _mm256_movemask_epi8(escapes) != 0;
  ScanTail(p, i, n, sep, out, keep, s);
  return s;
}

using separator_scan_internal::ScanFn;
const ScanFn kScan = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi")
                         ? ScanAvx2
                         : ScanSse2;
#endif

}  // namespace

SeparatorScan ScanSeparators(std::string_view line, char sep, uint32_t* out, size_t keep) {
#if defined(__x86_64__)
  return kScan(line, sep, out, keep);
#else
  return separator_scan_internal::Bytes(line, sep, out, keep);
#endif
}

namespace separator_scan_internal {

SeparatorScan Bytes(std::string_view line, char sep, uint32_t* out, size_t keep) {
  SeparatorScan s;
  ScanTail(line.data(), 0, line.size(), sep, out, keep, s);
  return s;
}

#if defined(__x86_64__)
ScanFn Sse2() { return ScanSse2; }
ScanFn Avx2() { return kScan == ScanAvx2 ? ScanAvx2 : nullptr; }
#else
ScanFn Sse2() { return nullptr; }
ScanFn Avx2() { return nullptr; }
#endif

}  // namespace separator_scan_internal

}  // namespace dragnet
