#!/usr/bin/env bash
# Golden test of identifier extraction on a dozen real ransom notes from
# ../shared/data/ransomware/notes (listed in notes.txt): the exact identifiers
# of each, in expected.jsonl. Skips (exit 77) when the shared data is absent.
# UPDATE_GOLDEN=1 rewrites expected.jsonl (review the diff).
set -euo pipefail
dragnet=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
notes="$here/../../../shared/data/ransomware/notes"
galaxy="$here/../../../shared/data/intel/misp-galaxy/ransomware.json"
if [ ! -d "$notes" ] || [ ! -f "$galaxy" ]; then
  echo "skipped: $notes or $galaxy not present"
  exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cd "$notes"
files=()
while IFS= read -r f; do files+=("$f"); done < "$here/notes.txt"
"$dragnet" incident extract --ransomware-families "$galaxy" "${files[@]}" > "$out"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$out" "$here/expected.jsonl"; fi
diff -u "$here/expected.jsonl" "$out"
echo "incident notes: ok ($(wc -l < "$out") notes)"
