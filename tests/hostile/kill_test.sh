#!/bin/sh
# Atomic outputs under kill -9 (SPEC 8.7): "a failed or killed run leaves the
# previous outputs as they were and no partial file; leftover temporary
# files of a killed run are removed by the next run".
#
# A small export (2,000 students) makes the previous complete output set.
# Then KILLS times (default 10) a long run (200,000 students, generated once)
# is started on the same output folder and killed with SIGKILL at a random
# moment between its start and a little past its measured duration, so kills
# land in every stage (read, cohort, metrics, the workbook, the commit).
# After each kill the folder must hold exactly the previous set, byte for
# byte and matching its manifest.json checksums, plus nothing but the lock
# file and .rcm-tmp-* leftovers. A run that finished before its kill must
# have committed a complete new set (checked against its own manifest); the
# small set is then written again. The next run must never be blocked by
# the killed one's lock (exit 75), and after the last kill one more run
# leaves no .rcm-tmp-* file behind.
#
# Usage: tests/hostile/kill_test.sh RCM_BINARY [KILLS]
# Runs in about 6 times the duration of one long run (~45 s in a Debug build).
set -u
if [ ! -x "${1:-}" ]; then echo "usage: kill_test.sh RCM_BINARY [KILLS]" >&2; exit 2; fi
RCM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
KILLS=${2:-10}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONFIG=$ROOT/config/ohio.ini
SET="metrics.csv metrics_public.csv rejects.csv report.xlsx manifest.json"
MAX_DELAY_MS=9000 # a kill never waits longer, however slow the build
WORK=$(mktemp -d)
OUT=$WORK/out
trap 'rm -rf "$WORK"' EXIT
export RCM_CONFIG_DIR="$ROOT/config"

fail() {
  echo "kill_test: FAIL: $*" >&2
  ls -la "$OUT" >&2 2>/dev/null
  exit 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

random_below() { # a random whole number in [0, $1)
  echo $(($(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1))
}

# "name sha256" for each entry of the manifest's "outputs" array
manifest_outputs() {
  awk -F'"' '/"outputs"/ { on = 1 }
    on && $2 == "name" { name = $4 }
    on && $2 == "sha256" { print name, $4 }' "$1/manifest.json"
}

# every file the manifest in $1 lists is there with that checksum, and the
# manifest lists the whole set
check_manifest() {
  listed=$(manifest_outputs "$1")
  for f in $SET; do
    [ "$f" = manifest.json ] && continue
    want=$(echo "$listed" | awk -v f="$f" '$1 == f { print $2 }')
    [ -n "$want" ] || fail "$1/manifest.json does not list $f"
    got=$(sha256sum "$1/$f" | cut -d' ' -f1)
    [ "$got" = "$want" ] || fail "$1/$f does not match its manifest ($got, want $want)"
  done
}

# only the set, the lock and temporary files; $1 set: no temporary file
check_names() {
  for name in $(ls -A "$OUT"); do
    case " $SET .rcm.lock " in *" $name "*) continue ;; esac
    case $name in .rcm-tmp-*) [ -z "${1:-}" ] && continue ;; esac
    fail "unexpected file in the output folder: $name"
  done
}

previous_set() {
  "$RCM" run --config "$CONFIG" --input "$WORK/small" --output "$OUT" --quiet ||
    fail "the small run failed"
  rm -rf "$WORK/prev" && mkdir "$WORK/prev"
  for f in $SET; do cp "$OUT/$f" "$WORK/prev/$f"; done
  check_manifest "$WORK/prev"
}

same_as_previous() {
  for f in $SET; do
    cmp -s "$OUT/$f" "$WORK/prev/$f" || return 1
  done
  return 0
}

# the same outputs as the previous set from a new run of the same input:
# byte for byte but for the manifest's started and finished times
same_run_as_previous() {
  for f in $SET; do
    [ "$f" = manifest.json ] && continue
    cmp -s "$OUT/$f" "$WORK/prev/$f" || return 1
  done
  grep -v -e '"started"' -e '"finished"' "$OUT/manifest.json" >"$WORK/m1"
  grep -v -e '"started"' -e '"finished"' "$WORK/prev/manifest.json" >"$WORK/m2"
  cmp -s "$WORK/m1" "$WORK/m2"
}

"$RCM" gen --output "$WORK/big" --students 200000 --seed 11 --quiet || fail "gen (big)"
"$RCM" gen --output "$WORK/small" --students 2000 --seed 12 --quiet || fail "gen (small)"
previous_set

# one undisturbed long run: it must work, and its duration sets the window
t0=$(now_ms)
"$RCM" run --config "$CONFIG" --input "$WORK/big" --output "$WORK/calibrate" --quiet ||
  fail "the long run fails even when left alone"
duration=$(($(now_ms) - t0))
check_manifest "$WORK/calibrate"
rm -rf "$WORK/calibrate"
window=$((duration + duration / 10))
[ $window -le $MAX_DELAY_MS ] || window=$MAX_DELAY_MS
echo "kill_test: a long run takes ${duration} ms; $KILLS kills within ${window} ms of the start"

i=1
completed=0
while [ $i -le "$KILLS" ]; do
  delay=$(random_below $window)
  "$RCM" run --config "$CONFIG" --input "$WORK/big" --output "$OUT" --quiet 2>"$WORK/err" &
  pid=$!
  sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  status=$?
  left=$(ls -A "$OUT" | grep "^\.rcm-tmp-" | sed 's/^\.rcm-tmp-//' | tr '\n' ' ')
  [ $status = 75 ] && fail "kill $i: the run was locked out: $(cat "$WORK/err")"
  check_names
  if [ $status = 0 ]; then
    # finished before the kill: a complete new set, then the small one again
    check_manifest "$OUT"
    same_as_previous && fail "kill $i: the long run's set equals the small run's"
    echo "kill $i: after ${delay} ms the run had finished: new set complete"
    completed=$((completed + 1))
    previous_set
  elif [ $status = 137 ]; then
    same_as_previous || fail "kill $i after ${delay} ms: the previous set was changed"
    echo "kill $i: after ${delay} ms, previous set intact; temporary files: ${left:-none}"
  else
    fail "kill $i: the run failed by itself (exit $status): $(cat "$WORK/err")"
  fi
  i=$((i + 1))
done
[ $completed -lt "$KILLS" ] || fail "every run finished before its kill: nothing was tested"

# the next run removes the leftovers of the killed ones
"$RCM" run --config "$CONFIG" --input "$WORK/small" --output "$OUT" --quiet || fail "the last run"
check_names strict
check_manifest "$OUT"
same_run_as_previous || fail "the last run's set differs from the same run before"
echo "kill_test: $KILLS passed, 0 failed"
