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
  bool registrable = false;  // libpsl found a registrable part (else the whole name is returned)
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

void Remember(std::string_view name, uint32_t offset, bool registrable) {
  Slot& s = SlotFor(name);
  s.name.assign(name);
  s.offset = offset;
  s.used = true;
  s.registrable = registrable;
}

}  // namespace

std::string_view RegisteredDomain(std::string_view domain) {
  if (const Slot* s = Cached(domain)) return domain.substr(s->offset);
  // A name below a registrable domain has that domain as its registered part
  // (x.y.example.co.uk -> example.co.uk): walk up to a parent already known,
  // so that random subdomains (DNS tunnels, DGA-like labels) cost a few hash
  // probes instead of a libpsl call each and do not flush the cache.
  for (size_t dot = domain.find('.'); dot != std::string_view::npos; dot = domain.find('.', dot + 1)) {
    std::string_view parent = domain.substr(dot + 1);
    if (const Slot* s = Cached(parent)) {
      if (s->registrable) return parent.substr(s->offset);
      break;  // the parent is a public suffix itself: the name decides
    }
  }
  thread_local std::string buf;  // libpsl wants a C string
  buf.assign(domain);
  const char* r = psl_registrable_domain(Context(), buf.c_str());
  auto offset = static_cast<uint32_t>(r == nullptr ? 0 : r - buf.c_str());
  Remember(domain, offset, r != nullptr);
  if (r != nullptr && offset > 0) Remember(domain.substr(offset), 0, true);  // its own registered part
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
