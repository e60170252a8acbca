#!/usr/bin/env bash
# bench/run.sh - the rcm benchmark (SPEC 9), one command on a fresh Debian 12:
#
#   1. installs what is missing (.ci/install-deps, GNU time; for the peer
#      node, npm and bench/node_modules from bench/package-lock.json);
#   2. builds rcm (Release) and bench/csvcount into bench/scratch/build;
#   3. writes `rcm gen --seed 1` exports at each scale, plain and gzip, into
#      bench/data/N/{plain,gzip};
#   4. times, per scale, RUNS runs (at least 11 at 10,000 students or
#      fewer, where one run takes milliseconds and a single timing says
#      little) each of:
#        rcm run --config config/ohio.ini (every output), plain and gzip input,
#          and plain with only the peer's three metrics enabled (rcm3);
#        the peer: bench/peer/peer.mjs, DuckDB SQL through @duckdb/node-api,
#          computing acgr 4yr, cert_attainment and oh_pfs from the plain files;
#        csvcount: a bare libcsv parse of the same files, plain and gzip;
#   5. checks that the peer's numbers equal rcm's metrics.csv at each scale
#      and on a small hand-made export of the edge cases `rcm gen` never
#      writes (bench/peer/edge.mjs), and that rcm's metrics.csv is the same
#      from plain and gzip input; any difference fails the run;
#   6. prints one table (median wall time of the runs, peak RSS over them,
#      ratios) and rcm's stage log lines of its median run per scale.
#
# Usage: bench/run.sh [--scales 2000,10000,100000,1500000] [--runs 3] [--no-peer]
#                     [--smoke] [--jobs N]
#   --smoke   10,000 students, one run, no peer: well under a minute once
#             built (CI runs this so the benchmark cannot rot)
# Generated files stay in bench/data, bench/scratch and bench/node_modules
# (ignored by git). The table is also written to bench/scratch/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scales=2000,10000,100000,1500000
runs=3
peer=1
smoke=0
jobs=1
usage() {
  sed -n '/^# Usage:/,/^# Generated/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}
while [ $# -gt 0 ]; do
  case "$1" in
    --scales) [ $# -ge 2 ] || usage; scales=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
    --jobs) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --smoke) smoke=1; scales=10000; runs=1; peer=0; shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "run.sh: --runs wants a number >= 1" >&2; exit 64 ;; esac
IFS=, read -r -a scale_list <<< "$scales"
for n in "${scale_list[@]}"; do
  case "$n" in ''|*[!0-9]*|0) echo "run.sh: bad scale '$n'" >&2; exit 64 ;; esac
done

say() { printf '== %s\n' "$*" >&2; }

# ------------------------------------------------------------------ deps
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" \
    >/dev/null
}
say "dependencies"
sh .ci/install-deps
[ -x /usr/bin/time ] || apt_install time
if [ "$peer" = 1 ]; then
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -d bench/node_modules/@duckdb/node-api ] ||
     [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
    (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

# ----------------------------------------------------------------- build
say "build (Release) into bench/scratch/build"
build=bench/scratch/build
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DRCM_TESTS=OFF -DRCM_BENCH=ON >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null
rcm=$root/$build/rcm
csvcount=$root/$build/csvcount
"$rcm" --version >/dev/null

work=$root/bench/scratch
mkdir -p "$work/logs" "$work/out"
config=$root/config/ohio.ini

# ------------------------------------------------------------------ data
for n in "${scale_list[@]}"; do
  for form in plain gzip; do
    dir=bench/data/$n/$form
    say "data: $n students, $form"
    flag=""
    [ "$form" = gzip ] && flag=--gzip
    "$rcm" gen --students "$n" --seed 1 $flag --output "$dir" 2>"$work/logs/gen-$n-$form.log"
  done
done

# ---------------------------------------------------------------- timing
# timed NAME CMD...: one run under GNU time; wall seconds and peak RSS (KiB)
# go to logs/NAME.time, stdout and stderr to logs/NAME.out and logs/NAME.err.
# The issue's condition is a warm page cache; on a VM whose host reclaims
# idle cached pages, the inputs lose some between runs, and the first
# command after the peer's 30-40 s would read part of them from disk. Each
# timed command starts with its scale's input files read once, untimed.
warm() {
  cat "$1"/* >/dev/null
}

timed() {
  local name=$1
  shift
  if ! /usr/bin/time -f '%e %M' -o "$work/logs/$name.time" "$@" \
      >"$work/logs/$name.out" 2>"$work/logs/$name.err"; then
    echo "run.sh: $name failed:" >&2
    tail -n 20 "$work/logs/$name.err" >&2
    exit 1
  fi
}

# stats NAME: "median_seconds max_rss_kib median_run_index" over the
# scale's runs (nruns)
stats() {
  local name=$1 i
  for i in $(seq 1 "$nruns"); do
    printf '%s %s\n' "$(cat "$work/logs/$name.$i.time")" "$i"
  done | sort -n -k1,1 | awk -v n="$nruns" '
    { t[NR] = $1; if ($2 > rss) rss = $2; idx[NR] = $3 }
    END { m = int((n + 1) / 2); printf "%s %d %d\n", t[m], rss, idx[m] }'
}

# Sum of the seconds in rcm's `rcm: read: FILE: ... (X s)` lines.
read_seconds() {
  sed -n 's/^rcm: read: .*(\([0-9.]*\) s)$/\1/p' "$1" | awk '{ s += $1 } END { printf "%.2f", s }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

status=0
# Edge cases `rcm gen` never writes (bench/peer/edge.mjs): rcm and the peer
# must agree there too.
edge_check="not run (--no-peer)"
if [ "$peer" = 1 ]; then
  say "edge cases: rcm and the peer on bench/peer/edge.mjs's export"
  rm -rf "$work/edge"
  node bench/peer/edge.mjs "$work/edge"
  "$rcm" run --config "$work/edge/edge.ini" --input "$work/edge/input" \
    --output "$work/edge/out" 2>"$work/logs/edge-rcm.err"
  node bench/peer/peer.mjs --config "$work/edge/edge.ini" --input "$work/edge/input" \
    --output "$work/edge/peer.csv" --quiet
  if node bench/peer/check.mjs --rcm "$work/edge/out/metrics.csv" \
      --peer "$work/edge/peer.csv" >"$work/logs/check-edge.out" 2>&1; then
    edge_check="$(sed -n 's/^check: \([0-9]*\) rows equal.*/\1/p' "$work/logs/check-edge.out") rows equal"
  else
    status=1
    edge_check="FAIL"
  fi
  cat "$work/logs/check-edge.out" >&2
fi
rows=()
stage_notes=()
date_started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${scale_list[@]}"; do
  plain=$root/bench/data/$n/plain
  gz=$root/bench/data/$n/gzip
  nruns=$runs
  if [ "$smoke" = 0 ] && [ "$n" -le 10000 ] && [ "$runs" -lt 11 ]; then
    nruns=11
  fi
  for i in $(seq 1 "$nruns"); do
    say "$n students: run $i of $nruns"
    warm "$plain"
    timed "rcm-$n-plain.$i" "$rcm" run --config "$config" --input "$plain" \
      --output "$work/out/$n-plain"
    warm "$gz"
    timed "rcm-$n-gzip.$i" "$rcm" run --config "$config" --input "$gz" \
      --output "$work/out/$n-gzip"
    warm "$plain"
    timed "rcm3-$n.$i" "$rcm" run --config "$config" --input "$plain" \
      --output "$work/out/$n-three" --set metrics.enabled=acgr,cert_attainment,oh_pfs
    warm "$plain"
    timed "csv-$n-plain.$i" "$csvcount" "$plain"/*.csv
    warm "$gz"
    timed "csv-$n-gzip.$i" "$csvcount" "$gz"/*.csv.gz
    if [ "$peer" = 1 ]; then
      warm "$plain"
      timed "peer-$n.$i" node bench/peer/peer.mjs --config "$config" --input "$plain" \
        --output "$work/out/$n-peer.csv"
    fi
  done

  # equality: rcm from plain and gzip input, then the peer
  check="-"
  if ! cmp -s "$work/out/$n-plain/metrics.csv" "$work/out/$n-gzip/metrics.csv"; then
    echo "run.sh: $n: metrics.csv differs between plain and gzip input" >&2
    status=1
    check="gzip differs"
  fi
  if [ "$peer" = 1 ]; then
    say "$n students: check the peer against rcm's metrics.csv"
    if node bench/peer/check.mjs --rcm "$work/out/$n-plain/metrics.csv" \
        --peer "$work/out/$n-peer.csv" >"$work/logs/check-$n.out" 2>&1; then
      check="$(sed -n 's/^check: \([0-9]*\) rows equal.*/\1/p' "$work/logs/check-$n.out") equal"
    else
      status=1
      check="FAIL"
    fi
    cat "$work/logs/check-$n.out" >&2
  fi

  read -r rp_t rp_rss rp_i <<< "$(stats "rcm-$n-plain")"
  read -r rg_t rg_rss _ <<< "$(stats "rcm-$n-gzip")"
  read -r r3_t _ _ <<< "$(stats "rcm3-$n")"
  read -r cp_t _ _ <<< "$(stats "csv-$n-plain")"
  read -r cg_t _ _ <<< "$(stats "csv-$n-gzip")"
  rd=$(read_seconds "$work/logs/rcm-$n-plain.$rp_i.err")
  peer_cols="- | - | - | - | -"
  if [ "$peer" = 1 ]; then
    read -r pe_t pe_rss pe_i <<< "$(stats "peer-$n")"
    peer_cols="$pe_t | $(mib "$pe_rss") | $(ratio "$rp_t" "$pe_t") | $(ratio "$r3_t" "$pe_t") | \
$(ratio "$rp_rss" "$pe_rss")"
    stage_notes+=("peer at $n students (median run):" \
      "$(sed 's/^/    /' "$work/logs/peer-$n.$pe_i.err")")
  fi
  rows+=("| $n | $rp_t | $(mib "$rp_rss") | $rg_t | $(mib "$rg_rss") | $(ratio "$rg_t" "$rp_t") | \
$r3_t | $peer_cols | $cp_t | $cg_t | $(ratio "$rp_t" "$cp_t") | $rd | $(ratio "$rd" "$cp_t") | $check |")
  stage_notes+=("rcm at $n students, plain input (median run):" \
    "$(grep '^rcm: ' "$work/logs/rcm-$n-plain.$rp_i.err" | sed 's/^/    /')")
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "rcm benchmark, $date_started, $(nproc) cores, median of $runs run(s)" \
    "(11 at 10,000 students or fewer)," \
    "load average $load_start at the start, $load_end at the end"
  echo
  echo "Edge-case export (bench/peer/edge.mjs), peer against rcm: $edge_check."
  echo
  echo "| students | rcm s | rcm MiB | rcm gz s | rcm gz MiB | gz/plain | rcm3 s | peer s |" \
    "peer MiB | rcm/peer time | rcm3/peer time | rcm/peer RSS | libcsv s | libcsv gz s |" \
    "rcm/libcsv | rcm read s | read/libcsv | peer check |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "rcm s: wall seconds of \`rcm run --config config/ohio.ini\` (every output) on plain"
  echo "CSV; gz: the same export gzipped; rcm3: plain, with only the peer's three metrics"
  echo "enabled (--set metrics.enabled=acgr,cert_attainment,oh_pfs; still every output"
  echo "file). MiB: peak RSS (max over the runs). peer: DuckDB"
  echo "SQL (bench/peer) computing acgr 4yr, cert_attainment and oh_pfs from the plain"
  echo "files. libcsv: bench/csvcount, a bare parse of the same files (the parse"
  echo "ceiling). rcm read s: the sum of rcm's read-stage log lines. peer check: rows"
  echo "of those three metrics equal in rcm's metrics.csv and the peer's output."
  echo
  printf '%s\n' "${stage_notes[@]}"
} | tee "$work/results.md"

if [ "$smoke" = 1 ]; then
  # the peer's scripts at least parse when node is there
  if command -v node >/dev/null; then
    for f in bench/peer/*.mjs; do node --check "$f"; done
  fi
  [ -s "$work/out/10000-plain/metrics.csv" ] || { echo "run.sh: no metrics.csv" >&2; exit 1; }
fi
[ "$status" = 0 ] || echo "run.sh: FAILED (see above)" >&2
exit "$status"
