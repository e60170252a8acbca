#!/usr/bin/python3
"""check_public.py - privacy properties of rcm's public output (SPEC 7, 8.1, 8.2).

usage: check_public.py METRICS.csv METRICS_PUBLIC.csv
                       [--min-n N] [--low X] [--high X] [--complementary yes|no]

Reads metrics.csv and metrics_public.csv of the same run (standard library
only; run it with /usr/bin/python3) and checks, with the suppression
settings of that run (defaults: min_n 10, low 0, high 1, complementary yes):

 1. metrics.csv is never suppressed: every status is `reported` and every
    cell is filled (the denominator of co_cdip is empty by definition).
 2. metrics_public.csv has the same rows in the same order, and each public
    row equals its full row except the hidden cells:
      suppressed_n                  numerator, denominator and value empty
      suppressed_bounds/_complement numerator and value empty, n shown
      reported                      nothing hidden
 3. the primary rules: suppressed_n exactly where the denominator is below
    min_n, suppressed_bounds exactly where it is not and the exact rate
    (numerator / denominator, not the rounded value) is below low or above
    high; co_cdip rows are never suppressed (rule 4).
 4. rule 3: where exactly one row of a set is hidden by rules 1-2, the other
    row with the smallest denominator (ties: byte order of group_value /
    school_id) is suppressed_complement; and, since a complement must not be
    recoverable itself, each subgroup dimension of a school row picked that
    way that still shows every row hides its smallest row too (see the end
    of the next section). No other row is a complement.
 5. no hidden numerator can be recovered by subtraction (below); with
    complementary = no the profile accepts that, and they are only counted.

What "recoverable by subtraction" means
---------------------------------------
A *set* is a group of sibling rows with a *parent* row:
  - a subgroup dimension: the rows of one metric, detail, year, level and
    entity whose group is gender, race, ell, ...; the parent is the group
    `all` row of the same metric, detail, year, level and entity;
  - the schools of a district: the level-school, group-`all` rows of one
    metric, detail, year and district; the parent is that district's
    level-district, group-`all` row.
Numerators add up: parent = sum of the siblings + U, where U is the
numerator of the *residual*: the students who are in the parent but in no
sibling row. An attacker who sees the public file subtracts the visible
siblings from the visible parent and gets R = (hidden siblings) + U.

R is a hidden sibling's numerator only when that sibling is the only hidden
one AND U is known to be 0. When is U known to be 0?
  - Flag dimensions (ell, econ_disadv, sped, cte_concentrator): a flag with
    no value is N (SPEC 4), so every student is in Y or N: U is always
    empty, and everyone reading SPEC knows it.
  - The schools of a district: district figures are computed from students
    and every student of a district is attributed to one of its schools:
    U is always empty.
  - Gender and race: a student with no value is in `all` but in no row of
    the dimension, so the denominators need not add up. When they do (the
    residual has no students), R is exactly the hidden numerator, whether
    or not the attacker can confirm it from the public n's (when the hidden
    row is suppressed_n its n is hidden too, but the attacker may simply
    assume that every student has a gender - and would be right). When the
    residual has students, R is the hidden numerator plus an unknown number
    between 0 and the residual's size: the subtraction alone does not give
    the hidden numerator, so it is not "recovered by subtraction", even
    when the residual happens to contribute 0.
So the checker, which sees metrics.csv, calls a numerator recovered when it
is the only hidden one in a set whose parent's numerator is visible and
whose residual (from metrics.csv) has no students. It also checks that the
residual of flag dimensions and school sets really is empty (otherwise the
reasoning above, and the metrics, would be wrong).

The same equation read the other way round recovers a hidden parent from
visible siblings (a school's group-`all` row hidden as a complement, with
both rows of its ell dimension shown), and a recovered number can open
another set (chains). The checker follows every such inference to a fixed
point, over all sets of both kinds, and reports each recovered hidden
numerator with the set that gave it away. SPEC 7's rule 3 alone leaves
exactly that chain open under Tennessee's bounds (a school hidden for a
rate below 1%, its complement school given back by the sum of its ell or
cte_concentrator rows, then the first school by the district's row minus
the others); suppress.c closes it by hiding one row in each such dimension
of a complement school, which property 4 checks.

Out of scope here (counted in notes, not failures, because SPEC 7 does not
ask for them): the districts within the `all` level (the state total minus
the visible districts); the schools of a district within one subgroup (the
district's Female row minus its schools' visible Female rows); and hidden
numerators pinned by bounds rather than by subtraction (R = 0 makes every
hidden sibling 0, whatever the residual).

Exit 0 when every check passes; otherwise one line per failure (at most 20
per kind, then a count) on stdout and exit 1; 2 for a usage error.
"""
import csv
import sys
from collections import defaultdict
from fractions import Fraction

HEADER = ["metric", "detail", "year", "level", "district_id", "school_id", "entity_name",
          "group", "group_value", "numerator", "denominator", "value", "status"]
KEY = ("metric", "detail", "year", "level", "district_id", "school_id", "group", "group_value")
FLAG_DIMS = {"ell", "econ_disadv", "sped", "cte_concentrator"}
STATUSES = {"reported", "suppressed_n", "suppressed_bounds", "suppressed_complement"}
MAX_SHOWN = 20

failures = defaultdict(list)
notes = []


def fail(kind, msg):
    failures[kind].append(msg)


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != HEADER:
            fail("format", "%s: header %r, want %r" % (path, header, HEADER))
            return []
        rows = []
        for n, rec in enumerate(reader, start=2):
            if len(rec) != len(HEADER):
                fail("format", "%s:%d: %d fields" % (path, n, len(rec)))
                continue
            row = dict(zip(HEADER, rec))
            row["line"] = n
            rows.append(row)
        return rows


def key_of(row):
    return tuple(row[k] for k in KEY)


def show(row):
    return "%s:%d %s" % ("metrics_public.csv", row["line"],
                         ",".join(row[k] for k in KEY))


def check_full(full):
    """Property 1: metrics.csv is never suppressed."""
    for r in full:
        if r["status"] != "reported":
            fail("full", "metrics.csv:%d: status %s" % (r["line"], r["status"]))
        need = ["numerator", "value"] + ([] if r["metric"] == "co_cdip" else ["denominator"])
        for c in need:
            if r[c] == "":
                fail("full", "metrics.csv:%d: %s is empty" % (r["line"], c))


def check_cells(full, public):
    """Property 2: same rows, and each public row is its full row minus the
    hidden cells."""
    if len(full) != len(public):
        fail("rows", "metrics.csv has %d rows, metrics_public.csv %d" % (len(full), len(public)))
    for f, p in zip(full, public):
        if key_of(f) != key_of(p) or f["entity_name"] != p["entity_name"]:
            fail("rows", "line %d: public row %r is not full row %r"
                 % (p["line"], key_of(p), key_of(f)))
            continue
        st = p["status"]
        if st not in STATUSES:
            fail("cells", "%s: unknown status %r" % (show(p), st))
            continue
        hidden = {"reported": (), "suppressed_n": ("numerator", "denominator", "value")}.get(
            st, ("numerator", "value"))
        for c in ("numerator", "denominator", "value"):
            want = "" if c in hidden else f[c]
            if p[c] != want:
                fail("cells", "%s: %s %s is %r, want %r" % (show(p), st, c, p[c], want))


def rate(row):
    return Fraction(row["numerator"]) / Fraction(row["denominator"])


def primary(row, min_n, low, high):
    """The status rules 1, 2 and 4 give a full row."""
    if row["metric"] == "co_cdip":
        return "reported"
    if int(row["denominator"]) < min_n:
        return "suppressed_n"
    if (low > 0 and rate(row) < low) or (high < 1 and rate(row) > high):
        return "suppressed_bounds"
    return "reported"


def check_primary(full, public, min_n, low, high):
    """Property 3, and the primary statuses for property 4."""
    prim = []
    for f, p in zip(full, public):
        want = primary(f, min_n, low, high)
        prim.append(want)
        got = p["status"]
        if f["metric"] == "co_cdip" and got != "reported":
            fail("rule4", "%s: co_cdip is %s" % (show(p), got))
        elif want != "reported" and got != want:
            fail("rule12", "%s: is %s, rules 1-2 say %s" % (show(p), got, want))
        elif want == "reported" and got in ("suppressed_n", "suppressed_bounds"):
            fail("rule12", "%s: is %s, rules 1-2 say reported" % (show(p), got))
    return prim


def build_sets(full):
    """Sets of row indices with their parent index: {set key: (parent, [rows])}."""
    index = {key_of(r): i for i, r in enumerate(full)}
    sets = {}
    for i, r in enumerate(full):
        m, d, y, lvl, dist, sch, g, _ = key_of(r)
        if g != "all":
            k = ("dim", m, d, y, lvl, dist, sch, g)
            parent = index.get((m, d, y, lvl, dist, sch, "all", "all"))
        elif lvl == "school":
            k = ("schools", m, d, y, dist)
            parent = index.get((m, d, y, "district", dist, "", "all", "all"))
        else:
            continue
        if parent is None:
            fail("sets", "metrics.csv:%d: no parent row for %r" % (r["line"], key_of(r)))
            continue
        sets.setdefault(k, (parent, []))[1].append(i)
    return sets


def residual(full, parent, members):
    """(students, numerator) in the parent but in no member row, from metrics.csv."""
    p = full[parent]
    if p["denominator"] == "":
        return None
    den = int(p["denominator"]) - sum(int(full[i]["denominator"]) for i in members)
    num = Fraction(p["numerator"]) - sum(Fraction(full[i]["numerator"]) for i in members)
    return den, num


def check_residuals(full, sets):
    """Flag dimensions and school sets add up exactly; others never exceed."""
    empty = {}
    for k, (parent, members) in sets.items():
        res = residual(full, parent, members)
        if res is None:
            continue
        den, num = res
        complete = k[0] == "schools" or k[-1] in FLAG_DIMS
        if den < 0 or num < 0 or num > den * 2 or (complete and (den, num) != (0, 0)):
            fail("residual", "%s: parent %s minus its rows leaves n %d, numerator %s"
                 % (" ".join(k), full[parent]["line"], den, num))
        empty[k] = den == 0 and num == 0
    return empty


def expected_complements(full, prim, sets):
    """Rule 3 as SPEC 7 words it: the rows it hides as complements."""
    want = set()
    for k, (_, members) in sets.items():
        hidden = [i for i in members if prim[i] != "reported"]
        if len(hidden) != 1 or len(members) < 2:
            continue
        tie = 5 if k[0] == "schools" else 7  # school_id, group_value
        cand = [i for i in members if prim[i] == "reported"]
        if cand:
            want.add(min(cand, key=lambda i: (int(full[i]["denominator"]),
                                              key_of(full[i])[tie].encode())))
    return want


def protected_complements(full, prim, sets, picked):
    """The step after rule 3 (lib/suppress/suppress.c): in each subgroup
    dimension of a school row picked as a complement among its district's
    schools, where no row is hidden yet, the row with the smallest n."""
    schools = {i for k, (_, members) in sets.items() if k[0] == "schools" for i in members}
    want = set()
    for k, (parent, members) in sets.items():
        if k[0] != "dim" or parent not in picked or parent not in schools:
            continue
        if any(prim[i] != "reported" or i in picked for i in members):
            continue
        want.add(min(members, key=lambda i: (int(full[i]["denominator"]),
                                             full[i]["group_value"].encode())))
    return want


def check_rule3(full, public, prim, sets, complementary):
    got = {i for i, p in enumerate(public) if p["status"] == "suppressed_complement"}
    want = set()
    if complementary:
        want = expected_complements(full, prim, sets)
        want |= protected_complements(full, prim, sets, want)
    for i in sorted(got - want):
        fail("rule3", "%s: suppressed_complement, but rule 3 does not pick it" % show(public[i]))
    for i in sorted(want - got):
        fail("rule3", "%s: rule 3 picks it as the complement, but it is %s"
             % (show(public[i]), public[i]["status"]))


def check_recovery(full, public, sets, empty):
    """Property 5: follow every subtraction (and addition) to a fixed point."""
    known = [p["numerator"] != "" for p in public]
    usable = [(k, [parent] + members) for k, (parent, members) in sets.items() if empty.get(k)]
    by_row = defaultdict(list)
    for n, (_, terms) in enumerate(usable):
        for i in terms:
            by_row[i].append(n)
    work = list(range(len(usable)))
    via = {}
    while work:
        n = work.pop()
        k, terms = usable[n]
        unknown = [i for i in terms if not known[i]]
        if len(unknown) != 1:
            continue
        i = unknown[0]
        known[i] = True
        shown = all(public[j]["numerator"] != "" for j in terms if j != i)
        how = ("recovered_chain" if not shown else
               "recovered_sum" if i == terms[0] else "recovered")
        via[i] = (how, k, terms[0])
        work.extend(by_row[i])
    for i, (how, k, parent) in sorted(via.items()):
        what = "the district's schools" if k[0] == "schools" else "the %s rows" % k[-1]
        fail(how, "%s: hidden numerator %s follows from %s and parent line %d"
             % (show(public[i]), full[i]["numerator"], what, public[parent]["line"]))


def note_pinned(public, sets):
    """Hidden numerators that the subtraction pins to 0 (R = 0): bounds, not
    subtraction, give them away; SPEC 7 does not ask for more. Counted."""
    pinned, gaps = 0, 0
    for parent, members in sets.values():
        hidden = [i for i in members if public[i]["numerator"] == ""]
        if not hidden or public[parent]["numerator"] in ("", "0"):
            continue  # a group of 0 says its parts are 0: nothing to protect
        rest = Fraction(public[parent]["numerator"]) - sum(
            Fraction(public[i]["numerator"]) for i in members if i not in hidden)
        if rest == 0:
            pinned += len(hidden)
    for k, (parent, members) in sets.items():
        if k[0] == "dim" and k[-1] not in FLAG_DIMS:
            res = residual_public(public, parent, members)
            gaps += res is not None and res > 0
    notes.append("note: %d hidden numerators are 0 because subtraction leaves 0 (the group "
                 "is not 0); "
                 "%d gender/race sets do not add up to their `all` row" % (pinned, gaps))


def residual_public(public, parent, members):
    """Students in the parent and in no member row, when every n is shown."""
    dens = [public[i]["denominator"] for i in [parent] + members]
    if "" in dens:
        return None
    return int(dens[0]) - sum(int(d) for d in dens[1:])


def note_out_of_scope(full, public):
    """Districts within the `all` level: not a SPEC 7 set, only counted."""
    index = {key_of(r): i for i, r in enumerate(full)}
    groups = defaultdict(list)
    for i, r in enumerate(full):
        if r["level"] == "district":
            m, d, y, _, _, _, g, gv = key_of(r)
            groups[(m, d, y, g, gv)].append(i)
    exposed = count_exposed(full, public, index, groups, lambda m, d, y, g, gv:
                            (m, d, y, "all", "", "", g, gv))
    if exposed:
        notes.append("note: %d district rows could be recovered from the level-all total "
                     "(not a SPEC 7 set)" % exposed)
    groups = defaultdict(list)
    for i, r in enumerate(full):
        if r["level"] == "school" and r["group"] != "all":
            m, d, y, _, dist, _, g, gv = key_of(r)
            groups[(m, d, y, dist, g, gv)].append(i)
    exposed = count_exposed(full, public, index, groups, lambda m, d, y, dist, g, gv:
                            (m, d, y, "district", dist, "", g, gv))
    if exposed:
        notes.append("note: %d school subgroup rows could be recovered from the district's "
                     "subgroup row (not a SPEC 7 set)" % exposed)


def count_exposed(full, public, index, groups, parent_key):
    exposed = 0
    for k, members in groups.items():
        top = index.get(parent_key(*k))
        hidden = [i for i in members if public[i]["numerator"] == ""]
        if top is not None and public[top]["numerator"] != "" and len(hidden) == 1:
            if residual(full, top, members) == (0, 0):
                exposed += 1
    return exposed


def parse_args(argv):
    opts = {"--min-n": "10", "--low": "0", "--high": "1", "--complementary": "yes"}
    paths, i = [], 1
    while i < len(argv):
        if argv[i] in opts and i + 1 < len(argv):
            opts[argv[i]] = argv[i + 1]
            i += 2
        elif argv[i].startswith("--"):
            return None
        else:
            paths.append(argv[i])
            i += 1
    if len(paths) != 2 or opts["--complementary"] not in ("yes", "no"):
        return None
    try:
        return (paths, int(opts["--min-n"]), Fraction(opts["--low"]), Fraction(opts["--high"]),
                opts["--complementary"] == "yes")
    except ValueError:
        return None


def main(argv):
    args = parse_args(argv)
    if args is None:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    (full_path, public_path), min_n, low, high, complementary = args
    full, public = read_rows(full_path), read_rows(public_path)
    if not failures:
        check_full(full)
        check_cells(full, public)
    if not failures.get("format") and not failures.get("rows"):
        prim = check_primary(full, public, min_n, low, high)
        sets = build_sets(full)
        empty = check_residuals(full, sets)
        check_rule3(full, public, prim, sets, complementary)
        check_recovery(full, public, sets, empty)
        if not complementary:  # the profile turned rule 3 off: subtraction works
            found = sum(len(failures.pop(k, [])) for k in
                        ("recovered", "recovered_sum", "recovered_chain"))
            notes.append("note: complementary = no: %d hidden numerators can be recovered"
                         % found)
        note_pinned(public, sets)
        note_out_of_scope(full, public)
    for kind, msgs in failures.items():
        for m in msgs[:MAX_SHOWN]:
            print("%s: %s" % (kind, m))
        if len(msgs) > MAX_SHOWN:
            print("%s: ... and %d more" % (kind, len(msgs) - MAX_SHOWN))
    for n in notes:
        print(n)
    if failures:
        return 1
    hidden = sum(1 for p in public if p["status"] != "reported")
    print("check_public: %d rows, %d hidden, %d sets: ok" % (len(public), hidden, len(sets)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
