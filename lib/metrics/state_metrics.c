/*
 * state_metrics.c - Tennessee Ready Graduate (SPEC 6.6, [TN-RG]) and
 * Colorado graduation-guideline competencies (SPEC 6.7, [CO-GG]).
 */
#include "metrics/metrics_internal.h"

static int32_t year_end(const rcm_config *cfg, int label)
{
    return rcm_year_end(label, cfg->year_end_month, cfg->year_end_day);
}

/* A 4-year graduate of cohort y with a STANDARD or HONORS diploma. */
static int standard_or_honors_graduate(const rcm_config *cfg, const rcm_asof *a, int y)
{
    return rcm_is_graduate(cfg, a, year_end(cfg, y)) &&
           (a->diploma == RCM_DIPLOMA_STANDARD + 1 || a->diploma == RCM_DIPLOMA_HONORS + 1);
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* TN Ready Graduate: ACT composite 21 (one sitting: the best composite),
 * SAT total 1060, 4 EPSOs, 2 EPSOs + a credential, or 2 EPSOs + AFQT 31. */
int rcm_eval_tn_ready(const rcm_cohort *c, uint32_t s, int y, const rcm_asof *a,
                      rcm_cred_evidence *ev, int *failed)
{
    const rcm_config *cfg = c->cfg;
    int32_t w = year_end(cfg, y);
    rcm_test_evidence t;
    rcm_program_evidence p;
    if (!standard_or_honors_graduate(cfg, a, y))
        return 0;
    rcm_eval_tests(c, s, w, &t);
    rcm_eval_programs(c, s, y, &p);
    *failed |= rcm_eval_credentials(c, s, w, c->entities.district_ids[a->district], ev);
    return t.act[RCM_SUBJ_COMPOSITE] >= cfg->act_composite ||
           max64(t.sat_new[RCM_SUBJ_TOTAL], t.sat_old[RCM_SUBJ_TOTAL]) >= cfg->sat_total ||
           p.epsos >= cfg->epso_min || (p.epsos >= cfg->epso_with && ev->any) ||
           (p.epsos >= cfg->epso_with && t.asvab_afqt >= cfg->asvab_afqt);
}

rcm_err rcm_metric_tn_ready_graduate(rcm_metric_ctx *m)
{
    const rcm_cohort *c = m->c;
    rcm_agg agg;
    rcm_cred_evidence ev;
    uint32_t s = 0;
    rcm_asof a;
    int y, failed = 0;
    rcm_err err;
    if (rcm_cred_evidence_init(&ev, c->cfg))
        return RCM_ERR_NOMEM;
    if (rcm_agg_init(&agg, c, RCM_METRIC_TN_READY_GRADUATE, 1, m->year_min, m->n_years) ||
        rcm_results_detail(m->res, "", &agg.detail_ids[0]))
        failed = 1;
    while (!failed && rcm_next_adjusted(c, &s, &y, &a)) {
        int64_t ready = rcm_eval_tn_ready(c, s, y, &a, &ev, &failed);
        failed |= rcm_agg_add(&agg, y, &a, &ready);
    }
    err = failed ? RCM_ERR_NOMEM : rcm_agg_emit(&agg, m->res);
    rcm_agg_release(&agg);
    rcm_cred_evidence_release(&ev);
    return err;
}

/* CO: 4-year graduates of adjusted cohort Y meeting the English and/or
 * math competency through a district-approved industry certificate. */
rcm_err rcm_metric_co_competency(rcm_metric_ctx *m)
{
    const rcm_cohort *c = m->c;
    const rcm_config *cfg = c->cfg;
    rcm_agg agg;
    rcm_cred_evidence ev;
    uint32_t s = 0;
    rcm_asof a;
    int y, failed = 0;
    rcm_err err;
    if (rcm_cred_evidence_init(&ev, cfg))
        return RCM_ERR_NOMEM;
    if (rcm_agg_init(&agg, c, RCM_METRIC_CO_COMPETENCY, 3, m->year_min, m->n_years) ||
        rcm_results_detail(m->res, "both", &agg.detail_ids[0]) ||
        rcm_results_detail(m->res, "english", &agg.detail_ids[1]) ||
        rcm_results_detail(m->res, "math", &agg.detail_ids[2]))
        failed = 1;
    while (!failed && rcm_next_adjusted(c, &s, &y, &a)) {
        int64_t nums[3];
        if (!rcm_is_graduate(cfg, &a, year_end(cfg, y)))
            continue; /* the denominator is the cohort's 4-year graduates */
        failed |= rcm_eval_credentials(c, s, year_end(cfg, y),
                                       c->entities.district_ids[a.district], &ev);
        nums[0] = ev.english && ev.math;
        nums[1] = ev.english;
        nums[2] = ev.math;
        failed |= rcm_agg_add(&agg, y, &a, nums);
    }
    err = failed ? RCM_ERR_NOMEM : rcm_agg_emit(&agg, m->res);
    rcm_agg_release(&agg);
    rcm_cred_evidence_release(&ev);
    return err;
}
