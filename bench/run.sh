#!/usr/bin/env bash
# make bench: hunt throughput on generated Zeek conn/dns/ssl logs of about
# 1 GB per format (TSV, JSON, gzip TSV), each beside `wc -l` (and
# `zcat | wc -l` for gzip) on the same files in the same run, plus peak RSS;
# then the Google Benchmark micro-benchmarks. Results: bench/results/latest.md.
#
# BENCH_MB (default 1024): uncompressed MB per format. BENCH_RUNS (default 3):
# runs per measurement, the best is reported (the first run warms the cache).
# The hunt also loads the full Maltrail feed (~1.5M indicators) when
# ../shared/data is present, so lookups hit a realistic index.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${BENCH_MB:-1024}
RUNS=${BENCH_RUNS:-3}
ORGS=4
data=bench/data/mb$MB
results=bench/results
mkdir -p "$results"
gen=build/bench/gen_bench_world
dragnet=build/dragnet

per_org=$(( MB / ORGS ))
for fmt in tsv json gz; do
  dir=$data/$fmt
  [ -f "$dir/.done" ] && continue
  rm -rf "$dir"
  case $fmt in
    tsv) "$gen" "$dir" --orgs $ORGS --mb-per-org $per_org --seed 11 ;;
    json) "$gen" "$dir" --orgs $ORGS --mb-per-org $per_org --seed 11 --json ;;
    gz) "$gen" "$dir" --orgs $ORGS --mb-per-org $per_org --seed 11 --gzip ;;
  esac
  touch "$dir/.done"
done

intel=(--intel "$data/tsv/intel")
intel_note="planted feed only"
if [ -d ../shared/data/intel/maltrail ]; then
  intel+=(--intel ../shared/data/intel/maltrail)
  intel_note="planted feed + full Maltrail set"
fi

now() { date +%s.%N; }
best() { sort -g | head -1; }
json_field() { grep -o "\"$1\":[0-9.]*" "$2" | head -1 | cut -d: -f2; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
{
  echo "# make bench — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). Data: $ORGS orgs of generated Zeek conn/dns/ssl, ~$MB MB uncompressed per format; intel: $intel_note. Best of $RUNS warm runs; the hunt's MB/s is over the decompressed bytes it parsed, from run.json's read_seconds (intel loading excluded, reported separately). This table is the intel sweep (\`--detectors intel\`); what the behavioural detectors cost is in the index-size table and the simulated-world table below."
  echo
  echo "| format | files MB on disk | lines | wc -l FILES (gz: zcat FILES \\| wc -l) | hunt 1 thread | hunt 2 threads | lines/s (1 thread) | peak RSS (1 thread) | findings = planted? |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$out/table.md"

for fmt in tsv json gz; do
  dir=$data/$fmt
  files=$(find "$dir/orgs" -type f | sort)
  disk_mb=$(du -cm $files | tail -1 | cut -f1)
  cat $files > /dev/null  # warm the page cache
  # Reference: the hardware-ish limit of just counting lines.
  ref=()
  for r in $(seq "$RUNS"); do
    t0=$(now)
    if [ $fmt = gz ]; then lines=$(zcat $files | wc -l); else lines=$(wc -l $files | tail -1 | awk '{print $1}'); fi
    t1=$(now)
    ref+=("$(echo "$t1 - $t0" | bc -l)")
  done
  ref_s=$(printf '%s\n' "${ref[@]}" | best)
  inflate_note=""
  if [ $fmt = gz ]; then
    inf=()
    for r in $(seq "$RUNS"); do inf+=("$(build/bench/inflate_speed $files | cut -d' ' -f1)"); done
    inf_s=$(printf '%s\n' "${inf[@]}" | best)
    inflate_note="$inf_s"
  fi
  bytes=0
  declare -A hunt_s=()
  rss=0
  for threads in 1 2; do
    times=()
    for r in $(seq "$RUNS"); do
      /usr/bin/time -f "%M" -o "$out/rss" "$dragnet" hunt "$dir/orgs" "${intel[@]}" --threads $threads \
        --detectors intel --out "$out/o" --quiet --no-progress
      times+=("$(json_field read_seconds "$out/o/run.json")")
      bytes=$(json_field bytes "$out/o/run.json")
      [ $threads = 1 ] && rss=$(cat "$out/rss")
    done
    hunt_s[$threads]=$(printf '%s\n' "${times[@]}" | best)
  done
  # Correctness: every planted (org, host, indicator) is a finding.
  missing=0
  while IFS=$'\t' read -r org host ind; do
    grep -q "\"org\":\"$org\",\"host\":\"$host\",\"detector\":\"intel\",[^}]*\"indicators\":\\[\"$ind\"\\]" "$out/o/findings.jsonl" || missing=$((missing+1))
  done < "$dir/planted.tsv"
  planted=$(wc -l < "$dir/planted.tsv")
  mb=$(echo "$bytes / 1000000" | bc -l)
  ref_rate=$(echo "$mb / $ref_s" | bc -l)
  h1=$(echo "$mb / ${hunt_s[1]}" | bc -l)
  h2=$(echo "$mb / ${hunt_s[2]}" | bc -l)
  lps=$(echo "$lines / ${hunt_s[1]} / 1000000" | bc -l)
  printf '| %s | %d | %d | %.0f MB/s (%.2f s) | %.0f MB/s (%.2f s) | %.0f MB/s (%.2f s) | %.2f M | %d MB | %s |\n' \
    "$fmt" "$disk_mb" "$lines" "$ref_rate" "$ref_s" "$h1" "${hunt_s[1]}" "$h2" "${hunt_s[2]}" "$lps" $((rss / 1024)) \
    "$([ $missing = 0 ] && echo "yes ($planted/$planted)" || echo "NO: $missing of $planted missing")" >> "$out/table.md"
  if [ -n "$inflate_note" ]; then
    printf '\nisa-l inflate alone (build/bench/inflate_speed) on the gz files: %.0f MB/s (%.2f s) on one core.\n' \
      "$(echo "$mb / $inflate_note" | bc -l)" "$inflate_note" >> "$out/notes.md"
  fi
done
[ -f "$out/notes.md" ] && cat "$out/notes.md" >> "$out/table.md"

# The same TSV with smaller indexes: how much of the cost is index lookups.
{
  echo
  echo "TSV on one thread by index size (best of $RUNS):"
  echo
  echo "| intel | hunt 1 thread | lines/s |"
  echo "|---|---|---|"
} >> "$out/table.md"
tsv_files=$(find "$data/tsv/orgs" -type f | sort)
for variant in none planted behaviour; do
  cat $tsv_files > /dev/null
  args=(--detectors intel)
  label="none (reading and parsing only)"
  if [ $variant = planted ]; then args=(--detectors intel --intel "$data/tsv/intel"); label="planted feed only (16 indicators)"; fi
  if [ $variant = behaviour ]; then
    args=(--intel "$data/tsv/intel")
    label="planted feed + every behavioural detector (random addresses: nearly every record a new host pair)"
  fi
  times=()
  for r in $(seq "$RUNS"); do
    "$dragnet" hunt "$data/tsv/orgs" "${args[@]}" --threads 1 --out "$out/v" --quiet --no-progress || true
    times+=("$(json_field read_seconds "$out/v/run.json")")
  done
  t=$(printf '%s\n' "${times[@]}" | best)
  b=$(json_field bytes "$out/v/run.json")
  l=$(json_field lines "$out/v/run.json")
  printf '| %s | %.0f MB/s (%.2f s) | %.2f M |\n' "$label" "$(echo "$b / 1000000 / $t" | bc -l)" "$t" \
    "$(echo "$l / $t / 1000000" | bc -l)" >> "$out/table.md"
done

# Intel loading alone (the ~1.5M Maltrail set must load in under 3 s).
if [ -d ../shared/data/intel/maltrail ]; then
  loads=()
  for r in $(seq "$RUNS"); do
    "$dragnet" hunt "$data/tsv/orgs/org001" --intel ../shared/data/intel/maltrail --out "$out/m" --quiet --no-progress --threads 1 || true
    loads+=("$(json_field intel_load_seconds "$out/m/run.json")")
  done
  n=$(json_field indicators "$out/m/run.json")
  printf '\nMaltrail full set: %s indicators loaded in %.2f s (best of %d).\n' "$n" "$(printf '%s\n' "${loads[@]}" | best)" "$RUNS" >> "$out/table.md"
fi

# Behavioural analysis: on a simulated world of about 1 GB (40 orgs, 48 h:
# realistic host pairs, DNS and beacons), the share of the hunt's wall time
# spent after reading -- merging worker state, prevalence, every detector.
{
  echo
  echo "Behavioural analysis on a simulated world (40 orgs x 48 h, no intel; best of $RUNS by wall time):"
  echo
  echo "| threads | MB read | read | analysis | wall | analysis share | host pairs | state peak | peak RSS |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >> "$out/table.md"
world=$data/sim48
if [ ! -f "$world/.done" ]; then
  rm -rf "$world"
  "$dragnet" simulate --orgs 40 --hours 48 --seed 3 --out "$world" > /dev/null
  touch "$world/.done"
fi
for threads in 1 2; do
  best_wall=""; line=""
  for r in $(seq "$RUNS"); do
    /usr/bin/time -f "%M" -o "$out/arss" "$dragnet" hunt "$world" --threads $threads --out "$out/a" --quiet --no-progress
    wall=$(json_field wall_seconds "$out/a/run.json")
    if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then
      best_wall=$wall
      read_s=$(json_field read_seconds "$out/a/run.json")
      an=$(json_field analysis_seconds "$out/a/run.json")
      mb=$(echo "$(json_field bytes "$out/a/run.json") / 1000000" | bc -l)
      pairs=$(( $(json_field ip_pairs "$out/a/run.json") + $(json_field name_pairs "$out/a/run.json") ))
      peak=$(json_field peak_bytes "$out/a/run.json")
      line=$(printf '| %d | %.0f | %.2f s | %.2f s | %.2f s | %.0f %% | %d | %.0f MB | %d MB |' "$threads" "$mb" "$read_s" "$an" \
        "$wall" "$(echo "100 * $an / $wall" | bc -l)" "$pairs" "$(echo "$peak / 1048576" | bc -l)" $(( $(cat "$out/arss") / 1024 )))
    fi
  done
  echo "$line" >> "$out/table.md"
done

# The simulator: MB/s of uncompressed logs on one core, and peak RSS as the
# simulated time grows (it must not grow with hours).
{
  echo
  echo "dragnet simulate (40 orgs, 50 hosts each, TSV, one thread, best of $RUNS):"
  echo
  echo "| hours | MB written | time | MB/s | peak RSS |"
  echo "|---|---|---|---|---|"
} >> "$out/table.md"
for hours in 6 24 48; do
  best_t=""; mb=""; rss=""
  for r in $(seq "$RUNS"); do
    rm -rf "$out/sim"
    line=$(/usr/bin/time -f "%M" -o "$out/simrss" "$dragnet" simulate --orgs 40 --hours $hours --seed 3 --threads 1 --out "$out/sim" | head -1)
    t=$(echo "$line" | sed -E 's/.* in ([0-9.]+) s .*/\1/')
    mb=$(echo "$line" | sed -E 's/.* ([0-9.]+) MB of logs.*/\1/')
    if [ -z "$best_t" ] || [ "$(echo "$t < $best_t" | bc -l)" = 1 ]; then best_t=$t; rss=$(cat "$out/simrss"); fi
  done
  printf '| %d | %.0f | %.2f s | %.0f | %d MB |\n' "$hours" "$mb" "$best_t" "$(echo "$mb / $best_t" | bc -l)" $((rss / 1024)) >> "$out/table.md"
done
rm -rf "$out/sim"

echo >> "$out/table.md"
echo '## Micro-benchmarks (build/bench/micro_bench)' >> "$out/table.md"
echo '```' >> "$out/table.md"
build/bench/micro_bench --benchmark_min_time=0.5 2>/dev/null | grep -E '^(BM_|Benchmark|-)' >> "$out/table.md" || true
echo '```' >> "$out/table.md"
cp "$out/table.md" "$results/latest.md"
cat "$results/latest.md"
