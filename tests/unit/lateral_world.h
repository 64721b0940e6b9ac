// A small org built record by record for the lateral_movement and host-role
// tests: rows per log read into the role observer and the detector's state,
// then the detector's findings with the roles learnt from those rows.
#pragma once

#include <string>
#include <vector>

#include <fmt/format.h>

#include "detect/lateral_movement/lateral_movement_detector.h"
#include "detect/roles/host_behaviour.h"
#include "detect/roles/host_roles.h"
#include "ingest/zeek_reader.h"
#include "intel/warninglist.h"

namespace dragnet::lateral_test {

constexpr int64_t kT0 = 1714953600;  // 2024-05-06 00:00 UTC
constexpr int64_t kHour = 3600;

// Rows per log, then read into the role observer and the detector's state.
class World {
 public:
  void Rpc(int64_t ts, const std::string& src, const std::string& dst, const std::string& endpoint,
           const std::string& op) {
    rpc_ += fmt::format("{}.0\t{}\t{}\t{}\t{}\n", ts, src, dst, endpoint, op);
  }
  void Mapping(int64_t ts, const std::string& src, const std::string& dst, const std::string& share) {
    mapping_ += fmt::format("{}.0\t{}\t{}\t\\\\\\\\{}\\\\{}\n", ts, src, dst, dst, share);
  }
  void File(int64_t ts, const std::string& src, const std::string& dst, const std::string& action,
            const std::string& share, const std::string& name, uint64_t size = 1000) {
    files_ += fmt::format("{}.0\t{}\t{}\tSMB::{}\t\\\\\\\\{}\\\\{}\t{}\t{}\n", ts, src, dst, action, dst, share, name, size);
  }
  void Rdp(int64_t ts, const std::string& src, const std::string& dst) {
    rdp_ += fmt::format("{}.0\t{}\t{}\n", ts, src, dst);
  }
  void Kerberos(int64_t ts, const std::string& src, const std::string& dst) {
    krb_ += fmt::format("{}.0\t{}\t{}\n", ts, src, dst);
  }
  void Conn(int64_t ts, const std::string& src, const std::string& dst, int port, uint64_t bytes = 5000,
            uint64_t resp_bytes = 20000) {
    conn_ += fmt::format("{}.0\t{}\t{}\t{}\t{}\tSF\t{}\n", ts, src, dst, port, bytes, resp_bytes);
  }
  // PsExec: the service binary written to ADMIN$, then created and started.
  void PsExec(int64_t ts, const std::string& src, const std::string& dst, const std::string& tool = "PSEXESVC.exe") {
    Mapping(ts, src, dst, "ADMIN$");
    File(ts + 1, src, dst, "FILE_WRITE", "ADMIN$", tool);
    Rpc(ts + 2, src, dst, "svcctl", "CreateServiceW");
    Rpc(ts + 3, src, dst, "svcctl", "StartServiceW");
  }

  void Read(RoleObserver& roles, DetectorState& state) const {
    struct Both : RecordVisitor {
      Both(RoleObserver& r, DetectorState& s, const OrgContext& o) : roles(r), state(s), org(o) {}
      void OnRecord(const Record& r) override {
        roles.OnRecord(org, r);
        state.OnRecord(org, r);
      }
      RoleObserver& roles;
      DetectorState& state;
      const OrgContext& org;
    } both(roles, state, org_);
    auto feed = [&](const std::string& path, const std::string& fields, const std::string& types,
                    const std::string& rows) {
      if (rows.empty()) return;
      std::string log = "#separator \\x09\n#path\t" + path + "\n#fields\t" + fields + "\n#types\t" + types + "\n" + rows;
      Diagnostics diag(false);
      auto src = ByteSource::FromMemory(std::move(log));
      ReadZeekLog(*src, path + ".log", "", both, diag, 4096);
    };
    feed("dce_rpc", "ts\tid.orig_h\tid.resp_h\tendpoint\toperation", "time\taddr\taddr\tstring\tstring", rpc_);
    feed("smb_mapping", "ts\tid.orig_h\tid.resp_h\tpath", "time\taddr\taddr\tstring", mapping_);
    feed("smb_files", "ts\tid.orig_h\tid.resp_h\taction\tpath\tname\tsize",
         "time\taddr\taddr\tenum\tstring\tstring\tcount", files_);
    feed("rdp", "ts\tid.orig_h\tid.resp_h", "time\taddr\taddr", rdp_);
    feed("kerberos", "ts\tid.orig_h\tid.resp_h", "time\taddr\taddr", krb_);
    feed("conn", "ts\tid.orig_h\tid.resp_h\tid.resp_p\torig_bytes\tconn_state\tresp_bytes",
         "time\taddr\taddr\tport\tcount\tstring\tcount", conn_);
  }

  const OrgContext& org() const { return org_; }

 private:
  OrgContext org_{0, "acme", {}, {}, {}};
  std::string rpc_, mapping_, files_, rdp_, krb_, conn_;
};

inline Ip A(const std::string& s) { return *Ip::Parse(s); }
inline std::string Host(int i) { return fmt::format("10.0.1.{}", i); }
inline std::string Server(int i) { return fmt::format("10.0.2.{}", i); }

struct Outcome {
  HostRoles roles;
  std::vector<Finding> findings;
  std::vector<const Finding*> Of(const std::string& host) const {
    std::vector<const Finding*> out;
    for (const Finding& f : findings)
      if (f.host == A(host)) out.push_back(&f);
    return out;
  }
};

inline Outcome Analyse(const World& w, LateralMovementParams p = {}) {
  auto detector = NewLateralMovementDetector(p);
  auto state = detector->NewState();
  RoleObserver observer;
  w.Read(observer, *state);
  Outcome o{InferRoles(observer.behaviours(), RoleParams{}), {}};
  std::vector<OrgContext> orgs{w.org()};
  Warninglists lists;
  AnalysisContext ctx{orgs, nullptr, &lists, &o.roles};
  o.findings = detector->Findings(state.get(), ctx);
  return o;
}

}  // namespace dragnet::lateral_test
