#!/usr/bin/env python3
"""Per-org outputs hold nothing learnt only from other orgs' logs.

usage: check_isolation.py ROOT OUT

ROOT is a hunt root (one folder per organisation), OUT the output folder of
`dragnet hunt ROOT --split-by-org --out OUT`. For every organisation, the
addresses and domain names in its logs are collected (values of TSV and JSON
records, not field names); those that occur only in other organisations'
logs must not occur in any file of OUT/orgs/ORG/, and neither may another
organisation's name, nor an ATT&CK technique none of the org's own findings
(OUT/orgs/ORG/findings.jsonl) carries. Tokens are compared whole (10.0.1.5
is not inside 10.0.1.50). Exits 1 and lists every leak."""
import gzip
import ipaddress
import json
import os
import re
import sys

SPLIT = re.compile(r"[^A-Za-z0-9.:_-]+")
DOMAIN = re.compile(r"(?:[a-z0-9_-]+\.)+[a-z][a-z0-9-]*[a-z]")
TECHNIQUE = re.compile(r"(?<![A-Za-z0-9])T\d{4}(?:\.\d{3})?(?![0-9])")


def tokens(text, out):
    """Adds the addresses (canonical text) and domain names (lower case) in `text`."""
    for raw in SPLIT.split(text):
        t = raw.strip(".:-_")
        if not t:
            continue
        try:
            out.add(str(ipaddress.ip_address(t)))
            continue
        except ValueError:
            pass
        low = t.lower()
        if "." in low and DOMAIN.fullmatch(low):
            out.add(low)


def values(obj, out):
    if isinstance(obj, dict):
        for v in obj.values():
            values(v, out)
    elif isinstance(obj, list):
        for v in obj:
            values(v, out)
    elif isinstance(obj, str):
        tokens(obj, out)


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return ""  # a damaged archive: what the hunt read of it is not known here
    return data.decode("utf-8", "replace")


def log_tokens(folder):
    out = set()
    for base, _, names in os.walk(folder):
        for name in names:
            for line in read_text(os.path.join(base, name)).splitlines():
                if not line or line.startswith("#"):
                    continue
                if line.startswith("{"):
                    try:
                        values(json.loads(line), out)
                        continue
                    except ValueError:
                        pass
                for field in line.split("\t"):
                    tokens(field, out)
    return out


def main():
    root, out = sys.argv[1], sys.argv[2]
    orgs = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and d in os.listdir(os.path.join(out, "orgs")))
    if len(orgs) < 2:
        print("need at least two organisations with per-org outputs, found %s" % orgs)
        return 1
    seen = {org: log_tokens(os.path.join(root, org)) for org in orgs}
    leaks = 0
    for org in orgs:
        others = set().union(*(seen[o] for o in orgs if o != org)) - seen[org]
        folder = os.path.join(out, "orgs", org)
        own_techniques = set()
        for line in read_text(os.path.join(folder, "findings.jsonl")).splitlines():
            own_techniques.update(json.loads(line).get("attack", []))
        for name in sorted(os.listdir(folder)):
            text = read_text(os.path.join(folder, name))
            found = set()
            tokens(text, found)
            for t in sorted(found & others):
                print("%s/%s: %s (only in other organisations' logs)" % (org, name, t))
                leaks += 1
            for t in sorted(set(TECHNIQUE.findall(text)) - own_techniques):
                print("%s/%s: technique %s, in none of its own findings" % (org, name, t))
                leaks += 1
            for other in orgs:
                if other != org and other not in org and re.search(r"(?<![A-Za-z0-9_-])%s(?![A-Za-z0-9_-])" % re.escape(other), text):
                    print("%s/%s: names organisation %s" % (org, name, other))
                    leaks += 1
        print("%s: %d values only other organisations' logs hold, checked" % (org, len(others)))
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
