#!/usr/bin/env bash
# make demo: the main job on the built-in dataset. `dragnet demo` simulates
# about 40 organisations for 24 h (seeded), hunts them with the seed intel,
# scores the findings against the simulation's truth and says where the
# report is.
set -euo pipefail
cd "$(dirname "$0")/.."
exec build/dragnet demo --out demo-out "$@"
