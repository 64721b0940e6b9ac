#!/usr/bin/env bash
# The demo's STIX bundle against the STIX 2.1 JSON schemas (validate.py).
# Skips (exit 77) when ../shared/data/stix21-schemas is absent.
set -euo pipefail
dragnet=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
schemas="$here/../../../shared/data/stix21-schemas/schemas"
if [ ! -d "$schemas" ]; then echo "skipped: $schemas not present"; exit 77; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$dragnet" demo --out "$out" > "$out/demo.log" 2>&1 || { cat "$out/demo.log"; exit 1; }
# Debian's interpreter and python3-jsonschema (scripts/install-deps.sh).
/usr/bin/python3 "$here/validate.py" "$schemas" "$out/stix-bundle.json"
