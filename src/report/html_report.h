// The offline HTML report (issue 7, part): one self-contained file -- inline
// CSS, inline SVG, a little vanilla JavaScript for sorting, filtering and
// paging; no network, readable printed. An overview, each campaign as a graph
// of organisations and shared infrastructure with its timeline, incidents,
// and a section per organisation an analyst can hand to that org alone
// (hosts, kill chain, findings with the evidence that convinced the
// detector, containment advice). A pure function of the hunt's findings,
// campaigns, incidents and run summary. docs/report.md.
#pragma once

#include <string>

#include "hunt/hunt.h"

namespace dragnet {

struct HtmlReportOptions {
  // Only this organisation (the --split-by-org reports): nothing of any other
  // org -- its name, hosts or infrastructure only it used -- appears.
  std::string only_org;
  size_t max_detailed = 400;  // findings with full evidence drawn; the rest are table rows
  size_t max_rows = 10000;    // findings in the report at all (highest scores first); the rest are counted
};

std::string HtmlReport(const HuntReport& report, const HtmlReportOptions& options = {});

}  // namespace dragnet
