#!/usr/bin/env python3
"""Writes this golden case's input logs (deterministic; re-run only to change
the case, then UPDATE_GOLDEN=1 and review). Four orgs of twelve hosts
(10.0.0.1-12, all browsing), twelve hours of Zeek TSV. Fleet software is
routine, not an implant; the implant one host per org runs is still found.

every org   10.0.0.1-12  browse a few sites (their org's active hosts)
alpha, bravo, charlie
  10.0.0.1-3   NTP to 198.51.100.123 (udp/123, 48-byte packets) every 1,024 s:
               a fleet share in three orgs -> fleet software everywhere
  10.0.0.4-6   a push session held all day, each host on its own address
               and server name (N-courier.pushsvc.net; logged at every
               hourly rollover): fleet software by the registered domain,
               though every address and every name has one host
delta
  10.0.0.1     the same NTP polling, one host: doing what other fleets do
alpha
  10.0.0.7-11  antivirus check-in every 300 s, each host to its own device
               name under checkin.avendor-cloud.com: one period to one
               registered domain from five hosts -> fleet routine
bravo
  10.0.0.10    NTP to 192.0.2.123 every 64 s, one host of one org: time sync
               (udp/123, 48-byte requests, a period of 2^6 s) -- weak alone
charlie
  10.0.0.11    an implant on udp/123 to 198.51.100.200 every 512 s, sending
               400-byte requests: no NTP request is that large (found)
alpha, delta
  10.0.0.9 / 10.0.0.12  TLS beacon to cdn-update.c2relay.org every 600 s +-20 %:
               one host per org, in two orgs (found, one campaign)
"""
import os
import random

START = 1714953600  # 2024-05-06 00:00 UTC
HOURS = 12
END = START + HOURS * 3600
rng = random.Random(11)
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


def header(path, fields, types):
    return ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t%s\n"
            "#open\t2024-05-06-00-00-00\n#fields\t%s\n#types\t%s\n" % (path, "\t".join(fields), "\t".join(types)))


class Org:
    def __init__(self, name):
        self.name = name
        self.conn, self.ssl = [], []

    def tls(self, ts, host, dest, name, ja3, up, down, duration=0.5):
        u = uid()
        port = str(rng.randint(49152, 65535))
        self.conn.append((ts, [u, host, port, dest, "443", "tcp", "ssl", "%.3f" % duration, str(up), str(down),
                               "SF", "T", "F"]))
        if name:
            self.ssl.append((ts + 0.02, [u, host, port, dest, "443", name, ja3]))

    def ntp(self, ts, host, dest, up=48):
        self.conn.append((ts, [uid(), host, "123", dest, "123", "udp", "ntp" if up == 48 else "-", "0.020",
                               str(up), "48", "SF", "T", "F"]))

    def write(self, root):
        d = os.path.join(root, self.name)
        os.makedirs(d, exist_ok=True)
        for path, rows, fields, types in (("conn", self.conn, CONN, CONN_T), ("ssl", self.ssl, SSL, SSL_T)):
            rows.sort(key=lambda r: r[0])
            with open(os.path.join(d, path + ".log"), "w") as f:
                f.write(header(path, fields, types))
                for ts, vals in rows:
                    f.write("%.6f\t%s\n" % (ts, "\t".join(vals)))
                f.write("#close\t2024-05-06-12-00-00\n")


BROWSER_JA3 = "773906b0efdefa24a7f2b8eb6985bf37"
AGENT_JA3 = "a0e9f5d64349fb13191bc781f81f42e1"
IMPLANT_JA3 = "72a589da586844d7f0818ce684948eea"
SITES = [("93.184.216.34", "www.newsexample.com"), ("151.101.1.69", "www.forumexample.net"),
         ("104.18.20.35", "docs.wikiexample.org"), ("172.67.1.10", "shop.storeexample.com")]
HOSTS = ["10.0.0.%d" % i for i in range(1, 13)]


def browse(org):
    for h in HOSTS:
        for _ in range(6):
            dest, name = rng.choice(SITES)
            org.tls(START + rng.random() * (END - START - 60), h, dest, name, BROWSER_JA3, 900, 40000)


def ntp(org, host, dest="198.51.100.123", period=1024, up=48):
    t = START + rng.random() * period
    while t < END:
        org.ntp(t, host, dest, up)
        t += period + rng.uniform(-2, 2)


def push(org, host, n):
    for hour in range(HOURS - 1):  # one session, logged at every hourly rollover
        org.tls(START + 60 + hour * 3600, host, "198.18.7.%d" % n, "%d-courier.pushsvc.net" % n, AGENT_JA3, 9000,
                12000, 3595)


def checkin(org, host, device):
    t = START + rng.random() * 300
    while t < END:
        org.tls(t, host, "52.84.9.10", "%s.checkin.avendor-cloud.com" % device, AGENT_JA3, 1100, 2300)
        t += 300 * (1 + 0.03 * (2 * rng.random() - 1))


def beacon(org, host):
    t = START + 600 + rng.random() * 60
    while t < END:
        org.tls(t, host, "203.0.113.7", "cdn-update.c2relay.org", IMPLANT_JA3, 380 + rng.randint(0, 40), 1500)
        t += 600 * (1 + 0.2 * (2 * rng.random() - 1))


orgs = {n: Org(n) for n in ("alpha", "bravo", "charlie", "delta")}
n = 0
for name, org in orgs.items():
    browse(org)
    if name == "delta":
        ntp(org, "10.0.0.1")
        continue
    for h in HOSTS[0:3]:
        ntp(org, h)
    for h in HOSTS[3:6]:
        n += 1
        push(org, h, n)
for i, h in enumerate(HOSTS[6:11]):
    checkin(orgs["alpha"], h, "dev%04x" % (0x3a1 + 17 * i))
ntp(orgs["bravo"], "10.0.0.10", "192.0.2.123", 64)
ntp(orgs["charlie"], "10.0.0.11", "198.51.100.200", 512, 400)
beacon(orgs["alpha"], "10.0.0.9")
beacon(orgs["delta"], "10.0.0.12")

here = os.path.dirname(os.path.abspath(__file__))
for org in orgs.values():
    org.write(os.path.join(here, "orgs"))
