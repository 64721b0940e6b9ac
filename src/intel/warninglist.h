// MISP warninglists: values known to be benign (public resolvers, cloud and
// CDN ranges, top sites, sinkholes...). A would-be intel match whose observed
// value or indicator is on a list is suppressed, and the list's tally grows so
// the run report says what each list stopped. Types: string (exact), hostname
// (the name or any subdomain), substring, cidr, regex (/.../flags). Each list
// applies only to the attribute types it names (matching_attributes).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

namespace re2 {
class RE2;
}

#include "core/cidr_table.h"
#include "core/status.h"
#include "ingest/diagnostics.h"
#include "intel/indicator.h"

namespace dragnet {

class Warninglists {
 public:
  Warninglists();
  ~Warninglists();
  Warninglists(Warninglists&&) noexcept;
  Warninglists& operator=(Warninglists&&) noexcept;
  // A list.json file, or every *.json below a folder except below folders
  // that are one of `exclude` (the --out folder) or an earlier hunt's
  // outputs (core/output_set.h), which get a note naming them.
  // `origin` says where the list came from, for run.json: "given"
  // (--warninglist), "installed" or "built-in" (intel/never_flag.h).
  void LoadPath(const std::string& path, Diagnostics& diag, const std::vector<std::string>& exclude = {},
                const std::string& origin = "given");
  Status LoadList(const std::string& path, std::string_view content, const std::string& origin = "given");

  // Index of the first list that holds the value (in normal form, typed), or -1.
  // Without `patterns`, substring and regex entries are not tried (exact
  // values, hostnames and networks only: cheap enough for whole feeds).
  int Match(IndicatorType type, std::string_view value, bool patterns = true) const;
  int MatchIp(const Ip& ip) const;
  // For a listing: Match on its value, except that an address listed with a
  // service port (NamesService: "66.63.168.35:5888", Maltrail) is suppressed
  // only by a list naming the address itself -- a network range (a hosting or
  // VPN provider's) says the provider's address space is mostly benign, not
  // that this C2 port is.
  int MatchListing(const Indicator& listing, bool patterns = true) const;
  // An address listed with a port other than the web's (80, 443), on which
  // every address of a cloud or hosting range serves everyone: the listing
  // names one service ("IP:5888"), not just the address ("IP:443" of a
  // search engine's edge, as Maltrail lists some).
  static bool NamesService(const Indicator& listing) {
    return listing.type == IndicatorType::kIp && listing.meta.port != 0 && listing.meta.port != 80 &&
           listing.meta.port != 443;
  }
  // Lists naming exactly this address (no network ranges), or -1.
  int MatchExactIp(const Ip& ip) const;

  struct List {
    std::string name;
    std::string path;
    std::string type;
    std::string origin;  // "given", "installed", "built-in"
    size_t entries = 0;
    uint32_t applies_to = 0;  // bit per IndicatorType
  };
  const std::vector<List>& lists() const { return lists_; }
  bool empty() const { return lists_.empty(); }

 private:
  bool Applies(int list, IndicatorType t) const {
    return (lists_[list].applies_to >> static_cast<int>(t)) & 1;
  }
  std::vector<List> lists_;
  // Per key, the lists that hold it (a value may be on several).
  absl::flat_hash_map<std::string, std::vector<int>> strings_;
  absl::flat_hash_map<std::string, std::vector<int>> hostnames_;
  // Substrings by list, so a lookup skips whole lists that do not apply
  // to its type (disposable-email alone holds 8,000 e-mail substrings).
  std::vector<std::pair<int, std::vector<std::string>>> substrings_;
  // RE2, not std::regex: matching is linear in the input, so a hostile or
  // careless list cannot hang a hunt (std::regex backtracks exponentially).
  std::vector<std::pair<std::unique_ptr<re2::RE2>, int>> regexes_;
  CidrTable<std::vector<int>> cidrs_;
};

}  // namespace dragnet
