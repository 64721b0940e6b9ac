#include "report/exports.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/base_encoding.h"
#include "core/file_io.h"
#include "core/ip.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "correlate/finding_sources.h"
#include "intel/public_suffix.h"
#include "report/json_input.h"

namespace dragnet {
namespace {

bool IsPublicName(std::string_view s) { return LooksLikeDnsName(s) && HasPublicTld(AsciiLower(s)); }

}  // namespace

std::string IndicatorType(std::string_view v, std::string_view hint) {
  if (auto ip = Ip::Parse(v)) return ip->IsPrivate() ? "" : "ip";
  if (size_t slash = v.find('/'); slash != std::string_view::npos && !v.starts_with("http") &&
                                  Ip::Parse(v.substr(0, slash)))
    return "subnet";
  if (v.starts_with("http://") || v.starts_with("https://")) return "url";
  if (hint == "ja3" && v.size() == 32 && IsHexString(v)) return "ja3";
  if (hint == "ja3s" && v.size() == 32 && IsHexString(v)) return "";
  if (hint == "cert" && v.size() == 40 && IsHexString(v)) return "cert_sha1";
  if (v.size() == 32 && IsHexString(v)) return "md5";
  if (v.size() == 40 && IsHexString(v)) return "sha1";
  if (v.size() == 64 && IsHexString(v)) return "sha256";
  if (v.size() > 10 && v[0] == 't' && v.find('_') != std::string_view::npos && v.find('.') == std::string_view::npos)
    return "ja4";
  if (v.find('@') != std::string_view::npos && IsPublicName(v.substr(v.find('@') + 1))) return "email";
  if (IsPublicName(v)) return "domain";
  return "";
}

namespace {

// IndicatorHint on evidence already parsed.
std::string HintFromEvidence(EvidenceHint where, simdjson::dom::element evidence) {
  std::string_view v;
  switch (where) {
    case EvidenceHint::kTrait:  // "cert:ab12..."
      return evidence["trait"].get(v) ? "" : std::string(v.substr(0, v.find(':')));
    case EvidenceHint::kIndicatorType:
      if (evidence["indicator_type"].get(v)) return "";
      if (v == "ja3" || v == "ja3s") return std::string(v);
      return v.starts_with("cert_") ? "cert" : "";
    case EvidenceHint::kNone: break;
  }
  return "";
}

}  // namespace

std::string IndicatorHint(std::string_view detector, std::string_view evidence_json) {
  EvidenceHint where = SpecOf(detector).hint;
  if (where == EvidenceHint::kNone) return "";
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(evidence_json.data(), evidence_json.size()).get(e)) return "";
  return HintFromEvidence(where, e);
}

bool ExportsKind(const ExportKinds& kinds, std::string_view type) {
  if (type == "ip" || type == "subnet") return kinds.addresses;
  if (type == "domain" || type == "url" || type == "email") return kinds.names;
  if (type == "md5" || type == "sha1" || type == "sha256") return kinds.hashes;
  if (type == "ja3" || type == "ja4" || type == "cert_sha1") return kinds.fingerprints;
  return false;
}

Result<std::vector<ExportIndicator>> CollectExports(const std::string& out_dir, double min_score) {
  std::map<std::pair<std::string, std::string>, ExportIndicator> by_key;
  auto add = [&](std::string type, std::string value, const std::string& campaign, const std::string& source) {
    if (type.empty()) return;
    if (type == "domain" || type == "email" || type == "md5" || type == "sha1" || type == "sha256" || type == "ja3" ||
        type == "cert_sha1")
      value = AsciiLower(value);
    auto [it, fresh] = by_key.try_emplace({type, value}, ExportIndicator{type, value, campaign, source});
    if (!fresh && it->second.campaign.empty() && !campaign.empty()) {
      it->second.campaign = campaign;
      it->second.source = source;
    }
  };
  // Campaigns first: their provenance is the better description.
  const std::string campaigns_path = out_dir + "/campaigns.json";
  if (std::filesystem::exists(campaigns_path)) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    simdjson::dom::array arr;
    if (Status s = ParseJsonFile(campaigns_path, parser, doc); !s.ok()) return s;
    if (doc.get(arr)) return Status::Error(campaigns_path + ": expected an array of campaigns");
    for (auto c : arr) {
      std::string id = JsonString(c, "id");
      simdjson::dom::array derived, indicators;
      if (!c["derived_indicators"].get(derived))
        for (auto d : derived) {
          std::string type = JsonString(d, "type");
          std::string value = JsonString(d, "value");
          add(IndicatorType(value, type), value, id,
              "campaign " + id + " (derived: " + JsonString(d, "provenance") + ")");
        }
      if (!c["indicators"].get(indicators))
        for (auto i : indicators) {
          std::string_view v;
          if (!i.get(v)) add(IndicatorType(v), std::string(v), id, "campaign " + id);
        }
    }
  }
  Status read = ForEachJsonLine(out_dir + "/findings.jsonl", [&](simdjson::dom::element f) {
    double score = 0;
    if (f["score"].get(score) || score < min_score) return;
    if (JsonString(f, "status") == "suppressed") return;  // triaged false or benign (`hunt --state`)
    std::string detector = JsonString(f, "detector");  // data: looked up, never compared
    const FindingSourceSpec& source = SpecOf(detector);
    if (!source.exports.any()) return;
    simdjson::dom::array inds;
    if (f["indicators"].get(inds)) return;
    simdjson::dom::element evidence;
    std::string hint = f["evidence"].get(evidence) ? "" : HintFromEvidence(source.hint, evidence);
    for (auto i : inds) {
      std::string_view v;
      if (i.get(v)) continue;
      std::string type = IndicatorType(v, hint);
      if (ExportsKind(source.exports, type)) add(type, std::string(v), JsonString(f, "campaign"), detector);
    }
  });
  if (!read.ok()) return read;
  std::vector<ExportIndicator> out;
  for (auto& [k, v] : by_key) out.push_back(std::move(v));
  std::sort(out.begin(), out.end());
  return out;
}

std::string ZeekIntelFile(const std::vector<ExportIndicator>& indicators, const std::string& left_out) {
  static const std::map<std::string, std::string> kTypes = {
      {"ip", "Intel::ADDR"},     {"subnet", "Intel::SUBNET"},    {"domain", "Intel::DOMAIN"},
      {"url", "Intel::URL"},     {"ja3", "Intel::JA3"},          {"ja4", "Intel::JA4"},
      {"md5", "Intel::FILE_HASH"}, {"sha1", "Intel::FILE_HASH"}, {"sha256", "Intel::FILE_HASH"},
      {"cert_sha1", "Intel::CERT_HASH"}, {"email", "Intel::EMAIL"}};
  std::string out = "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\n" + left_out;
  auto clean = [](std::string s) {
    std::replace(s.begin(), s.end(), '\t', ' ');
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s.empty() ? std::string("-") : s;
  };
  for (const auto& i : indicators) {
    auto t = kTypes.find(i.type);
    if (t == kTypes.end()) continue;
    // Zeek's Intel::URL values carry no scheme.
    std::string value = i.value;
    if (i.type == "url") value = value.substr(value.find("://") + 3);
    out += fmt::format("{}\t{}\tdragnet{}\t{}\n", value, t->second, i.campaign.empty() ? "" : " " + i.campaign,
                       clean(i.source));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> SuricataDatasets(const std::vector<ExportIndicator>& indicators,
                                                                  const std::string& left_out) {
  std::string ips, names, ja3, sha256, md5;
  for (const auto& i : indicators) {
    if (i.type == "ip") ips += i.value + "\n";
    else if (i.type == "domain") names += Base64Encode(i.value) + "\n";
    else if (i.type == "ja3") ja3 += i.value + "\n";
    else if (i.type == "sha256") sha256 += i.value + "\n";
    else if (i.type == "md5") md5 += i.value + "\n";
  }
  std::string rules =
      "# Dragnet export: rules using the datasets beside this file (Suricata 7; adjust sids to your range).\n"
      "alert dns any any -> any any (msg:\"Dragnet campaign domain in DNS query\"; dns.query; "
      "dataset:isset,dragnet-domains,type string,load dragnet-domains.dataset-string.lst; sid:9300001; rev:1;)\n"
      "alert tls any any -> any any (msg:\"Dragnet campaign domain in TLS SNI\"; tls.sni; "
      "dataset:isset,dragnet-domains,type string,load dragnet-domains.dataset-string.lst; sid:9300002; rev:1;)\n"
      "alert http any any -> any any (msg:\"Dragnet campaign domain in HTTP host\"; http.host; "
      "dataset:isset,dragnet-domains,type string,load dragnet-domains.dataset-string.lst; sid:9300003; rev:1;)\n"
      "alert tls any any -> any any (msg:\"Dragnet campaign JA3\"; ja3.hash; "
      "dataset:isset,dragnet-ja3,type md5,load dragnet-ja3.dataset-md5.lst; sid:9300004; rev:1;)\n"
      "# dragnet-ip.dataset-ip.lst: one address a line, for an `ip` dataset (Suricata 7+) or your block lists.\n" +
      left_out;
  return {{"dragnet-ip.dataset-ip.lst", ips},
          {"dragnet-domains.dataset-string.lst", names},
          {"dragnet-ja3.dataset-md5.lst", ja3},
          {"dragnet-sha256.dataset-sha256.lst", sha256},
          {"dragnet-md5.dataset-md5.lst", md5},
          {"dragnet.rules", rules}};
}

std::string MispEventJson(const std::vector<ExportIndicator>& indicators, const std::string& info) {
  static const std::map<std::string, std::pair<const char*, const char*>> kTypes = {
      {"ip", {"ip-dst", "Network activity"}},      {"subnet", {"ip-dst", "Network activity"}},
      {"domain", {"domain", "Network activity"}},  {"url", {"url", "Network activity"}},
      {"ja3", {"ja3-fingerprint-md5", "Network activity"}}, {"ja4", {"ja4-fingerprint", "Network activity"}},
      {"md5", {"md5", "Payload delivery"}},        {"sha1", {"sha1", "Payload delivery"}},
      {"sha256", {"sha256", "Payload delivery"}},  {"cert_sha1", {"x509-fingerprint-sha1", "Network activity"}},
      {"email", {"email-src", "Payload delivery"}}};
  JsonWriter w;
  w.BeginObject();
  w.Key("Event").BeginObject();
  w.Key("info").String(info);
  w.Key("threat_level_id").String("1");
  w.Key("analysis").String("1");
  w.Key("distribution").String("0");
  w.Key("Tag").BeginArray();
  w.BeginObject().Key("name").String("tlp:amber").EndObject();
  w.EndArray();
  w.Key("Attribute").BeginArray();
  for (const auto& i : indicators) {
    auto t = kTypes.find(i.type);
    if (t == kTypes.end()) continue;
    w.BeginObject();
    w.Key("type").String(t->second.first);
    w.Key("category").String(t->second.second);
    w.Key("value").String(i.value);
    w.Key("to_ids").Bool(true);
    w.Key("comment").String(i.source);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return w.Take() + "\n";
}

std::string CsvExport(const std::vector<ExportIndicator>& indicators) {
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out = "type,value,campaign,source\n";
  for (const auto& i : indicators) out += fmt::format("{},{},{},{}\n", i.type, quote(i.value), i.campaign, quote(i.source));
  return out;
}

}  // namespace dragnet
