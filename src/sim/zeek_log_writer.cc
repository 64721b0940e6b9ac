#include "sim/zeek_log_writer.h"

#include <isa-l/igzip_lib.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "core/json_writer.h"

namespace dragnet {
namespace {

const char* TypeName(ZeekType t) {
  switch (t) {
    case ZeekType::kTime: return "time";
    case ZeekType::kString: return "string";
    case ZeekType::kAddr: return "addr";
    case ZeekType::kPort: return "port";
    case ZeekType::kCount: return "count";
    case ZeekType::kInterval: return "interval";
    case ZeekType::kEnum: return "enum";
    case ZeekType::kBool: return "bool";
    case ZeekType::kDouble: return "double";
    case ZeekType::kSetString: return "set[string]";
    case ZeekType::kVectorString: return "vector[string]";
    case ZeekType::kVectorInterval: return "vector[interval]";
  }
  return "string";
}

bool IsNumeric(ZeekType t) {
  return t == ZeekType::kTime || t == ZeekType::kPort || t == ZeekType::kCount ||
         t == ZeekType::kInterval || t == ZeekType::kDouble;
}

std::string ZeekDate(Timestamp t) {
  time_t s = static_cast<time_t>(t.micros() / 1000000);
  struct tm tm;
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d-%H-%M-%S", &tm);
  return buf;
}

constexpr size_t kFlushAt = 1 << 20;

// Bytes Zeek's ASCII writer escapes: the separator, backslash, control bytes
// and DEL; inside a set also the set separator (bit 2).
struct EscapeTable {
  unsigned char needs[256] = {};
  EscapeTable() {
    for (int c = 0; c < 0x20; ++c) needs[c] = 3;
    needs[0x7f] = 3;
    needs[static_cast<unsigned char>('\\')] = 3;
    needs[static_cast<unsigned char>(',')] = 2;
  }
};
const EscapeTable kEscape;

bool IsUnset(const std::string& v) { return v.size() == 1 && v[0] == ZeekLogWriter::kUnset[0]; }

}  // namespace

struct ZeekLogWriter::Deflater {
  isal_zstream stream;
  std::vector<uint8_t> level_buf;
  std::vector<uint8_t> out;
  Deflater() : level_buf(ISAL_DEF_LVL1_DEFAULT), out(kFlushAt + (kFlushAt >> 3) + 1024) {
    isal_deflate_init(&stream);
    stream.gzip_flag = IGZIP_GZIP;
    stream.level = 1;
    stream.level_buf = level_buf.data();
    stream.level_buf_size = static_cast<uint32_t>(level_buf.size());
  }
};

ZeekLogWriter::ZeekLogWriter(std::string path, std::string log_path, std::vector<ZeekColumn> columns,
                             Format format, bool gzip, Timestamp open_time)
    : path_(std::move(path)), columns_(std::move(columns)), format_(format), gzip_(gzip) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) {
    status_ = Status::Error(path_ + ": cannot write: " + std::strerror(errno));
    return;
  }
  if (gzip_) deflater_ = std::make_unique<Deflater>();
  buf_.reserve(kFlushAt + 65536);
  if (format_ == Format::kTsv) {
    std::string h = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t";
    h += log_path;
    h += "\n#open\t" + ZeekDate(open_time) + "\n#fields";
    for (const auto& c : columns_) h += "\t" + c.name;
    h += "\n#types";
    for (const auto& c : columns_) h += std::string("\t") + TypeName(c.type);
    h += "\n";
    Emit(h);
  }
}

ZeekLogWriter::~ZeekLogWriter() {
  if (!closed_) Close(Timestamp());
}

void ZeekLogWriter::AppendTsvEscaped(std::string& line_, std::string_view s, bool in_set) {
  static const char kHex[] = "0123456789abcdef";
  if (s.empty()) {
    line_ += "(empty)";
    return;
  }
  if (s == "-") {  // a value that looks like the unset marker
    line_ += "\\x2d";
    return;
  }
  const unsigned char mask = in_set ? 2 : 1;
  unsigned char any = 0;
  for (unsigned char c : s) any |= kEscape.needs[c];
  if (!(any & mask)) {
    line_.append(s);
    return;
  }
  for (unsigned char c : s) {
    if (c == '\t' || c == '\\' || (in_set && c == ',') || c < 0x20 || c == 0x7f) {
      line_ += "\\x";
      line_.push_back(kHex[c >> 4]);
      line_.push_back(kHex[c & 15]);
    } else {
      line_.push_back(static_cast<char>(c));
    }
  }
}

void ZeekLogWriter::Write(const std::vector<Field>& fields) {
  line_.clear();
  if (format_ == Format::kTsv) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i) line_.push_back('\t');
      const Field& f = fields[i];
      if (f.unset) {
        line_.push_back('-');
      } else if (f.elems) {
        if (f.elems->empty()) {
          line_ += "(empty)";
        } else {
          for (size_t k = 0; k < f.elems->size(); ++k) {
            if (k) line_.push_back(',');
            AppendTsvEscaped(line_, (*f.elems)[k], true);
          }
        }
      } else if (IsNumeric(columns_[i].type) || columns_[i].type == ZeekType::kBool ||
                 columns_[i].type == ZeekType::kAddr) {
        line_ += f.text;
      } else {
        AppendTsvEscaped(line_, f.text, false);
      }
    }
  } else {
    line_.push_back('{');
    bool first = true;
    for (size_t i = 0; i < columns_.size(); ++i) {
      const Field& f = fields[i];
      if (f.unset) continue;
      if (!first) line_.push_back(',');
      first = false;
      JsonWriter::AppendEscaped(line_, columns_[i].name);
      line_.push_back(':');
      ZeekType t = columns_[i].type;
      if (f.elems) {
        line_.push_back('[');
        for (size_t k = 0; k < f.elems->size(); ++k) {
          if (k) line_.push_back(',');
          if (t == ZeekType::kVectorInterval) line_ += (*f.elems)[k];
          else JsonWriter::AppendEscaped(line_, (*f.elems)[k]);
        }
        line_.push_back(']');
      } else if (t == ZeekType::kBool) {
        line_ += f.text == "T" ? "true" : "false";
      } else if (IsNumeric(t)) {
        line_ += f.text;
      } else {
        JsonWriter::AppendEscaped(line_, f.text);
      }
    }
    line_.push_back('}');
  }
  line_.push_back('\n');
  Emit(line_);
}

void ZeekLogWriter::WriteRow(const std::string* values) {
  if (format_ == Format::kTsv) {
    // Straight to TSV in the output buffer: no per-field objects and no
    // intermediate line on the simulator's hot path.
    std::string& out = buf_;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i) out.push_back('\t');
      const std::string& v = values[i];
      ZeekType t = columns_[i].type;
      if (IsUnset(v)) {
        out.push_back('-');
      } else if (t == ZeekType::kSetString || t == ZeekType::kVectorString || t == ZeekType::kVectorInterval) {
        if (v.empty()) {
          out += "(empty)";
          continue;
        }
        size_t start = 0;
        for (;;) {
          size_t p = v.find(kElementSeparator, start);
          if (start) out.push_back(',');
          AppendTsvEscaped(out, std::string_view(v).substr(start, p == std::string::npos ? std::string::npos : p - start), true);
          if (p == std::string::npos) break;
          start = p + 1;
        }
      } else if (t == ZeekType::kString || t == ZeekType::kEnum) {
        AppendTsvEscaped(out, v, false);
      } else {
        out += v;
      }
    }
    out.push_back('\n');
    if (buf_.size() >= kFlushAt) Flush(false);
    return;
  }
  row_fields_.resize(columns_.size());
  row_elems_.resize(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    const std::string& v = values[i];
    ZeekType t = columns_[i].type;
    if (IsUnset(v)) {
      row_fields_[i] = Unset();
    } else if (t == ZeekType::kSetString || t == ZeekType::kVectorString || t == ZeekType::kVectorInterval) {
      auto& elems = row_elems_[i];
      elems.clear();
      if (!v.empty()) {
        size_t start = 0;
        for (;;) {
          size_t p = v.find(kElementSeparator, start);
          elems.emplace_back(v, start, p == std::string::npos ? std::string::npos : p - start);
          if (p == std::string::npos) break;
          start = p + 1;
        }
      }
      row_fields_[i] = Field{{}, &elems, false};
    } else {
      row_fields_[i] = Field{v, nullptr, false};
    }
  }
  Write(row_fields_);
}

void ZeekLogWriter::Emit(std::string_view s) {
  buf_.append(s);
  if (buf_.size() >= kFlushAt) Flush(false);
}

void ZeekLogWriter::Flush(bool final_flush) {
  if (!file_) {
    buf_.clear();
    return;
  }
  raw_bytes_ += buf_.size();
  if (!gzip_) {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
      status_ = Status::Error(path_ + ": write failed");
    buf_.clear();
    return;
  }
  isal_zstream& z = deflater_->stream;
  z.next_in = reinterpret_cast<uint8_t*>(buf_.data());
  z.avail_in = static_cast<uint32_t>(buf_.size());
  z.end_of_stream = final_flush ? 1 : 0;
  do {
    z.next_out = deflater_->out.data();
    z.avail_out = static_cast<uint32_t>(deflater_->out.size());
    if (isal_deflate(&z) != COMP_OK) {
      status_ = Status::Error(path_ + ": gzip compression failed");
      break;
    }
    size_t n = deflater_->out.size() - z.avail_out;
    if (n && std::fwrite(deflater_->out.data(), 1, n, file_) != n) status_ = Status::Error(path_ + ": write failed");
  } while (z.avail_in > 0 || (final_flush && z.internal_state.state != ZSTATE_END));
  buf_.clear();
}

Status ZeekLogWriter::Close(Timestamp close_time) {
  if (closed_) return status_;
  closed_ = true;
  if (format_ == Format::kTsv) buf_ += "#close\t" + ZeekDate(close_time) + "\n";
  Flush(true);
  if (file_ && std::fclose(file_) != 0) status_ = Status::Error(path_ + ": close failed");
  file_ = nullptr;
  return status_;
}

}  // namespace dragnet
