#!/usr/bin/env python3
"""Writes this golden case's rdp, ssh, kerberos, ntlm, conn and dce_rpc logs (deterministic):

brute_force
  10.0.0.66     30 RDP connections to each of 3 hosts in 5 min, an nmap cookie      -> reported, one finding
  10.0.0.5      an administrator's 4 RDP sessions over the day                      -> not
  203.0.113.7   15 SSH password guesses on 10.0.0.22 from outside, then a logon     -> reported (success: worst case)
  198.51.100.9  15 SSH guesses from outside, no logon (Internet background)         -> not (below min_score)
  10.0.0.8      two SSH typos, then a logon                                          -> not
  10.0.0.50     Kerberos pre-authentication failed for 15 accounts in 2 min          -> reported (spraying; and
                                                                                        credential_attack's spraying)
  10.0.0.51     12 NTLM failures for administrator in 6 min (past the lockout count) -> reported
  10.0.0.52     9 NTLM failures (under it)                                           -> not
  10.0.0.53     30 anonymous NTLM sessions (a scanner's null sessions)               -> not
scan
  10.0.0.99     port 445 of 300 inside hosts in 2 min, then 40 ports of 10.0.9.9     -> reported, one finding
  10.0.0.98     30 ports of one Internet host (an inside host running nmap outward)  -> reported
  10.0.0.40     the same sweep of 300 hosts every night at 02:00 for 4 nights        -> reported low, "routine scanner?"
  10.0.0.5      a browser: 60 web servers answered, 5 blocked                        -> not
  203.0.113.50  port 22 of 50 hosts from the Internet                                -> not (background, below min_score)
  10.0.0.77     40 SAMR/LSARPC enumeration calls in 40 s                             -> reported (AD enumeration)
  10.0.0.6      5 LsarLookupSids2 for a permissions dialog                           -> not
"""
import os

START = 1714953600  # 2024-05-06T00:00:00Z
rdp, ssh, krb, ntlm, conn, rpc = [], [], [], [], [], []


def row(log, ts, src, dst, dport, *rest):
    log.append((ts, "%.6f\tC%d\t%s\t50000\t%s\t%d\t%s" % (ts, len(log), src, dst, dport, "\t".join(rest))))


for target in range(1, 4):
    for i in range(30):
        row(rdp, START + 3600 + i * 10 + target, "10.0.0.66", "10.0.1.%d" % target, 3389,
            "nmap" if i == 0 else "-", "encrypted")
for i in range(4):
    row(rdp, START + 8 * 3600 + i * 7200, "10.0.0.5", "10.0.2.1", 3389, "alice", "Success")

for i in range(5):
    row(ssh, START + 7200 + i * 20, "203.0.113.7", "10.0.0.22", 22, "F", "3")
    row(ssh, START + 7200 + i * 20 + 1, "198.51.100.9", "10.0.0.22", 22, "F", "3")
row(ssh, START + 7320, "203.0.113.7", "10.0.0.22", 22, "T", "1")
for i in range(2):
    row(ssh, START + 9000 + i * 5, "10.0.0.8", "10.0.0.22", 22, "F", "1")
row(ssh, START + 9020, "10.0.0.8", "10.0.0.22", 22, "T", "1")

for i in range(15):
    row(krb, START + 10800 + i * 8, "10.0.0.50", "10.0.0.10", 88, "AS", "user%02d/ACME.LOCAL" % i, "F",
        "KDC_ERR_PREAUTH_FAILED")

for i in range(12):
    row(ntlm, START + 14400 + i * 30, "10.0.0.51", "10.0.0.20", 445, "administrator", "F")
for i in range(9):
    row(ntlm, START + 14400 + i * 30, "10.0.0.52", "10.0.0.20", 445, "bob", "F")
for i in range(30):
    row(ntlm, START + 14400 + i, "10.0.0.53", "10.0.0.20", 445, "-", "T")

for i in range(300):
    row(conn, START + 18000 + i * 0.4, "10.0.0.99", "10.0.%d.%d" % (1 + i // 200, 1 + i % 200), 445, "tcp",
        "S0" if i % 3 else "REJ", "0", "0")
for port in range(1, 41):
    row(conn, START + 18300 + port * 0.1, "10.0.0.99", "10.0.9.9", port, "tcp", "REJ", "0", "0")
for port in range(1, 31):
    row(conn, START + 19000 + port * 0.1, "10.0.0.98", "45.33.32.156", port * 7, "tcp", "REJ", "0", "0")
for night in range(4):
    for i in range(300):
        row(conn, START + 2 * 3600 + night * 86400 + i * 0.4, "10.0.0.40", "10.0.%d.%d" % (1 + i // 200, 1 + i % 200),
            445, "tcp", "REJ", "0", "0")
for i in range(60):
    row(conn, START + 20000 + i, "10.0.0.5", "93.184.0.%d" % (1 + i), 443, "tcp", "SF", "900", "40000")
for i in range(5):
    row(conn, START + 20000 + i, "10.0.0.5", "198.51.100.%d" % (1 + i), 443, "tcp", "S0", "0", "0")
for i in range(50):
    row(conn, START + 21000 + i, "203.0.113.50", "10.0.3.%d" % (1 + i), 22, "tcp", "S0", "0", "0")

for i in range(20):
    row(rpc, START + 25000 + i, "10.0.0.77", "10.0.0.10", 445, "samr", "SamrGetMembersInAlias")
    row(rpc, START + 25020 + i, "10.0.0.77", "10.0.0.10", 445, "lsarpc", "LsarLookupSids2")
for i in range(5):
    row(rpc, START + 25000 + i, "10.0.0.6", "10.0.0.10", 445, "lsarpc", "LsarLookupSids2")

BASE = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p"
BASE_T = "time\tstring\taddr\tport\taddr\tport"
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "orgs", "acme")
os.makedirs(here, exist_ok=True)
for path, rows, fields, types in (
        ("rdp", rdp, "cookie\tresult", "string\tstring"),
        ("ssh", ssh, "auth_success\tauth_attempts", "bool\tcount"),
        ("kerberos", krb, "request_type\tclient\tsuccess\terror_msg", "string\tstring\tbool\tstring"),
        ("ntlm", ntlm, "username\tsuccess", "string\tbool"),
        ("conn", conn, "proto\tconn_state\torig_bytes\tresp_bytes", "enum\tstring\tcount\tcount"),
        ("dce_rpc", rpc, "endpoint\toperation", "string\tstring")):
    rows.sort()
    with open(os.path.join(here, path + ".log"), "w") as f:
        f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t%s\n" % path)
        f.write("#open\t2024-05-06-00-00-00\n#fields\t%s\t%s\n#types\t%s\t%s\n" % (BASE, fields, BASE_T, types))
        for _, line in rows:
            f.write(line + "\n")
        f.write("#close\t2024-05-10-00-00-00\n")
