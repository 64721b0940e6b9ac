#!/usr/bin/env python3
"""scripts/slice-world.py on a small simulated world: every kept record lies in
the slice, every header line is kept, the records in the slice are all kept,
and the truth keeps exactly the compromised hosts active in the slice and seen
in its logs. usage: run.py DRAGNET"""
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
slicer = os.path.join(here, "..", "..", "scripts", "slice-world.py")
dragnet = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


with tempfile.TemporaryDirectory() as tmp:
    world, out = os.path.join(tmp, "world"), os.path.join(tmp, "slice")
    subprocess.run([dragnet, "simulate", "--orgs", "3", "--hosts-per-org", "12", "--hours", "2", "--seed", "7",
                    "--benign", "catalogue", "--out", world], check=True, stdout=subprocess.DEVNULL)
    truth = json.load(open(os.path.join(world, "truth.json")))
    r = subprocess.run([sys.executable, slicer, world, out, "--start-min", "30", "--minutes", "20"], check=True,
                       capture_output=True, text=True)
    check("20 min" in r.stdout, "summary line: " + r.stdout)
    t0, t1 = truth["start"] + 1800, truth["start"] + 3000
    seen, kept_rows = {}, 0
    for org in sorted(os.listdir(world)):
        if not os.path.isdir(os.path.join(world, org)) or org == "intel":
            continue
        for name in sorted(os.listdir(os.path.join(world, org))):
            if not name.endswith(".log"):
                path = os.path.join(world, org, name)
                if os.path.isfile(path):
                    check(open(path, "rb").read() == open(os.path.join(out, org, name), "rb").read(),
                          f"{org}/{name}: not a log, copied as it is")
                continue
            src = open(os.path.join(world, org, name)).read().splitlines()
            dst = open(os.path.join(out, org, name)).read().splitlines()
            check([l for l in src if l.startswith("#")] == [l for l in dst if l.startswith("#")],
                  f"{org}/{name}: header and footer lines kept")
            want = [l for l in src if not l.startswith("#") and t0 <= float(l.split("\t")[0]) < t1]
            got = [l for l in dst if not l.startswith("#")]
            check(got == want, f"{org}/{name}: exactly the records in the slice, in order ({len(got)} vs {len(want)})")
            kept_rows += len(got)
            fields = next(l for l in src if l.startswith("#fields")).split("\t")[1:]
            for l in got:
                cols = l.split("\t")
                for f in ("id.orig_h", "id.resp_h"):
                    if f in fields:
                        seen.setdefault(org, set()).add(cols[fields.index(f)])
    check(kept_rows > 0, "the slice holds records")
    check(os.path.islink(os.path.join(out, "intel")), "intel linked")
    sliced = json.load(open(os.path.join(out, "truth.json")))
    check(sliced["start"] == t0 and abs(sliced["hours"] - 20 / 60) < 1e-9, "truth start and hours are the slice's")
    want_hosts = sorted((c["org"], c["host"]) for c in truth["compromised"]
                        if c["last"] >= t0 and c["first"] < t1 and c["host"] in seen.get(c["org"], set()))
    got_hosts = sorted((c["org"], c["host"]) for c in sliced["compromised"])
    check(got_hosts == want_hosts, f"compromised hosts active in the slice: {got_hosts} vs {want_hosts}")
    check(len(got_hosts) < len(truth["compromised"]), "hosts active only outside the slice are dropped")
    check(all(t0 <= c["first"] <= c["last"] <= t1 for c in sliced["compromised"]), "activity clipped to the slice")
    check(sliced["orgs"] == truth["orgs"], "benign roles kept")
    bad = subprocess.run([sys.executable, slicer, world, out, "--start-min", "0", "--minutes", "0"],
                         capture_output=True, text=True)
    check(bad.returncode != 0, "--minutes 0 refused")

for f in failures:
    print("FAIL:", f)
print("slice_world:", "ok" if not failures else f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
