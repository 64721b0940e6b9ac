// Campaign variants: which kinds exist, where and when each instance runs,
// and the hour-by-hour dispatch to the variant writers.
#include "sim/campaign_variants.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace dragnet::sim {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;

const char* kMethods[] = {"wmi", "dcom", "schtask", "smbexec", "winrm", "dcsync", "zerologon", "asrep", "rc4"};

// Default ports of common RATs (njRAT 5552, Quasar 4782, DarkComet 1604,
// AsyncRAT 6606/7707/8808, Remcos 2404) and the one seen in slips test18.
const int kRatPorts[] = {5552, 4782, 1604, 6606, 7707, 8808, 2404, 5888};
const int kRawC2Ports[] = {4444, 8081, 9001, 1443, 2083};

// A public-looking address outside the simulated CDN pools and the
// documentation ranges the main campaign uses.
std::string ExternalIp(Rng& r) {
  static const int kFirst[] = {5, 31, 37, 45, 46, 62, 77, 79, 85, 89, 91, 94, 103, 109, 141, 146, 176, 185, 193, 194};
  return fmt::format("{}.{}.{}.{}", kFirst[r.Below(std::size(kFirst))], r.Below(256), r.Below(256), 1 + r.Below(254));
}

// Duration of one instance, by kind.
int64_t Duration(const std::string& kind, int flavor, Rng& r) {
  if (kind == "failed_c2") return static_cast<int64_t>(r.LogUniform(20, 240) * kMinute);
  if (kind == "fast_c2") return (15 + static_cast<int64_t>(r.Below(46))) * kMinute;
  if (kind == "dga_failover") return (2 + static_cast<int64_t>(r.Below(5))) * kHour;
  if (kind == "stager") return (20 + static_cast<int64_t>(r.Below(20))) * kMinute;
  if (kind == "brute_force") return (flavor == 0 ? 50 : 70) * kMinute;
  if (kind == "scan") return 60 * kMinute;
  if (kind == "inbound") return (6 + static_cast<int64_t>(r.Below(7))) * kHour;
  return 40 * kMinute;  // remote execution: minutes of activity, bounded
}

void Fill(Variant& v, const Org& o, const std::set<std::pair<int, int>>& used, Rng& r) {
  const std::string& k = v.kind;
  if (k == "failed_c2") {
    v.ip = ExternalIp(r);
    v.port = kRatPorts[r.Below(std::size(kRatPorts))];
    v.flavor = r.Chance(0.6) ? 0 : 1;  // 0: S0 (no answer), 1: REJ (refused)
  } else if (k == "fast_c2") {
    v.ip = ExternalIp(r);
    v.flavor = r.Chance(0.6) ? 0 : 1;  // 0: HTTPS, 1: raw TCP
    v.port = v.flavor == 0 ? 443 : kRawC2Ports[r.Below(std::size(kRawC2Ports))];
  } else if (k == "dga_failover") {
    v.flavor = r.Chance(0.5) ? 0 : 1;  // 0: NXDOMAIN, 1: no reply
  } else if (k == "stager") {
    v.ip = ExternalIp(r);
    v.port = r.Chance(0.5) ? 80 : 8080;
    v.flavor = static_cast<int>(r.Below(4));  // bit 0: Host is the literal address; bit 1: 73,802-byte payload
  } else if (k == "inbound") {
    v.ip = ExternalIp(r);                     // the operator's address
    v.port = r.Chance(0.5) ? 80 : 8080;       // the web shell's port on the host
    v.flavor = r.Chance(0.5) ? 1 : 0;         // 1: an SSH session from the same address too
  } else if (k == "scan" || k.starts_with("remote_exec_")) {
    // A target playing no other role (not the DC). A scan sweeps from any
    // host; remote execution moves from a desk to another desk (the user
    // logged on there holds credentials worth taking), never to a printer.
    const bool desk_only = k.starts_with("remote_exec_");
    std::vector<int> free;
    for (size_t h = 0; h < o.hosts.size(); ++h)
      if (static_cast<int>(h) != o.dc && !used.count({v.org, static_cast<int>(h)}) &&
          (!desk_only || o.hosts[h].role == Host::kWorkstation))
        free.push_back(static_cast<int>(h));
    v.target = free.empty() ? o.file_server : free[r.Below(free.size())];
    v.flavor = static_cast<int>(r.Below(2));
  }
}

}  // namespace

const std::vector<std::string>& VariantKinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> k = {"failed_c2", "fast_c2", "dga_failover", "stager", "brute_force", "scan"};
    for (const char* m : kMethods) k.push_back(std::string("remote_exec_") + m);
    k.push_back("inbound");  // last: the plans of the kinds before it do not move
    return k;
  }();
  return kinds;
}

Result<std::vector<std::string>> ParseVariants(const std::string& spec) {
  std::set<std::string> out;
  if (spec == "all") out.insert(VariantKinds().begin(), VariantKinds().end());
  if (spec == "none" || spec.empty()) return std::vector<std::string>{};
  size_t at = spec == "all" ? spec.size() + 1 : 0;
  while (at <= spec.size()) {
    size_t comma = std::min(spec.find(',', at), spec.size());
    std::string name = spec.substr(at, comma - at);
    at = comma + 1;
    bool known = false;
    for (const auto& k : VariantKinds())
      if (k == name || (name == "remote_exec" && k.starts_with("remote_exec_"))) {
        out.insert(k);
        known = true;
      }
    if (!known) return Status::Error("--variants: unknown variant '" + name + "' (all, none, or a list of: " +
                                     fmt::format("{}", fmt::join(VariantKinds(), ", ")) + ", remote_exec)");
  }
  return std::vector<std::string>(out.begin(), out.end());
}

VariantPlan PlanVariants(const World& world) {
  VariantPlan plan;
  const auto& wanted = world.options.variants;
  std::set<int> orgs_set;
  std::set<std::pair<int, int>> used;
  for (const Implant& im : world.implants) {
    orgs_set.insert(im.org);
    used.insert({im.org, im.host});
  }
  const RansomPlan& p = world.ransom;
  if (p.org >= 0) {
    for (int t : p.lateral_targets) used.insert({p.org, t});
    for (int t : p.encrypting) used.insert({p.org, t});
    used.insert({p.org, p.rdp_target});
  }
  if (wanted.empty() || orgs_set.empty()) return plan;
  Rng r = Rng(world.options.seed).Fork(88);
  std::vector<int> orgs(orgs_set.begin(), orgs_set.end());
  for (size_t i = orgs.size(); i > 1; --i) std::swap(orgs[i - 1], orgs[r.Below(i)]);
  const int64_t span = std::max(1, world.options.hours) * kHour;
  size_t next_org = 0;
  for (const std::string& kind : VariantKinds()) {
    if (!std::binary_search(wanted.begin(), wanted.end(), kind)) continue;
    int copies = kind == "brute_force" ? 4 : 2;
    for (int c = 0; c < copies; ++c) {
      Variant v;
      v.kind = kind;
      // The next org in turn that still has a workstation playing no role.
      std::vector<int> free;
      for (size_t tries = 0; free.empty() && tries < orgs.size(); ++tries) {
        v.org = orgs[next_org++ % orgs.size()];
        const Org& candidate = world.orgs[v.org];
        for (size_t h = 0; h < candidate.hosts.size(); ++h)
          if (candidate.hosts[h].role == Host::kWorkstation && !used.count({v.org, static_cast<int>(h)}))
            free.push_back(static_cast<int>(h));
      }
      if (free.empty()) continue;
      const Org& o = world.orgs[v.org];
      v.host = free[r.Below(free.size())];
      used.insert({v.org, v.host});
      if (kind == "brute_force") v.flavor = c;  // 0 RDP, 1 SSH, 2 Kerberos, 3 NTLM
      Fill(v, o, used, r);
      if (v.target >= 0) used.insert({v.org, v.target});
      if (kind == "brute_force") v.succeeds = r.Chance(0.3);
      int64_t duration = std::min(span, Duration(kind, v.flavor, r));
      // Anywhere in the middle of the run, the whole instance inside it.
      int64_t room = std::max<int64_t>(0, span - duration - span / 10);
      v.start_us = world.start_us + span / 20 + static_cast<int64_t>(r.Unit() * static_cast<double>(room));
      v.end_us = v.start_us + duration;
      v.seed = r.Next();
      plan.variants.push_back(v);
    }
  }
  std::sort(plan.variants.begin(), plan.variants.end(), [](const Variant& a, const Variant& b) {
    return std::tie(a.org, a.start_us, a.host) < std::tie(b.org, b.start_us, b.host);
  });
  return plan;
}

void EmitVariantsHour(LogBuffer& buffer, Rng& rng, const HourContext& h, const VariantPlan& plan, OrgState& state) {
  const Org& org = h.world.orgs[h.org_index];
  Emitter e(buffer, rng, org);
  const int64_t begin = h.hour_start, end = h.hour_start + kHour;
  for (const Variant& v : plan.variants) {
    if (v.org != h.org_index || v.end_us <= begin || v.start_us >= end) continue;
    VariantRun run{e, buffer, org, v, Rng(v.seed), begin, end, state};
    const std::string& k = v.kind;
    if (k == "failed_c2") EmitFailedC2(run);
    else if (k == "fast_c2") EmitFastC2(run);
    else if (k == "dga_failover") EmitDgaFailover(run);
    else if (k == "stager") EmitStager(run);
    else if (k == "brute_force") EmitBruteForce(run);
    else if (k == "scan") EmitScan(run);
    else if (k == "inbound") EmitInbound(run);
    else EmitRemoteExec(run);
  }
}

std::vector<std::string> AttackOfVariantRole(const std::string& role) {
  static const std::map<std::string, std::vector<std::string>> kAttack = {
      {"failed_c2", {"T1071", "T1571"}},
      {"fast_c2", {"T1071.001", "T1095", "T1573"}},
      {"dga_failover", {"T1008", "T1568.002"}},
      {"stager", {"T1105", "T1571"}},
      {"brute_force", {"T1110.001", "T1110.003"}},
      {"scan", {"T1046"}},
      {"remote_exec_wmi", {"T1047"}},
      {"remote_exec_dcom", {"T1021.003"}},
      {"remote_exec_schtask", {"T1053.005"}},
      {"remote_exec_smbexec", {"T1021.002", "T1569.002"}},
      {"remote_exec_winrm", {"T1021.006"}},
      {"remote_exec_dcsync", {"T1003.006"}},
      {"remote_exec_zerologon", {"T1210"}},
      {"remote_exec_asrep", {"T1558.004"}},
      {"remote_exec_rc4", {"T1550.002"}},
      {"remote_exec_target", {"T1021"}},
      {"inbound", {"T1133", "T1505.003"}},
  };
  auto it = kAttack.find(role);
  return it == kAttack.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace dragnet::sim
