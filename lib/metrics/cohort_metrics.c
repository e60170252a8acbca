/*
 * cohort_metrics.c - metrics over the adjusted cohort of year Y: acgr
 * (6.1), cert_attainment (6.2), oh_cred_pathway (6.5), tn_ready_graduate
 * (6.6), co_competency (6.7). Every student of cohort Y is read as of Y (or
 * Y+1 for 5-year figures) and counted once per figure.
 */
#include <stdio.h>
#include <string.h>

#include "core/diag.h"
#include "metrics/metrics_internal.h"

static int32_t year_end(const rcm_config *cfg, int label)
{
    return rcm_year_end(label, cfg->year_end_month, cfg->year_end_day);
}

static rcm_err finish(rcm_agg *a, rcm_results *res, int failed)
{
    rcm_err err = failed ? RCM_ERR_NOMEM : rcm_agg_emit(a, res);
    rcm_agg_release(a);
    return err;
}

static int one_detail(rcm_metric_ctx *m, rcm_agg *a, rcm_metric metric, const char *detail)
{
    if (rcm_agg_init(a, m->c, metric, 1, m->year_min, m->n_years))
        return -1;
    return rcm_results_detail(m->res, detail, &a->detail_ids[0]);
}

/* 6.1: 4-year and 5-year adjusted cohort graduation rates [34 CFR 200.19]. */
rcm_err rcm_metric_acgr(rcm_metric_ctx *m)
{
    const rcm_cohort *c = m->c;
    const rcm_config *cfg = c->cfg;
    rcm_agg four, five;
    uint32_t s;
    int failed = 0;
    if (one_detail(m, &four, RCM_METRIC_ACGR, "4yr") ||
        one_detail(m, &five, RCM_METRIC_ACGR, "5yr")) {
        rcm_agg_release(&four);
        rcm_agg_release(&five);
        return RCM_ERR_NOMEM;
    }
    for (s = 1; s <= c->n_students && !failed; s++) {
        int y = c->students[s].cohort_year;
        rcm_asof a;
        int64_t grad;
        if (!y)
            continue;
        rcm_cohort_asof(c, s, y, &a);
        if (rcm_in_adjusted(cfg, &a)) {
            grad = rcm_is_graduate(cfg, &a, year_end(cfg, y));
            failed |= rcm_agg_add(&four, y, &a, &grad);
        }
        /* a 5yr row exists once the data reach school year Y+1 */
        if (c->ds->max_label < y + 1)
            continue;
        rcm_cohort_asof(c, s, y + 1, &a);
        if (rcm_in_adjusted(cfg, &a)) {
            grad = rcm_is_graduate(cfg, &a, year_end(cfg, y + 1));
            failed |= rcm_agg_add(&five, y, &a, &grad);
        }
    }
    if (finish(&four, m->res, failed)) {
        rcm_agg_release(&five);
        return RCM_ERR_NOMEM;
    }
    return finish(&five, m->res, failed);
}

int rcm_cert_details(rcm_metric_ctx *m, rcm_agg *a)
{
    const rcm_catalog *cat = &m->c->cfg->catalog;
    char buf[512];
    size_t f;
    int t, n = 0;
    if (rcm_results_detail(m->res, "", &a->detail_ids[n++]))
        return -1;
    for (f = 0; f < cat->n_fields && n < 60; f++) {
        snprintf(buf, sizeof buf, "field:%s", cat->fields[f]);
        if (rcm_results_detail(m->res, buf, &a->detail_ids[n++]))
            return -1;
    }
    for (t = 0; t < RCM_TIER_COUNT; t++) {
        if (!cat->has_tier[t])
            continue;
        snprintf(buf, sizeof buf, "tier:%s", rcm_tier_names[t]);
        if (rcm_results_detail(m->res, buf, &a->detail_ids[n++]))
            return -1;
    }
    return n;
}

void rcm_cert_nums(const rcm_config *cfg, const rcm_cred_evidence *ev, int64_t *nums)
{
    const rcm_catalog *cat = &cfg->catalog;
    size_t f;
    int t, n = 0;
    nums[n++] = ev->any;
    for (f = 0; f < cat->n_fields && n < 60; f++)
        nums[n++] = ev->field_any[f];
    for (t = 0; t < RCM_TIER_COUNT; t++)
        if (cat->has_tier[t])
            nums[n++] = ev->tier_any[t];
}

/* 6.2: students of adjusted cohort Y with >= 1 counted credential. */
rcm_err rcm_metric_cert_attainment(rcm_metric_ctx *m)
{
    const rcm_cohort *c = m->c;
    rcm_agg agg;
    rcm_cred_evidence ev;
    int64_t nums[64];
    uint32_t s = 0;
    rcm_asof a;
    int n, y, failed = 0;
    if (rcm_cred_evidence_init(&ev, c->cfg))
        return RCM_ERR_NOMEM;
    if (rcm_agg_init(&agg, c, RCM_METRIC_CERT_ATTAINMENT, 64, m->year_min, m->n_years) ||
        (n = rcm_cert_details(m, &agg)) < 0) {
        rcm_agg_release(&agg);
        rcm_cred_evidence_release(&ev);
        return RCM_ERR_NOMEM;
    }
    agg.n_details = n;
    while (!failed && rcm_next_adjusted(c, &s, &y, &a)) {
        failed |= rcm_eval_credentials(c, s, year_end(c->cfg, y),
                                       c->entities.district_ids[a.district], &ev);
        rcm_cert_nums(c->cfg, &ev, nums);
        failed |= rcm_agg_add(&agg, y, &a, nums);
    }
    rcm_cred_evidence_release(&ev);
    return finish(&agg, m->res, failed);
}

/* 6.5: >= points in one career field and a passing WorkKeys [OH-WK]. */
rcm_err rcm_metric_oh_cred_pathway(rcm_metric_ctx *m)
{
    const rcm_cohort *c = m->c;
    const rcm_config *cfg = c->cfg;
    rcm_agg agg;
    rcm_cred_evidence ev;
    uint32_t s = 0;
    rcm_asof a;
    int y, failed = 0;
    if (rcm_cred_evidence_init(&ev, cfg))
        return RCM_ERR_NOMEM;
    if (one_detail(m, &agg, RCM_METRIC_OH_CRED_PATHWAY, "")) {
        rcm_agg_release(&agg);
        rcm_cred_evidence_release(&ev);
        return RCM_ERR_NOMEM;
    }
    while (!failed && rcm_next_adjusted(c, &s, &y, &a)) {
        int32_t w = year_end(cfg, y);
        rcm_test_evidence t;
        int64_t pass;
        failed |= rcm_eval_credentials(c, s, w, c->entities.district_ids[a.district], &ev);
        rcm_eval_tests(c, s, w, &t);
        pass = ev.best_field >= 0 && ev.best_points >= cfg->path_points &&
               rcm_oh_workkeys_pass(cfg, &t, y);
        failed |= rcm_agg_add(&agg, y, &a, &pass);
    }
    rcm_cred_evidence_release(&ev);
    return finish(&agg, m->res, failed);
}
