// Helpers of tests that write Zeek TSV logs in code and hunt them: the logs and
// a hunt of one organisation with chosen detectors.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "detect/finding.h"
#include "test_util.h"

namespace dragnet::testing {

using ZeekFields = std::vector<std::pair<std::string, std::string>>;

// A Zeek TSV log: `fields` (name, type) then `rows`, "-" for unset.
std::string TsvLog(const std::string& path, const ZeekFields& fields, const std::vector<std::vector<std::string>>& rows);

// The columns of Zeek's logs the credential tests write (a subset of each
// log's fields, in Zeek's order).
inline const ZeekFields kDceRpcFields = {
    {"ts", "time"},        {"uid", "string"},       {"id.orig_h", "addr"},   {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"},   {"rtt", "interval"},     {"named_pipe", "string"},
    {"endpoint", "string"}, {"operation", "string"}};
inline const ZeekFields kKerberosFields = {
    {"ts", "time"},        {"uid", "string"},     {"id.orig_h", "addr"},      {"id.orig_p", "port"},
    {"id.resp_h", "addr"}, {"id.resp_p", "port"}, {"request_type", "string"}, {"client", "string"},
    {"service", "string"}, {"success", "bool"},   {"error_msg", "string"},    {"cipher", "string"}};
inline const ZeekFields kNtlmFields = {{"ts", "time"},        {"uid", "string"},     {"id.orig_h", "addr"},
                                       {"id.orig_p", "port"}, {"id.resp_h", "addr"}, {"id.resp_p", "port"},
                                       {"username", "string"}, {"success", "bool"}};

// Hunts the logs under `root` as one organisation "acme" (home networks
// `home`, e.g. "10.0.0.0/8"; empty: Zeek flags then private ranges) with
// `detectors`, returning the findings.
std::vector<Finding> HuntOrg(const std::string& root, const std::vector<std::string>& detectors,
                             const std::string& home = "",
                             const std::vector<std::pair<std::string, std::string>>& params = {}, int threads = 2);

// The findings of one host (by address text) and detector.
std::vector<const Finding*> Of(const std::vector<Finding>& findings, const std::string& host,
                               const std::string& detector);

}  // namespace dragnet::testing
