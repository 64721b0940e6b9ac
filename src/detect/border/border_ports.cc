#include "detect/border/border_ports.h"

namespace dragnet {
namespace {

AdminProtocol ByService(std::string_view s) {
  if (s.find("smb") != std::string_view::npos) return AdminProtocol::kSmb;
  if (s.find("rdp") != std::string_view::npos) return AdminProtocol::kRdp;
  if (s.find("dce_rpc") != std::string_view::npos) return AdminProtocol::kRpc;
  if (s.find("ssh") != std::string_view::npos) return AdminProtocol::kSsh;
  if (s.find("ldap") != std::string_view::npos) return AdminProtocol::kLdap;
  return AdminProtocol::kNone;
}

AdminProtocol ByPort(uint16_t port) {
  switch (port) {
    case 139:
    case 445: return AdminProtocol::kSmb;
    case 3389: return AdminProtocol::kRdp;
    case 5985:
    case 5986: return AdminProtocol::kWinRm;
    case 135: return AdminProtocol::kRpc;
    case 22: return AdminProtocol::kSsh;
    case 389:
    case 636:
    case 3268:
    case 3269: return AdminProtocol::kLdap;
    default: return AdminProtocol::kNone;
  }
}

}  // namespace

AdminProtocol AdminProtocolOf(uint16_t port, std::string_view service) {
  if (service.empty() || service == "-") return ByPort(port);
  if (AdminProtocol named = ByService(service); named != AdminProtocol::kNone) return named;
  AdminProtocol by_port = ByPort(port);
  // WinRM is SOAP over HTTP(S); RDP and LDAP run inside TLS (Zeek says "ssl").
  bool transport = service.find("http") != std::string_view::npos || service.find("ssl") != std::string_view::npos;
  if (by_port == AdminProtocol::kWinRm && transport) return by_port;
  if ((by_port == AdminProtocol::kRdp || by_port == AdminProtocol::kLdap) &&
      service.find("ssl") != std::string_view::npos)
    return by_port;
  return AdminProtocol::kNone;
}

const char* AdminProtocolName(AdminProtocol p) {
  switch (p) {
    case AdminProtocol::kSmb: return "SMB";
    case AdminProtocol::kRdp: return "RDP";
    case AdminProtocol::kWinRm: return "WinRM";
    case AdminProtocol::kRpc: return "RPC";
    case AdminProtocol::kSsh: return "SSH";
    case AdminProtocol::kLdap: return "LDAP";
    case AdminProtocol::kNone: break;
  }
  return "";
}

bool IsWindowsRemoting(AdminProtocol p) {
  return p == AdminProtocol::kSmb || p == AdminProtocol::kRpc || p == AdminProtocol::kWinRm;
}

}  // namespace dragnet
