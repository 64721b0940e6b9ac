// Schema and Record: the normalised, format-independent view of one Zeek log
// line. A Record is a set of views into the reader's buffers (valid only during
// the visitor call): no heap allocation per field. Any field, known or not, is
// reachable by name through the Schema, so detectors can read smb, dce_rpc,
// kerberos... without new parsing code.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.h"
#include "core/timestamp.h"

namespace dragnet {

enum class FieldType : uint8_t {
  kString, kAddr, kPort, kCount, kInt, kDouble, kTime, kInterval, kBool, kEnum, kSubnet,
  kUnknown,
};
FieldType ParseFieldType(std::string_view zeek_type);

struct FieldDef {
  std::string name;        // "id.orig_h"
  FieldType type = FieldType::kUnknown;  // element type for containers
  bool container = false;  // set[...] / vector[...] (JSON: array)
};

// The fields of one header block (TSV) or the keys seen so far (JSON). A JSON
// schema only grows: indices handed out stay valid, so consumers re-resolve
// names only when version() changes.
class Schema {
 public:
  const std::string& path() const { return path_; }
  const std::vector<FieldDef>& fields() const { return fields_; }
  // Index of a field by name, or -1.
  int Find(std::string_view name) const;
  // Unique across all schemas of the process, and new after every change.
  uint64_t version() const { return version_; }

  void Reset(std::string path, std::vector<FieldDef> fields);
  int Add(FieldDef field);  // JSON: a key not seen before in this file
  void set_path(std::string path) {
    path_ = std::move(path);
    version_ = NextVersion();
  }

 private:
  static uint64_t NextVersion();
  std::string path_;
  std::vector<FieldDef> fields_;
  uint64_t version_ = NextVersion();
};

// One field's value inside a record.
struct Value {
  enum State : uint8_t { kUnset = 0, kPresent = 1 };
  const char* data = nullptr;  // scalar text (unescaped)
  uint32_t size = 0;
  uint32_t elem_begin = 0;     // containers: elements in Record::elements
  uint32_t elem_count = 0;
  State state = kUnset;
  bool container = false;

  std::string_view text() const { return {data, size}; }
};

class Record {
 public:
  Record(const Schema& schema, std::span<const Value> values,
         std::span<const std::string_view> elements, uint64_t line, Timestamp ts)
      : schema_(&schema), values_(values), elements_(elements), line_(line), ts_(ts) {}

  const Schema& schema() const { return *schema_; }
  uint64_t line() const { return line_; }   // 1-based line in the file
  Timestamp ts() const { return ts_; }      // the record's ts (0 when absent)

  // Field accessors by index (from Schema::Find); -1 or out of range is unset.
  bool IsSet(int i) const { return InRange(i) && values_[i].state == Value::kPresent; }
  std::string_view Text(int i) const { return IsSet(i) ? values_[i].text() : std::string_view(); }
  std::span<const std::string_view> Elements(int i) const;
  // Calls f(text) for each element of a container field, or once for a scalar.
  template <typename F>
  void ForEach(int i, F&& f) const {
    if (!IsSet(i)) return;
    if (!values_[i].container) {
      f(values_[i].text());
      return;
    }
    for (std::string_view e : Elements(i)) f(e);
  }
  std::optional<Ip> GetIp(int i) const;
  std::optional<uint64_t> GetCount(int i) const;
  // Zeek's bool, "T" or "F" (the JSON reader writes JSON booleans that way).
  std::optional<bool> GetBool(int i) const;
  std::optional<Timestamp> GetTime(int i) const;

  // Convenience by name (slower: a lookup per call).
  std::string_view Text(std::string_view name) const { return Text(schema_->Find(name)); }

 private:
  bool InRange(int i) const { return i >= 0 && static_cast<size_t>(i) < values_.size(); }
  const Schema* schema_;
  std::span<const Value> values_;
  std::span<const std::string_view> elements_;
  uint64_t line_;
  Timestamp ts_;
};

}  // namespace dragnet
