// JsonWriter: builds compact JSON text with correct string escaping. Keys are
// written in the order given, so output is deterministic. Bytes that are not
// valid UTF-8 (Zeek strings are bytes) are written as "\\xNN", Zeek's own
// escape, so nothing is lost and the output stays valid JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dragnet {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view k);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  // Fixed decimals, trailing zeros trimmed: stable across platforms.
  JsonWriter& Double(double v, int decimals = 6);
  JsonWriter& Bool(bool b);
  JsonWriter& Null();
  // Inserts already-serialised JSON as one value.
  JsonWriter& Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

  static void AppendEscaped(std::string& out, std::string_view s);

 private:
  void Separator();
  std::string out_;
  // Per open container: whether it has a member yet; and whether a key was just written.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

}  // namespace dragnet
