#!/usr/bin/python3
"""check_workbook.py - check rcm's board workbook report.xlsx (SPEC 8.6).

usage: check_workbook.py REPORT.xlsx [METRICS_PUBLIC.csv]
                         [--expect-text TEXT]... [--expect-id ID]...
                         [--same-xml OTHER.xlsx]

Reads the workbook back with openpyxl (Debian's python3-openpyxl: run it
with /usr/bin/python3) and checks the structure: sheet names and order,
frozen header rows, autofilters, print setup, a chart on Summary and on
Schools, the same title on every sheet with the data's school year under
it, column widths, a footnote for every marker (* or **) a sheet shows,
no formula cell anywhere (text that looks like a formula is a string
cell), identifiers as strings, number formats of the figures.

With METRICS_PUBLIC.csv (the same run's public CSV, SPEC 8.2), every figure
on Summary, Schools and Subgroups must equal the matching CSV row: the
value and n when reported, the marker when suppressed (* for suppressed_n,
which hides n too; ** for suppressed_bounds; * for suppressed_complement),
an empty cell when the CSV has no row; and every CSV row the sheets cover
must be shown.

--expect-text TEXT: some cell holds exactly TEXT as a string.
--expect-id ID: some identifier cell on Schools holds exactly ID.
--same-xml OTHER: every part of the two workbooks (zip members) is
byte-identical (reproducible output).

Exit 0 when every check passes; otherwise one line per failure on stdout
and exit 1 (2 for a usage error).
"""
import csv
import math
import re
import sys
import zipfile

import openpyxl

SHEETS = ["Summary", "Schools", "Subgroups", "Credentials", "Data quality", "About"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKER = {"suppressed_n": "*", "suppressed_bounds": "**", "suppressed_complement": "*"}
HEADLINE_DETAILS = {"", "4yr", "5yr", "english", "math", "both", "tier1", "tier2", "tier3"}
NO_SCHOOL_LINES = {("acgr", "5yr")}

failures = []


def fail(msg):
    failures.append(msg)


def decode_ooxml(text):
    """Excel reads "_xHHHH_" in cell text as U+HHHH; openpyxl leaves it."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def where(ws, cell):
    return "%s!%s" % (ws.title, cell.coordinate)


def number_format_for(metric):
    if metric == "oh_pfs":
        return "0.000"
    if metric == "co_cdip":
        return "$#,##0.00"
    return "0.0%"


def year_of_heading(text):
    """'2019-20' -> 2020 (the school-year label)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", str(text or ""))
    return int(m.group(1)) + 1 if m else None


def check_format(ws, cell, metric):
    """A shown number carries its measure's number format."""
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        want = number_format_for(metric)
        if cell.number_format != want:
            fail("%s: number format %r, want %r" % (where(ws, cell), cell.number_format, want))


def check_value(ws, cell, row, metric):
    """A figure cell against its CSV row (None: no row)."""
    if row is None:
        if cell.value is not None:
            fail("%s: %r shown but metrics_public.csv has no row" % (where(ws, cell), cell.value))
        return
    status = row["status"]
    if status in MARKER:
        if cell.value != MARKER[status]:
            fail("%s: %s row should show %r, shows %r"
                 % (where(ws, cell), status, MARKER[status], cell.value))
        return
    if status != "reported":
        fail("%s: unknown status %r in the CSV" % (where(ws, cell), status))
        return
    if not isinstance(cell.value, (int, float)) or isinstance(cell.value, bool):
        fail("%s: expected the number %s, found %r" % (where(ws, cell), row["value"], cell.value))
        return
    if abs(cell.value - float(row["value"])) > 1e-9:
        fail("%s: value %r != metrics_public.csv %s" % (where(ws, cell), cell.value, row["value"]))


def check_n(ws, cell, row):
    """An n cell against its CSV row: the denominator (co_cdip: the claims)."""
    if row is None:
        if cell.value is not None:
            fail("%s: n %r shown but the CSV has no row" % (where(ws, cell), cell.value))
        return
    if row["status"] == "suppressed_n":
        if cell.value != "*":
            fail("%s: suppressed_n hides n, shows %r" % (where(ws, cell), cell.value))
        return
    want = row["denominator"] if row["denominator"] != "" else row["numerator"]
    if want == "" or cell.value is None or float(cell.value) != float(want):
        fail("%s: n %r != metrics_public.csv %r" % (where(ws, cell), cell.value, want))


def load_csv(path):
    rows = {}
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for r in csv.DictReader(f):
            key = (r["metric"], r["detail"], int(r["year"]), r["level"], r["district_id"],
                   r["school_id"], r["group"], r["group_value"])
            rows[key] = r
    return rows


def find_row(ws, col, text, limit=40):
    for r in range(1, min(ws.max_row, limit) + 1):
        if ws.cell(row=r, column=col).value == text:
            return r
    return None


def check_structure(wb):
    if wb.sheetnames != SHEETS:
        fail("sheets are %r, want %r" % (wb.sheetnames, SHEETS))
        return False
    for name in SHEETS:
        ws = wb[name]
        if name != "About" and not ws.freeze_panes:
            fail("%s: no frozen header rows" % name)
        if ws.page_setup.orientation != "landscape":
            fail("%s: not landscape" % name)
        if not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage
                and ws.page_setup.fitToWidth in (None, 1, "1") and ws.page_setup.fitToHeight in (0, "0")):
            fail("%s: not fitted to one page wide" % name)
    for name in ("Summary", "Schools", "Subgroups", "Credentials"):
        if not wb[name].auto_filter.ref:
            fail("%s: no autofilter on the table" % name)
    for name, kind in (("Summary", "LineChart"), ("Schools", "BarChart")):
        charts = getattr(wb[name], "_charts", [])
        if not charts:
            fail("%s: no chart" % name)
        elif type(charts[0]).__name__ != kind:
            fail("%s: chart is a %s, want a %s" % (name, type(charts[0]).__name__, kind))
    return True


def check_titles(wb):
    """Every sheet: the same title in A1 (the profile's title and name), the
    data's school year in A2, a width set for column A."""
    title = wb[SHEETS[0]]["A1"].value
    if not isinstance(title, str) or not title.strip():
        fail("Summary!A1: no title")
    for name in SHEETS:
        ws = wb[name]
        if ws["A1"].value != title:
            fail("%s!A1: title %r, Summary has %r" % (name, ws["A1"].value, title))
        m = re.search(r"school year (\d{4})-(\d{4})$", str(ws["A2"].value or ""))
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            fail("%s!A2: %r does not end with the school year" % (name, ws["A2"].value))
        dim = ws.column_dimensions.get("A")
        if dim is None or not dim.customWidth:
            fail("%s: column A has no width set" % name)


def check_footnotes(wb):
    """A sheet that shows * or ** explains it in a footnote below."""
    for name in ("Summary", "Schools", "Subgroups", "Credentials"):
        ws = wb[name]
        shown, notes = set(), set()
        for row in ws.iter_rows():
            for c in row:
                if c.value in ("*", "**"):
                    shown.add(c.value)
                elif isinstance(c.value, str) and c.column == 1:
                    for m in ("**", "*"):
                        if c.value.startswith(m + " "):
                            notes.add(m)
                            break
        for m in sorted(shown - notes):
            fail("%s: shows %r but has no footnote starting with it" % (name, m))


def check_cells(wb, expect_text):
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    fail("%s: formula cell %r (rcm writes none)" % (where(ws, c), c.value))
                if isinstance(c.value, float) and not math.isfinite(c.value):
                    fail("%s: non-finite number" % where(ws, c))
                if isinstance(c.value, str):
                    if c.value.startswith(FORMULA_START) and c.data_type != "s":
                        fail("%s: %r is not a string cell" % (where(ws, c), c.value))
                    shown = decode_ooxml(c.value)
                    if shown in expect_text and c.data_type == "s":
                        found.add(shown)
    for t in expect_text:
        if t not in found:
            fail("no string cell holds %r" % t)


def summary_layout(ws):
    """(first data row, {col: ('year', y) | ('n', y)}, metric col, detail col)."""
    key = find_row(ws, 1, "key")
    if key is None or not ws.row_dimensions[key].hidden:
        fail("Summary: no hidden key row")
        return None
    cols, mcol, dcol = {}, None, None
    for c in ws[key]:
        v = c.value
        if isinstance(v, str) and v.startswith("year:"):
            cols[c.column] = ("year", int(v[5:]))
        elif isinstance(v, str) and v.startswith("n:"):
            cols[c.column] = ("n", int(v[2:]))
        elif v == "metric":
            mcol = c.column
        elif v == "detail":
            dcol = c.column
    if not cols or mcol is None or dcol is None:
        fail("Summary: key row incomplete")
        return None
    return key + 2, cols, mcol, dcol


def check_summary(ws, rows):
    layout = summary_layout(ws)
    if not layout:
        return
    first, cols, mcol, dcol = layout
    years = sorted(y for kind, y in cols.values() if kind == "year")
    shown = set()
    r = first
    while ws.cell(row=r, column=mcol).value:
        metric = ws.cell(row=r, column=mcol).value
        detail = ws.cell(row=r, column=dcol).value or ""
        for col, (kind, year) in cols.items():
            cell = ws.cell(row=r, column=col)
            if detail == "grade":
                if rows is None:
                    continue
                csv_row = rows.get(("oh_pfs", "", year, "all", "", "", "all", "all"))
                if kind == "year" and csv_row is not None:
                    ok = cell.value == "*" if csv_row["status"] != "reported" else \
                        cell.value in ("A", "B", "C", "D", "F")
                    if not ok:
                        fail("%s: PFS grade %r for status %s"
                             % (where(ws, cell), cell.value, csv_row["status"]))
                continue
            if kind == "year":
                check_format(ws, cell, metric)
            if rows is None:
                continue
            csv_row = rows.get((metric, detail, year, "all", "", "", "all", "all"))
            if kind == "year":
                check_value(ws, cell, csv_row, metric)
            else:
                check_n(ws, cell, csv_row)
        shown.add((metric, detail))
        r += 1
    if rows is None:
        return
    for key in rows:
        metric, detail, year, level, _, _, group, _ = key
        if (level == "all" and group == "all" and detail in HEADLINE_DETAILS
                and years[0] <= year <= years[-1] and (metric, detail) not in shown):
            fail("Summary: %s %r %d is in metrics_public.csv but not shown"
                 % (metric, detail, year))


def schools_layout(ws):
    key = find_row(ws, 1, "district_id")
    if key is None or not ws.row_dimensions[key].hidden:
        fail("Schools: no hidden key row")
        return None
    figures = {}
    for c in ws[key]:
        parts = str(c.value or "").split("|")
        if len(parts) == 4:
            figures[c.column] = (parts[0], parts[1], int(parts[2]), parts[3])
    return key + 2, figures


def check_schools(ws, rows, expect_id):
    layout = schools_layout(ws)
    if not layout:
        return
    first, figures = layout
    seen_ids, schools = set(), set()
    r = first
    while ws.cell(row=r, column=1).value is not None:
        dist, school = ws.cell(row=r, column=1), ws.cell(row=r, column=3)
        for c in (dist, school):
            if c.data_type != "s" or not isinstance(c.value, str):
                fail("%s: identifier %r is not a string" % (where(ws, c), c.value))
            seen_ids.add(c.value)
        schools.add((dist.value, school.value))
        for col, (metric, detail, year, what) in figures.items():
            cell = ws.cell(row=r, column=col)
            if what == "value":
                check_format(ws, cell, metric)
            if rows is None:
                continue
            csv_row = rows.get((metric, detail, year, "school", dist.value, school.value,
                                "all", "all"))
            if what == "value":
                check_value(ws, cell, csv_row, metric)
            else:
                check_n(ws, cell, csv_row)
        r += 1
    for i in expect_id:
        if i not in seen_ids:
            fail("Schools: no identifier cell holds %r" % i)
    if rows is None or not figures:
        return
    lines = {(m, d) for m, d, _, _ in figures.values()}
    year = next(iter(figures.values()))[2]
    for key in rows:
        metric, detail, y, level, dist, school, group, _ = key
        if (level == "school" and group == "all" and y == year and (metric, detail) in lines
                and (dist, school) not in schools):
            fail("Schools: school %s/%s is in metrics_public.csv but not shown" % (dist, school))


def check_subgroups(ws, rows):
    header = find_row(ws, 1, "Measure")
    if header is None:
        fail("Subgroups: no header row")
        return
    years, keys = {}, {}
    for c in ws[header]:
        y = year_of_heading(c.value)
        if y is not None:
            years[c.column] = y
        if c.value in ("metric", "detail", "group", "group_value"):
            keys[c.value] = c.column
    if len(keys) != 4:
        fail("Subgroups: key columns missing")
        return
    r = header + 1
    while ws.cell(row=r, column=keys["metric"]).value:
        k = [ws.cell(row=r, column=keys[n]).value or "" for n in
             ("metric", "detail", "group", "group_value")]
        for col, y in years.items():
            csv_row = rows.get((k[0], k[1], y, "all", "", "", k[2], k[3]))
            check_value(ws, ws.cell(row=r, column=col), csv_row, k[0])
            check_n(ws, ws.cell(row=r, column=col + 1), csv_row)
        r += 1


def check_same_xml(a, b):
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        if sorted(za.namelist()) != sorted(zb.namelist()):
            fail("--same-xml: the workbooks have different parts")
            return
        for name in za.namelist():
            if za.read(name) != zb.read(name):
                fail("--same-xml: %s differs" % name)


def parse_args(argv):
    paths, expect_text, expect_id, same = [], [], [], None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--expect-text", "--expect-id", "--same-xml") and i + 1 < len(argv):
            if a == "--expect-text":
                expect_text.append(argv[i + 1])
            elif a == "--expect-id":
                expect_id.append(argv[i + 1])
            else:
                same = argv[i + 1]
            i += 2
        elif a.startswith("--"):
            return None
        else:
            paths.append(a)
            i += 1
    if not 1 <= len(paths) <= 2:
        return None
    return paths[0], (paths[1] if len(paths) > 1 else None), expect_text, expect_id, same


def main(argv):
    args = parse_args(argv)
    if args is None:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    xlsx, csv_path, expect_text, expect_id, same = args
    wb = openpyxl.load_workbook(xlsx)
    rows = load_csv(csv_path) if csv_path else None
    if check_structure(wb):
        check_titles(wb)
        check_footnotes(wb)
        check_cells(wb, expect_text)
        check_schools(wb["Schools"], rows, expect_id)
        check_summary(wb["Summary"], rows)
        if rows is not None:
            check_subgroups(wb["Subgroups"], rows)
    if same:
        check_same_xml(xlsx, same)
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
