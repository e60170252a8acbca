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
typedef struct {
    const rcm_cohort *c;
    rcm_agg four, five;
} acgr_part;

static int acgr_student(void *part, uint32_t s)
{
    acgr_part *p = part;
    const rcm_cohort *c = p->c;
    const rcm_config *cfg = c->cfg;
    int y = c->students[s].cohort_year, failed = 0;
    rcm_asof a;
    int64_t grad;
    if (!y)
        return 0;
    rcm_cohort_asof(c, s, y, &a);
    if (rcm_in_adjusted(cfg, &a)) {
        grad = rcm_is_graduate(cfg, &a, year_end(cfg, y));
        failed |= rcm_agg_add(&p->four, y, &a, &grad);
    }
    /* a 5yr row exists once the data reach school year Y+1 */
    if (c->ds->max_label < y + 1)
        return failed;
    rcm_cohort_asof(c, s, y + 1, &a);
    if (rcm_in_adjusted(cfg, &a)) {
        grad = rcm_is_graduate(cfg, &a, year_end(cfg, y + 1));
        failed |= rcm_agg_add(&p->five, y, &a, &grad);
    }
    return failed;
}

static void acgr_release(acgr_part *p)
{
    rcm_agg_release(&p->four);
    rcm_agg_release(&p->five);
}

rcm_err rcm_metric_acgr(rcm_metric_ctx *m)
{
    acgr_part p[2];
    int failed, split;
    memset(p, 0, sizeof p);
    p[0].c = p[1].c = m->c;
    if (one_detail(m, &p[0].four, RCM_METRIC_ACGR, "4yr") ||
        one_detail(m, &p[0].five, RCM_METRIC_ACGR, "5yr") ||
        rcm_agg_twin(&p[0].four, &p[1].four) || rcm_agg_twin(&p[0].five, &p[1].five)) {
        acgr_release(&p[0]);
        acgr_release(&p[1]);
        return RCM_ERR_NOMEM;
    }
    failed = rcm_for_students(m->c, acgr_student, &p[0], &p[1], &split);
    failed |= rcm_agg_merge(&p[0].four, &p[1].four) | rcm_agg_merge(&p[0].five, &p[1].five);
    if (finish(&p[0].four, m->res, failed)) {
        rcm_agg_release(&p[0].five);
        return RCM_ERR_NOMEM;
    }
    return finish(&p[0].five, m->res, failed);
}

static int cert_details(rcm_metric_ctx *m, rcm_agg *a)
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

int rcm_cert_agg_init(rcm_metric_ctx *m, rcm_agg *a, rcm_metric metric)
{
    int n;
    if (rcm_agg_init(a, m->c, metric, 64, m->year_min, m->n_years) ||
        (n = cert_details(m, a)) < 0) {
        rcm_agg_release(a);
        return -1;
    }
    a->n_details = n;
    return 0;
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
static int cert_student(void *part, uint32_t s)
{
    rcm_cred_part *p = part;
    int64_t nums[64];
    rcm_asof a;
    int y = rcm_adjusted_year(p->c, s, &a), failed;
    if (!y)
        return 0;
    failed = rcm_eval_credentials(p->c, s, year_end(p->c->cfg, y),
                                  p->c->entities.district_ids[a.district], &p->ev);
    rcm_cert_nums(p->c->cfg, &p->ev, nums);
    return failed | rcm_agg_add(&p->agg, y, &a, nums);
}

rcm_err rcm_metric_cert_attainment(rcm_metric_ctx *m)
{
    rcm_cred_part p[2];
    memset(p, 0, sizeof p);
    if (rcm_cert_agg_init(m, &p[0].agg, RCM_METRIC_CERT_ATTAINMENT))
        return RCM_ERR_NOMEM;
    return rcm_count_and_emit(m, p, cert_student);
}

/* 6.5: >= points in one career field and a passing WorkKeys [OH-WK]. */
static int pathway_student(void *part, uint32_t s)
{
    rcm_cred_part *p = part;
    const rcm_config *cfg = p->c->cfg;
    rcm_test_evidence t;
    rcm_asof a;
    int64_t pass;
    int y = rcm_adjusted_year(p->c, s, &a), failed;
    int32_t w;
    if (!y)
        return 0;
    w = year_end(cfg, y);
    failed = rcm_eval_credentials(p->c, s, w, p->c->entities.district_ids[a.district], &p->ev);
    rcm_eval_tests(p->c, s, w, &t);
    pass = p->ev.best_field >= 0 && p->ev.best_points >= cfg->path_points &&
           rcm_oh_workkeys_pass(cfg, &t, y);
    return failed | rcm_agg_add(&p->agg, y, &a, &pass);
}

rcm_err rcm_metric_oh_cred_pathway(rcm_metric_ctx *m)
{
    rcm_cred_part p[2];
    memset(p, 0, sizeof p);
    if (one_detail(m, &p[0].agg, RCM_METRIC_OH_CRED_PATHWAY, "")) {
        rcm_agg_release(&p[0].agg);
        return RCM_ERR_NOMEM;
    }
    return rcm_count_and_emit(m, p, pathway_student);
}
