#!/usr/bin/env bash
# Precision and recall on short windows (incident-response slices): per seed a
# 24-hour catalogue world and a 1-hour one; the 24-hour world cut with
# scripts/slice-world.py into six routine 20-minute slices (hours 1, 5, 9, 13,
# 17, 21), 20- and 60-minute slices from 2 minutes before each stage of the
# campaign (truth.json ransomware t_*), and 2/4/6/8/12-hour slices from hours
# 0, 6, 12, 18 (those that fit in the day). Each window is hunted with its seed
# intel; per group of windows: benign findings >= medium by detector (and how
# many are high or critical), and per truth role how many hosts were flagged
# at any severity and at a verdict >= medium.
#
# usage: scripts/short-windows.sh [DRAGNET]
#   SEEDS="31 32 33" (benign seed = seed + 470) ORGS=12 HOSTS=30 TAG=out
#   WORK=/tmp/dragnet-short-windows (worlds and slices are kept: delete it when done)
set -euo pipefail
dragnet=$(readlink -f "${1:-build/dragnet}")
slicer=$(readlink -f "$(dirname "$0")/slice-world.py")
SEEDS=${SEEDS:-"31 32 33"}
ORGS=${ORGS:-12}
HOSTS=${HOSTS:-30}
TAG=${TAG:-out}
WORK=${WORK:-/tmp/dragnet-short-windows}
mkdir -p "$WORK"
cd "$WORK"
windows=()
slice() {  # slice SEED NAME START_MIN MINUTES
  local d="s$1-$2"
  [ -f "$d/world/truth.json" ] || python3 "$slicer" "w$1/world" "$d/world" --start-min "$3" --minutes "$4" > /dev/null
  windows+=("$d")
}
for s in $SEEDS; do
  b=$((s + 470))
  for h in 24 1; do
    w=w$s; [ "$h" = 1 ] && w=h1-$s
    [ -f "$w/world/truth.json" ] || "$dragnet" simulate --orgs "$ORGS" --hosts-per-org "$HOSTS" --hours "$h" --seed "$s" \
      --benign catalogue --benign-seed "$b" --out "$w/world" > /dev/null
  done
  windows+=("h1-$s")
  for m in 60 300 540 780 1020 1260; do slice "$s" "routine20-$m" "$m" 20; done
  for k in $(python3 -c "import json; print(' '.join(sorted(k for k in json.load(open('w$s/world/truth.json'))['ransomware'] if k.startswith('t_'))))"); do
    m=$(python3 -c "import json; t=json.load(open('w$s/world/truth.json')); print(max(0, int((t['ransomware']['$k'] - t['start']) / 60) - 2))")
    slice "$s" "attack20-$k" "$m" 20
    slice "$s" "attack60-$k" "$m" 60
  done
  for h in 2 4 6 8 12; do
    for m in 0 360 720 1080; do [ $((m + h * 60)) -le 1440 ] && slice "$s" "hours$h-$m" "$m" $((h * 60)); done
  done
done
for d in "${windows[@]}"; do
  "$dragnet" hunt "$d/world" --intel "$d/world/intel" --out "$d/$TAG" --quiet --no-progress
done
python3 - "$TAG" "${windows[@]}" <<'PY'
import collections, json, sys
tag, dirs = sys.argv[1], sys.argv[2:]
sev = {'info': 0, 'low': 1, 'medium': 2, 'high': 3, 'critical': 4}
groups = collections.defaultdict(list)
for d in dirs:
    kind = 'hours1-world' if d.startswith('h1-') else d.split('-', 1)[1].split('-')[0]
    groups[kind].append(d)
for kind in sorted(groups):
    fp, fp_high, roles, benign = collections.Counter(), collections.Counter(), collections.defaultdict(lambda: [0, 0, 0]), 0
    for d in groups[kind]:
        truth = json.load(open(d + '/world/truth.json'))
        comp = {(c['org'], c['host']): c['roles'] for c in truth['compromised']}
        benign += sum(o['hosts'] for o in truth['orgs']) - len(comp)
        best = collections.defaultdict(int)
        for line in open(d + '/' + tag + '/findings.jsonl'):
            f = json.loads(line)
            k, s = (f['org'], f['host']), sev[f['severity']]
            best[k] = max(best[k], s, sev.get(f.get('verdict', 'info'), 0))
            if k not in comp and s >= 2:
                fp[f['detector']] += 1
                fp_high[f['detector']] += s >= 3
        for k, rs in comp.items():
            for r in rs:
                roles[r][0] += 1
                roles[r][1] += k in best
                roles[r][2] += best.get(k, 0) >= 2
    print(f'## {kind}: {len(groups[kind])} windows, {benign} benign host-windows')
    print('benign findings >= medium (high+):',
          ', '.join(f'{d} {n} ({fp_high[d]})' for d, n in sorted(fp.items())) or 'none')
    print('roles, hosts flagged at any severity / at >= medium / in the windows:',
          ', '.join(f'{r} {a}/{m}/{n}' for r, (n, a, m) in sorted(roles.items())))
PY
