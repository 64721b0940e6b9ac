// Each catalogue org's own address plan and host names: no org keeps the
// basic recipe's DC01 on .0.10 or WS-0001 on .1.10.
#include "sim/catalogue_plan.h"

#include <set>

#include <fmt/format.h>

namespace dragnet::sim {
namespace {

const char* kDcTokens[] = {"DC", "AD", "ADDS", "DOM"};
const char* kFsTokens[] = {"FS", "FILE", "NAS", "FILER"};
const char* kBkpTokens[] = {"BKP", "BACKUP", "VBR", "BU"};
const char* kAppTokens[] = {"APP", "SRV", "WEB", "ERP"};
const char* kMonTokens[] = {"MON", "NMS", "ZBX", "PRTG"};
const char* kScanTokens[] = {"SCAN", "VULN", "SEC", "NESSUS"};
const char* kSites[] = {"HQ", "NYC", "LON", "FRA", "PAR", "SYD", "TOR", "AMS", "MAD", "SEA", "OSL", "MUC"};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

OrgNaming DrawNaming(const Org& o, Rng& r) {
  OrgNaming n;
  n.site = kSites[r.Below(std::size(kSites))];
  n.server_style = static_cast<int>(r.Below(3));
  n.ws_style = static_cast<int>(r.Below(4));
  n.lower = r.Chance(0.3);
  n.token = static_cast<int>(r.Below(4));
  n.domain3 = Upper(o.domain.substr(0, 3));
  // Third octets: workstations low, servers, admins and devices high.
  const int kWs[] = {1, 2, 10, 20, 32, 64, 100};
  n.ws_base = kWs[r.Below(std::size(kWs))];
  std::set<int> used;
  auto high = [&] {
    for (;;) {
      int v = static_cast<int>(r.Between(200, 254));
      if (r.Chance(0.3)) v = 0;
      if (used.insert(v).second) return v;
    }
  };
  n.server_net = high();
  n.admin_net = high();
  n.device_net = high();
  return n;
}

std::string ServerName(const OrgNaming& n, Host::Role role, int number, const char* token_override) {
  const char* token = token_override;
  if (!token) {
    switch (role) {
      case Host::kDomainController: token = kDcTokens[n.token]; break;
      case Host::kFileServer: token = kFsTokens[n.token]; break;
      case Host::kBackupServer: token = kBkpTokens[n.token]; break;
      case Host::kScanner: token = kScanTokens[n.token]; break;
      default: token = kAppTokens[n.token]; break;
    }
  }
  std::string name;
  if (n.server_style == 0) name = fmt::format("{}{:02}", token, number);
  else if (n.server_style == 1) name = fmt::format("{}-{}{}", n.site, token, number);
  else name = fmt::format("{}-{}-{:03}", n.domain3, token, number);
  return n.lower ? Lower(name) : name;
}

const char* MonitorToken(const OrgNaming& n) { return kMonTokens[n.token]; }

std::string WorkstationName(const OrgNaming& n, Rng& r, int index) {
  switch (n.ws_style) {
    case 0: return fmt::format("WS-{:04}", index + 1);
    case 1: return fmt::format("{}-PC{:03}", n.domain3, index + 1);
    case 2: return "DESKTOP-" + Upper(r.Alnum(7));  // Windows' default random name
    default: return fmt::format("{}-LT{:04}", n.site, index + 1);
  }
}

std::string ServerAddress(const Org& o, const OrgNaming& n, std::set<int>& used_last, Rng& r) {
  for (;;) {
    int last = static_cast<int>(r.Between(2, 250));
    if (used_last.insert(last).second) return o.prefix + fmt::format("{}.{}", n.server_net, last);
  }
}

void RenameAndReaddress(Org& o, const OrgNaming& n, std::set<int>& used_last, Rng& r) {
  int ws = 0, per_role[16] = {};
  for (Host& h : o.hosts) {
    if (h.role == Host::kWorkstation) {
      h.name = WorkstationName(n, r, ws);
      h.ip = o.prefix + fmt::format("{}.{}", n.ws_base + ws / 200, 10 + ws % 200);
      ++ws;
    } else if (h.role != Host::kAdminWorkstation) {
      bool monitor = h.name == "MON01";
      int number = ++per_role[monitor ? 15 : static_cast<int>(h.role)];
      h.name = ServerName(n, h.role, number, monitor ? MonitorToken(n) : nullptr);
      h.ip = ServerAddress(o, n, used_last, r);
    }
  }
}

}  // namespace dragnet::sim
