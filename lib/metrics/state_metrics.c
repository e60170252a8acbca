/*
 * state_metrics.c - Tennessee Ready Graduate (SPEC 6.6, [TN-RG]) and
 * Colorado graduation-guideline competencies (SPEC 6.7, [CO-GG]).
 */
#include <string.h>

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

static int tn_student(void *part, uint32_t s)
{
    rcm_cred_part *p = part;
    int failed = 0, y;
    int64_t ready;
    rcm_asof a;
    if (!(y = rcm_adjusted_year(p->c, s, &a)))
        return 0;
    ready = rcm_eval_tn_ready(p->c, s, y, &a, &p->ev, &failed);
    return failed | rcm_agg_add(&p->agg, y, &a, &ready);
}

rcm_err rcm_metric_tn_ready_graduate(rcm_metric_ctx *m)
{
    rcm_cred_part p[2];
    memset(p, 0, sizeof p);
    if (rcm_agg_init(&p[0].agg, m->c, RCM_METRIC_TN_READY_GRADUATE, 1, m->year_min,
                     m->n_years) ||
        rcm_results_detail(m->res, "", &p[0].agg.detail_ids[0])) {
        rcm_agg_release(&p[0].agg);
        return RCM_ERR_NOMEM;
    }
    return rcm_count_and_emit(m, p, tn_student);
}

/* CO: 4-year graduates of adjusted cohort Y meeting the English and/or
 * math competency through a district-approved industry certificate. */
static int co_student(void *part, uint32_t s)
{
    rcm_cred_part *p = part;
    const rcm_config *cfg = p->c->cfg;
    int64_t nums[3];
    rcm_asof a;
    int y = rcm_adjusted_year(p->c, s, &a), failed;
    if (!y || !rcm_is_graduate(cfg, &a, year_end(cfg, y)))
        return 0; /* the denominator is the cohort's 4-year graduates */
    failed = rcm_eval_credentials(p->c, s, year_end(cfg, y),
                                  p->c->entities.district_ids[a.district], &p->ev);
    nums[0] = p->ev.english && p->ev.math;
    nums[1] = p->ev.english;
    nums[2] = p->ev.math;
    return failed | rcm_agg_add(&p->agg, y, &a, nums);
}

rcm_err rcm_metric_co_competency(rcm_metric_ctx *m)
{
    rcm_cred_part p[2];
    memset(p, 0, sizeof p);
    if (rcm_agg_init(&p[0].agg, m->c, RCM_METRIC_CO_COMPETENCY, 3, m->year_min, m->n_years) ||
        rcm_results_detail(m->res, "both", &p[0].agg.detail_ids[0]) ||
        rcm_results_detail(m->res, "english", &p[0].agg.detail_ids[1]) ||
        rcm_results_detail(m->res, "math", &p[0].agg.detail_ids[2])) {
        rcm_agg_release(&p[0].agg);
        return RCM_ERR_NOMEM;
    }
    return rcm_count_and_emit(m, p, co_student);
}
