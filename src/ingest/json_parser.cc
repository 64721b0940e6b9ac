// Zeek's JSON lines (LogAscii::use_json): one object per line with dotted keys
// ("id.orig_h"), ts as float seconds or ISO-8601 (LogAscii::json_timestamps),
// sets and vectors as arrays, unset fields omitted. Parsed with simdjson's
// on-demand API, one line at a time so a bad line costs only itself.
#include <simdjson.h>

#include "core/timestamp.h"
#include "ingest/zeek_reader.h"

namespace dragnet {
namespace {

std::string_view TrimToken(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

class JsonParser : public LineParser {
 public:
  static constexpr size_t kMaxKeys = 1024;
  JsonParser(const std::string& name, const std::string& default_path, RecordVisitor& visitor,
             Diagnostics& diag)
      : name_(name), visitor_(visitor), diag_(diag) {
    schema_.set_path(default_path);
    path_from_file_ = true;
  }

  const std::string& log_path() const override { return schema_.path(); }

  bool Parse(std::string_view line, uint64_t line_number, bool& header) override {
    if (line[0] == '#') {  // not Zeek's, but tolerated: a comment line
      header = true;
      return false;
    }
    for (Value& v : values_) v.state = Value::kUnset;
    elements_.clear();
    scratch_.clear();
    // Strings are unescaped into scratch_; the output is never longer than the
    // input, so this reserve keeps earlier views valid.
    scratch_.reserve(2 * line.size() + 64);
    ts_text_ = {};
    error_.clear();
    // LineReader guarantees kPadding readable bytes after every line.
    simdjson::padded_string_view json(line.data(), line.size(),
                                      line.size() + LineReader::kPadding);
    simdjson::ondemand::document doc;
    if (auto e = parser_.iterate(json).get(doc); e) {
      diag_.Malformed(name_, line_number, std::string("invalid JSON: ") + simdjson::error_message(e));
      return false;
    }
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
      diag_.Malformed(name_, line_number, "invalid JSON: not an object");
      return false;
    }
    if (!Walk(obj, std::string_view())) {
      diag_.Malformed(name_, line_number, "invalid JSON: " + error_);
      return false;
    }
    // Trailing content after the object means the line is broken.
    if (doc.current_location().error() == simdjson::SUCCESS) {
      diag_.Malformed(name_, line_number, "invalid JSON: trailing content after object");
      return false;
    }
    Timestamp ts;
    if (!ts_text_.empty()) {
      auto t = Timestamp::Parse(ts_text_);
      if (!t) {
        diag_.Malformed(name_, line_number, "bad ts: not a time value");
        return false;
      }
      ts = *t;
    }
    visitor_.OnRecord(Record(schema_, values_, elements_, line_number, ts));
    return true;
  }

 private:
  bool Fail(simdjson::error_code e) {
    error_ = simdjson::error_message(e);
    return false;
  }

  int IndexOf(std::string_view key, size_t ordinal) {
    // Zeek writes keys in the same order on every line: try the predicted slot
    // before searching.
    const auto& f = schema_.fields();
    if (ordinal < order_.size() && order_[ordinal] < f.size() && f[order_[ordinal]].name == key)
      return static_cast<int>(order_[ordinal]);
    int i = schema_.Find(key);
    if (i < 0) {
      // Zeek logs have tens of fields; a file inventing new keys on every
      // line would grow the schema (and each search) without bound.
      if (f.size() >= kMaxKeys) return -1;
      i = schema_.Add(FieldDef{std::string(key), FieldType::kUnknown, false});
      values_.resize(schema_.fields().size());
    }
    if (ordinal >= order_.size()) order_.resize(ordinal + 1);
    order_[ordinal] = static_cast<size_t>(i);
    return i;
  }

  bool Walk(simdjson::ondemand::object obj, std::string_view prefix) {
    size_t ordinal = prefix.empty() ? 0 : 1000;
    for (auto field : obj) {
      std::string_view raw_key;
      if (auto e = field.unescaped_key().get(raw_key); e) return Fail(e);
      std::string_view key = raw_key;
      std::string joined;
      if (!prefix.empty()) {
        joined.reserve(prefix.size() + 1 + raw_key.size());
        joined.append(prefix).append(".").append(raw_key);
        key = joined;
      }
      simdjson::ondemand::value value;
      if (auto e = field.value().get(value); e) return Fail(e);
      simdjson::ondemand::json_type type;
      if (auto e = value.type().get(type); e) return Fail(e);
      if (type == simdjson::ondemand::json_type::object) {
        simdjson::ondemand::object inner;
        if (auto e = value.get_object().get(inner); e) return Fail(e);
        std::string nested(key);
        if (!Walk(inner, nested)) return false;
        continue;
      }
      int idx = IndexOf(key, ordinal++);
      if (idx < 0) {
        error_ = "more than " + std::to_string(kMaxKeys) + " distinct keys in one file";
        return false;
      }
      if (!Wanted(idx, key)) continue;  // skipped unparsed by the on-demand iterator
      Value& v = values_[idx];
      v.container = false;
      v.elem_count = 0;
      if (type == simdjson::ondemand::json_type::null) {
        v.state = Value::kUnset;
        continue;
      }
      if (type == simdjson::ondemand::json_type::array) {
        simdjson::ondemand::array arr;
        if (auto e = value.get_array().get(arr); e) return Fail(e);
        v.container = true;
        v.elem_begin = static_cast<uint32_t>(elements_.size());
        for (auto element : arr) {
          simdjson::ondemand::value ev;
          if (auto e = element.get(ev); e) return Fail(e);
          std::string_view text;
          if (!Scalar(ev, text)) return false;
          elements_.push_back(text);
          ++v.elem_count;
        }
        v.data = nullptr;
        v.size = 0;
        v.state = Value::kPresent;
        MarkContainer(idx);
        continue;
      }
      std::string_view text;
      if (!Scalar(value, text)) return false;
      v.data = text.data();
      v.size = static_cast<uint32_t>(text.size());
      v.state = Value::kPresent;
      if (key == "ts") ts_text_ = text;
      if (key == "_path" && (path_from_file_ || text != schema_.path())) {
        schema_.set_path(std::string(text));
        path_from_file_ = false;
      }
    }
    return true;
  }

  // Projection, cached per field index and log type.
  bool Wanted(int idx, std::string_view key) {
    if (want_path_ != schema_.path()) {
      want_.clear();
      want_path_ = schema_.path();
    }
    if (static_cast<size_t>(idx) >= want_.size()) want_.resize(static_cast<size_t>(idx) + 1, kUnknown);
    if (want_[idx] == kUnknown)
      want_[idx] = key == "ts" || key == "_path" || visitor_.WantsField(schema_.path(), key) ? kYes : kNo;
    return want_[idx] == kYes;
  }

  void MarkContainer(int idx) {
    // Recorded once so the schema says which fields hold arrays.
    if (!schema_.fields()[idx].container) {
      std::vector<FieldDef> f = schema_.fields();
      f[idx].container = true;
      schema_.Reset(schema_.path(), std::move(f));
    }
  }

  // Text of a scalar JSON value: strings unescaped (and Zeek's \xNN escapes
  // undone, as in TSV), numbers as written, booleans as Zeek's TSV "T"/"F".
  bool Scalar(simdjson::ondemand::value& value, std::string_view& out) {
    simdjson::ondemand::json_type type;
    if (auto e = value.type().get(type); e) return Fail(e);
    switch (type) {
      case simdjson::ondemand::json_type::string: {
        std::string_view s;
        if (auto e = value.get_string().get(s); e) return Fail(e);
        out = s.find("\\x") == std::string_view::npos ? s : UnescapeZeek(s, scratch_, false);
        return true;
      }
      case simdjson::ondemand::json_type::number: {
        out = TrimToken(value.raw_json_token());
        // Validate it really is a number.
        double d;
        if (auto e = value.get_double().get(d); e) return Fail(e);
        return true;
      }
      case simdjson::ondemand::json_type::boolean: {
        bool b;
        if (auto e = value.get_bool().get(b); e) return Fail(e);
        out = b ? "T" : "F";
        return true;
      }
      case simdjson::ondemand::json_type::null:
        out = {};
        return true;
      default:
        error_ = "nested array or object inside an array";
        return false;
    }
  }

  const std::string& name_;
  RecordVisitor& visitor_;
  Diagnostics& diag_;
  simdjson::ondemand::parser parser_;
  Schema schema_;
  bool path_from_file_ = false;
  std::vector<Value> values_;
  std::vector<size_t> order_;
  std::vector<std::string_view> elements_;
  std::string scratch_;
  std::string_view ts_text_;
  std::string error_;
  enum Want : uint8_t { kUnknown, kYes, kNo };
  std::vector<Want> want_;
  std::string want_path_;
};

}  // namespace

std::unique_ptr<LineParser> MakeJsonParser(const std::string& display_name,
                                           const std::string& default_path,
                                           RecordVisitor& visitor, Diagnostics& diag) {
  return std::make_unique<JsonParser>(display_name, default_path, visitor, diag);
}

}  // namespace dragnet
