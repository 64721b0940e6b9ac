#include "hunt/health.h"

#include <algorithm>

#include "detect/detector.h"
#include "hunt/hunt.h"
#include "ingest/zeek_reader.h"

namespace dragnet {
namespace {

constexpr int64_t kHourUs = 3'600'000'000;

int64_t HourOf(int64_t us) { return us >= 0 ? us / kHourUs : (us - kHourUs + 1) / kHourUs; }

void SortUnique(std::vector<int64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool Arrived(const std::map<std::string, LogHealth>& arrived, const std::string& wanted) {
  for (const auto& [log, h] : arrived)
    if (h.records > 0 && LogServes(log, wanted)) return true;
  return false;
}

// The gaps of `hours` (sorted, unique), and how many periods they make.
std::vector<DataGap> Gaps(const std::vector<int64_t>& hours, uint32_t& periods) {
  std::vector<DataGap> gaps;
  periods = hours.empty() ? 0 : 1;
  for (size_t i = 1; i < hours.size(); ++i) {
    int64_t empty = hours[i] - hours[i - 1] - 1;
    if (empty > kMaxGapHours) ++periods;
    else if (empty >= kMinGapHours) gaps.push_back(DataGap{(hours[i - 1] + 1) * kHourUs, hours[i] * kHourUs});
  }
  return gaps;
}

}  // namespace

const char* CoverageName(Coverage c) {
  switch (c) {
    case Coverage::kFull: return "full";
    case Coverage::kPartial: return "partial";
    case Coverage::kNone: return "none";
  }
  return "none";
}

void HealthObserver::OnRecord(uint32_t org, const Record& r) {
  const Schema& schema = r.schema();
  if (schema.version() != cached_version_ || org != cached_org_) {
    if (LogHasNoTs(schema.path())) return;
    cached_ = &orgs_[org].by_log[schema.path()];
    cached_version_ = schema.version();
    cached_org_ = org;
    last_hour_ = INT64_MIN;
  }
  int64_t us = r.ts().micros();
  cached_->first_us = std::min(cached_->first_us, us);
  cached_->last_us = std::max(cached_->last_us, us);
  int64_t hour = HourOf(us);
  if (hour != last_hour_) {
    last_hour_ = hour;
    std::vector<int64_t>& hours = orgs_[org].hours;
    hours.push_back(hour);
    if (hours.size() > 4096 && hours.size() % 4096 == 0) SortUnique(hours);
  }
}

void HealthObserver::Merge(const HealthObserver& other) {
  for (size_t o = 0; o < orgs_.size() && o < other.orgs_.size(); ++o) {
    for (const auto& [log, span] : other.orgs_[o].by_log) {
      Span& mine = orgs_[o].by_log[log];
      mine.first_us = std::min(mine.first_us, span.first_us);
      mine.last_us = std::max(mine.last_us, span.last_us);
    }
    orgs_[o].hours.insert(orgs_[o].hours.end(), other.orgs_[o].hours.begin(), other.orgs_[o].hours.end());
    SortUnique(orgs_[o].hours);
  }
  cached_version_ = 0;
  cached_ = nullptr;
}

void HealthObserver::Settle() {
  for (OrgTimes& t : orgs_) SortUnique(t.hours);
}

bool LogServes(const std::string& have, const std::string& wanted) {
  return have == wanted || (have.size() > wanted.size() && have.starts_with(wanted) && have[wanted.size()] == '_');
}

DetectorCoverage CoverageOf(const DetectorSpec& spec, const std::map<std::string, LogHealth>& arrived) {
  DetectorCoverage c{spec.name, Coverage::kFull, ""};
  std::vector<std::string> lacks_required, lacks_optional;
  size_t optional_present = 0;
  for (const auto& l : spec.logs_required)
    if (!Arrived(arrived, l)) lacks_required.push_back(l);
  for (const auto& l : spec.logs_optional) {
    if (Arrived(arrived, l)) ++optional_present;
    else lacks_optional.push_back(l);
  }
  // `lacking`: the logs behind the verdict (the required ones missing, if any).
  c.lacking = lacks_required.empty() ? lacks_optional : lacks_required;
  if (!lacks_required.empty()) {
    c.coverage = Coverage::kNone;
    c.why = "needs " + Join(lacks_required) + ", which did not arrive";
  } else if (spec.logs_required.empty() && !spec.logs_optional.empty() && optional_present == 0) {
    c.coverage = Coverage::kNone;
    c.why = "needs one of " + Join(spec.logs_optional) + ", none arrived";
  } else if (!lacks_optional.empty()) {
    c.coverage = Coverage::kPartial;
    c.why = "without " + Join(lacks_optional);
  } else {
    return c;
  }
  if (!spec.without_logs.empty()) c.why += ". " + spec.without_logs;
  return c;
}

std::vector<OrgHealth> BuildHealth(const std::vector<std::string>& orgs, const std::vector<FileResult>& files,
                                   const HealthObserver& times, const std::vector<const DetectorSpec*>& detectors) {
  std::vector<OrgHealth> out(orgs.size());
  std::map<std::string, size_t> index;
  for (size_t o = 0; o < orgs.size(); ++o) {
    out[o].org = orgs[o];
    index.emplace(orgs[o], o);
  }
  for (const FileResult& f : files) {
    auto it = index.find(f.org);
    if (it == index.end()) continue;
    OrgHealth& h = out[it->second];
    h.malformed += f.stats.malformed;
    h.incomplete += f.stats.incomplete;
    if (f.stats.skipped) continue;
    h.swept = true;
    if (f.stats.records == 0 && f.stats.malformed == 0) continue;
    LogHealth& l = h.logs[f.stats.log_path.empty() ? "(unnamed)" : f.stats.log_path];
    ++l.files;
    l.records += f.stats.records;
    l.malformed += f.stats.malformed;
  }
  // Log types that matter: the base two, and the traffic-wide ones most
  // swept orgs have.
  std::map<std::string, size_t> orgs_with;
  size_t swept = 0;
  for (const OrgHealth& h : out) {
    swept += h.swept;
    for (const auto& [log, l] : h.logs)
      if (l.records > 0) ++orgs_with[log];
  }
  std::vector<std::string> matter = {"conn", "dns"};
  for (const char* log : {"files", "http", "ssl", "x509"}) {
    size_t n = orgs_with[log];
    if (n >= 2 && 2 * n > swept) matter.push_back(log);
  }
  for (size_t o = 0; o < out.size(); ++o) {
    OrgHealth& h = out[o];
    if (o < times.orgs().size()) {
      const HealthObserver::OrgTimes& t = times.orgs()[o];
      bool any = false;
      for (const auto& [log, span] : t.by_log) {
        auto it = h.logs.find(log);
        if (it == h.logs.end() || span.first_us > span.last_us) continue;
        it->second.first_us = span.first_us;
        it->second.last_us = span.last_us;
        h.first_us = any ? std::min(h.first_us, span.first_us) : span.first_us;
        h.last_us = any ? std::max(h.last_us, span.last_us) : span.last_us;
        any = true;
      }
      h.gaps = Gaps(t.hours, h.periods);
    }
    if (!h.swept) continue;
    for (const auto& log : matter)
      if (!Arrived(h.logs, log)) h.missing.push_back(log);
    for (const DetectorSpec* d : detectors) {
      DetectorCoverage c = CoverageOf(*d, h.logs);
      c.for_missing = std::any_of(c.lacking.begin(), c.lacking.end(), [&](const std::string& l) {
        return std::find(h.missing.begin(), h.missing.end(), l) != h.missing.end();
      });
      h.detectors.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace dragnet
