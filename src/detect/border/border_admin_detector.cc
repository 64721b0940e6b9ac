#include "detect/border/border_admin_detector.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "detect/behaviour_util.h"
#include "detect/border/border_admin_state.h"
#include "detect/modifiers.h"
#include "detect/roles/host_roles.h"

namespace dragnet {
namespace {

constexpr uint16_t kNotWorkstation = kRoleServer | kRoleDomainController | kAdministeringRoles;

std::vector<std::string> AttackOf(AdminProtocol p, bool inbound) {
  std::vector<std::string> out;
  switch (p) {
    case AdminProtocol::kSmb: out = {"T1021.002", "T1048", "T1187"}; break;
    case AdminProtocol::kRpc: out = {"T1021"}; break;
    case AdminProtocol::kWinRm: out = {"T1021.006"}; break;
    case AdminProtocol::kRdp: out = {"T1021.001"}; break;
    case AdminProtocol::kSsh: out = {"T1021.004"}; break;
    case AdminProtocol::kLdap: out = {"T1071"}; break;
    case AdminProtocol::kNone: break;
  }
  if (inbound) out.push_back("T1133");
  return out;
}

class BorderAdminDetector : public Detector {
 public:
  explicit BorderAdminDetector(BorderAdminParams p) : p_(p) {
    spec_.name = "border_admin";
    spec_.summary = "administration protocols (SMB, RDP, WinRM, RPC, SSH, LDAP) crossing the border: from a "
                    "workstation to a rare outside address, or from outside to a workstation";
    spec_.attack = {"T1021", "T1021.001", "T1021.002", "T1021.004", "T1021.006", "T1048", "T1071", "T1133", "T1187"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kImplant;
    spec_.traits = {.destinations = true};
    spec_.exports = {.addresses = true};
    spec_.containment =
        "Block the protocol at the border for this host and the outside address; check what the session "
        "carried (files, logons) on the host.";
    spec_.logs_required = {"conn"};
    spec_.without_logs = "Without conn it finds nothing: the protocol, direction and answer are conn's.";
    using enum EvidenceType;
    spec_.evidence = {{"protocol", kString}, {"direction", kString},  {"peer", kString},
                      {"port", kNumber},     {"connections", kNumber}, {"orig_bytes", kNumber},
                      {"resp_bytes", kNumber}, {"org_hosts", kNumber}, {"outside_clients", kNumber},
                      {"roles", kString}};
  }

  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<BorderAdminState>(); }
  bool NeedsHostRoles() const override { return true; }
  bool WantsField(std::string_view log, std::string_view f) const override {
    return BorderAdminState::WantsField(log, f);
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    if (!merged) return out;
    const auto& state = *static_cast<BorderAdminState*>(merged);
    std::map<BorderPort, uint32_t> peers_of_port;
    std::map<std::pair<uint32_t, Ip>, std::set<Ip>> hosts_of_peer;  // outbound only
    std::map<Ip, std::set<uint32_t>> orgs_of_peer;
    // A (host, protocol, direction) past kMaxBorderPeers outside addresses
    // (a public service, a scanner) is left out of everything: which of its
    // addresses were kept depends on the worker split.
    auto crowded = [&](const BorderPort& p) { return state.Overflow(p) > 0; };
    for (const auto& [key, c] : state.contacts()) {
      if (crowded(key.port)) continue;
      ++peers_of_port[key.port];
      if (!key.port.inbound) {
        hosts_of_peer[{key.port.org, key.peer}].insert(key.port.host);
        orgs_of_peer[key.peer].insert(key.port.org);
      }
    }
    for (const auto& [key, c] : state.contacts()) {
      const BorderPort& bp = key.port;
      if (crowded(bp)) continue;
      uint16_t roles = ctx.roles ? ctx.roles->Of(bp.org, bp.host) : 0;
      if ((roles & kNotWorkstation) || ctx.orgs[bp.org].IsAdmin(bp.host)) continue;
      if (!SuppressedBy(ctx, bp.org, "", &key.peer).empty()) continue;
      uint32_t org_hosts = 0, clients = 0;
      double score = 0;
      if (bp.inbound) {
        clients = peers_of_port[bp];
        if (clients >= p_.public_clients) continue;  // a public service
        score = p_.weak_score;
      } else {
        org_hosts = static_cast<uint32_t>(hosts_of_peer[{bp.org, key.peer}].size());
        if (ctx.aggregates) org_hosts = std::max(org_hosts, ctx.aggregates->prevalence().OrgHosts(bp.org, key.peer));
        if (org_hosts > p_.rare_hosts || orgs_of_peer[key.peer].size() >= p_.popular_orgs) continue;
        score = IsWindowsRemoting(bp.protocol) ? p_.remoting_score : p_.weak_score;
      }
      if (score < p_.min_score) continue;
      out.push_back(MakeFinding(ctx, key, c, score, org_hosts, clients, roles));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  Finding MakeFinding(const AnalysisContext& ctx, const BorderKey& key, const AdminContact& c, double score,
                      uint32_t org_hosts, uint32_t clients, uint16_t roles) const {
    const BorderPort& bp = key.port;
    std::string peer = key.peer.ToString();
    Finding f = NewFinding(ctx, bp.org, bp.host, "border_admin", score, {peer}, c.first_us, c.last_us,
                           AttackOf(bp.protocol, bp.inbound));
    f.specific = !bp.inbound && IsWindowsRemoting(bp.protocol) && score >= p_.remoting_score;
    const char* proto = AdminProtocolName(bp.protocol);
    f.summary = bp.inbound
                    ? fmt::format("{} answered {} ({}) from outside address {}: {} connections, {} in / {} out",
                                  bp.host.ToString(), proto, c.port, peer, Thousands(c.conns),
                                  HumanBytes(static_cast<double>(c.orig_bytes)),
                                  HumanBytes(static_cast<double>(c.resp_bytes)))
                    : fmt::format("{} (a workstation) spoke {} ({}) to outside address {}, used by {} of the org's "
                                  "hosts: {} connections, {} sent / {} received",
                                  bp.host.ToString(), proto, c.port, peer, std::max<uint32_t>(org_hosts, 1),
                                  Thousands(c.conns), HumanBytes(static_cast<double>(c.orig_bytes)),
                                  HumanBytes(static_cast<double>(c.resp_bytes)));
    JsonWriter w;
    w.BeginObject();
    w.Key("protocol").String(proto);
    w.Key("direction").String(bp.inbound ? "inbound" : "outbound");
    w.Key("peer").String(peer);
    w.Key("port").Uint(c.port);
    w.Key("connections").Uint(c.conns);
    w.Key("orig_bytes").Uint(c.orig_bytes);
    w.Key("resp_bytes").Uint(c.resp_bytes);
    w.Key("org_hosts").Uint(org_hosts);
    w.Key("outside_clients").Uint(clients);
    w.Key("roles").String(DescribeRoles(roles));
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  BorderAdminParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(BorderAdminParams& p) {
  return {
      {"weak_score", &p.weak_score, "score of an admin protocol crossing the border", NumberRange::Unit()},
      {"remoting_score", &p.remoting_score, "SMB/RPC/WinRM from a workstation to a rare outside address",
       NumberRange::Unit()},
      {"rare_hosts", &p.rare_hosts, "org hosts using an outside address that keep it rare", NumberRange::AtLeast(1)},
      {"popular_orgs", &p.popular_orgs, "orgs using an outside address that make it a service",
       NumberRange::AtLeast(2)},
      {"public_clients", &p.public_clients, "outside clients a host answers that make it a public service",
       NumberRange::Whole(2, kMaxBorderPeers)},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewBorderAdminDetector(BorderAdminParams params) {
  return std::make_unique<BorderAdminDetector>(params);
}

}  // namespace dragnet
