#!/bin/sh
# Privacy properties of the public outputs (SPEC 7, 8.2) on generated data:
# for each scenario, `rcm gen` writes an SIS export, `rcm run` computes it
# with the Ohio profile and the scenario's suppression settings, and
# check_public.py compares metrics.csv with metrics_public.csv (see its
# header for what it proves).
# Usage: run.sh RCM_BINARY. Exit 0 when every scenario passes, 1 when one
# fails, 77 (skipped) without /usr/bin/python3.
set -u
if [ ! -x "${1:-}" ]; then echo "usage: run.sh RCM_BINARY" >&2; exit 2; fi
RCM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CONFIG=$ROOT/config/ohio.ini
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then echo "skip: no $PY"; exit 77; fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
ALL=acgr,cert_attainment,cert_attainment_enrolled,oh_pfs,oh_cred_pathway,tn_ready_graduate
ALL=$ALL,co_competency,co_cdip
fail=0

# scenario NAME STUDENTS SEED MIN_N LOW HIGH METRICS [COMPLEMENTARY]
scenario() {
  name=$1; data=$WORK/data-$2-$3; out=$WORK/$name
  # gen finds its profile (config/ohio.ini) from the current directory
  if [ ! -d "$data" ] &&
     ! (cd "$ROOT" && "$RCM" gen --students "$2" --seed "$3" --output "$data" 2>"$WORK/log")
  then
    sed 's/^/    /' "$WORK/log"
    echo "FAIL $name: rcm gen failed"; fail=1; return
  fi
  if ! "$RCM" run --config "$CONFIG" --input "$data" --output "$out" --quiet \
      --set suppression.min_n="$4" --set suppression.low="$5" \
      --set suppression.high="$6" --set metrics.enabled="$7" \
      --set suppression.complementary="${8:-yes}"; then
    echo "FAIL $name: rcm run failed"; fail=1; return
  fi
  if "$PY" "$HERE/check_public.py" "$out/metrics.csv" "$out/metrics_public.csv" \
      --min-n "$4" --low "$5" --high "$6" --complementary "${8:-yes}" >"$WORK/log" 2>&1; then
    echo "ok   $name: $(tail -n 1 "$WORK/log")"
  else
    echo "FAIL $name"; sed 's/^/    /' "$WORK/log"; fail=1
  fi
  rm -rf "$out"
}

OHIO=acgr,cert_attainment,cert_attainment_enrolled,oh_pfs,oh_cred_pathway
scenario seed7_ohio          10000 7  10 0    1    $OHIO
scenario seed7_tn_bounds     10000 7  10 0.01 0.99 $OHIO
scenario seed11_ohio         10000 11 10 0    1    $OHIO
scenario seed11_tn_all       10000 11 10 0.01 0.99 $ALL
scenario small_min_n20       1500  3  20 0.01 0.99 $ALL
scenario small_no_complement 1500  3  10 0    1    $OHIO no
[ $fail = 0 ]
