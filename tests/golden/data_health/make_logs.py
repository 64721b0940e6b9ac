#!/usr/bin/env python3
"""Writes this golden case's logs (deterministic): three organisations whose
data health differs, none with anything to find.

whole         conn, dns, ssl, http every 10 min, 00:00-06:00        -> whole: no gap, nothing missing
ssl_dns_only  ssl and dns only, 00:00-06:00                          -> no conn: conn-only detectors cannot run
holey         conn and dns 00:00-02:00 and 07:00-08:00 (5 h hole)    -> a 5 h gap; no ssl (the two others have it)
"""
import os

START = 1704067200  # 2024-01-01T00:00:00Z
HEAD = {
    "conn": [("ts", "time"), ("uid", "string"), ("id.orig_h", "addr"), ("id.orig_p", "port"), ("id.resp_h", "addr"),
             ("id.resp_p", "port"), ("proto", "enum"), ("conn_state", "string"), ("orig_bytes", "count"),
             ("resp_bytes", "count")],
    "dns": [("ts", "time"), ("uid", "string"), ("id.orig_h", "addr"), ("id.orig_p", "port"), ("id.resp_h", "addr"),
            ("id.resp_p", "port"), ("query", "string"), ("rcode_name", "string")],
    "ssl": [("ts", "time"), ("uid", "string"), ("id.orig_h", "addr"), ("id.orig_p", "port"), ("id.resp_h", "addr"),
            ("id.resp_p", "port"), ("server_name", "string"), ("established", "bool")],
    "http": [("ts", "time"), ("uid", "string"), ("id.orig_h", "addr"), ("id.orig_p", "port"), ("id.resp_h", "addr"),
             ("id.resp_p", "port"), ("host", "string"), ("uri", "string")],
}
REST = {"conn": ["tcp", "SF", "500", "4000"], "dns": ["example.org", "NOERROR"], "ssl": ["example.org", "T"],
        "http": ["example.org", "/"]}
PORT = {"conn": 443, "dns": 53, "ssl": 443, "http": 80}


def write(org, log, times):
    os.makedirs(os.path.join("orgs", org), exist_ok=True)
    fields = HEAD[log]
    lines = ["#separator \\x09", "#path\t" + log, "#fields\t" + "\t".join(n for n, _ in fields),
             "#types\t" + "\t".join(t for _, t in fields)]
    for i, ts in enumerate(times):
        lines.append("\t".join(["%.6f" % ts, "C%s%d" % (log, i), "10.0.0.%d" % (1 + i % 5), "50000",
                                "93.184.216.34" if log != "dns" else "10.0.0.53", str(PORT[log])] + REST[log]))
    with open(os.path.join("orgs", org, log + ".log"), "w") as f:
        f.write("\n".join(lines) + "\n")


six_hours = [START + i * 600 for i in range(36)]
for log in ("conn", "dns", "ssl", "http"):
    write("whole", log, six_hours)
for log in ("ssl", "dns"):
    write("ssl_dns_only", log, six_hours)
holey = [START + i * 600 for i in range(12)] + [START + 7 * 3600 + i * 600 for i in range(6)]
for log in ("conn", "dns"):
    write("holey", log, holey)
