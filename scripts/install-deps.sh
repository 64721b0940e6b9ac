#!/usr/bin/env bash
# Installs the Debian packages Dragnet builds and tests with. Idempotent: it asks
# apt only for what dpkg does not already list as installed, so a second run is a
# no-op that needs neither network nor root.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  clang-14 libclang-rt-14-dev          # libFuzzer targets
  libsimdjson-dev                      # Zeek JSON logs, STIX/MISP feeds
  libisal-dev zlib1g-dev libzstd-dev   # .gz (isa-l, zlib fallback) and .zst input
  libpsl-dev publicsuffix              # registered domains (Public Suffix List)
  libabsl-dev                          # flat hash maps
  libre2-dev                           # warninglist regexes in linear time (no ReDoS)
  libxxhash-dev                        # stable 64-bit hashes for distinct counting (same result every run)
  libcrypto++-dev                      # SHA-256, SHA3-256, Keccak-256: Bitcoin, onion v3 and Monero address checksums
  libcli11-dev libfmt-dev              # command line, formatting
  libgtest-dev libgmock-dev libbenchmark-dev
  gzip zstd time bc                    # benchmarks: zcat | wc -l, /usr/bin/time for RSS, bc
  python3-jsonschema                   # tests: the STIX bundle against the STIX 2.1 JSON schemas
  chromium nodejs                      # tests: the HTML report in a headless browser (playwright-core from npm)
)

# npm comes with some Node builds (NodeSource) and is its own package in
# Debian's: ask for it only when there is none.
command -v npm > /dev/null || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
