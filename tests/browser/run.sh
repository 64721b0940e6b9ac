#!/usr/bin/env bash
# The browser test: builds the demo's report, installs playwright-core from
# npm (the only download besides Debian packages) into BUILD/browser-test,
# and drives Debian's Chromium headless with the network off
# (report.test.mjs). Then a 200-organisation world hunted down to score 0
# (~76,000 findings, the report keeps the 10,000 highest) for the load time
# and the pager. Screenshots land in BUILD/browser-test/artifacts.
set -euo pipefail
dragnet=$(readlink -f "$1")
work=$(readlink -f "$2")/browser-test
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x /usr/bin/chromium ] || ! command -v npm > /dev/null; then
  echo "chromium or npm missing: run scripts/install-deps.sh"; exit 1
fi
mkdir -p "$work"
cp "$here/package.json" "$here/report.test.mjs" "$work/"
if [ ! -d "$work/node_modules/playwright-core" ]; then
  (cd "$work" && npm install --no-audit --no-fund --loglevel=error)
fi
out="$work/demo"
rm -rf "$out"
"$dragnet" demo --out "$out" > "$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
large="$work/large"
rm -rf "$large" "$work/world200"
"$dragnet" simulate --orgs 200 --hours 4 --hosts-per-org 10 --seed 7 --out "$work/world200" > "$work/large.log" 2>&1 &&
  "$dragnet" hunt "$work/world200" --intel "$work/world200/intel" --min-score 0 --out "$large" >> "$work/large.log" 2>&1 ||
  { cat "$work/large.log"; exit 1; }
rm -rf "$work/world200"
node "$work/report.test.mjs" "$out" "$work/artifacts" "$large"
