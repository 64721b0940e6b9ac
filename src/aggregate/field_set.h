// FieldSet: the indices of named fields in the current schema, re-resolved only
// when the schema changes (Schema::version), so a record's fields are found by
// index on the hot path.
#pragma once

#include <array>
#include <cstdint>

#include "ingest/record.h"

namespace dragnet {

template <size_t N>
class FieldSet {
 public:
  explicit constexpr FieldSet(const std::array<const char*, N>& names) : names_(names) {}
  const std::array<int, N>& Resolve(const Schema& schema) {
    if (schema.version() != version_) {
      version_ = schema.version();
      for (size_t i = 0; i < N; ++i) index_[i] = schema.Find(names_[i]);
    }
    return index_;
  }
  const std::array<const char*, N>& names() const { return names_; }

 private:
  std::array<const char*, N> names_;
  std::array<int, N> index_{};
  uint64_t version_ = 0;
};

}  // namespace dragnet
