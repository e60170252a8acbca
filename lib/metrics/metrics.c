/*
 * metrics.c - runs the enabled metrics in SPEC 8.1 output order (metric,
 * detail in byte order, year, level, district_id, school_id, group,
 * group_value); each metric emits its rows already in that order.
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

rcm_err rcm_metrics_compute(const rcm_cohort *c, const rcm_row_sink *sink, rcm_results **out,
                            rcm_diag *diag)
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
    res->sink = sink && sink->fn ? sink : NULL;
    m.c = c;
    m.res = res;
    year_range(c, &m.year_min, &m.n_years);
    for (k = 0; k < RCM_METRIC_COUNT && !err; k++)
        if (c->cfg->enabled[k])
            err = metric_fns[k](&m);
    if (!err && rcm_results_flush(res))
        err = res->failure;
    if (!err && res->failure)
        err = res->failure; /* a push failed: each metric maps it to NOMEM */
    else if (err && res->failure)
        err = res->failure;
    if (!err)
        err = rcm_metric_credential_counts(&m);
    if (!err)
        err = rcm_results_sort_details(res);
    if (err) {
        rcm_results_free(res);
        return rcm_fail(diag, err, "metrics: %s", rcm_strerror(err));
    }
    rcm_log(diag, "metrics: %llu rows (%.2f s)", (unsigned long long)res->n_rows_total,
            rcm_now() - t0);
    *out = res;
    return RCM_OK;
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
