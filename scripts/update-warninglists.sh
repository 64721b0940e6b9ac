#!/usr/bin/env bash
# Refreshes the MISP warninglists installed with Dragnet from a checkout of
# https://github.com/MISP/misp-warninglists (the list set is
# src/intel/never_flag/misp_lists.txt; docs/detectors/intel.md says why).
#   scripts/update-warninglists.sh CHECKOUT [DEST]
# DEST defaults to build/share/dragnet/warninglists (next to build/dragnet);
# for an installed dragnet give PREFIX/share/dragnet/warninglists.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
checkout=${1:?usage: $0 MISP-WARNINGLISTS-CHECKOUT [DEST]}
dest=${2:-$here/build/share/dragnet/warninglists}
src=$checkout
[ -d "$checkout/lists" ] && src=$checkout/lists
[ -d "$src" ] || { echo "no such folder: $src" >&2; exit 2; }
cmake -DSRC="$(cd "$src" && pwd)" -DDEST="$dest" -DNAMES="$here/src/intel/never_flag/misp_lists.txt" \
  -P "$here/scripts/install_warninglists.cmake"
