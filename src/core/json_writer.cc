#include "core/json_writer.h"

#include <cmath>
#include <cstdio>

namespace dragnet {

void JsonWriter::Separator() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_member_.empty()) {
    if (has_member_.back()) out_.push_back(',');
    has_member_.back() = true;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  Separator();
  out_.push_back('{');
  has_member_.push_back(false);
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  has_member_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Separator();
  out_.push_back('[');
  has_member_.push_back(false);
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  has_member_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::Key(std::string_view k) {
  Separator();
  AppendEscaped(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view s) {
  Separator();
  AppendEscaped(out_, s);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t v) {
  Separator();
  out_ += std::to_string(v);
  return *this;
}
JsonWriter& JsonWriter::Uint(uint64_t v) {
  Separator();
  out_ += std::to_string(v);
  return *this;
}
JsonWriter& JsonWriter::Double(double v, int decimals) {
  Separator();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  out_ += s;
  return *this;
}
JsonWriter& JsonWriter::Bool(bool b) {
  Separator();
  out_ += b ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::Null() {
  Separator();
  out_ += "null";
  return *this;
}
JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separator();
  out_ += json;
  return *this;
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t min;
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) { n = 2; min = 0x80; }
  else if ((c & 0xf0) == 0xe0) { n = 3; min = 0x800; }
  else if ((c & 0xf8) == 0xf0) { n = 4; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  uint32_t cp = c & (0x7f >> n);
  for (size_t k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

}  // namespace

void JsonWriter::AppendEscaped(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
      }
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      size_t n = Utf8Length(s, i);
      if (n == 0) {
        out += "\\\\x";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
    }
  }
  out.push_back('"');
}

}  // namespace dragnet
