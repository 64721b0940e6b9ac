// JSON feeds: STIX 2.0/2.1 (bundles, single objects, JSON lines) and MISP
// events. Parsed with simdjson's DOM API (feeds are read once, at start).
#include <map>
#include <string>
#include <vector>

#include <simdjson.h>

#include "core/text.h"
#include "core/timestamp.h"
#include "intel/feed_loader.h"

namespace dragnet {
namespace {

using simdjson::dom::element;

std::string_view Str(element e, const char* key) {
  std::string_view v;
  if (e[key].get(v)) return {};
  return v;
}

// The names STIX relationships give an indicator ("indicates" malware X).
struct StixContext {
  std::map<std::string, std::string, std::less<>> names;            // object id -> name
  std::map<std::string, std::vector<std::string>, std::less<>> indicates;  // indicator -> targets
  std::string spec_version;
};

void Collect(element obj, StixContext& ctx) {
  std::string_view type = Str(obj, "type");
  std::string_view id = Str(obj, "id");
  if (ctx.spec_version.empty()) ctx.spec_version = std::string(Str(obj, "spec_version"));
  if (type == "malware" || type == "intrusion-set" || type == "threat-actor" ||
      type == "campaign" || type == "tool") {
    std::string_view name = Str(obj, "name");
    if (!name.empty()) ctx.names[std::string(id)] = std::string(name);
  } else if (type == "relationship") {
    std::string_view rel = Str(obj, "relationship_type");
    std::string_view src = Str(obj, "source_ref");
    std::string_view dst = Str(obj, "target_ref");
    if (rel == "indicates" && src.starts_with("indicator--"))
      ctx.indicates[std::string(src)].push_back(std::string(dst));
  }
}

void AddIndicatorObject(element obj, const StixContext& ctx, IndicatorSet& set, uint32_t feed) {
  if (Str(obj, "type") != "indicator") return;
  std::string_view pattern_type = Str(obj, "pattern_type");
  if (!pattern_type.empty() && pattern_type != "stix") {
    ++set.feed(feed).unsupported["pattern_type " + std::string(pattern_type)];
    return;
  }
  std::string_view pattern = Str(obj, "pattern");
  if (pattern.empty()) {
    ++set.feed(feed).unrecognized;
    return;
  }
  std::string_view id = Str(obj, "id");
  IndicatorMeta meta;
  meta.stix_id = set.pool().Store(id);
  std::string family;
  if (auto it = ctx.indicates.find(id); it != ctx.indicates.end()) {
    for (const auto& target : it->second) {
      auto n = ctx.names.find(target);
      if (n == ctx.names.end()) continue;
      if (!family.empty()) family += ", ";
      family += n->second;
    }
  }
  if (family.empty()) family = std::string(Str(obj, "name"));
  if (family.empty()) family = set.feed(feed).name;
  meta.description = set.pool().Intern(family);
  int64_t confidence;
  if (!obj["confidence"].get(confidence) && confidence >= 0 && confidence <= 100)
    meta.confidence = static_cast<int8_t>(confidence);
  simdjson::dom::array refs;
  if (!obj["external_references"].get(refs)) {
    for (element r : refs) {
      std::string_view url = Str(r, "url");
      if (!url.empty()) {
        meta.reference = set.pool().Intern(url);
        break;
      }
    }
  }
  // Dates: when the listing was last confirmed, and its end of validity.
  for (const char* key : {"modified", "valid_from", "created"}) {
    if (auto t = Timestamp::ParseIso8601(Str(obj, key))) {
      meta.last_seen_day = DayOf(t->micros());
      break;
    }
  }
  if (auto t = Timestamp::ParseIso8601(Str(obj, "valid_until"))) meta.valid_until_day = DayOf(t->micros());
  AddStixPattern(pattern, set, feed, meta);
}

}  // namespace

Status LoadStixObjects(std::string_view content, bool json_lines, IndicatorSet& set, uint32_t feed) {
  simdjson::dom::parser parser;
  StixContext ctx;
  if (json_lines) {
    // Two passes: relationships may come after the indicators they name, and
    // each parse invalidates the previous line's DOM.
    uint64_t bad = 0;
    ForEachLine(content, [&](std::string_view line) {
      line = Trim(line);
      if (line.empty()) return;
      element obj;
      if (parser.parse(line.data(), line.size()).get(obj)) {
        ++bad;
        return;
      }
      Collect(obj, ctx);
    });
    ForEachLine(content, [&](std::string_view line) {
      line = Trim(line);
      if (line.empty()) return;
      element obj;
      if (parser.parse(line.data(), line.size()).get(obj)) return;
      AddIndicatorObject(obj, ctx, set, feed);
    });
    set.feed(feed).unrecognized += bad;
    set.feed(feed).format = "stix" + (ctx.spec_version.empty() ? std::string("2.1") : ctx.spec_version) + "-jsonl";
    return Status::Ok();
  }
  simdjson::padded_string padded(content);
  element doc;
  if (auto e = parser.parse(padded).get(doc); e)
    return Status::Error(std::string("invalid JSON: ") + simdjson::error_message(e));
  std::vector<element> objects;
  simdjson::dom::array arr;
  if (!doc.get(arr)) {
    for (element o : arr) objects.push_back(o);
  } else if (!doc["objects"].get(arr)) {
    ctx.spec_version = std::string(Str(doc, "spec_version"));
    for (element o : arr) objects.push_back(o);
  } else {
    objects.push_back(doc);
  }
  for (element o : objects) Collect(o, ctx);
  for (element o : objects) AddIndicatorObject(o, ctx, set, feed);
  set.feed(feed).format = "stix" + (ctx.spec_version.empty() ? std::string("2.1") : ctx.spec_version);
  return Status::Ok();
}

namespace {

void AddMispAttribute(element attr, IndicatorSet& set, uint32_t feed, const IndicatorMeta& event_meta) {
  IndicatorMeta meta = event_meta;
  // The attribute's own timestamp (epoch seconds, as a string) is when it was last changed.
  if (auto t = Timestamp::ParseSeconds(Str(attr, "timestamp")); t && t->micros() > 0) meta.last_seen_day = DayOf(t->micros());
  std::string_view type = Str(attr, "type");
  std::string_view value = Str(attr, "value");
  if (type.empty() || value.empty()) {
    ++set.feed(feed).unrecognized;
    return;
  }
  // Composite types carry two values: "filename|md5", "domain|ip", "ip-dst|port".
  std::string_view first = value, second;
  size_t bar = value.find('|');
  if (type.find('|') != std::string_view::npos && bar != std::string_view::npos) {
    first = value.substr(0, bar);
    second = value.substr(bar + 1);
  }
  auto add = [&](std::string_view v, std::optional<IndicatorType> hint) {
    if (!set.AddRaw(v, feed, meta, hint)) {
    }
  };
  if (type == "ip-src" || type == "ip-dst" || type == "domain" || type == "hostname" ||
      type == "url" || type == "md5" || type == "sha1" || type == "sha256" || type == "email" ||
      type == "email-src" || type == "email-dst") {
    add(value, std::nullopt);
  } else if (type == "ip-dst|port") {
    // The port qualifies the address (docs/detectors/intel.md "Port-qualified listings").
    add(second.empty() ? std::string(first) : std::string(first) + ":" + std::string(second), std::nullopt);
  } else if (type == "ip-src|port" || type == "hostname|port") {
    add(first, std::nullopt);
  } else if (type == "domain|ip") {
    add(first, std::nullopt);
    add(second, std::nullopt);
  } else if (type == "filename|md5" || type == "filename|sha1" || type == "filename|sha256") {
    add(second, std::nullopt);
  } else if (type == "ja3-fingerprint-md5") {
    add(value, IndicatorType::kJa3);
  } else if (type == "x509-fingerprint-sha1" || type == "x509-fingerprint-sha256") {
    add(value, IndicatorType::kCertSha1);
  } else {
    ++set.feed(feed).unsupported["misp " + std::string(type)];
  }
}

void LoadEvent(element event, IndicatorSet& set, uint32_t feed) {
  IndicatorMeta meta;
  std::string_view info = Str(event, "info");
  meta.description = set.pool().Intern(info.empty() ? std::string_view(set.feed(feed).name) : info);
  if (auto t = Timestamp::ParseSeconds(Str(event, "timestamp")); t && t->micros() > 0) meta.last_seen_day = DayOf(t->micros());
  std::string_view uuid = Str(event, "uuid");
  if (!uuid.empty()) meta.stix_id = set.pool().Intern("misp-event:" + std::string(uuid));
  simdjson::dom::array attrs;
  if (!event["Attribute"].get(attrs))
    for (element a : attrs) AddMispAttribute(a, set, feed, meta);
  simdjson::dom::array objects;
  if (!event["Object"].get(objects)) {
    for (element o : objects) {
      simdjson::dom::array oattrs;
      if (!o["Attribute"].get(oattrs))
        for (element a : oattrs) AddMispAttribute(a, set, feed, meta);
    }
  }
}

}  // namespace

Status LoadMispEvent(std::string_view content, IndicatorSet& set, uint32_t feed) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(content);
  element doc;
  if (auto e = parser.parse(padded).get(doc); e)
    return Status::Error(std::string("invalid JSON: ") + simdjson::error_message(e));
  element event;
  if (!doc["Event"].get(event)) {
    LoadEvent(event, set, feed);
    return Status::Ok();
  }
  simdjson::dom::array response;
  if (!doc["response"].get(response)) {
    for (element r : response) {
      element ev;
      if (!r["Event"].get(ev)) LoadEvent(ev, set, feed);
    }
    return Status::Ok();
  }
  return Status::Error("MISP JSON without Event or response");
}

}  // namespace dragnet
