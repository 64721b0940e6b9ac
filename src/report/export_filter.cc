#include "report/export_filter.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "core/ip.h"
#include "intel/indicator.h"

namespace dragnet {
namespace {

// The intel type and normal form a list is asked about for an export type.
// (`enum`: report/exports.h has a function named IndicatorType.)
std::optional<std::pair<enum IndicatorType, std::string>> AsIndicator(const std::string& type, const std::string& value) {
  if (type == "ip") return std::make_pair(IndicatorType::kIp, value);
  if (type == "subnet") return std::make_pair(IndicatorType::kCidr, value);
  if (type == "domain") return std::make_pair(IndicatorType::kDomain, NormalizeDomain(value));
  if (type == "url") return std::make_pair(IndicatorType::kUrl, NormalizeUrl(value));
  if (type == "ja3") return std::make_pair(IndicatorType::kJa3, NormalizeHex(value));
  if (type == "ja4") return std::make_pair(IndicatorType::kJa4, value);
  if (type == "md5") return std::make_pair(IndicatorType::kMd5, NormalizeHex(value));
  if (type == "sha1") return std::make_pair(IndicatorType::kSha1, NormalizeHex(value));
  if (type == "sha256") return std::make_pair(IndicatorType::kSha256, NormalizeHex(value));
  if (type == "cert_sha1") return std::make_pair(IndicatorType::kCertSha1, NormalizeHex(value));
  if (type == "email") return std::make_pair(IndicatorType::kEmail, value);
  return std::nullopt;
}

}  // namespace

std::string ListHolding(const std::vector<const Warninglists*>& lists, const std::string& type, const std::string& value) {
  auto ind = AsIndicator(type, value);
  if (!ind) return "";
  for (const Warninglists* l : lists) {
    if (!l || l->empty()) continue;
    int id = l->Match(ind->first, ind->second);
    // A subnet is held when its network address is (a listed range holds it).
    if (id < 0 && ind->first == IndicatorType::kCidr)
      if (auto cidr = Cidr::Parse(ind->second)) id = l->MatchIp(cidr->network);
    if (id >= 0) return l->lists()[id].name;
  }
  return "";
}

std::vector<LeftOut> LeaveOutListed(std::vector<ExportIndicator>& indicators,
                                    const std::vector<const Warninglists*>& lists) {
  std::vector<LeftOut> out;
  std::erase_if(indicators, [&](const ExportIndicator& i) {
    std::string list = ListHolding(lists, i.type, i.value);
    if (list.empty()) return false;
    out.push_back({i.type, i.value, std::move(list)});
    return true;
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::string LeftOutComment(const std::vector<LeftOut>& left_out) {
  if (left_out.empty()) return "";
  std::string out = fmt::format("# left out {} value(s) on warninglists or the never-flag set:\n", left_out.size());
  for (const LeftOut& l : left_out) {
    std::string list = l.list;
    std::replace(list.begin(), list.end(), '\n', ' ');
    out += fmt::format("# {} {} ({})\n", l.type, l.value, list);
  }
  return out;
}

}  // namespace dragnet
