#!/usr/bin/env python3
"""Writes the hostile_json case: org "deep" holds a Zeek JSON conn log with
one line of 25,000 nested objects (150 KB) between good lines, and the same
in a tiny gzip file; org "calm" holds a plain TSV conn log. Both orgs talk to
addresses of the feed, so each has findings the deep line must not cost."""
import gzip
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def conn(ts, uid, orig, resp):
    return json.dumps({"_path": "conn", "ts": ts, "uid": uid, "id.orig_h": orig, "id.orig_p": 50000,
                       "id.resp_h": resp, "id.resp_p": 443, "proto": "tcp", "service": "ssl",
                       "duration": 1.0, "orig_bytes": 100, "resp_bytes": 200, "conn_state": "SF"},
                      separators=(",", ":"))


def write(rel, data, mode="w"):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


deep = '{"_path":"conn","ts":1714528802.0,"x":' + '{"a":' * 25000 + "1" + "}" * 25000 + "}"
good1 = conn(1714528800.0, "CD1", "10.1.0.5", "198.51.100.60")
good2 = conn(1714528803.0, "CD2", "10.1.0.6", "198.51.100.60")
write("orgs/deep/conn.json", good1 + "\n" + deep + "\n" + good2 + "\n")
gz = gzip.compress((deep + "\n" + conn(1714528804.0, "CD3", "10.1.0.7", "198.51.100.60") + "\n").encode(),
                   compresslevel=9, mtime=0)
write("orgs/deep/sensor2/conn.json.gz", gz, "wb")

header = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
          "#open\t2024-05-01-00-00-00\n"
          "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\n"
          "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\n")
rows = "".join(f"{1714528800 + i}.000000\tCC{i}\t10.2.0.{i}\t5000{i}\t198.51.100.61\t443\ttcp\tssl\n"
               for i in range(1, 4))
write("orgs/calm/conn.log", header + rows + "#close\t2024-05-01-01-00-00\n")
write("intel/feed.txt", "# hostile_json golden case\n198.51.100.60\n198.51.100.61\n")
