#include "intel/public_suffix.h"

#include <libpsl.h>

#include <absl/hash/hash.h>

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

namespace {

// Names repeat heavily and libpsl costs ~0.4 us a call: a small
// direct-mapped cache per thread, name -> offset of its registered part.
struct Slot {
  std::string name;
  uint32_t offset = 0;
  bool used = false;
};
constexpr size_t kSlots = 4096;

Slot& SlotFor(std::string_view name) {
  thread_local std::vector<Slot> cache(kSlots);
  return cache[absl::Hash<std::string_view>{}(name) & (kSlots - 1)];
}

const Slot* Cached(std::string_view name) {
  const Slot& s = SlotFor(name);
  return s.used && s.name == name ? &s : nullptr;
}

void Remember(std::string_view name, uint32_t offset) {
  Slot& s = SlotFor(name);
  s.name.assign(name);
  s.offset = offset;
  s.used = true;
}

}  // namespace

std::string_view RegisteredDomain(std::string_view domain) {
  if (const Slot* s = Cached(domain)) return domain.substr(s->offset);
  // No shortcut through a cached parent: a registrable parent does not make
  // the name's answer the parent's (amazonaws.com is registrable, but
  // s3.amazonaws.com is a public suffix, so x.s3.amazonaws.com is its own).
  thread_local std::string buf;  // libpsl wants a C string
  buf.assign(domain);
  const char* r = psl_registrable_domain(Context(), buf.c_str());
  auto offset = static_cast<uint32_t>(r == nullptr ? 0 : r - buf.c_str());
  Remember(domain, offset);
  return domain.substr(offset);
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
