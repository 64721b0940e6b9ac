#!/usr/bin/env python3
"""Runs one real-data case: hunts real public logs from ../shared/data and
checks which hosts must and must not be flagged (tests/realdata/README.md).

usage: run_case.py DRAGNET CASE_DIR [SHARED_DATA_DIR]
Exit 0 when every expectation holds, 1 when one does not (each failure is
printed with its line), 77 (skip) when the case's data is absent, 2 on a
malformed case file.
"""
import ipaddress
import json
import os
import shlex
import subprocess
import sys
import tempfile

SEVERITIES = ["info", "low", "medium", "high", "critical"]


class CaseError(Exception):
    pass


def rank(severity):
    if severity not in SEVERITIES:
        raise CaseError(f"unknown severity '{severity}' (one of {', '.join(SEVERITIES)})")
    return SEVERITIES.index(severity)


def host_matches(pattern, host):
    """A host pattern is an address or a network (CIDR)."""
    if "/" in pattern:
        try:
            return ipaddress.ip_address(host) in ipaddress.ip_network(pattern, strict=False)
        except ValueError:
            return False
    return pattern == host


def at_least(findings, severity):
    floor = rank(severity)
    return [f for f in findings if rank(f["severity"]) >= floor]


def describe(f):
    return f"{f['org']} {f['host']} {f['detector']} {f['severity']} {f['score']} {f['indicators'][:2]}"


# Each check takes the findings and its arguments and returns None when it
# holds, else a sentence saying what was found instead.
def check_flag(findings, org, host, detector="*", severity="low"):
    hits = [f for f in at_least(findings, severity)
            if f["org"] == org and host_matches(host, f["host"]) and detector in ("*", f["detector"])]
    return None if hits else f"no finding >= {severity} on {org} {host} ({detector})"


def check_quiet(findings, org, host, severity="medium"):
    hits = [f for f in at_least(findings, severity) if f["org"] == org and host_matches(host, f["host"])]
    return None if not hits else f"{len(hits)} finding(s) >= {severity}, first: {describe(hits[0])}"


def check_quiet_indicator(findings, value, severity="low"):
    def listed(f):
        return any(i == value or (("/" in value) and host_matches(value, i)) for i in f["indicators"])
    hits = [f for f in at_least(findings, severity) if listed(f)]
    return None if not hits else f"{len(hits)} finding(s) >= {severity} name {value}, first: {describe(hits[0])}"


def check_quiet_detector(findings, detector, severity="medium"):
    hits = [f for f in at_least(findings, severity) if f["detector"] == detector]
    return None if not hits else f"{len(hits)} {detector} finding(s) >= {severity}, first: {describe(hits[0])}"


def check_count(findings, detector, severity, low, high):
    n = len([f for f in at_least(findings, severity) if detector in ("*", f["detector"])])
    return None if int(low) <= n <= int(high) else f"{n} {detector} finding(s) >= {severity}, wanted {low}..{high}"


def ordered(findings):
    return sorted(findings, key=lambda f: (-rank(f["severity"]), -f["score"]))


def check_top(findings, n, org, host, detector="*"):
    top = ordered(findings)[: int(n)]
    hits = [f for f in top if f["org"] == org and host_matches(host, f["host"]) and detector in ("*", f["detector"])]
    if hits:
        return None
    return f"{org} {host} ({detector}) not among the top {n}; top: " + "; ".join(describe(f) for f in top[:3])


CHECKS = {
    "flag": (check_flag, 2, 4),
    "quiet": (check_quiet, 2, 3),
    "quiet-indicator": (check_quiet_indicator, 1, 2),
    "quiet-detector": (check_quiet_detector, 1, 2),
    "count": (check_count, 4, 4),
    "top": (check_top, 3, 4),
}


def parse(case_file):
    needs, hunt, expectations = [], None, []
    with open(case_file, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            text = line.split(" #")[0].strip() if not line.lstrip().startswith("#") else ""
            reason = line.split(" #", 1)[1].strip() if " #" in line else ""
            if not text:
                continue
            words = shlex.split(text)
            where = f"{case_file}:{number}"
            if words[0] == "need":
                needs += words[1:]
            elif words[0] == "hunt":
                hunt = words[1:]
            else:
                xfail = words[0] == "xfail"
                if xfail:
                    words = words[1:]
                    if not reason:
                        raise CaseError(f"{where}: an xfail says why after '#'")
                if not words or words[0] not in CHECKS:
                    raise CaseError(f"{where}: unknown expectation '{text}'")
                check, least, most = CHECKS[words[0]]
                if not least <= len(words) - 1 <= most:
                    raise CaseError(f"{where}: {words[0]} takes {least} to {most} arguments")
                expectations.append((where, xfail, reason, words))
    if hunt is None:
        raise CaseError(f"{case_file}: no 'hunt' line")
    return needs, hunt, expectations


def main():
    dragnet, case_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    data = os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "..", "shared", "data"))
    try:
        needs, hunt, expectations = parse(os.path.join(case_dir, "case"))
    except CaseError as e:
        print(e, file=sys.stderr)
        return 2
    missing = [n for n in needs if not os.path.exists(os.path.join(data, n))]
    if missing:
        print(f"skipped: shared data absent ({', '.join(missing)} under {data})")
        return 77
    with tempfile.TemporaryDirectory() as out:
        args = [a.replace("$DATA", data).replace("$CASE", case_dir) for a in hunt]
        cmd = [dragnet, "hunt", *args, "--out", os.path.join(out, "out"), "--no-progress", "--quiet"]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode not in (0, 4):
            print(f"hunt failed ({run.returncode}): {' '.join(cmd)}\n{run.stderr}", file=sys.stderr)
            return 1
        with open(os.path.join(out, "out", "findings.jsonl"), encoding="utf-8") as f:
            findings = [json.loads(line) for line in f if line.strip()]
    print(f"{len(findings)} findings; by severity: " +
          ", ".join(f"{s} {len([f for f in findings if f['severity'] == s])}" for s in reversed(SEVERITIES)))
    for f in ordered(findings)[:20]:
        print("  " + describe(f))
    failures = 0
    for where, xfail, reason, words in expectations:
        check = CHECKS[words[0]][0]
        try:
            problem = check(findings, *words[1:])
        except CaseError as e:
            print(f"{where}: {e}", file=sys.stderr)
            return 2
        if xfail and problem:
            print(f"{where}: known gap ({reason}): {problem}")
        elif xfail:
            print(f"{where}: UNEXPECTED PASS of an xfail ({reason}): remove the xfail")
            failures += 1
        elif problem:
            print(f"{where}: FAILED {' '.join(words)}: {problem}")
            failures += 1
        else:
            print(f"{where}: ok {' '.join(words)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
