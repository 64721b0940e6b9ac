#!/usr/bin/env bash
# make demo: generate a multi-organisation Zeek dataset with planted intrusions,
# hunt it against its intel feed plus the shared public feeds (when present),
# and show where the report is.
set -euo pipefail
cd "$(dirname "$0")/.."
out=demo-out
data=$out/world
rm -rf "$out"
mkdir -p "$out"
echo "== generating 6 organisations of Zeek logs (conn, dns, ssl; gzip, overlapping 10.0.0.0/16 plans)"
build/bench/gen_bench_world "$data" --orgs 6 --hosts 150 --mb-per-org 20 --gzip --seed 7
intel=(--intel "$data/intel")
lists=()
if [ -d ../shared/data/intel/maltrail ]; then
  intel+=(--intel ../shared/data/intel/maltrail --intel ../shared/data/intel/zeek-intel)
  lists+=(--warninglist ../shared/data/intel/misp-warninglists/lists)
else
  echo "(../shared/data absent: hunting with the generated feed only)"
fi
echo "== hunting"
build/dragnet hunt "$data/orgs" "${intel[@]}" "${lists[@]}" --out "$out" --no-progress
echo
echo "== first findings (of $(wc -l < "$out/findings.jsonl")):"
head -n 3 "$out/findings.jsonl"
echo
echo "report: $out/findings.jsonl (one finding a line), $out/run.json (what was read and loaded)"
