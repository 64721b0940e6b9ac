#!/usr/bin/env python3
"""Cut a simulated world to a short window, as an incident responder's slice.

usage: scripts/slice-world.py WORLD OUT --start-min M --minutes N

Every log (*.log) of every organisation folder of WORLD (Zeek TSV, or JSON
lines with a "ts" field) is copied to OUT keeping its header and footer lines and only
the records with start <= ts < start + N minutes, where start is the world's
start (truth.json "start") plus M minutes. Other files are copied as they
are; the intel folder is linked, not copied. OUT/truth.json is WORLD's truth with:
  - "start" and "hours" set to the slice;
  - "compromised" keeping only hosts whose attack activity [first, last]
    overlaps the slice AND that appear (as id.orig_h or id.resp_h) in a kept
    record, with first/last clipped to the slice;
  - "implants" keeping only implants of kept hosts.
Benign roles and host counts are kept as they are (a benign host stays benign).
Prints one line: the slice bounds and how many compromised hosts it keeps.
"""
import argparse
import json
import os
import shutil
import sys


def cut_tsv(src, dst, t0, t1, seen):
    fields = []
    with open(src, encoding="utf-8", errors="surrogateescape") as f, \
            open(dst, "w", encoding="utf-8", errors="surrogateescape") as g:
        for line in f:
            if line.startswith("#"):
                if line.startswith("#fields\t"):
                    fields = line.rstrip("\n").split("\t")[1:]
                g.write(line)
                continue
            cols = line.rstrip("\n").split("\t")
            try:
                ts = float(cols[0])
            except ValueError:
                continue
            if not t0 <= ts < t1:
                continue
            g.write(line)
            for name in ("id.orig_h", "id.resp_h"):
                if name in fields and fields.index(name) < len(cols):
                    seen.add(cols[fields.index(name)])


def cut_json(src, dst, t0, t1, seen):
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            ts = rec.get("ts")
            if isinstance(ts, str):
                continue  # ISO timestamps: not produced by `dragnet simulate`
            if ts is None or not t0 <= float(ts) < t1:
                continue
            g.write(line)
            for name in ("id.orig_h", "id.resp_h"):
                if name in rec:
                    seen.add(str(rec[name]))


def cut_log(src, dst, t0, t1, seen):
    if not src.endswith(".log"):
        shutil.copyfile(src, dst)  # not a log (a ransom note, a STIX bundle): as it is
        return
    with open(src, encoding="utf-8", errors="surrogateescape") as f:
        first = f.readline()
    if first.startswith("{"):
        cut_json(src, dst, t0, t1, seen)
    else:
        cut_tsv(src, dst, t0, t1, seen)


def slice_truth(truth, t0, t1, seen_by_org):
    out = dict(truth)
    out["start"] = t0
    out["hours"] = (t1 - t0) / 3600
    kept = []
    for c in truth.get("compromised", []):
        if c["last"] < t0 or c["first"] >= t1:
            continue
        if c["host"] not in seen_by_org.get(c["org"], set()):
            continue
        c = dict(c)
        c["first"], c["last"] = max(c["first"], t0), min(c["last"], t1)
        kept.append(c)
    out["compromised"] = kept
    hosts = {(c["org"], c["host"]) for c in kept}
    out["implants"] = [i for i in truth.get("implants", []) if (i["org"], i["host"]) in hosts]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("world")
    ap.add_argument("out")
    ap.add_argument("--start-min", type=float, required=True, help="minutes after the world's start")
    ap.add_argument("--minutes", type=float, required=True, help="length of the slice")
    a = ap.parse_args()
    if a.minutes <= 0 or a.start_min < 0:
        sys.exit("slice-world: --minutes must be > 0 and --start-min >= 0")
    with open(os.path.join(a.world, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    t0 = truth["start"] + a.start_min * 60
    t1 = t0 + a.minutes * 60
    os.makedirs(a.out, exist_ok=True)
    seen_by_org = {}
    for org in sorted(os.listdir(a.world)):
        src = os.path.join(a.world, org)
        if org == "intel":
            link = os.path.join(a.out, "intel")
            if not os.path.lexists(link):
                os.symlink(os.path.abspath(src), link)
            continue
        if not os.path.isdir(src):
            continue
        seen = seen_by_org.setdefault(org, set())
        for root, _, files in os.walk(src):
            rel = os.path.relpath(root, src)
            os.makedirs(os.path.join(a.out, org, rel), exist_ok=True)
            for name in sorted(files):
                cut_log(os.path.join(root, name), os.path.join(a.out, org, rel, name), t0, t1, seen)
    sliced = slice_truth(truth, t0, t1, seen_by_org)
    with open(os.path.join(a.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(sliced, f, indent=1)
    print(f"slice [{t0:.0f}, {t1:.0f}) {a.minutes:g} min: {len(sliced['compromised'])} compromised host(s) of "
          f"{len(truth.get('compromised', []))}")


if __name__ == "__main__":
    main()
