#include "cli/hunt_outputs.h"

#include "report/html_report.h"
#include "report/run_report.h"
#include "report/export_filter.h"
#include "report/stix_bundle.h"

namespace dragnet {
namespace {

constexpr const char* kOrgsFolder = "orgs";

// OUT/orgs/ORG/: one report and one findings file per organisation, with
// nothing of any other org. The org name is checked again by the one rule
// (ValidateOrgName): it becomes a folder name here.
Status StageOrgOutputs(OutputSet& set, const HuntReport& r) {
  for (const OrgTotals& org : r.orgs) {
    if (Status valid = ValidateOrgName(org.name); !valid.ok()) return valid;
    std::string dir = std::string(kOrgsFolder) + "/" + org.name;
    std::vector<Finding> own;
    for (const Finding& f : r.findings)
      if (f.org == org.name) own.push_back(f);
    auto findings = set.Stage(dir + "/findings.jsonl");
    if (!findings.ok()) return findings.status();
    if (Status s = WriteFindingsJsonl(*findings, own); !s.ok()) return s;
    HtmlReportOptions ho;
    ho.only_org = org.name;
    if (Status s = set.Write(dir + "/report.html", HtmlReport(r, ho)); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> HuntOutputNames(bool split_by_org) {
  std::vector<std::string> names = {"findings.jsonl", "campaigns.json", "incidents.json", "stix-bundle.json",
                                    "report.html"};
  if (split_by_org) names.push_back(kOrgsFolder);
  names.push_back("run.json");
  return names;
}

Result<std::unique_ptr<OutputSet>> PrepareHuntOutputs(const std::string& out, bool split_by_org) {
  auto set = OutputSet::Begin(out);
  if (!set.ok()) return set.status();
  if (Status s = (*set)->CheckReplaceable(HuntOutputNames(split_by_org), {kOrgsFolder}); !s.ok()) return s;
  return set;
}

Status WriteHuntOutputs(OutputSet& set, const HuntReport& r, Diagnostics& diag, bool split_by_org) {
  // Staged in HuntOutputNames order: Commit moves them in that order.
  auto findings = set.Stage("findings.jsonl");
  if (!findings.ok()) return findings.status();
  Status s = WriteFindingsJsonl(*findings, r.findings);
  if (s.ok()) s = set.Write("campaigns.json", CampaignsJson(r.campaigns));
  if (s.ok()) s = set.Write("incidents.json", IncidentsJson(r.incidents));
  // The bundle's indicators pass through the same lists as intel matches.
  std::vector<LeftOut> left_out;
  if (s.ok()) s = set.Write("stix-bundle.json", StixBundle(r.findings, r.campaigns, 0.5, {&r.warninglists, &r.never_flag}, &left_out));
  if (!left_out.empty()) {
    std::string values;
    for (size_t i = 0; i < left_out.size() && i < 5; ++i) values += " " + left_out[i].value;
    diag.Note("stix-bundle.json", std::to_string(left_out.size()) +
                                      " value(s) on warninglists or the never-flag set left out:" + values +
                                      (left_out.size() > 5 ? " ..." : ""));
  }
  if (s.ok()) s = set.Write("report.html", HtmlReport(r));
  if (s.ok() && split_by_org) s = StageOrgOutputs(set, r);
  if (s.ok()) s = set.Write("run.json", RunJson(r, diag));
  if (s.ok()) s = set.Commit();
  return s;
}

}  // namespace dragnet
