/*
 * cohort.c - building the per-student view of the dataset (SPEC 4).
 *
 * Groups every file's rows by student with a counting sort (linear in rows),
 * orders each student's enrollment rows in SPEC 4 row order, assigns cohort
 * years and counts conflicts. Entities and names are built in entities.c;
 * "as of" reads live in asof.c.
 */
#include <stdlib.h>
#include <string.h>

#include "cohort/cohort.h"
#include "cohort/cohort_internal.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/prefault.h"

/* Empty entry_date sorts as the first day of the school year: the day after
 * the previous school year's year_end (SPEC 4 row order). */
static int32_t entry_key(const rcm_enrollment *r, int ye_month, int ye_day)
{
    if (r->entry_date != RCM_NO_DATE)
        return r->entry_date;
    return rcm_year_end(r->label - 1, ye_month, ye_day) + 1;
}

int rcm_enr_row_cmp(const rcm_enrollment *a, const rcm_enrollment *b, int ye_month, int ye_day)
{
    int32_t ea, eb, xa, xb;
    if (a->label != b->label)
        return a->label < b->label ? -1 : 1;
    ea = entry_key(a, ye_month, ye_day);
    eb = entry_key(b, ye_month, ye_day);
    if (ea != eb)
        return ea < eb ? -1 : 1;
    /* an empty exit_date means still enrolled: the latest */
    xa = a->exit_date == RCM_NO_DATE ? INT32_MAX : a->exit_date;
    xb = b->exit_date == RCM_NO_DATE ? INT32_MAX : b->exit_date;
    if (xa != xb)
        return xa < xb ? -1 : 1;
    if (a->order != b->order)
        return a->order < b->order ? -1 : 1;
    return 0;
}

/* Tracks the values one cohort rule sees: the smallest, and whether more
 * than one distinct value occurred (a cohort conflict). */
typedef struct {
    int min, first, conflict, seen;
} rule_values;

static void see(rule_values *v, int value)
{
    if (!v->seen) {
        v->seen = 1;
        v->first = v->min = value;
        return;
    }
    if (value != v->first)
        v->conflict = 1;
    if (value < v->min)
        v->min = value;
}

int rcm_cohort_year_of(const rcm_enrollment *const *rows, size_t n, int *rule, int *conflict)
{
    rule_values by_cohort = {0}, by_g9entry = {0}, by_g9row = {0}, by_transfer = {0};
    const rule_values *applied = NULL;
    size_t i;
    for (i = 0; i < n; i++) {
        const rcm_enrollment *r = rows[i];
        if (r->cohort_year)
            see(&by_cohort, r->cohort_year);
        if (r->grade9_entry)
            see(&by_g9entry, r->grade9_entry + 3); /* entered 2016-17 (2017) -> 2020 */
        if (r->grade == 9)
            see(&by_g9row, r->label + 3);
        else if (r->grade >= 10 && r->grade <= 12)
            see(&by_transfer, r->label + (12 - r->grade)); /* gr10 in 2014 -> 2016 */
    }
    /* SPEC 4: the first rule that applies, in this order [34 CFR 200.19] */
    if (by_cohort.seen) {
        *rule = RCM_RULE_COHORT_YEAR;
        applied = &by_cohort;
    } else if (by_g9entry.seen) {
        *rule = RCM_RULE_GRADE9_ENTRY;
        applied = &by_g9entry;
    } else if (by_g9row.seen) {
        *rule = RCM_RULE_GRADE9_ROW;
        applied = &by_g9row;
    } else if (by_transfer.seen) {
        *rule = RCM_RULE_TRANSFER_IN;
        applied = &by_transfer;
    }
    if (!applied) {
        *rule = RCM_RULE_NONE;
        *conflict = 0;
        return 0;
    }
    *conflict = applied->conflict;
    return applied->min;
}

/* Counting sort of `n` rows by student: fills first/count fields through
 * the offsets and writes row indices into order[]. Stable: rows of one
 * student keep file order. */
static rcm_err group_rows(rcm_cohort *c, const void *rows, size_t n, size_t stride,
                          size_t first_off, size_t count_off, uint32_t **order)
{
    uint32_t *pos, s;
    size_t i;
    uint32_t acc = 0;
    if (!*order) /* normally made up front (alloc_arrays) */
        *order = rcm_malloc((n ? n : 1) * sizeof **order);
    pos = rcm_calloc((size_t)c->n_students + 2, sizeof *pos);
    if (!*order || !pos) {
        free(pos);
        return RCM_ERR_NOMEM;
    }
    for (i = 0; i < n; i++)
        pos[*(const uint32_t *)((const char *)rows + i * stride)]++;
    for (s = 0; s <= c->n_students; s++) {
        uint32_t k = pos[s];
        char *st = (char *)&c->students[s];
        memcpy(st + first_off, &acc, sizeof acc);
        memcpy(st + count_off, &k, sizeof k);
        pos[s] = acc;
        acc += k;
    }
    for (i = 0; i < n; i++)
        (*order)[pos[*(const uint32_t *)((const char *)rows + i * stride)]++] = (uint32_t)i;
    free(pos);
    return RCM_OK;
}

/* Insertion sort of one student's rows (few per student, nearly ordered). */
static void sort_student_rows(const rcm_cohort *c, uint32_t *idx, uint32_t n)
{
    const rcm_enrollment *enr = c->ds->enr;
    int m = c->cfg->year_end_month, d = c->cfg->year_end_day;
    uint32_t i, j;
    for (i = 1; i < n; i++) {
        uint32_t x = idx[i];
        for (j = i; j > 0 && rcm_enr_row_cmp(&enr[idx[j - 1]], &enr[x], m, d) > 0; j--)
            idx[j] = idx[j - 1];
        idx[j] = x;
    }
}

static void sort_credentials(const rcm_cohort *c, uint32_t *idx, uint32_t n)
{
    const rcm_credential *cr = c->ds->cred;
    uint32_t i, j;
    for (i = 1; i < n; i++) {
        uint32_t x = idx[i];
        for (j = i; j > 0 && cr[idx[j - 1]].earned_date > cr[x].earned_date; j--)
            idx[j] = idx[j - 1];
        idx[j] = x;
    }
}

static rcm_err assign_cohorts(rcm_cohort *c)
{
    const rcm_enrollment **rows = NULL;
    size_t cap = 0;
    uint32_t s, i;
    for (s = 1; s <= c->n_students; s++) {
        rcm_student *st = &c->students[s];
        int rule, conflict, year;
        uint32_t *idx = c->enr_order + st->first_enr;
        sort_student_rows(c, idx, st->n_enr);
        if (rcm_grow((void **)&rows, &cap, st->n_enr + 1, sizeof *rows)) {
            free(rows);
            return RCM_ERR_NOMEM;
        }
        for (i = 0; i < st->n_enr; i++)
            rows[i] = &c->ds->enr[idx[i]];
        year = rcm_cohort_year_of(rows, st->n_enr, &rule, &conflict);
        st->cohort_year = (uint16_t)year;
        st->rule = (uint8_t)rule;
        st->conflict = (uint8_t)conflict;
        if (!st->n_enr)
            continue; /* a student id seen only in other files cannot exist */
        if (year)
            c->in_cohort++;
        else
            c->no_cohort++;
        if (conflict) {
            c->conflicts++;
            c->conflicts_by_rule[rule]++;
        }
        sort_credentials(c, c->cred_order + st->first_cred, st->n_cred);
    }
    free(rows);
    return RCM_OK;
}

static rcm_err group_all(rcm_cohort *c)
{
    const rcm_dataset *ds = c->ds;
#define GROUP(rows, n, type, first, count, order)                                              \
    group_rows(c, rows, n, sizeof(type), offsetof(rcm_student, first),                         \
               offsetof(rcm_student, count), order)
    if (GROUP(ds->enr, ds->n_enr, rcm_enrollment, first_enr, n_enr, &c->enr_order) ||
        GROUP(ds->cred, ds->n_cred, rcm_credential, first_cred, n_cred, &c->cred_order) ||
        GROUP(ds->test, ds->n_test, rcm_assessment, first_test, n_test, &c->test_order) ||
        GROUP(ds->prog, ds->n_prog, rcm_program, first_prog, n_prog, &c->prog_order))
        return RCM_ERR_NOMEM;
#undef GROUP
    return RCM_OK;
}

static void dims_present(rcm_cohort *c)
{
    const uint8_t *p = c->ds->enr_columns.present;
    c->dim_present[RCM_DIM_ALL] = 1;
    c->dim_present[RCM_DIM_GENDER] = p[ENR_GENDER];
    c->dim_present[RCM_DIM_RACE] = p[ENR_RACE];
    c->dim_present[RCM_DIM_ELL] = p[ENR_ELL];
    c->dim_present[RCM_DIM_ECON_DISADV] = p[ENR_ECON_DISADV];
    c->dim_present[RCM_DIM_SPED] = p[ENR_SPED];
    c->dim_present[RCM_DIM_CTE] = p[ENR_CTE_CONCENTRATOR];
}

/* The stage's large arrays, made at once so that a helper thread can fault
 * them in on the other core (idle during this stage) while this one fills
 * them, in the order it fills them (core/prefault.h). */
static rcm_prefault *alloc_arrays(rcm_cohort *c)
{
    const rcm_dataset *ds = c->ds;
    size_t n_enr = ds->n_enr ? ds->n_enr : 1;
    rcm_range r[7];
    c->students = rcm_calloc((size_t)c->n_students + 1, sizeof *c->students);
    c->enr_order = rcm_malloc(n_enr * sizeof *c->enr_order);
    c->cred_order = rcm_malloc((ds->n_cred ? ds->n_cred : 1) * sizeof *c->cred_order);
    c->test_order = rcm_malloc((ds->n_test ? ds->n_test : 1) * sizeof *c->test_order);
    c->prog_order = rcm_malloc((ds->n_prog ? ds->n_prog : 1) * sizeof *c->prog_order);
    c->row_school = rcm_malloc(n_enr * sizeof *c->row_school);
    c->row_district = rcm_malloc(n_enr * sizeof *c->row_district);
    if (!c->students || !c->enr_order || !c->cred_order || !c->test_order || !c->prog_order ||
        !c->row_school || !c->row_district)
        return NULL; /* what is missing is made again, or fails, where it is used */
    r[0] = (rcm_range){c->students, ((size_t)c->n_students + 1) * sizeof *c->students};
    r[1] = (rcm_range){c->enr_order, ds->n_enr * sizeof *c->enr_order};
    r[2] = (rcm_range){c->cred_order, ds->n_cred * sizeof *c->cred_order};
    r[3] = (rcm_range){c->test_order, ds->n_test * sizeof *c->test_order};
    r[4] = (rcm_range){c->prog_order, ds->n_prog * sizeof *c->prog_order};
    r[5] = (rcm_range){c->row_school, ds->n_enr * sizeof *c->row_school};
    r[6] = (rcm_range){c->row_district, ds->n_enr * sizeof *c->row_district};
    return rcm_prefault_start(r, 7);
}

rcm_err rcm_cohort_build(const rcm_config *cfg, const rcm_dataset *ds, rcm_cohort **out,
                         rcm_diag *diag)
{
    rcm_prefault *pf;
    double t0 = rcm_now();
    rcm_cohort *c = rcm_calloc(1, sizeof *c);
    rcm_err err = RCM_ERR_NOMEM;
    *out = NULL;
    if (!c)
        return rcm_fail(diag, RCM_ERR_NOMEM, "cohort: out of memory");
    c->cfg = cfg;
    c->ds = ds;
    c->n_students = rcm_intern_count(ds->students);
    c->arena = rcm_arena_new();
    pf = alloc_arrays(c);
    if (c->arena && c->students && !group_all(c) && !assign_cohorts(c))
        err = rcm_cohort_build_entities(c);
    rcm_prefault_stop(pf);
    if (err) {
        rcm_cohort_free(c);
        return rcm_fail(diag, err, "cohort: out of memory");
    }
    dims_present(c);
    rcm_log(diag,
            "cohort: %u students, %llu in a cohort, %llu without, %llu conflicts, "
            "%u districts, %u schools (%.2f s)",
            c->n_students, (unsigned long long)c->in_cohort, (unsigned long long)c->no_cohort,
            (unsigned long long)c->conflicts, c->entities.n_districts, c->entities.n_schools,
            rcm_now() - t0);
    *out = c;
    return RCM_OK;
}

void rcm_cohort_free(rcm_cohort *c)
{
    if (!c)
        return;
    free(c->students);
    free(c->enr_order);
    free(c->cred_order);
    free(c->test_order);
    free(c->prog_order);
    free(c->row_school);
    free(c->row_district);
    rcm_arena_free(c->arena);
    free(c);
}
