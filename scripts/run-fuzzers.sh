#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, seeded from
# fuzz/corpus/<target>/ and tests data. A crash fails the run and leaves the
# reproducer in build-fuzz/crashes/.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$build/crashes"
status=0
for target in "$build"/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus="$build/corpus/$name"
  mkdir -p "$corpus"
  seeds=()
  [ -d "$root/fuzz/corpus/$name" ] && seeds+=("$root/fuzz/corpus/$name")
  # -timeout: an input that takes over 5 s is a hang, and fails the run.
  if "$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="$build/crashes/$name-" "$corpus" "${seeds[@]}" > "$build/$name.log" 2>&1; then
    runs=$(grep -o 'Done [0-9]* runs' "$build/$name.log" | tail -1 || true)
    echo "fuzz $name: ok (${runs:-ran} in ${seconds}s)"
  else
    echo "fuzz $name: FAILED"; tail -30 "$build/$name.log"; status=1
  fi
done
exit $status
