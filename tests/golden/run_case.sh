#!/usr/bin/env bash
# Runs one golden case: tests/golden/<case>/ holds
#   orgs/                  the hunt ROOT (one sub-folder per organisation)
#   intel/, warninglists/  feeds and warninglists (optional)
#   config.ini             org config (optional)
#   args                   extra command-line arguments, one line (optional)
#   default_warninglists   present: the never-flag set stays on (cases must then
#                          only rely on its built-in part, which every build has);
#                          absent: the hunt runs with --no-default-warninglists
#   expected/findings.jsonl   the exact expected findings
#   expected/campaigns.json   the exact expected campaigns (optional)
#   expected/incidents.json   the exact expected incidents (optional; orgs/<org>/incidents/ hold the reports)
#   expected/exit_code        expected exit code (optional, default 0)
#   expected/run.json.contains  fragments that must appear in run.json, one a line (optional)
#   expected/stderr.contains    fragments that must appear on stderr (optional)
#   expected/orgs/ORG/FILE.contains, FILE.lacks  fragments that must (not) appear
#                          in OUT/orgs/ORG/FILE (cases whose args hold --split-by-org)
# The hunt runs inside the case folder with relative paths, so evidence paths
# are the same on every machine. UPDATE_GOLDEN=1 rewrites expected/findings.jsonl
# (review the diff before committing it).
set -euo pipefail
dragnet=$(readlink -f "$1")
case_dir=$2
cd "$case_dir"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(hunt orgs --out "$out" --threads 2 --no-progress)
[ -d intel ] && args+=(--intel intel)
[ -d warninglists ] && args+=(--warninglist warninglists)
[ -f config.ini ] && args+=(--config config.ini)
[ -f default_warninglists ] || args+=(--no-default-warninglists)
if [ -f args ]; then read -ra extra < args; args+=("${extra[@]}"); fi
rc=0
"$dragnet" "${args[@]}" > "$out/stdout" 2> "$out/stderr" || rc=$?
expected_rc=$(cat expected/exit_code 2>/dev/null || echo 0)
if [ "$rc" != "$expected_rc" ]; then
  echo "exit code $rc, expected $expected_rc"; cat "$out/stderr"; exit 1
fi
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$out/findings.jsonl" expected/findings.jsonl
  if [ "$(cat "$out/campaigns.json")" != "[]" ]; then cp "$out/campaigns.json" expected/campaigns.json; fi
  if [ "$(cat "$out/incidents.json")" != "[]" ]; then cp "$out/incidents.json" expected/incidents.json; fi
fi
diff -u expected/findings.jsonl "$out/findings.jsonl"
if [ -f expected/campaigns.json ]; then diff -u expected/campaigns.json "$out/campaigns.json"; fi
if [ -f expected/incidents.json ]; then diff -u expected/incidents.json "$out/incidents.json"; fi
fail=0
if [ -f expected/run.json.contains ]; then
  while IFS= read -r frag; do
    [ -z "$frag" ] && continue
    grep -qF -- "$frag" "$out/run.json" || { echo "run.json lacks: $frag"; fail=1; }
  done < expected/run.json.contains
fi
if [ -f expected/stderr.contains ]; then
  while IFS= read -r frag; do
    [ -z "$frag" ] && continue
    grep -qF -- "$frag" "$out/stderr" || { echo "stderr lacks: $frag"; fail=1; }
  done < expected/stderr.contains
fi
for spec in expected/orgs/*/*.contains expected/orgs/*/*.lacks; do
  [ -f "$spec" ] || continue
  org=$(basename "$(dirname "$spec")")
  name=$(basename "$spec")
  file="$out/orgs/$org/${name%.*}"
  [ -f "$file" ] || { echo "missing: orgs/$org/${name%.*}"; fail=1; continue; }
  while IFS= read -r frag; do
    [ -z "$frag" ] && continue
    if [ "${name##*.}" = contains ]; then
      grep -qF -- "$frag" "$file" || { echo "orgs/$org/${name%.*} lacks: $frag"; fail=1; }
    else
      ! grep -qF -- "$frag" "$file" || { echo "orgs/$org/${name%.*} holds: $frag"; fail=1; }
    fi
  done < "$spec"
done
if [ $fail != 0 ]; then echo "--- run.json"; cat "$out/run.json"; echo "--- stderr"; cat "$out/stderr"; exit 1; fi
echo "golden $(basename "$case_dir"): ok ($(wc -l < expected/findings.jsonl) findings)"
