#include "zeek_log_util.h"

#include <gtest/gtest.h>

#include "hunt/hunt.h"
#include "hunt/orgs.h"

namespace dragnet::testing {

std::string TsvLog(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields,
                   const std::vector<std::vector<std::string>>& rows) {
  std::string out = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t" + path +
                    "\n#open\t2024-01-01-00-00-00\n#fields";
  for (const auto& f : fields) out += "\t" + f.first;
  out += "\n#types";
  for (const auto& f : fields) out += "\t" + f.second;
  out += "\n";
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "\t" : "") + row[i];
    out += "\n";
  }
  return out;
}

std::vector<Finding> HuntOrg(const std::string& root, const std::vector<std::string>& detectors,
                             const std::string& home, const std::vector<std::pair<std::string, std::string>>& params,
                             int threads) {
  HuntOptions o;
  OrgSource org{"acme", {root}, {}, {}, {}};
  if (!home.empty()) org.home_networks.push_back(*Cidr::Parse(home));
  o.orgs = {org};
  o.threads = threads;
  o.org_affinity = false;  // files shared between workers: states merged
  o.detectors = detectors;
  o.params = params;
  Diagnostics d(false);
  auto r = RunHunt(o, d);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return {};
  return (*r)->findings;
}

std::vector<const Finding*> Of(const std::vector<Finding>& findings, const std::string& host,
                               const std::string& detector) {
  std::vector<const Finding*> out;
  for (const Finding& f : findings)
    if (f.host.ToString() == host && f.detector == detector) out.push_back(&f);
  return out;
}

}  // namespace dragnet::testing
