#include "intel/public_suffix.h"

#include <libpsl.h>

#include <functional>
#include <string>
#include <vector>

namespace dragnet {
namespace {

const psl_ctx_t* Context() {
  // The system list (kept current by Debian) when present, else the copy
  // built into libpsl.
  static const psl_ctx_t* ctx = [] {
    const psl_ctx_t* c = psl_latest(nullptr);
    return c != nullptr ? c : psl_builtin();
  }();
  return ctx;
}

}  // namespace

bool IsPublicSuffix(std::string_view domain) {
  // libpsl wants a C string; a reused buffer avoids an allocation per call
  // (the loader asks this for every domain of every feed).
  thread_local std::string buf;
  buf.assign(domain);
  return psl_is_public_suffix2(Context(), buf.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

std::string_view RegisteredDomain(std::string_view domain) {
  // Log names repeat heavily and libpsl costs ~0.4 us a call: a small
  // direct-mapped cache per thread (name -> offset of its registered part)
  // answers most calls with one hash and one compare.
  struct Slot {
    std::string name;
    uint32_t offset = 0;
    bool used = false;
  };
  constexpr size_t kSlots = 4096;
  thread_local std::vector<Slot> cache(kSlots);
  Slot& slot = cache[std::hash<std::string_view>{}(domain) & (kSlots - 1)];
  if (slot.used && slot.name == domain) return domain.substr(slot.offset);
  slot.name.assign(domain);
  const char* r = psl_registrable_domain(Context(), slot.name.c_str());
  slot.offset = r == nullptr ? 0 : static_cast<uint32_t>(r - slot.name.c_str());
  slot.used = true;
  return domain.substr(slot.offset);
}

bool HasPublicTld(std::string_view domain) {
  size_t dot = domain.rfind('.');
  std::string_view tld = dot == std::string_view::npos ? domain : domain.substr(dot + 1);
  if (tld.empty()) return false;
  thread_local std::string buf;
  buf.assign(tld);
  // Exact rules only: the wildcard "*" rule would make every label public.
  return psl_is_public_suffix2(Context(), buf.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

}  // namespace dragnet
