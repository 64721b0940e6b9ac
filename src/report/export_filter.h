// Exports pass through the same lists as intel matches: a value on a
// --warninglist list or on the never-flag set (intel/never_flag.h) is never
// written into a block list, and what was left out is said in the export's
// header and on stderr (docs/exports.md).
#pragma once

#include <string>
#include <vector>

#include "intel/warninglist.h"
#include "report/exports.h"

namespace dragnet {

struct LeftOut {
  std::string type, value;  // export type and value (report/exports.h)
  std::string list;         // name of the list that holds it
  bool operator<(const LeftOut& o) const { return type != o.type ? type < o.type : value < o.value; }
};

// The name of the first list of `lists` (nulls skipped) that holds a value of
// export type `type` (ip, subnet, domain, url, ja3, ja4, md5, sha1, sha256,
// cert_sha1, email), or "" when none does.
std::string ListHolding(const std::vector<const Warninglists*>& lists, const std::string& type, const std::string& value);

// Removes from `indicators` the values a list holds; returns them sorted.
std::vector<LeftOut> LeaveOutListed(std::vector<ExportIndicator>& indicators,
                                    const std::vector<const Warninglists*>& lists);

// "# left out N values on warninglists:" then one "# TYPE VALUE (LIST)" line
// each; "" when none.
std::string LeftOutComment(const std::vector<LeftOut>& left_out);

}  // namespace dragnet
