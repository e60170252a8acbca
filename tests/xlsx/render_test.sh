#!/bin/sh
# Render test of the board workbook (SPEC 8.6): runs the demo, has
# LibreOffice (headless) print report.xlsx to PDF, and checks what a board
# member would get on paper: the conversion succeeds, the page count is the
# expected one, and each page belongs to the expected sheet (the footer
# names the sheet), so a chart pushed onto its own page or a table that
# starts to spill shows up here.
#
# Usage: render_test.sh RCM_BINARY
# Needs libreoffice (Debian: libreoffice-calc-nogui), pdfinfo and pdftotext
# (poppler-utils) and the Carlito font (fonts-crosextra-carlito: Calibri's
# metrics, so that pages break as in Excel). Exit 77 (skipped) without
# LibreOffice or poppler; a missing Carlito is a failure, since the page
# count would mean nothing.
set -u
if [ ! -x "${1:-}" ]; then echo "usage: render_test.sh RCM_BINARY" >&2; exit 2; fi
RCM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$HERE/../..

# The demo's pages, in order: the sheet named in each page's footer.
EXPECTED="Summary
Schools
Subgroups
Subgroups
Subgroups
Credentials
Credentials
Credentials
Data quality
About
About"

LO=$(command -v libreoffice || command -v soffice || true)
if [ -z "$LO" ]; then echo "skip: libreoffice is not installed"; exit 77; fi
if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
  echo "skip: pdfinfo/pdftotext (poppler-utils) are not installed"; exit 77
fi
if command -v fc-match >/dev/null && ! fc-match Calibri | grep -q Carlito; then
  echo "FAIL: no Carlito font (fonts-crosextra-carlito): Calibri would print as" \
       "$(fc-match Calibri) and break pages differently"
  exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

"$RCM" run --config "$ROOT/config/ohio.ini" --input "$ROOT/fixtures/demo" \
  --output "$WORK/out" --quiet || fail "rcm run on the demo failed"

# A private LibreOffice profile: no clash with a running office or another
# test, and nothing written to $HOME.
TIMEOUT=$(command -v timeout >/dev/null && echo "timeout 300" || true)
$TIMEOUT "$LO" -env:UserInstallation=file://"$WORK/profile" --headless \
  --convert-to pdf --outdir "$WORK/pdf" "$WORK/out/report.xlsx" >"$WORK/lo.log" 2>&1
PDF=$WORK/pdf/report.pdf
if [ ! -s "$PDF" ]; then
  sed 's/^/    /' "$WORK/lo.log"
  fail "LibreOffice did not convert report.xlsx to PDF"
fi

pages=$(pdfinfo "$PDF" | sed -n 's/^Pages: *//p')
want=$(printf '%s\n' "$EXPECTED" | wc -l)
[ "$pages" = "$want" ] || echo "FAIL: $pages pages, want $want"

# Page by page: the footer's left part is the sheet name (&A), the right
# part "Page N of M".
pdftotext -layout "$PDF" "$WORK/pdf.txt" || fail "pdftotext failed"
awk 'BEGIN { RS = "\f" }
     NF { n = split($0, line, "\n"); last = ""
          for (i = n; i > 0; i--) if (line[i] ~ /Page [0-9]+ of [0-9]+/) { last = line[i]; break }
          sub(/^ +/, "", last); sub(/ +Page [0-9]+ of [0-9]+ *$/, "", last); print last }' \
  "$WORK/pdf.txt" >"$WORK/sheets"
if ! printf '%s\n' "$EXPECTED" | cmp -s - "$WORK/sheets"; then
  echo "FAIL: pages by sheet (want, got):"
  printf '%s\n' "$EXPECTED" | diff - "$WORK/sheets" | sed 's/^/    /'
  exit 1
fi
[ "$pages" = "$want" ] || exit 1

# The first page carries the profile's title and the data's school year.
head -n 5 "$WORK/pdf.txt" | grep -q "Career readiness report: Ohio" ||
  fail "page 1 lacks the title 'Career readiness report: Ohio'"
grep -q "school year 2024-2025" "$WORK/pdf.txt" || fail "no 'school year 2024-2025' subtitle"
echo "ok: report.xlsx prints as $pages pages"
