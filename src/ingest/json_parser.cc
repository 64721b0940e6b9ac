// Zeek's JSON lines (LogAscii::use_json): one object per line with dotted keys
// ("id.orig_h"), ts as float seconds or ISO-8601 (LogAscii::json_timestamps),
// sets and vectors as arrays, unset fields omitted. Parsed with simdjson's
// on-demand API, one line at a time so a bad line costs only itself.
#include <simdjson.h>

#include <algorithm>
#include <optional>

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
  // Objects nest at most this deep, the line's own object counting as one.
  // Zeek nests only records (id.orig_h: 2 levels; a few more in some
  // plugins' logs), so a deeper line is malformed. The cap bounds the walk's
  // stack and dotted key whatever a line holds (a 150 KB line of 25,000
  // nested objects overflowed the stack of the recursive walk this replaced).
  static constexpr size_t kMaxDepth = 32;

  JsonParser(const std::string& name, const std::string& default_path, RecordVisitor& visitor,
             Diagnostics& diag)
      : name_(name), visitor_(visitor), diag_(diag) {
    schema_.set_path(default_path);
    path_from_file_ = true;
    stack_.reserve(kMaxDepth);
  }

  const std::string& log_path() const override { return schema_.path(); }

  Result Parse(std::string_view line, uint64_t line_number, bool unterminated) override {
    if (line[0] == '#') return Result::kHeader;  // not Zeek's, but tolerated: a comment line
    fields_before_line_ = schema_.fields().size();
    if (!ParseObject(line)) {
      if (schema_.fields().size() > fields_before_line_) ForgetNewFields();
      // A cut-off last line fails as JSON: unfinished, not malformed.
      if (unterminated && syntax_error_) return Result::kIncomplete;
      diag_.Malformed(name_, line_number, error_);
      return Result::kMalformed;
    }
    std::optional<Timestamp> ts = RecordTime();
    if (!ts) {
      diag_.Malformed(name_, line_number, error_);
      return Result::kMalformed;
    }
    visitor_.OnRecord(Record(schema_, values_, elements_, line_number, *ts));
    return Result::kRecord;
  }

 private:
  struct Frame {
    simdjson::ondemand::object_iterator it, end;
    size_t key_size;  // length of key_ at this object: the dotted prefix of its keys
  };

  // Reads the line's object into values_. False, with error_ (and
  // syntax_error_ when the line is not one whole JSON object), on failure.
  bool ParseObject(std::string_view line) {
    for (Value& v : values_) v.state = Value::kUnset;
    elements_.clear();
    scratch_.clear();
    // Strings are unescaped into scratch_; the output is never longer than the
    // input, so this reserve keeps earlier views valid.
    scratch_.reserve(2 * line.size() + 64);
    ts_text_ = {};
    ts_seen_ = false;
    error_.clear();
    syntax_error_ = false;
    // LineReader guarantees kPadding readable bytes after every line.
    simdjson::padded_string_view json(line.data(), line.size(), line.size() + LineReader::kPadding);
    simdjson::ondemand::document doc;
    if (auto e = parser_.iterate(json).get(doc); e) return Fail(e);
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) return SyntaxFail("not an object");
    if (!Walk(obj)) return false;
    // Trailing content after the object means the line is broken.
    if (doc.current_location().error() == simdjson::SUCCESS) return SyntaxFail("trailing content after object");
    return true;
  }

  // The record's time: present and in range, except in logs that have none.
  std::optional<Timestamp> RecordTime() {
    if (!ts_seen_) {
      if (LogHasNoTs(schema_.path())) return Timestamp();
      error_ = "missing ts";
      return std::nullopt;
    }
    return ParseLogTime(ts_text_, error_);
  }

  bool Fail(simdjson::error_code e) { return SyntaxFail(simdjson::error_message(e)); }
  bool SyntaxFail(std::string_view what) {
    error_ = "invalid JSON: " + std::string(what);
    syntax_error_ = true;
    return false;
  }

  // What IndexOf maps a key to besides a schema field (>= 0).
  static constexpr int kUnwanted = -1;  // no consumer reads it: skipped
  static constexpr int kNoRoom = -2;    // wanted, new, and the schema is full
  // order_ slots from here on name unwanted keys: ignored_[slot - kIgnoredSlot].
  static constexpr size_t kIgnoredSlot = size_t{1} << 31;

  // The field of `key`, the `ordinal`-th key of the line. Only keys some
  // consumer wants enter the schema (kMaxKeys at most, so a file inventing
  // keys cannot grow it and its searches without bound); a line of junk keys
  // costs only itself. Zeek writes keys in the same order on every line, so
  // the slot seen at this ordinal last time is tried first, wanted or not.
  int IndexOf(std::string_view key, size_t ordinal) {
    if (auto hit = Predicted(ordinal, key)) return *hit;
    size_t slot;
    int i = schema_.Find(key);
    if (i >= 0) {
      slot = static_cast<size_t>(i);
    } else if (!WantedKey(key)) {
      auto it = std::find(ignored_.begin(), ignored_.end(), key);
      if (it == ignored_.end()) {
        if (ignored_.size() >= kMaxKeys) return kUnwanted;  // not remembered: asked again
        it = ignored_.insert(ignored_.end(), std::string(key));
      }
      i = kUnwanted;
      slot = kIgnoredSlot + static_cast<size_t>(it - ignored_.begin());
    } else {
      if (schema_.fields().size() >= kMaxKeys) return kNoRoom;
      i = schema_.Add(FieldDef{std::string(key), FieldType::kUnknown, false});
      values_.resize(schema_.fields().size());
      slot = static_cast<size_t>(i);
    }
    if (ordinal >= order_.size()) order_.resize(ordinal + 1);
    order_[ordinal] = slot;
    return i;
  }

  // Takes the fields a line that failed added out of the schema: a line
  // refused (one more wanted key than kMaxKeys allows, or broken JSON) does
  // not take room from the lines after it.
  void ForgetNewFields() {
    std::vector<FieldDef> kept(schema_.fields().begin(),
                               schema_.fields().begin() + static_cast<std::ptrdiff_t>(fields_before_line_));
    schema_.Reset(schema_.path(), std::move(kept));
    values_.resize(fields_before_line_);
    if (want_.size() > fields_before_line_) want_.resize(fields_before_line_);
  }

  // What order_ predicts for `key` at `ordinal`, when the prediction names it.
  std::optional<int> Predicted(size_t ordinal, std::string_view key) const {
    if (ordinal >= order_.size()) return std::nullopt;
    size_t slot = order_[ordinal];
    if (slot >= kIgnoredSlot) {
      size_t j = slot - kIgnoredSlot;
      if (j < ignored_.size() && ignored_[j] == key) return kUnwanted;
      return std::nullopt;
    }
    const auto& f = schema_.fields();
    if (slot < f.size() && f[slot].name == key) return static_cast<int>(slot);
    return std::nullopt;
  }

  // Whether a consumer reads `key` in logs of the current type.
  bool WantedKey(std::string_view key) const {
    return key == "ts" || key == "_path" || visitor_.WantsField(schema_.path(), key);
  }

  // Walks nested objects depth first without recursion: an explicit stack of
  // at most kMaxDepth frames, and one key buffer (key_) holding the dotted
  // key of the current field ("id" + "." + "orig_h"), cut back to its
  // object's prefix for each field. Memory is linear in the line.
  bool Walk(simdjson::ondemand::object top) {
    stack_.clear();
    key_.clear();
    ordinal_ = 0;
    if (!Enter(top)) return false;
    while (!stack_.empty()) {
      if (stack_.back().it == stack_.back().end) {
        stack_.pop_back();  // an object done: its parent moves past it
        if (!stack_.empty()) ++stack_.back().it;
        continue;
      }
      auto field = *stack_.back().it;
      key_.resize(stack_.back().key_size);
      std::string_view raw_key;
      if (auto e = field.unescaped_key().get(raw_key); e) return Fail(e);
      if (!key_.empty()) key_.push_back('.');
      key_.append(raw_key);
      simdjson::ondemand::value value;
      if (auto e = field.value().get(value); e) return Fail(e);
      simdjson::ondemand::json_type type;
      if (auto e = value.type().get(type); e) return Fail(e);
      if (type == simdjson::ondemand::json_type::object) {
        if (!Descend(value)) return false;
        continue;  // the parent advances once the child is done
      }
      if (!Leaf(value, type)) return false;
      ++stack_.back().it;
    }
    return true;
  }

  // Pushes a frame for `value`, an object, unless that nests too deep.
  bool Descend(simdjson::ondemand::value& value) {
    if (stack_.size() >= kMaxDepth) {
      error_ = "nested too deep: objects more than " + std::to_string(kMaxDepth) + " levels deep";
      return false;
    }
    simdjson::ondemand::object inner;
    if (auto e = value.get_object().get(inner); e) return Fail(e);
    return Enter(inner);
  }

  bool Enter(simdjson::ondemand::object obj) {
    Frame f;
    if (auto e = obj.begin().get(f.it); e) return Fail(e);
    if (auto e = obj.end().get(f.end); e) return Fail(e);
    f.key_size = key_.size();
    stack_.push_back(f);
    return true;
  }

  // A value that is not an object, under the dotted key key_: stored in
  // values_ when the visitor wants its field (unwanted ones are skipped
  // unparsed by the on-demand iterator).
  bool Leaf(simdjson::ondemand::value& value, simdjson::ondemand::json_type type) {
    std::string_view key = key_;
    int idx = IndexOf(key, ordinal_++);
    if (idx == kUnwanted) return true;
    if (idx == kNoRoom) {
      error_ = "too many keys: a new key past the limit of " + std::to_string(kMaxKeys) +
               " distinct keys read from one file";
      return false;
    }
    if (!Wanted(idx, key)) return true;
    Value& v = values_[idx];
    v.container = false;
    v.elem_count = 0;
    if (type == simdjson::ondemand::json_type::null) {
      v.state = Value::kUnset;
      return true;
    }
    if (type == simdjson::ondemand::json_type::array) return Array(value, idx);
    std::string_view text;
    if (!Scalar(value, text)) return false;
    v.data = text.data();
    v.size = static_cast<uint32_t>(text.size());
    v.state = Value::kPresent;
    if (key == "ts") {
      ts_text_ = text;
      ts_seen_ = true;
    }
    if (key == "_path" && (path_from_file_ || text != schema_.path())) {
      schema_.set_path(std::string(text));
      path_from_file_ = false;
      ignored_.clear();  // what is wanted depends on the log type
    }
    return true;
  }

  // An array of scalars (a Zeek set or vector) into values_[idx].
  bool Array(simdjson::ondemand::value& value, int idx) {
    Value& v = values_[idx];
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
    return true;
  }

  // Projection, cached per field index and log type.
  bool Wanted(int idx, std::string_view key) {
    if (want_path_ != schema_.path()) {
      want_.clear();
      want_path_ = schema_.path();
    }
    if (static_cast<size_t>(idx) >= want_.size()) want_.resize(static_cast<size_t>(idx) + 1, kUnknown);
    if (want_[idx] == kUnknown) want_[idx] = WantedKey(key) ? kYes : kNo;
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
        error_ = "invalid JSON: nested array or object inside an array";
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
  std::vector<std::string> ignored_;  // unwanted keys seen (at most kMaxKeys)
  size_t fields_before_line_ = 0;     // schema size when the current line began
  std::vector<std::string_view> elements_;
  std::string scratch_;
  std::string_view ts_text_;
  bool ts_seen_ = false;
  std::string error_;
  bool syntax_error_ = false;
  std::vector<Frame> stack_;
  std::string key_;
  size_t ordinal_ = 0;
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
