#include "intel/public_suffix.h"

#include <libpsl.h>

#include <string>

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
  std::string s(domain);
  const char* r = psl_registrable_domain(Context(), s.c_str());
  if (r == nullptr) return domain;
  size_t offset = static_cast<size_t>(r - s.c_str());
  return domain.substr(offset);
}

}  // namespace dragnet
