#!/usr/bin/env python3
"""Writes this golden case's conn.log (deterministic). One org, acme.

  10.0.1.30  pulls 2 GB from the file server, then uploads 1.5 GB to a
             destination no other host uses (staging, exfiltration)    -> reported, with the staging
  10.0.1.31  uploads 120 MB to a rare destination (below min_bytes)    -> not
  10.0.1.33  uploads 400 MB to each of four build mirrors (the host's
             own baseline: it uploads as much everywhere)              -> not
  10.0.1.4x  six hosts sync 250-600 MB to the same cloud service       -> not (prevalence)
  10.0.0.21  the backup server pulls 10 GB from the file server and
             uploads nothing                                           -> not
  10.0.1.32  downloads 3 GB from a rare destination                    -> not (a download)
"""
import os

START = 1714953600
conn = []
n = [0]


def c(ts, src, dst, port, dur, sent, recv):
    n[0] += 1
    conn.append((ts, "C%05d\t%s\t%d\t%s\t%d\ttcp\tssl\t%.1f\t%d\t%d\tSF" % (n[0], src, 50000 + n[0], dst, port, dur,
                                                                         sent, recv)))


c(START + 10 * 3600, "10.0.1.30", "10.0.0.20", 445, 1500, 30000000, 2000000000)
for i in range(3):
    c(START + 11 * 3600 + i * 600, "10.0.1.30", "203.0.113.50", 443, 580, 500000000, 1000000)
c(START + 12 * 3600, "10.0.1.31", "203.0.113.60", 443, 120, 120000000, 200000)
for i in range(4):
    c(START + 13 * 3600 + i * 900, "10.0.1.33", "198.51.100.%d" % (10 + i), 443, 200, 400000000, 300000)
for i in range(6):
    c(START + 9 * 3600 + i * 1800, "10.0.1.%d" % (40 + i), "192.0.2.80", 443, 300, 250000000 + i * 70000000, 400000)
c(START + 3600, "10.0.0.21", "10.0.0.20", 445, 3300, 50000000, 10000000000)
c(START + 15 * 3600, "10.0.1.32", "203.0.113.70", 443, 900, 20000000, 3000000000)

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "orgs", "acme")
conn.sort()
with open(os.path.join(here, "conn.log"), "w") as f:
    f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
            "#open\t2024-05-06-00-00-00\n"
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
            "resp_bytes\tconn_state\n"
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\n")
    for ts, rest in conn:
        f.write("%.6f\t%s\n" % (ts, rest))
    f.write("#close\t2024-05-07-00-00-00\n")
