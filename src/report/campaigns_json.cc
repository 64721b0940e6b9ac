#include <fmt/format.h>

#include "core/json_writer.h"
#include "report/run_report.h"

namespace dragnet {

std::string CampaignsJson(const std::vector<Campaign>& campaigns) {
  JsonWriter w;
  w.BeginArray();
  for (const Campaign& c : campaigns) {
    w.BeginObject();
    w.Key("id").String(c.id);
    w.Key("orgs").BeginArray();
    for (const auto& o : c.orgs) w.String(o);
    w.EndArray();
    w.Key("hosts").BeginArray();
    for (const auto& h : c.hosts) {
      w.BeginObject();
      w.Key("org").String(h.org);
      w.Key("host").String(h.host.ToString());
      w.Key("links").BeginArray();
      for (const auto& l : h.links) w.String(l);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Key("indicators").BeginArray();
    for (const auto& i : c.indicators) w.String(i);
    w.EndArray();
    w.Key("derived_indicators").BeginArray();
    for (const auto& d : c.derived) {
      w.BeginObject();
      w.Key("value").String(d.trait.value);
      w.Key("type").String(TraitKindName(d.trait.kind));
      w.Key("provenance").String(d.provenance);
      w.EndObject();
    }
    w.EndArray();
    w.Key("attack").BeginArray();
    for (const auto& a : c.attack) w.String(a);
    w.EndArray();
    w.Key("ts_first").Double(static_cast<double>(c.first_us) / 1e6, 6);
    w.Key("ts_last").Double(static_cast<double>(c.last_us) / 1e6, 6);
    w.Key("confidence").Double(c.confidence, 3);
    w.Key("links").BeginArray();
    for (const auto& [trait, hosts] : c.links) {
      w.BeginObject();
      w.Key("trait").String(trait);
      w.Key("hosts_in_run").Uint(hosts);
      w.EndObject();
    }
    w.EndArray();
    w.Key("incidents").BeginArray();
    for (const auto& i : c.incidents) w.String(i);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  return w.Take() + "\n";
}

}  // namespace dragnet
