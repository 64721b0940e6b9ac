// Zeek's ASCII (TSV) log format: '#' header directives, then one record per
// line. Header blocks may start again mid-file (concatenated logs), and a file
// may lack '#close' (still being written, or truncated).
#include <algorithm>
#include <cstring>
#include <optional>

#include "core/timestamp.h"

#include "ingest/separator_scan.h"
#include "ingest/zeek_reader.h"

namespace dragnet {
namespace {

class TsvParser : public LineParser {
 public:
  TsvParser(const std::string& name, const std::string& default_path, RecordVisitor& visitor,
            Diagnostics& diag)
      : name_(name), default_path_(default_path), visitor_(visitor), diag_(diag) {}

  const std::string& log_path() const override { return schema_.path(); }
  bool closed() const override { return closed_; }

  Result Parse(std::string_view line, uint64_t line_number, bool unterminated) override {
    if (line[0] == '#') {
      Directive(line, line_number);
      return Result::kHeader;
    }
    if ((line[0] == ' ' || line[0] == '\t') && line.find_first_not_of(" \t") != std::string_view::npos &&
        line[line.find_first_not_of(" \t")] == '#') {
      // Seen in the wild: a header line indented by a stray tab.
      Directive(line.substr(line.find_first_not_of(" \t")), line_number);
      return Result::kHeader;
    }
    // Zeek ends every line with a newline: a data line without one is being
    // written or was cut. With fewer fields than the header it is surely
    // cut: incomplete. With all of them it is read like any line (real logs
    // edited by hand lose their last newline); its last field may still be
    // cut short, which no reader can tell.
    if (unterminated && (!have_fields_ || FieldCount(line) < values_.size())) return Result::kIncomplete;
    if (!have_fields_ && !AssumeDefaultSchema(line)) {
      diag_.Malformed(name_, line_number, "data before #fields header: line skipped");
      return Result::kMalformed;
    }
    return Data(line, line_number) ? Result::kRecord : Result::kMalformed;
  }

 private:
  void Directive(std::string_view line, uint64_t line_number) {
    if (line.starts_with("#separator")) {
      // "#separator \x09": the directive itself is separated by a space.
      std::string_view arg = line.substr(std::min(line.size(), sizeof("#separator")));
      std::string tmp;
      std::string_view sep = UnescapeZeek(arg, tmp);
      if (sep.size() != 1) {
        diag_.Malformed(name_, line_number, "unsupported #separator (must be one byte)");
        return;
      }
      sep_ = sep[0];
      // A new header block: the schema is rebuilt from its #fields.
      have_fields_ = false;
      closed_ = false;
      return;
    }
    std::string_view body = line.substr(1);
    size_t cut = body.find(sep_);
    std::string_view key = body.substr(0, cut);
    std::string_view arg = cut == std::string_view::npos ? std::string_view() : body.substr(cut + 1);
    std::string tmp;
    if (key == "set_separator") {
      std::string_view v = UnescapeZeek(arg, tmp);
      if (v.size() == 1) set_sep_ = v[0];
    } else if (key == "empty_field") {
      empty_ = std::string(UnescapeZeek(arg, tmp));
    } else if (key == "unset_field") {
      unset_ = std::string(UnescapeZeek(arg, tmp));
    } else if (key == "path") {
      path_ = std::string(UnescapeZeek(arg, tmp));
      if (have_fields_) {
        schema_.set_path(path_);
        Project();
      }
    } else if (key == "fields") {
      std::vector<FieldDef> fields;
      Split(arg, [&](std::string_view f) { fields.push_back(FieldDef{std::string(f), {}, false}); });
      schema_.Reset(path_, std::move(fields));
      ts_index_ = schema_.Find("ts");
      Project();
      values_.assign(schema_.fields().size(), Value{});
      have_fields_ = true;
      closed_ = false;
    } else if (key == "types") {
      std::vector<FieldDef> fields = schema_.fields();
      size_t i = 0;
      Split(arg, [&](std::string_view t) {
        if (i < fields.size()) {
          fields[i].type = ParseFieldType(t);
          fields[i].container = t.starts_with("set[") || t.starts_with("vector[");
        }
        ++i;
      });
      if (i != fields.size())
        diag_.Malformed(name_, line_number, "#types count differs from #fields count");
      schema_.Reset(path_, std::move(fields));
    } else if (key == "close") {
      closed_ = true;
    }
    // #open and unknown directives carry nothing records need.
  }

  void Project() {
    const auto& fields = schema_.fields();
    wanted_.clear();
    last_wanted_ = -1;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (static_cast<int>(i) == ts_index_ || visitor_.WantsField(path_, fields[i].name)) {
        wanted_.push_back(static_cast<uint32_t>(i));
        last_wanted_ = static_cast<int>(i);
      }
    }
    seps_.assign(static_cast<size_t>(last_wanted_ + 1), 0);
    // Fields no one wants are never written, so they stay unset.
    for (Value& v : values_) v.state = Value::kUnset;
  }

  // A file that lost its header (cut at the top) but is named like a standard
  // log with the standard column count is read with Zeek's default columns;
  // the assumption is reported once.
  bool AssumeDefaultSchema(std::string_view line) {
    static const char* kConn[] = {
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
        "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp",
        "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
        "tunnel_parents"};
    static const char* kConnTypes[] = {
        "time", "string", "addr", "port", "addr", "port", "enum", "string", "interval", "count",
        "count", "string", "bool", "bool", "count", "string", "count", "count", "count", "count",
        "set[string]"};
    if (tried_default_) return false;
    tried_default_ = true;
    size_t fields = static_cast<size_t>(std::count(line.begin(), line.end(), '\t')) + 1;
    if (!default_path_.starts_with("conn") || fields != std::size(kConn)) return false;
    std::vector<FieldDef> defs;
    for (size_t i = 0; i < std::size(kConn); ++i)
      defs.push_back(FieldDef{kConn[i], ParseFieldType(kConnTypes[i]),
                              std::string_view(kConnTypes[i]).starts_with("set[")});
    path_ = "conn";
    schema_.Reset(path_, std::move(defs));
    ts_index_ = 0;
    values_.assign(schema_.fields().size(), Value{});
    Project();
    have_fields_ = true;
    diag_.FileProblem(name_, "no #fields header: read with Zeek's default conn columns (21 fields)");
    return true;
  }

  size_t FieldCount(std::string_view line) const {
    return static_cast<size_t>(std::count(line.begin(), line.end(), sep_)) + 1;
  }

  template <typename F>
  void Split(std::string_view s, F&& f) {
    size_t start = 0;
    for (;;) {
      size_t p = s.find(sep_, start);
      f(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
      if (p == std::string_view::npos) break;
      start = p + 1;
    }
  }

  bool Data(std::string_view line, uint64_t line_number) {
    const size_t n = values_.size();
    // Positions are kept only up to the last wanted field; later separators
    // are just counted.
    const SeparatorScan scan = ScanSeparators(line, sep_, seps_.data(), seps_.size());
    const bool has_escape = scan.escape;
    scratch_.clear();
    if (has_escape) scratch_.reserve(line.size() + 1);  // no reallocation while views exist
    elements_.clear();
    const auto& fields = schema_.fields();
    const size_t count = scan.total + 1;
    if (count == n) {
      for (uint32_t i : wanted_) {
        size_t begin = i == 0 ? 0 : seps_[i - 1] + 1;
        size_t end = i < scan.kept ? seps_[i] : line.size();
        SetValue(values_[i], fields[i], line.substr(begin, end - begin), has_escape);
      }
    }
    size_t i = count - 1;
    if (i + 1 != n) {
      diag_.Malformed(name_, line_number,
                      "wrong number of fields: expected " + std::to_string(n) + ", got " +
                          std::to_string(i + 1));
      return false;
    }
    std::optional<Timestamp> ts = RecordTime();
    if (!ts) {
      diag_.Malformed(name_, line_number, error_);
      return false;
    }
    visitor_.OnRecord(Record(schema_, values_, elements_, line_number, *ts));
    return true;
  }

  // The record's time: present and in range when the log has a ts column
  // (all of Zeek's but loaded_scripts); 0 in a log without one.
  std::optional<Timestamp> RecordTime() {
    if (ts_index_ < 0) return Timestamp();
    const Value& v = values_[ts_index_];
    if (v.state != Value::kPresent) {
      error_ = "missing ts";
      return std::nullopt;
    }
    return ParseLogTime(v.text(), error_);
  }

  // Equality with a first-byte check before memcmp: nearly every field differs
  // from '-' and '(empty)' in length or first byte.
  static bool SameText(std::string_view a, const std::string& b) {
    return a.size() == b.size() && (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
  }

  void SetValue(Value& v, const FieldDef& def, std::string_view raw, bool has_escape) {
    v.container = def.container;
    v.elem_count = 0;
    if (SameText(raw, unset_)) {
      v.state = Value::kUnset;
      return;
    }
    v.state = Value::kPresent;
    if (SameText(raw, empty_)) {
      v.data = raw.data();
      v.size = 0;
      v.elem_begin = static_cast<uint32_t>(elements_.size());
      return;
    }
    if (def.container) {
      v.data = raw.data();
      v.size = static_cast<uint32_t>(raw.size());
      v.elem_begin = static_cast<uint32_t>(elements_.size());
      size_t start = 0;
      for (;;) {
        size_t q = raw.find(set_sep_, start);
        std::string_view e = raw.substr(start, q == std::string_view::npos ? std::string_view::npos
                                                                          : q - start);
        elements_.push_back(has_escape ? UnescapeZeek(e, scratch_) : e);
        ++v.elem_count;
        if (q == std::string_view::npos) break;
        start = q + 1;
      }
      return;
    }
    std::string_view text = has_escape ? UnescapeZeek(raw, scratch_) : raw;
    v.data = text.data();
    v.size = static_cast<uint32_t>(text.size());
  }

  const std::string& name_;
  std::string default_path_;
  bool tried_default_ = false;
  RecordVisitor& visitor_;
  Diagnostics& diag_;
  char sep_ = '\t';
  char set_sep_ = ',';
  std::string empty_ = "(empty)";
  std::string unset_ = "-";
  std::string path_;
  Schema schema_;
  int ts_index_ = -1;
  bool have_fields_ = false;
  bool closed_ = false;
  std::vector<Value> values_;
  std::vector<uint32_t> seps_;    // room for the positions up to the last wanted field
  std::vector<uint32_t> wanted_;  // indices of the fields to split out
  int last_wanted_ = -1;
  std::vector<std::string_view> elements_;
  std::string scratch_;
  std::string error_;
};

}  // namespace

std::unique_ptr<LineParser> MakeTsvParser(const std::string& display_name,
                                          const std::string& default_path, RecordVisitor& visitor,
                                          Diagnostics& diag) {
  return std::make_unique<TsvParser>(display_name, default_path, visitor, diag);
}

}  // namespace dragnet
