#!/bin/sh
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined)
# in their own build folder and runs each for SECONDS (default 60) on its
# committed seed corpus tests/fuzz/corpus/<target>/.
#
#   csv     the CSV reader over plain or gzip bytes (rcm_csv_open + rcm_csv_next)
#   config  the profile loader with its catalog and --set lines (rcm_config_load)
#   parse   the value parsers of lib/core/parse.h (date, school year, number,
#           grade, flag, month-day)
#
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
# Environment: RCM_FUZZ_BUILD (build folder, default build-fuzz at the root),
# CC (clang to use; default clang-14, else clang).
#
# New inputs go to BUILD/corpus/<target> (the committed corpus is only read).
# A crash, leak, timeout or sanitizer report stops that target and leaves the
# input in BUILD/artifacts/; the script then exits 1. To keep it as a
# regression test, copy it into tests/fuzz/corpus/<target>/ (ctest replays
# that folder in every build) and fix the bug.
set -eu
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-csv config parse}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${RCM_FUZZ_BUILD:-$root/build-fuzz}

case $secs in
  ''|*[!0-9]*) echo "usage: tests/fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

# clang and its libFuzzer runtime (compiler-rt) from Debian, when missing.
cc=${CC:-}
if [ -z "$cc" ]; then
  if command -v clang-14 >/dev/null 2>&1; then cc=clang-14
  elif command -v clang >/dev/null 2>&1; then cc=clang
  else cc=clang-14
  fi
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>/dev/null; then
  echo "fuzz: installing clang and libFuzzer (clang-14 libclang-rt-14-dev)"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    clang-14 libclang-rt-14-dev >/dev/null
  cc=clang-14
fi

echo "== fuzz: build ($cc) in $build"
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
  -DRCM_FUZZ=ON -DRCM_SANITIZE=ON -DRCM_WERROR=OFF \
  -DCMAKE_C_FLAGS="-O1 -fsanitize=fuzzer-no-link" >/dev/null
for t in $targets; do
  if ! cmake --build "$build" -j1 --target "fuzz_$t" >"$build/build-$t.log" 2>&1; then
    tail -n 30 "$build/build-$t.log"; exit 1
  fi
done
bin=$build/tests/fuzz

pass=0; fail=0
for t in $targets; do
  mkdir -p "$build/corpus/$t" "$build/artifacts"
  echo "== fuzz: $t for ${secs}s"
  # -timeout: one input may take 10 s at most (an endless loop is a bug);
  # -rss_limit_mb: well above what the readers need, far below the machine
  if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$bin/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -max_len=32768 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
       "$build/corpus/$t" "$root/tests/fuzz/corpus/$t" >"$build/$t.log" 2>&1; then
    pass=$((pass + 1))
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$build/$t.log" | sed 's/^/   /'
  else
    fail=$((fail + 1))
    echo "FAIL fuzz $t: see $build/$t.log"
    grep -E "ERROR|SUMMARY|Test unit written" "$build/$t.log" | head -n 10 | sed 's/^/   /'
  fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
