#!/usr/bin/env python3
"""Writes this golden case's logs (deterministic): the kill chain linked
across hosts in one org, and what must stay apart.

victim (10.0.0.0/8):
  10.0.1.50  talks to the listed C2 203.0.113.66 (implant, 00:30), PsExec to
             10.0.1.11, 10.0.1.12 and 10.0.0.30 (spread, 03:00), Kerberoasting
             (credential theft, 04:00)
  10.0.0.30  pulls 2 GB from the file server 10.0.0.20, uploads 1.5 GB out
             (exfiltration, 06:00)
  10.0.1.12  encrypts \\\\FS01\\Shared (encryption, 08:00)
             -> one kill_chain incident with all five stages, on 10.0.1.50
  10.0.1.77  talks to the listed C2 too, nothing else        -> its intel finding, no incident
quiet:
  10.0.1.50  talks to the listed C2 (same address as the victim's patient zero,
             another org)                                    -> intel finding, no incident
"""
import os

START = 1714953600
H = 3600
logs = {}


def row(org, path, ts, text):
    logs.setdefault((org, path), []).append((ts, text))


n = [0]


def uid():
    n[0] += 1
    return "K%05d" % n[0]


def conn(org, ts, src, dst, port, sent, recv, dur=10.0):
    row(org, "conn", ts, "%s\t%s\t50000\t%s\t%d\ttcp\t-\t%.1f\t%d\t%d\tSF" % (uid(), src, dst, port, dur, sent, recv))


conn("victim", START + H // 2, "10.0.1.50", "203.0.113.66", 443, 400, 1500)
conn("victim", START + 2 * H, "10.0.1.77", "203.0.113.66", 443, 400, 1500)
conn("quiet", START + H, "10.0.1.50", "203.0.113.66", 443, 400, 1500)
for i, (target, name) in enumerate((("10.0.1.11", "WS-11"), ("10.0.1.12", "WS-12"), ("10.0.0.30", "APP01"))):
    ts = START + 3 * H + i * 120
    u = uid()
    row("victim", "smb_mapping", ts, "%s\t10.0.1.50\t50001\t%s\t445\t\\\\%s\\ADMIN$\tDISK" % (u, target, name))
    row("victim", "smb_files", ts + 0.2, "%s\t10.0.1.50\t50001\t%s\t445\tSMB::FILE_WRITE\t\\\\%s\\ADMIN$\tPSEXESVC.exe\t-"
        % (u, target, name))
    for k, op in enumerate(("CreateServiceW", "StartServiceW")):
        row("victim", "dce_rpc", ts + 0.5 + k * 0.2, "%s\t10.0.1.50\t50001\t%s\t445\tsvcctl\t%s" % (u, target, op))
for i in range(12):
    row("victim", "kerberos", START + 4 * H + i * 2, "%s\t10.0.1.50\t50002\t10.0.0.10\t88\tTGS\teve/CORP\t"
        "MSSQLSvc/sql%02d\tT\trc4-hmac" % (uid(), i))
conn("victim", START + 6 * H - 1800, "10.0.0.30", "10.0.0.20", 445, 30000000, 2000000000, 1500)
for i in range(3):
    conn("victim", START + 6 * H + i * 600, "10.0.0.30", "198.51.100.200", 443, 500000000, 1000000, 580)
for i in range(30):
    name = "Finance\\\\doc_%02d.%s" % (i, ("docx", "xlsx", "pdf")[i % 3])
    ts = START + 8 * H + i
    row("victim", "smb_files", ts, "%s\t10.0.1.12\t50003\t10.0.0.20\t445\tSMB::FILE_RENAME\t\\\\FS01\\Shared\t%s.locked\t%s"
        % (uid(), name, name))

HEAD = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p"
TYPES = "time\tstring\taddr\tport\taddr\tport"
SCHEMA = {
    "conn": ("\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state", "\tenum\tstring\tinterval\tcount\tcount\tstring"),
    "smb_mapping": ("\tpath\tshare_type", "\tstring\tstring"),
    "smb_files": ("\taction\tpath\tname\tprev_name", "\tenum\tstring\tstring\tstring"),
    "dce_rpc": ("\tendpoint\toperation", "\tstring\tstring"),
    "kerberos": ("\trequest_type\tclient\tservice\tsuccess\tcipher", "\tstring\tstring\tstring\tbool\tstring"),
}
here = os.path.dirname(os.path.abspath(__file__))
for (org, path), rows in logs.items():
    rows.sort()
    fields, types = SCHEMA[path]
    with open(os.path.join(here, "orgs", org, path + ".log"), "w") as f:
        f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t%s\n"
                "#open\t2024-05-06-00-00-00\n#fields\t%s%s\n#types\t%s%s\n" % (path, HEAD, fields, TYPES, types))
        for ts, text in rows:
            f.write("%.6f\t%s\n" % (ts, text))
        f.write("#close\t2024-05-07-00-00-00\n")
