#!/usr/bin/env python3
"""Writes this golden case's input logs (deterministic; re-run only to change
the case, then UPDATE_GOLDEN=1 and review). Two orgs with overlapping
addresses, twelve hours of Zeek TSV:

acme
  10.0.0.5   TLS beacon to c2.badexample.com (203.0.113.7) every 300 s +-20 %
  10.0.0.7   DNS tunnel: TXT queries of long base32 names under t.tunnelexample.org
  10.0.0.8   DGA: 12 random names an hour, NXDOMAIN, then gkqzvbxwtrmp.info resolves
  10.0.0.9   a 10-hour session to 192.0.2.50 moving little (a tunnel)
  10.0.0.10-15  telemetry to telemetry.example.net every 600 s (common: not reported)
  10.0.0.11  a VPN session all day, GBs downloaded (bulk download: not reported)
  10.0.0.12  SSDP to 239.255.255.250 every 120 s (multicast: never a destination)
globex
  10.0.0.5   the same beacon (same C2, another org: the cross-org signal)
  10.0.0.10-13  telemetry
"""
import os
import random

START = 1714953600  # 2024-05-06 00:00 UTC
HOURS = 12
rng = random.Random(7)
uid_n = [0]


def uid():
    uid_n[0] += 1
    return "C%06d" % uid_n[0]


CONN = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service", "duration",
        "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp"]
CONN_T = ["time", "string", "addr", "port", "addr", "port", "enum", "string", "interval", "count", "count",
          "string", "bool", "bool"]
SSL = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "server_name", "ja3"]
SSL_T = ["time", "string", "addr", "port", "addr", "port", "string", "string"]
DNS = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "query", "qtype", "qtype_name",
       "rcode", "rcode_name", "answers"]
DNS_T = ["time", "string", "addr", "port", "addr", "port", "enum", "string", "count", "string", "count", "string",
         "vector[string]"]


def header(path, fields, types):
    return ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t%s\n"
            "#open\t2024-05-06-00-00-00\n#fields\t%s\n#types\t%s\n" % (path, "\t".join(fields), "\t".join(types)))


class Org:
    def __init__(self, name):
        self.name = name
        self.conn, self.ssl, self.dns = [], [], []

    def tls(self, ts, host, dest, name, ja3, up, down, duration=0.5):
        u = uid()
        port = str(rng.randint(49152, 65535))
        self.conn.append((ts, [u, host, port, dest, "443", "tcp", "ssl", "%.3f" % duration, str(up), str(down),
                               "SF", "T", "F"]))
        self.ssl.append((ts + 0.02, [u, host, port, dest, "443", name, ja3]))

    def query(self, ts, host, name, qtype, code, rcode, answers):
        self.dns.append((ts, [uid(), host, str(rng.randint(49152, 65535)), "10.0.0.2", "53", "udp", name,
                              str(code), qtype, "3" if rcode == "NXDOMAIN" else "0", rcode,
                              ",".join(answers) if answers else "-"]))

    def write(self, root):
        d = os.path.join(root, self.name)
        os.makedirs(d, exist_ok=True)
        for path, rows, fields, types in (("conn", self.conn, CONN, CONN_T), ("ssl", self.ssl, SSL, SSL_T),
                                          ("dns", self.dns, DNS, DNS_T)):
            rows.sort(key=lambda r: r[0])
            with open(os.path.join(d, path + ".log"), "w") as f:
                f.write(header(path, fields, types))
                for ts, vals in rows:
                    f.write("%.6f\t%s\n" % (ts, "\t".join(vals)))
                f.write("#close\t2024-05-06-12-00-00\n")


BROWSER_JA3 = "773906b0efdefa24a7f2b8eb6985bf37"
IMPLANT_JA3 = "72a589da586844d7f0818ce684948eea"
END = START + HOURS * 3600


def beacon(org, host):
    t = START + 600 + rng.random() * 60
    while t < END:
        org.tls(t, host, "203.0.113.7", "c2.badexample.com", IMPLANT_JA3, 380 + rng.randint(0, 40), 1500)
        t += 300 * (1 + 0.2 * (2 * rng.random() - 1))


def telemetry(org, hosts):
    for h in hosts:
        t = START + rng.random() * 600
        while t < END:
            org.tls(t, h, "52.84.1.20", "telemetry.example.net", BROWSER_JA3, 700, 4000)
            t += 600 * (1 + 0.02 * (2 * rng.random() - 1))


acme, globex = Org("acme"), Org("globex")
beacon(acme, "10.0.0.5")
beacon(globex, "10.0.0.5")
telemetry(acme, ["10.0.0.%d" % i for i in range(10, 16)])
telemetry(globex, ["10.0.0.%d" % i for i in range(10, 14)])

b32 = "abcdefghijklmnopqrstuvwxyz234567"
t = START + 1800
while t < END:
    name = "".join(rng.choice(b32) for _ in range(48)) + ".t.tunnelexample.org"
    acme.query(t, "10.0.0.7", name, "TXT", 16, "NOERROR", ['"' + "".join(rng.choice(b32) for _ in range(60)) + '"'])
    t += 240 + rng.random() * 60

for hour in range(HOURS):
    t = START + hour * 3600 + 100
    for _ in range(12):
        label = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(11, 15)))
        acme.query(t, "10.0.0.8", label + rng.choice([".com", ".net", ".org", ".biz"]), "A", 1, "NXDOMAIN", [])
        t += 1.5
    acme.query(t, "10.0.0.8", "gkqzvbxwtrmp.info", "A", 1, "NOERROR", ["198.51.100.77"])

for hour in range(10):  # a tunnel session, logged at each hourly rollover
    acme.tls(START + 3600 + hour * 3600, "10.0.0.9", "192.0.2.50", "", IMPLANT_JA3, 250000, 400000, 3595)
for hour in range(9):  # VPN: the day's video calls and downloads
    acme.tls(START + 3600 + hour * 3600, "10.0.0.11", "146.112.61.10", "", BROWSER_JA3, 20000000, 900000000, 3590)
t = START
while t < END:  # SSDP discovery
    acme.conn.append((t, [uid(), "10.0.0.12", "1900", "239.255.255.250", "1900", "udp", "-", "-", "700", "0",
                          "S0", "T", "F"]))
    t += 120

here = os.path.dirname(os.path.abspath(__file__))
for org in (acme, globex):
    org.write(os.path.join(here, "orgs"))
