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
static void complement(const rcm_results *res, const uint8_t *primary, uint8_t *status,
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
        if (pick == SIZE_MAX || res->rows[idx[i]].den < res->rows[pick].den)
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
static void dimension_sets(const rcm_results *res, const uint8_t *primary, uint8_t *status,
                           size_t *idx)
{
    size_t i = 0, j, n;
    while (i < res->n_rows) {
        for (j = i, n = 0; j < res->n_rows && same_cell_set(&res->rows[i], &res->rows[j]); j++)
            idx[n++] = j;
        if (res->rows[i].group != RCM_DIM_ALL)
            complement(res, primary, status, idx, n);
        i = j;
    }
}

/* Schools of one district, group `all`: schools are numbered by district,
 * so within a (metric, detail, year) block they arrive district by district. */
static void school_sets(const rcm_results *res, const rcm_entities *ent, const uint8_t *primary,
                        uint8_t *status, size_t *idx)
{
    size_t i, n = 0;
    const rcm_metric_row *first = NULL;
    for (i = 0; i <= res->n_rows; i++) {
        const rcm_metric_row *r = i < res->n_rows ? &res->rows[i] : NULL;
        if (r && (r->level != RCM_LEVEL_SCHOOL || r->group != RCM_DIM_ALL))
            continue;
        if (first && (!r || r->metric != first->metric || r->detail != first->detail ||
                      r->year != first->year ||
                      ent->school_district[r->entity] != ent->school_district[first->entity])) {
            complement(res, primary, status, idx, n);
            n = 0;
        }
        if (r) {
            if (!n)
                first = r;
            idx[n++] = i;
        }
    }
}

rcm_err rcm_suppress_apply(const rcm_config *cfg, const rcm_results *res, uint8_t **status,
                           rcm_diag *diag)
{
    size_t i, n = res->n_rows ? res->n_rows : 1;
    uint8_t *primary = rcm_malloc(n);
    size_t *idx = rcm_malloc(n * sizeof *idx);
    (void)diag;
    *status = rcm_malloc(n);
    if (!primary || !idx || !*status) {
        free(primary);
        free(idx);
        free(*status);
        *status = NULL;
        return RCM_ERR_NOMEM;
    }
    for (i = 0; i < res->n_rows; i++)
        primary[i] = primary_status(cfg, &res->rows[i]);
    memcpy(*status, primary, res->n_rows);
    if (cfg->complementary) {
        dimension_sets(res, primary, *status, idx);
        school_sets(res, &res->cohort->entities, primary, *status, idx);
    }
    free(primary);
    free(idx);
    return RCM_OK;
}
