#include "core/string_pool.h"

#include <cstring>

namespace dragnet {

std::string_view StringPool::Store(std::string_view s) {
  if (s.empty()) return {};
  if (s.size() > kBlock / 4) {
    // Large strings get a block of their own so blocks are not wasted.
    large_.push_back(std::make_unique<char[]>(s.size()));
    std::memcpy(large_.back().get(), s.data(), s.size());
    bytes_ += s.size();
    return {large_.back().get(), s.size()};
  }
  if (used_ + s.size() > kBlock) {
    blocks_.push_back(std::make_unique<char[]>(kBlock));
    used_ = 0;
  }
  char* dst = blocks_.back().get() + used_;
  std::memcpy(dst, s.data(), s.size());
  used_ += s.size();
  bytes_ += s.size();
  return {dst, s.size()};
}

std::string_view StringPool::Intern(std::string_view s) {
  auto it = interned_.find(s);
  if (it != interned_.end()) return *it;
  std::string_view stored = Store(s);
  interned_.insert(stored);
  return stored;
}

}  // namespace dragnet
