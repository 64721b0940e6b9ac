#!/usr/bin/env python3
"""Writes the corrupt_gzip case: org "site" holds a gzip conn log whose
compressed bytes are damaged in the middle (16 bytes flipped), so the
decoder produces garbage, then plausible lines, until the member's checksum
fails at its end. Every host talks to a feed address, so each host read from
the log has a finding: only hosts of the lines before the damage may."""
import gzip
import os

HERE = os.path.dirname(os.path.abspath(__file__))

header = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
          "#open\t2024-05-01-00-00-00\n"
          "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\n"
          "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\n")
rows = "".join(f"{1714528800 + i}.{i * 7919 % 1000000:06d}\tC{i * 104729:x}\t10.9.{i // 250}.{i % 250 + 1}"
               f"\t{40000 + i % 20000}\t{'198.51.100.70' if i % 50 == 0 else f'203.0.113.{i % 200}'}"
               f"\t443\ttcp\tssl\n" for i in range(4000))
data = bytearray(gzip.compress((header + rows + "#close\t2024-05-01-01-00-00\n").encode(), 9, mtime=0))
mid = len(data) // 2
for i in range(mid, mid + 16):
    data[i] ^= 0x55
os.makedirs(os.path.join(HERE, "orgs/site"), exist_ok=True)
with open(os.path.join(HERE, "orgs/site/conn.log.gz"), "wb") as f:
    f.write(bytes(data))
os.makedirs(os.path.join(HERE, "intel"), exist_ok=True)
with open(os.path.join(HERE, "intel/feed.txt"), "w") as f:
    f.write("# corrupt_gzip golden case\n198.51.100.70\n")
