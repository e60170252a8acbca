#!/bin/sh
# Golden end-to-end cases. Each folder under tests/cases/ holds:
#   cmd        a shell snippet; $RCM is the binary, $CASE the case folder,
#              $OUT a fresh empty output folder, $WORK a scratch folder
#   exit       the expected exit code
#   expected/  files that must equal $OUT/<name> byte for byte (optional)
#   stderr     lines that must each appear in stderr (grep -F), optional
# A cmd that exits 77 could not set itself up here (e.g. no permission to
# mount a tmpfs) and is reported as skipped.
# Usage: run.sh RCM_BINARY [--update] [CASE...]
# --update rewrites expected/ from the actual outputs, for review with git diff.
set -u
if [ ! -x "${1:-}" ]; then echo "usage: run.sh RCM_BINARY [--update] [CASE...]" >&2; exit 2; fi
RCM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
UPDATE=0
if [ "${1:-}" = "--update" ]; then UPDATE=1; shift; fi
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0; fail=0; skip=0
cases=${*:-$(cd "$HERE" && ls -d */ | tr -d /)}
for name in $cases; do
  CASE=$HERE/$name
  [ -f "$CASE/cmd" ] || continue
  WORK=$(mktemp -d); OUT=$WORK/out
  export RCM CASE OUT WORK
  (cd "$WORK" && sh "$CASE/cmd") >"$WORK/stdout" 2>"$WORK/stderr"
  got=$?
  want=$(cat "$CASE/exit")
  if [ "$got" = 77 ] && [ "$want" != 77 ]; then
    skip=$((skip + 1)); echo "skip $name"; rm -rf "$WORK"; continue
  fi
  ok=1; why=""
  if [ "$got" != "$want" ]; then ok=0; why="exit $got, want $want"; fi
  if [ -d "$CASE/expected" ]; then
    for f in "$CASE"/expected/*; do
      b=$(basename "$f")
      if [ $UPDATE = 1 ] && [ -f "$OUT/$b" ]; then cp "$OUT/$b" "$f"; fi
      if ! cmp -s "$f" "$OUT/$b"; then
        ok=0; why="$why; $b differs"
        diff "$f" "$OUT/$b" 2>&1 | head -n 10 | sed 's/^/    /'
      fi
    done
  fi
  if [ -f "$CASE/stderr" ]; then
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      if ! grep -qF -- "$line" "$WORK/stderr"; then ok=0; why="$why; stderr lacks '$line'"; fi
    done <"$CASE/stderr"
  fi
  if [ $ok = 1 ]; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: $why"; sed 's/^/    stderr: /' "$WORK/stderr" | head -n 5
  fi
  rm -rf "$WORK"
done
echo "cases: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
