// StringPool: stores strings in large blocks so that millions of short values
// (indicators, feed descriptions) cost one allocation per block, not per value,
// and the views handed out stay valid for the pool's lifetime. Intern() stores
// equal strings once.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

namespace dragnet {

class StringPool {
 public:
  StringPool() = default;
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  // Copies s into the pool.
  std::string_view Store(std::string_view s);
  // Copies s into the pool unless an equal string is already there.
  std::string_view Intern(std::string_view s);
  size_t bytes() const { return bytes_; }

 private:
  static constexpr size_t kBlock = 1 << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::unique_ptr<char[]>> large_;  // strings over a quarter block
  size_t used_ = kBlock;  // forces a block on first use
  size_t bytes_ = 0;
  absl::flat_hash_set<std::string_view> interned_;
};

}  // namespace dragnet
