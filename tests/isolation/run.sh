#!/usr/bin/env bash
# Per-org outputs (hunt --split-by-org) hold nothing of other organisations
# (check_isolation.py): on the intel_org_isolation golden world, then on a
# small simulated world of six organisations with their hidden campaign.
set -euo pipefail
dragnet=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
golden="$here/../golden/intel_org_isolation"
(cd "$golden" && "$dragnet" hunt orgs --intel intel --split-by-org --out "$out/golden" --threads 2 --no-progress --quiet)
/usr/bin/python3 "$here/check_isolation.py" "$golden/orgs" "$out/golden"
"$dragnet" simulate --orgs 6 --hosts-per-org 15 --hours 6 --seed 11 --out "$out/world" > /dev/null
"$dragnet" hunt "$out/world" --intel "$out/world/intel" --split-by-org --out "$out/hunt" --threads 2 --no-progress --quiet
/usr/bin/python3 "$here/check_isolation.py" "$out/world" "$out/hunt"
