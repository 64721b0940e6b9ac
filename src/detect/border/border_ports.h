// The administration and remote-access protocols whose crossing of the
// organisation's border the border_admin detector reports, recognised by
// Zeek's service name or, when Zeek named none, by their registered port
// (IANA Service Name and Transport Protocol Port Number Registry; Microsoft,
// "Service overview and network port requirements for Windows"):
//   SMB 445 (and NetBIOS session 139), RDP 3389, WinRM 5985/5986,
//   RPC endpoint mapper 135 (Zeek "dce_rpc"), SSH 22, LDAP 389/636 and the
//   global catalog 3268/3269.
// docs/detectors/border_admin.md.
#pragma once

#include <cstdint>
#include <string_view>

namespace dragnet {

enum class AdminProtocol : uint8_t { kNone = 0, kSmb, kRdp, kWinRm, kRpc, kSsh, kLdap };

// The protocol of a TCP connection to responder port `port` that Zeek
// labelled `service` ("-" or empty: none). A service Zeek named that is not
// one of these (http on 5985 is WinRM's transport, so "http" does not veto
// 5985/5986) wins over the port: "ssl" on 3389 is RDP over TLS and stays RDP,
// but "http" on 22 is no SSH.
AdminProtocol AdminProtocolOf(uint16_t port, std::string_view service);

// "SMB", "RDP", "WinRM", "RPC", "SSH", "LDAP"; "" for kNone.
const char* AdminProtocolName(AdminProtocol p);

// SMB, RPC and WinRM: Windows file sharing and remote execution, which have
// no business with the Internet from a workstation (exfiltration over SMB,
// NTLM hash leaks, remote execution; ATT&CK T1021.002, T1021.006, T1048).
bool IsWindowsRemoting(AdminProtocol p);

}  // namespace dragnet
