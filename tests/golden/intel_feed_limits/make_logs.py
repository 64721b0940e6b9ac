#!/usr/bin/env python3
"""Writes this golden case's feeds and logs (deterministic): what a feed
holds that Dragnet does not take must be counted and said, never dropped
silently.

intel/big.stix.json  one STIX pattern of 10,002 comparisons: 198.51.100.1,
                     9,998 of an unsupported path, then 198.51.100.2-.4
                     (past the 9,999 read: dropped, counted, named on stderr)
intel/wide.txt       10.0.0.0/8 and 2001:db8::/31 (broader than IPv4 /16 or
                     IPv6 /32: refused, counted, named), 203.0.0.0/16 (taken)
acme (10.0.1.x) talks to 198.51.100.1-.4 and 203.0.113.7:
  -> findings for .1 and 203.0.113.7 only; no host is flagged by 10/8
"""
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
MAX = 9999
comparisons = ["[ipv4-addr:value = '198.51.100.1']"] + ["[x:y='z']"] * (MAX - 1) + \
              ["[ipv4-addr:value = '198.51.100.%d']" % i for i in (2, 3, 4)]
bundle = {"type": "bundle", "id": "bundle--limits", "objects": [
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--big", "pattern_type": "stix",
     "pattern": " OR ".join(comparisons),
     "name": "big pattern"}]}
with open(os.path.join(here, "intel", "big.stix.json"), "w") as f:
    json.dump(bundle, f, separators=(",", ":"))
    f.write("\n")
with open(os.path.join(here, "intel", "wide.txt"), "w") as f:
    f.write("# Hand-made feed: two networks too broad to take, one just narrow enough\n"
            "10.0.0.0/8 # a whole private range\n2001:db8::/31\n203.0.0.0/16 # hosting provider\n")
rows = []
for i, dst in enumerate(["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "203.0.113.7"]):
    rows.append("%d.000000\tCL%d\t10.0.1.%d\t5000%d\t%s\t443\ttcp\tssl\t1.000000\t100\t200\tSF"
                % (1714521600 + 60 * i, i + 1, 11 + i, i, dst))
with open(os.path.join(here, "orgs", "acme", "conn.log"), "w") as f:
    f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
            "#open\t2024-05-01-00-00-00\n"
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\n"
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\n")
    f.write("\n".join(rows) + "\n#close\t2024-05-01-01-00-00\n")
