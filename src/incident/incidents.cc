#include "incident/incidents.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "incident/intake.h"

namespace dragnet {

namespace fs = std::filesystem;

bool LinksIncidents(IdentifierKind k) {
  return k == IdentifierKind::kOnion || k == IdentifierKind::kOnionUrl || k == IdentifierKind::kToxId ||
         k == IdentifierKind::kEmail || k == IdentifierKind::kBitcoin || k == IdentifierKind::kMonero;
}

std::vector<Incident> LoadIncidents(const std::vector<OrgSource>& orgs, const FamilyNames& families,
                                    Diagnostics& diag) {
  std::vector<Incident> out;
  for (const OrgSource& org : orgs) {
    std::vector<std::string> files;
    for (const std::string& root : org.roots) {
      std::error_code ec;
      fs::path dir = fs::path(root) / "incidents";
      if (!fs::is_directory(dir, ec)) continue;
      // The same walk as the logs': links followed, unreadable folders and
      // FIFOs reported, never opened.
      LogListing listing = ListLogFiles(dir.string());
      for (const auto& [path, what] : listing.problems) diag.FileProblem(path, what);
      files.insert(files.end(), listing.files.begin(), listing.files.end());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      auto read = ReadIncidentFile(file);
      if (!read.ok()) {
        diag.FileProblem(file, "incident report not readable: " + read.status().message());
        continue;
      }
      if (read->truncated)
        diag.FileProblem(file, fmt::format("incident report larger than {} MiB: only its start was read",
                                           kMaxIncidentFileBytes >> 20));
      Incident i;
      i.org = org.name;
      i.file = file;
      i.extraction = ExtractIdentifiers(NoteText(read->bytes), families);
      out.push_back(std::move(i));
    }
  }
  for (size_t i = 0; i < out.size(); ++i) out[i].id = fmt::format("I{}", i + 1);
  return out;
}

void LinkIncidents(std::vector<Incident>& incidents, std::vector<Campaign>& campaigns) {
  // Incidents sharing a contact or payment identifier: one actor.
  std::vector<size_t> parent(incidents.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::map<Identifier, std::vector<size_t>> holders;
  for (size_t i = 0; i < incidents.size(); ++i)
    for (const Identifier& id : incidents[i].extraction.identifiers)
      if (LinksIncidents(id.kind)) holders[id].push_back(i);
  for (const auto& [id, hs] : holders) {
    if (hs.size() < 2) continue;
    for (size_t h : hs) {
      parent[find(h)] = find(hs.front());
      for (size_t other : hs)
        if (other != h) incidents[h].linked.push_back(incidents[other].id);
      incidents[h].shared.push_back(std::string(IdentifierKindName(id.kind)) + ":" + id.value);
    }
  }
  for (Incident& i : incidents) {
    std::sort(i.linked.begin(), i.linked.end());
    i.linked.erase(std::unique(i.linked.begin(), i.linked.end()), i.linked.end());
  }
  // Campaigns take the incidents of their orgs, and every incident linked to those.
  for (Campaign& c : campaigns) {
    std::set<size_t> groups;
    for (size_t i = 0; i < incidents.size(); ++i)
      if (std::binary_search(c.orgs.begin(), c.orgs.end(), incidents[i].org)) groups.insert(find(i));
    for (size_t i = 0; i < incidents.size(); ++i) {
      if (!groups.count(find(i))) continue;
      c.incidents.push_back(incidents[i].id);
      if (incidents[i].campaign.empty()) incidents[i].campaign = c.id;
    }
  }
}

std::string IncidentsJson(const std::vector<Incident>& incidents) {
  JsonWriter w;
  w.BeginArray();
  for (const Incident& i : incidents) {
    w.BeginObject();
    w.Key("id").String(i.id);
    w.Key("org").String(i.org);
    w.Key("file").String(i.file);
    w.Key("identifiers").BeginArray();
    for (const Identifier& id : i.extraction.identifiers) {
      w.BeginObject();
      w.Key("type").String(IdentifierKindName(id.kind));
      w.Key("value").String(id.value);
      w.EndObject();
    }
    w.EndArray();
    w.Key("rejected").Uint(i.extraction.rejected);
    w.Key("linked_incidents").BeginArray();
    for (const auto& l : i.linked) w.String(l);
    w.EndArray();
    w.Key("shared").BeginArray();
    for (const auto& s : i.shared) w.String(s);
    w.EndArray();
    if (!i.campaign.empty()) w.Key("campaign").String(i.campaign);
    w.EndObject();
  }
  w.EndArray();
  return w.Take() + "\n";
}

}  // namespace dragnet
