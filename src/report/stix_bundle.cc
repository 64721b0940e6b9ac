#include "report/stix_bundle.h"
#include "report/export_filter.h"

#include <crypto++/sha.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "core/text.h"
#include "correlate/finding_sources.h"
#include "report/exports.h"

namespace dragnet {

namespace {

// RFC 4122 name-based UUID, version 5 (SHA-1), as a STIX id "type--uuid".
std::string UuidV5Id(const std::array<uint8_t, 16>& ns, const std::string& type, const std::string& name) {
  std::string input(ns.begin(), ns.end());
  input += name;
  std::array<uint8_t, 20> h{};
  CryptoPP::SHA1().CalculateDigest(h.data(), reinterpret_cast<const uint8_t*>(input.data()), input.size());
  h[6] = static_cast<uint8_t>((h[6] & 0x0f) | 0x50);
  h[8] = static_cast<uint8_t>((h[8] & 0x3f) | 0x80);
  std::string hex;
  for (int i = 0; i < 16; ++i) hex += fmt::format("{:02x}", h[i]);
  return fmt::format("{}--{}-{}-{}-{}-{}", type, hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20));
}

}  // namespace

std::string StixId(const std::string& type, const std::string& name) {
  // In a Dragnet namespace: the same content, the same id.
  static const std::array<uint8_t, 16> kNamespace = {0x6f, 0x2b, 0x5c, 0x1e, 0x8d, 0x43, 0x4a, 0x9b,
                                                     0xa1, 0x07, 0x3e, 0x52, 0xd4, 0x19, 0x0c, 0x77};
  return UuidV5Id(kNamespace, type, type + "|" + name);
}

std::string StixObservableId(const std::string& type, const std::string& contributing_json) {
  // STIX 2.1 section 2.9: SCO ids are UUIDv5 in this namespace of the
  // canonical (RFC 8785) JSON of the type's id-contributing properties, so
  // every producer names the same address the same way.
  static const std::array<uint8_t, 16> kStixNamespace = {0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
                                                         0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};
  return UuidV5Id(kStixNamespace, type, contributing_json);
}

namespace {

// The cyber observable an indicator's value is: its type and its one
// id-contributing property ("value", or "hashes" with one algorithm) as JSON.
struct Observable {
  std::string type, property, json;  // json: the property's value
  // {"value":"..."}: canonical (RFC 8785) with one key per level.
  std::string Contributing() const { return "{\"" + property + "\":" + json + "}"; }
};
std::optional<Observable> ObservableOf(const std::string& type, const std::string& value) {
  auto text = [](const std::string& v) {
    JsonWriter w;
    return w.String(v).Take();
  };
  auto hashes = [](const std::string& algo, const std::string& v) {
    JsonWriter w;
    return w.BeginObject().Key(algo).String(AsciiLower(v)).EndObject().Take();
  };
  if (type == "ip") {
    auto ip = Ip::Parse(value);
    if (!ip) return std::nullopt;
    return Observable{ip->is_v4() ? "ipv4-addr" : "ipv6-addr", "value", text(value)};
  }
  if (type == "domain") return Observable{"domain-name", "value", text(AsciiLower(value))};
  if (type == "url") return Observable{"url", "value", text(value)};
  if (type == "sha1") return Observable{"file", "hashes", hashes("SHA-1", value)};
  if (type == "sha256") return Observable{"file", "hashes", hashes("SHA-256", value)};
  if (type == "cert_sha1") return Observable{"x509-certificate", "hashes", hashes("SHA-1", value)};
  return std::nullopt;
}

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out;
}

// Milliseconds, as STIX examples write them.
std::string Time(int64_t us) { return Timestamp(us).ToIso8601(Timestamp::Precision::kMillis); }

}  // namespace

std::string StixPattern(const std::string& type, const std::string& value) {
  if (type == "ip") {
    auto ip = Ip::Parse(value);
    if (!ip) return "";
    return std::string(ip->is_v4() ? "[ipv4-addr:value = '" : "[ipv6-addr:value = '") + value + "']";
  }
  if (type == "domain") return "[domain-name:value = '" + Escape(AsciiLower(value)) + "']";
  if (type == "url") return "[url:value = '" + Escape(value) + "']";
  if (type == "sha1") return "[file:hashes.'SHA-1' = '" + AsciiLower(value) + "']";
  if (type == "sha256") return "[file:hashes.'SHA-256' = '" + AsciiLower(value) + "']";
  if (type == "cert_sha1") return "[x509-certificate:hashes.'SHA-1' = '" + AsciiLower(value) + "']";
  return "";  // subnets, JA3/JA4, MD5 (ambiguous with JA3) and e-mail have no indicator here
}

std::string StixBundle(const std::vector<Finding>& findings, const std::vector<Campaign>& campaigns, double min_score,
                       const std::vector<const Warninglists*>& lists, std::vector<LeftOut>* left_out) {
  struct IndicatorInfo {
    std::string type, value, campaign, description;
    bool derived = false, seed = false;
    std::map<std::string, std::pair<int64_t, int64_t>> seen_by;  // org -> first, last
    std::map<std::string, uint64_t> count;                       // org -> findings
  };
  std::map<std::string, IndicatorInfo> indicators;  // by STIX id
  int64_t first = INT64_MAX, last = INT64_MIN;
  auto note = [&](const std::string& type, const std::string& value) -> IndicatorInfo* {
    std::string pattern = StixPattern(type, value);
    if (pattern.empty()) return nullptr;
    if (!lists.empty()) {
      if (std::string list = ListHolding(lists, type, value); !list.empty()) {
        if (left_out) left_out->push_back({type, value, std::move(list)});
        return nullptr;
      }
    }
    IndicatorInfo& i = indicators[StixId("indicator", pattern)];
    i.type = type;
    i.value = value;
    return &i;
  };
  for (const Campaign& c : campaigns) {
    for (const DerivedIndicator& d : c.derived)
      if (IndicatorInfo* i = note(IndicatorType(d.trait.value, TraitKindName(d.trait.kind)), d.trait.value)) {
        i->campaign = c.id;
        i->derived = true;
        i->description = d.provenance;
      }
    for (const std::string& v : c.indicators)
      if (IndicatorInfo* i = note(IndicatorType(v), v); i && i->campaign.empty()) i->campaign = c.id;
  }
  std::set<std::string> orgs;
  for (const Finding& f : findings) {
    if (f.score < min_score || f.status == "suppressed") continue;  // triaged false or benign
    orgs.insert(f.org);
    if (f.ts_first.micros() > 0) first = std::min(first, f.ts_first.micros());
    last = std::max(last, f.ts_last.micros());
    const FindingSourceSpec& source = SpecOf(f.detector);
    if (!source.exports.any()) continue;
    const std::string hint = IndicatorHint(f.detector, f.evidence_json);
    for (const std::string& v : f.indicators) {
      std::string type = IndicatorType(v, hint);
      if (!ExportsKind(source.exports, type)) continue;
      IndicatorInfo* i = note(type, v);
      if (!i) continue;
      if (source.seeds_campaigns) i->seed = true;
      if (i->campaign.empty()) i->campaign = f.campaign;
      auto [it, fresh] = i->seen_by.try_emplace(f.org, f.ts_first.micros(), f.ts_last.micros());
      if (!fresh) {
        it->second.first = std::min(it->second.first, f.ts_first.micros());
        it->second.second = std::max(it->second.second, f.ts_last.micros());
      }
      ++i->count[f.org];
    }
  }
  if (first == INT64_MAX) first = last = 0;
  if (left_out) {
    std::sort(left_out->begin(), left_out->end());
    left_out->erase(std::unique(left_out->begin(), left_out->end(),
                                [](const LeftOut& a, const LeftOut& b) { return !(a < b) && !(b < a); }),
                    left_out->end());
  }
  const std::string created = Time(last);  // the data's time, not the wall clock: the same hunt, the same bytes
  const std::string dragnet_id = StixId("identity", "dragnet");

  JsonWriter w;
  w.BeginObject();
  w.Key("type").String("bundle");
  w.Key("id").String(StixId("bundle", fmt::format("{}|{}|{}", findings.size(), campaigns.size(), created)));
  w.Key("objects").BeginArray();
  auto common = [&](const std::string& type, const std::string& id) {
    w.BeginObject();
    w.Key("type").String(type);
    w.Key("spec_version").String("2.1");
    w.Key("id").String(id);
    w.Key("created").String(created);
    w.Key("modified").String(created);
  };
  common("identity", dragnet_id);
  w.Key("name").String("Dragnet");
  w.Key("identity_class").String("system");
  w.EndObject();
  for (const std::string& org : orgs) {
    common("identity", StixId("identity", "org|" + org));
    w.Key("name").String(org);
    w.Key("identity_class").String("organization");
    w.Key("created_by_ref").String(dragnet_id);
    w.EndObject();
  }
  std::map<std::string, std::string> seed_of_campaign;  // campaign -> one seed indicator id
  for (const auto& [id, i] : indicators)
    if (i.seed && !i.campaign.empty() && !seed_of_campaign.count(i.campaign)) seed_of_campaign[i.campaign] = id;
  for (const auto& [id, i] : indicators) {
    common("indicator", id);
    w.Key("created_by_ref").String(dragnet_id);
    w.Key("name").String(i.value);
    if (!i.description.empty()) w.Key("description").String(i.description);
    w.Key("indicator_types").BeginArray().String(i.seed ? "malicious-activity" : "anomalous-activity").EndArray();
    w.Key("pattern").String(StixPattern(i.type, i.value));
    w.Key("pattern_type").String("stix");
    w.Key("valid_from").String(Time(first));
    w.EndObject();
    // What was seen: the observable once, and per org an observed-data
    // object the sighting points to (first/last observed, how many findings).
    std::optional<Observable> seen = ObservableOf(i.type, i.value);
    std::string sco_id = seen ? StixObservableId(seen->type, seen->Contributing()) : "";
    if (seen && !i.seen_by.empty()) {
      w.BeginObject();
      w.Key("type").String(seen->type);
      w.Key("spec_version").String("2.1");
      w.Key("id").String(sco_id);
      w.Key(seen->property).Raw(seen->json);
      w.EndObject();
    }
    for (const auto& [org, span] : i.seen_by) {
      std::string observed_id = StixId("observed-data", id + "|" + org);
      if (seen) {
        common("observed-data", observed_id);
        w.Key("created_by_ref").String(dragnet_id);
        w.Key("first_observed").String(Time(span.first));
        w.Key("last_observed").String(Time(std::max(span.first + 1000, span.second)));
        w.Key("number_observed").Uint(std::clamp<uint64_t>(i.count.at(org), 1, 999'999'999));
        w.Key("object_refs").BeginArray().String(sco_id).EndArray();
        w.EndObject();
      }
      common("sighting", StixId("sighting", id + "|" + org));
      w.Key("created_by_ref").String(dragnet_id);
      w.Key("sighting_of_ref").String(id);
      w.Key("where_sighted_refs").BeginArray().String(StixId("identity", "org|" + org)).EndArray();
      w.Key("first_seen").String(Time(span.first));
      w.Key("last_seen").String(Time(std::max(span.first + 1000, span.second)));
      w.Key("count").Uint(i.count.at(org));
      if (seen) w.Key("observed_data_refs").BeginArray().String(observed_id).EndArray();
      w.EndObject();
    }
  }
  auto relationship = [&](const std::string& type, const std::string& source, const std::string& target) {
    common("relationship", StixId("relationship", type + "|" + source + "|" + target));
    w.Key("created_by_ref").String(dragnet_id);
    w.Key("relationship_type").String(type);
    w.Key("source_ref").String(source);
    w.Key("target_ref").String(target);
    w.EndObject();
  };
  std::set<std::string> techniques;
  for (const Campaign& c : campaigns) techniques.insert(c.attack.begin(), c.attack.end());
  for (const std::string& t : techniques) {
    common("attack-pattern", StixId("attack-pattern", t));
    w.Key("name").String(t);
    w.Key("external_references").BeginArray();
    w.BeginObject();
    w.Key("source_name").String("mitre-attack");
    w.Key("external_id").String(t);
    w.Key("url").String("https://attack.mitre.org/techniques/" + [&] {
      std::string p = t;
      std::replace(p.begin(), p.end(), '.', '/');
      return p;
    }());
    w.EndObject();
    w.EndArray();
    w.EndObject();
  }
  for (const Campaign& c : campaigns) {
    std::string campaign_id = StixId("campaign", c.id + "|" + fmt::format("{}", fmt::join(c.orgs, ",")));
    std::string set_id = StixId("intrusion-set", c.id + "|" + fmt::format("{}", fmt::join(c.orgs, ",")));
    common("campaign", campaign_id);
    w.Key("created_by_ref").String(dragnet_id);
    w.Key("name").String("Dragnet " + c.id);
    w.Key("description").String(fmt::format("{} organisations, {} hosts, {} indicators of which {} derived; confidence {:.2f}",
                                            c.orgs.size(), c.hosts.size(), c.indicators.size(), c.derived.size(),
                                            c.confidence));
    if (c.first_us > 0) w.Key("first_seen").String(Time(c.first_us));
    if (c.last_us > 0) w.Key("last_seen").String(Time(std::max(c.first_us + 1000, c.last_us)));
    w.EndObject();
    common("intrusion-set", set_id);
    w.Key("created_by_ref").String(dragnet_id);
    w.Key("name").String("Actor behind Dragnet " + c.id);
    w.EndObject();
    relationship("attributed-to", campaign_id, set_id);
    for (const std::string& t : c.attack) relationship("uses", campaign_id, StixId("attack-pattern", t));
    for (const auto& [id, i] : indicators) {
      if (i.campaign != c.id) continue;
      relationship("indicates", id, campaign_id);
      auto seed = seed_of_campaign.find(c.id);
      if (i.derived && seed != seed_of_campaign.end() && seed->second != id) relationship("derived-from", id, seed->second);
    }
  }
  w.EndArray();
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace dragnet
