#!/usr/bin/env bash
# The precision figures of docs/findings.md: simulated worlds (one per seed x
# duration) hunted with their seed intel, then per world the false findings at
# or above `medium` per 1,000 benign hosts, the precision of each severity
# (findings at that severity on compromised hosts / all at that severity),
# host recall at >= low and >= medium, and the campaign that holds the most
# compromised orgs (share of them, purity).
#
# usage: scripts/precision-table.sh [DRAGNET]
#   SEEDS="11 12 13" HOURS="24 168" ORGS=30 HOSTS=50 SIM_ARGS="--benign catalogue"
#   WORK=/tmp/dragnet-precision (worlds are kept there: delete it when done)
# A Markdown table on stdout; the per-world figures as JSON lines in WORK/rows.jsonl.
set -euo pipefail
dragnet=$(readlink -f "${1:-build/dragnet}")
SEEDS=${SEEDS:-"11 12 13"}
HOURS=${HOURS:-"24 168"}
ORGS=${ORGS:-30}
HOSTS=${HOSTS:-50}
SIM_ARGS=${SIM_ARGS:-}
WORK=${WORK:-/tmp/dragnet-precision}
mkdir -p "$WORK"
: > "$WORK/rows.jsonl"
for hours in $HOURS; do
  for seed in $SEEDS; do
    w="$WORK/s$seed-h$hours"
    if [ ! -f "$w/world/truth.json" ]; then
      # shellcheck disable=SC2086
      "$dragnet" simulate --orgs "$ORGS" --hosts-per-org "$HOSTS" --hours "$hours" --seed "$seed" $SIM_ARGS \
        --out "$w/world" > /dev/null
    fi
    rm -rf "$w/out"
    "$dragnet" hunt "$w/world" --intel "$w/world/intel" --out "$w/out" --quiet --no-progress
    "$dragnet" eval --truth "$w/world/truth.json" --findings "$w/out/findings.jsonl" \
      --campaigns "$w/out/campaigns.json" --json "$w/eval.json" > /dev/null
    /usr/bin/python3 - "$w" "$seed" "$hours" >> "$WORK/rows.jsonl" <<'PY'
import json, sys
w, seed, hours = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
truth = json.load(open(f"{w}/world/truth.json"))
ev = json.load(open(f"{w}/eval.json"))
bad = {(c["org"], c["host"]) for c in truth["compromised"]}
findings = [json.loads(l) for l in open(f"{w}/out/findings.jsonl") if l.strip()]
order = ["info", "low", "medium", "high", "critical"]
row = {"seed": seed, "hours": hours, "benign_hosts": ev["benign_hosts"], "compromised_hosts": len(bad)}
for sev in order:
    at = [f for f in findings if f["severity"] == sev]
    tp = sum((f["org"], f["host"]) in bad for f in at)
    row[sev] = [tp, len(at)]
fp_medium = sum(1 for f in findings if order.index(f["severity"]) >= 2 and (f["org"], f["host"]) not in bad)
row["fp_medium_per_1000"] = round(1000 * fp_medium / max(1, ev["benign_hosts"]), 2)
for floor in ("low", "medium"):
    found = {(f["org"], f["host"]) for f in findings if order.index(f["severity"]) >= order.index(floor)}
    row[f"recall_{floor}"] = round(len(found & bad) / max(1, len(bad)), 3)
camp = ev.get("campaigns", {})
row["campaign_share"] = camp.get("compromised_org_share", 0)
row["campaign_purity"] = camp.get("purity", 0)
# The main campaign's hosts (truth roles other than the technique variants of
# `simulate --variants`, which recall per technique measures).
variant = ("failed_c2", "fast_c2", "dga_failover", "stager", "brute_force", "scan", "remote_exec", "inbound")
classic = {(c["org"], c["host"]) for c in truth["compromised"] if not any(r.startswith(variant) for r in c["roles"])}
found = {(f["org"], f["host"]) for f in findings if order.index(f["severity"]) >= 2}
row["recall_main_medium"] = round(len(found & classic) / max(1, len(classic)), 3)
print(json.dumps(row))
PY
  done
done
/usr/bin/python3 - "$WORK/rows.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def prec(tp_n):
    tp, n = tp_n
    return f"{tp / n:.2f} ({tp}/{n})" if n else "-"
print("| seed | hours | benign hosts | FP >= medium / 1,000 benign | critical | high | medium | low | recall >= low | recall >= medium | main campaign recall >= medium | campaign share / purity |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['seed']} | {r['hours']} | {r['benign_hosts']} | {r['fp_medium_per_1000']} | {prec(r['critical'])} | "
          f"{prec(r['high'])} | {prec(r['medium'])} | {prec(r['low'])} | {r['recall_low']} | {r['recall_medium']} | "
          f"{r['recall_main_medium']} | "
          f"{r['campaign_share']:.2f} / {r['campaign_purity']:.2f} |")
PY
