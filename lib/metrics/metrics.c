/*
 * metrics.c - runs the enabled metrics and sorts rows into output order
 * (SPEC 8.1: metric, detail in byte order, year, level, district_id,
 * school_id, group, group_value).
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "metrics/metrics_internal.h"

typedef rcm_err (*metric_fn)(rcm_metric_ctx *m);
static const metric_fn metric_fns[RCM_METRIC_COUNT] = {
    rcm_metric_acgr,      rcm_metric_cert_attainment,  rcm_metric_cert_enrolled,
    rcm_metric_oh_pfs,    rcm_metric_oh_cred_pathway,  rcm_metric_tn_ready_graduate,
    rcm_metric_co_competency, rcm_metric_co_cdip};

int rcm_results_detail(rcm_results *res, const char *detail, uint16_t *id)
{
    size_t i;
    char *copy;
    const char **grown;
    for (i = 0; i < res->n_details; i++)
        if (strcmp(res->details[i], detail) == 0) {
            *id = (uint16_t)i;
            return 0;
        }
    if (res->n_details >= 65535)
        return -1;
    copy = rcm_arena_strndup(res->arena, detail, strlen(detail));
    grown = rcm_arena_alloc(res->arena, (res->n_details + 1) * sizeof *grown);
    if (!copy || !grown)
        return -1;
    if (res->n_details)
        memcpy(grown, res->details, res->n_details * sizeof *grown);
    grown[res->n_details] = copy;
    res->details = grown;
    *id = (uint16_t)res->n_details++;
    return 0;
}

int rcm_results_push(rcm_results *res, const rcm_metric_row *row)
{
    if (rcm_grow((void **)&res->rows, &res->rows_cap, res->n_rows + 1, sizeof *res->rows))
        return -1;
    res->rows[res->n_rows++] = *row;
    return 0;
}

static const uint32_t *detail_rank;

static int cmp_rows(const void *pa, const void *pb)
{
    const rcm_metric_row *a = pa, *b = pb;
#define KEY(f)                                                                                \
    if (a->f != b->f)                                                                         \
        return a->f < b->f ? -1 : 1;
    KEY(metric)
    if (detail_rank[a->detail] != detail_rank[b->detail])
        return detail_rank[a->detail] < detail_rank[b->detail] ? -1 : 1;
    KEY(year) KEY(level) KEY(entity) KEY(group) KEY(group_value)
#undef KEY
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort details into byte order, renumber rows, sort rows. */
static rcm_err sort_output(rcm_results *res)
{
    size_t i, n = res->n_details;
    const char **sorted = rcm_malloc((n + 1) * sizeof *sorted);
    uint32_t *rank = rcm_malloc((n + 1) * sizeof *rank);
    if (!sorted || !rank) {
        free(sorted);
        free(rank);
        return RCM_ERR_NOMEM;
    }
    memcpy(sorted, res->details, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_str);
    for (i = 0; i < n; i++)
        rank[i] = (uint32_t)((const char **)bsearch(&res->details[i], sorted, n, sizeof *sorted,
                                                    cmp_str) - sorted);
    detail_rank = rank;
    qsort(res->rows, res->n_rows, sizeof *res->rows, cmp_rows);
    detail_rank = NULL;
    for (i = 0; i < res->n_rows; i++)
        res->rows[i].detail = (uint16_t)rank[res->rows[i].detail];
    memcpy(res->details, sorted, n * sizeof *sorted);
    free(sorted);
    free(rank);
    return RCM_OK;
}

static void year_range(const rcm_cohort *c, int *year_min, int *n_years)
{
    int lo = 9999, hi = 0;
    uint32_t s;
    size_t i;
    for (s = 1; s <= c->n_students; s++) {
        int y = c->students[s].cohort_year;
        if (y && y < lo)
            lo = y;
        if (y > hi)
            hi = y;
    }
    for (i = 0; i < c->ds->n_enr; i++) {
        int y = c->ds->enr[i].label;
        if (y < lo)
            lo = y;
        if (y > hi)
            hi = y;
    }
    if (lo > hi)
        lo = hi = 2000;
    *year_min = lo;
    *n_years = hi - lo + 2; /* one more for Y+1 figures */
}

rcm_err rcm_metrics_compute(const rcm_cohort *c, rcm_results **out, rcm_diag *diag)
{
    double t0 = rcm_now();
    rcm_results *res = rcm_calloc(1, sizeof *res);
    rcm_metric_ctx m;
    rcm_err err = RCM_OK;
    int k;
    *out = NULL;
    if (!res || !(res->arena = rcm_arena_new())) {
        free(res);
        return rcm_fail(diag, RCM_ERR_NOMEM, "metrics: out of memory");
    }
    res->cohort = c;
    m.c = c;
    m.res = res;
    year_range(c, &m.year_min, &m.n_years);
    for (k = 0; k < RCM_METRIC_COUNT && !err; k++)
        if (c->cfg->enabled[k])
            err = metric_fns[k](&m);
    if (!err)
        err = rcm_metric_credential_counts(&m);
    if (!err)
        err = sort_output(res);
    if (err) {
        rcm_results_free(res);
        return rcm_fail(diag, err, "metrics: %s", rcm_strerror(err));
    }
    rcm_log(diag, "metrics: %zu rows (%.2f s)", res->n_rows, rcm_now() - t0);
    *out = res;
    return RCM_OK;
}

void rcm_results_free(rcm_results *r)
{
    if (!r)
        return;
    free(r->rows);
    free(r->cred_counts);
    rcm_arena_free(r->arena);
    free(r);
}

int rcm_row_cmp_fraction(const rcm_metric_row *row, int64_t fixed)
{
    /* num / (den * 10^s) vs fixed / 1e6  <=>  num * 1e6 vs fixed * den * 10^s */
    __int128 lhs, rhs;
    int s;
    if (row->den <= 0)
        return 0;
    lhs = (__int128)row->num * RCM_FIXED_ONE;
    rhs = (__int128)fixed * row->den;
    for (s = 0; s < row->num_scale_digits; s++)
        rhs *= 10;
    return lhs < rhs ? -1 : lhs > rhs;
}
