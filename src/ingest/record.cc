#include "ingest/record.h"

#include <atomic>

namespace dragnet {

FieldType ParseFieldType(std::string_view t) {
  if (t.starts_with("set[") || t.starts_with("vector[")) {
    size_t open = t.find('[');
    t = t.substr(open + 1, t.size() - open - 2);
  }
  if (t == "string") return FieldType::kString;
  if (t == "addr") return FieldType::kAddr;
  if (t == "port") return FieldType::kPort;
  if (t == "count") return FieldType::kCount;
  if (t == "int") return FieldType::kInt;
  if (t == "double") return FieldType::kDouble;
  if (t == "time") return FieldType::kTime;
  if (t == "interval") return FieldType::kInterval;
  if (t == "bool") return FieldType::kBool;
  if (t == "enum") return FieldType::kEnum;
  if (t == "subnet") return FieldType::kSubnet;
  return FieldType::kUnknown;
}

int Schema::Find(std::string_view name) const {
  // Schemas have tens of fields: a linear scan beats hashing, and lookups happen
  // once per schema version, not per record.
  for (size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name == name) return static_cast<int>(i);
  return -1;
}

uint64_t Schema::NextVersion() {
  // Process-wide, so two schemas never share a version even when one is
  // allocated where another was freed: consumers cache by (address, version).
  static std::atomic<uint64_t> counter{1};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

void Schema::Reset(std::string path, std::vector<FieldDef> fields) {
  path_ = std::move(path);
  fields_ = std::move(fields);
  version_ = NextVersion();
}

int Schema::Add(FieldDef field) {
  fields_.push_back(std::move(field));
  version_ = NextVersion();
  return static_cast<int>(fields_.size() - 1);
}

std::span<const std::string_view> Record::Elements(int i) const {
  if (!IsSet(i) || !values_[i].container) return {};
  return elements_.subspan(values_[i].elem_begin, values_[i].elem_count);
}

std::optional<Ip> Record::GetIp(int i) const {
  if (!IsSet(i)) return std::nullopt;
  return Ip::Parse(values_[i].text());
}

std::optional<bool> Record::GetBool(int i) const {
  std::string_view s = Text(i);
  if (s == "T") return true;
  if (s == "F") return false;
  return std::nullopt;
}

std::optional<uint64_t> Record::GetCount(int i) const {
  if (!IsSet(i)) return std::nullopt;
  std::string_view s = values_[i].text();
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::optional<Timestamp> Record::GetTime(int i) const {
  if (!IsSet(i)) return std::nullopt;
  return Timestamp::Parse(values_[i].text());
}

}  // namespace dragnet
