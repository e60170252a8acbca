/*
 * suppress.c - public-output suppression (SPEC 7) [TN-SUP, NCES-TB3].
 *
 * Rule 1: denominator < min_n hides numerator, denominator and value.
 * Rule 2: otherwise a rate below `low` or above `high` (exact, not rounded)
 * hides numerator and value. Rule 3 (complementary): where exactly one row
 * of a set is hidden by rules 1-2, the other row with the smallest
 * denominator is hidden too, so the hidden one cannot be recovered by
 * subtraction. The sets are a subgroup dimension of one metric, detail,
 * year and entity, and the schools of one district (group `all` rows).
 * One pass over the primary decisions: no cascade. co_cdip is funding, not
 * a student outcome, and is never suppressed (rule 4).
 *
 * A complement must not be recoverable itself. A school's group `all` row
 * is also the sum of the rows of each of its subgroup dimensions (ell Y +
 * ell N: every student is in one of them). When it is hidden only as a
 * complement among its district's schools while one of its dimensions
 * shows every row, that sum gives its numerator back, and the district row
 * minus the other schools then gives back the numerator it was protecting
 * (tests/privacy/check_public.py finds this with Tennessee's bounds). So
 * each such dimension hides one more row, the one with the smallest
 * denominator (ties: byte order of group_value), as suppressed_complement.
 * A school row hidden by rules 1-2 needs no such help: a group whose n is
 * below min_n, or whose rate is out of bounds, has in every dimension that
 * adds up to it a row that is small or out of bounds too. This step adds at
 * most one row per dimension and triggers nothing further. Every set lies
 * within one (metric, detail, year) block.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "suppress/suppress.h"

static uint8_t primary_status(const rcm_config *cfg, const rcm_metric_row *r)
{
    if (r->metric == RCM_METRIC_CO_CDIP)
        return RCM_STATUS_REPORTED;
    if (r->den < cfg->min_n)
        return RCM_STATUS_SUPPRESSED_N; /* rule 1 wins over rule 2 */
    if (cfg->low > 0 && rcm_row_cmp_fraction(r, cfg->low) < 0)
        return RCM_STATUS_SUPPRESSED_BOUNDS;
    if (cfg->high < RCM_FIXED_ONE && rcm_row_cmp_fraction(r, cfg->high) > 0)
        return RCM_STATUS_SUPPRESSED_BOUNDS;
    return RCM_STATUS_REPORTED;
}

/* Within rows idx[0..n): if exactly one is suppressed by rules 1-2, hide
 * the other row with the smallest denominator; ties go to the row that
 * comes first in output order (byte order of group_value / school_id). */
static void complement(const rcm_metric_row *rows, const uint8_t *primary, uint8_t *status,
                       const size_t *idx, size_t n)
{
    size_t i, hidden = 0, pick = SIZE_MAX;
    for (i = 0; i < n; i++)
        hidden += primary[idx[i]] != RCM_STATUS_REPORTED;
    if (hidden != 1 || n < 2)
        return;
    for (i = 0; i < n; i++) {
        if (primary[idx[i]] != RCM_STATUS_REPORTED)
            continue;
        if (pick == SIZE_MAX || rows[idx[i]].den < rows[pick].den)
            pick = idx[i];
    }
    if (pick != SIZE_MAX && status[pick] == RCM_STATUS_REPORTED)
        status[pick] = RCM_STATUS_SUPPRESSED_COMPLEMENT;
}

static int same_cell_set(const rcm_metric_row *a, const rcm_metric_row *b)
{
    return a->metric == b->metric && a->detail == b->detail && a->year == b->year &&
           a->level == b->level && a->entity == b->entity && a->group == b->group;
}

/* Sets of one subgroup dimension: contiguous in output order. */
static void dimension_sets(const rcm_metric_row *rows, size_t n_rows, const uint8_t *primary,
                           uint8_t *status, size_t *idx)
{
    size_t i = 0, j, n;
    while (i < n_rows) {
        for (j = i, n = 0; j < n_rows && same_cell_set(&rows[i], &rows[j]); j++)
            idx[n++] = j;
        if (rows[i].group != RCM_DIM_ALL)
            complement(rows, primary, status, idx, n);
        i = j;
    }
}

/* Schools of one district, group `all`: schools are numbered by district,
 * so within a (metric, detail, year) block they arrive district by district. */
static void school_sets(const rcm_metric_row *rows, size_t n_rows, const rcm_entities *ent,
                        const uint8_t *primary, uint8_t *status, size_t *idx)
{
    size_t i, n = 0;
    const rcm_metric_row *first = NULL;
    for (i = 0; i <= n_rows; i++) {
        const rcm_metric_row *r = i < n_rows ? &rows[i] : NULL;
        if (r && (r->level != RCM_LEVEL_SCHOOL || r->group != RCM_DIM_ALL))
            continue;
        if (first && (!r || r->metric != first->metric || r->detail != first->detail ||
                      r->year != first->year ||
                      ent->school_district[r->entity] != ent->school_district[first->entity])) {
            complement(rows, primary, status, idx, n);
            n = 0;
        }
        if (r) {
            if (!n)
                first = r;
            idx[n++] = i;
        }
    }
}

/* The rows of the school whose group `all` row is rows[at] follow it,
 * dimension by dimension: hide one row of each dimension that shows all. */
static void protect_complement(const rcm_metric_row *rows, size_t n_rows, uint8_t *status,
                               size_t at)
{
    const rcm_metric_row *top = &rows[at];
    size_t i = at + 1, j, pick;
    int hidden;
    while (i < n_rows && rows[i].group != RCM_DIM_ALL && rows[i].metric == top->metric &&
           rows[i].detail == top->detail && rows[i].year == top->year &&
           rows[i].level == top->level && rows[i].entity == top->entity) {
        hidden = 0;
        pick = i;
        for (j = i; j < n_rows && same_cell_set(&rows[i], &rows[j]); j++) {
            hidden |= status[j] != RCM_STATUS_REPORTED;
            if (rows[j].den < rows[pick].den)
                pick = j;
        }
        if (!hidden)
            status[pick] = RCM_STATUS_SUPPRESSED_COMPLEMENT;
        i = j;
    }
}

rcm_err rcm_suppress_rows(const rcm_config *cfg, const rcm_entities *ent,
                          const rcm_metric_row *rows, size_t n, uint8_t *status)
{
    size_t i, cap = n ? n : 1;
    uint8_t *primary = rcm_malloc(cap);
    size_t *idx = rcm_malloc(cap * sizeof *idx);
    if (!primary || !idx) {
        free(primary);
        free(idx);
        return RCM_ERR_NOMEM;
    }
    for (i = 0; i < n; i++)
        primary[i] = primary_status(cfg, &rows[i]);
    memcpy(status, primary, n);
    if (cfg->complementary) {
        dimension_sets(rows, n, primary, status, idx);
        school_sets(rows, n, ent, primary, status, idx);
        for (i = 0; i < n; i++)
            if (rows[i].level == RCM_LEVEL_SCHOOL && rows[i].group == RCM_DIM_ALL &&
                status[i] == RCM_STATUS_SUPPRESSED_COMPLEMENT)
                protect_complement(rows, n, status, i);
    }
    free(primary);
    free(idx);
    return RCM_OK;
}

rcm_err rcm_suppress_apply(const rcm_config *cfg, const rcm_results *res, uint8_t **status,
                           rcm_diag *diag)
{
    rcm_err err;
    (void)diag;
    *status = rcm_malloc(res->n_rows ? res->n_rows : 1);
    if (!*status)
        return RCM_ERR_NOMEM;
    err = rcm_suppress_rows(cfg, &res->cohort->entities, res->rows, res->n_rows, *status);
    if (err) {
        free(*status);
        *status = NULL;
    }
    return err;
}
