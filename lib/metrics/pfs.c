/*
 * pfs.c - Ohio Prepared for Success (SPEC 6.4) [OH-PFS].
 *
 * Points per student: 1 for a primary indicator (remediation-free, honors
 * diploma, 12 points in one career field), plus 0.3 bonus with an AP >= 3,
 * IB >= 4 or 3 CCP credit hours. Denominator `four_plus_fifth` adds the
 * 5th-year graduates of cohort Y-1 to cohort Y; `union` takes cohorts Y-1
 * and Y, each with its own window. Rows exist only for a Y whose 4-year
 * adjusted cohort is non-empty.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "metrics/metrics_internal.h"

/* One thread's state; nonempty is shared and only read while counting. */
typedef struct {
    rcm_metric_ctx *m;
    rcm_agg agg;
    rcm_cred_evidence ev;
    const uint8_t *nonempty;  /* 4-year adjusted cohort of year (index - year_min) exists */
} pfs_run;

static int has_cohort(const pfs_run *p, int year)
{
    int i = year - p->m->year_min;
    return i >= 0 && i < p->m->n_years && p->nonempty[i];
}

/* Count `student` (cohort `cy`) in PFS year `year` with window `window_label`,
 * attributed as of `attr_label`. */
static int count(pfs_run *p, uint32_t student, int cy, int year, int window_label,
                 int attr_label)
{
    rcm_pfs_result r;
    rcm_asof a;
    int64_t nums[3];
    if (rcm_eval_pfs(p->m->c, student, cy, window_label, &p->ev, &r))
        return -1;
    rcm_cohort_asof(p->m->c, student, attr_label, &a);
    nums[0] = r.points_milli;
    nums[1] = r.bonus;
    nums[2] = r.primary;
    return rcm_agg_add(&p->agg, year, &a, nums);
}

static void mark_cohorts(rcm_metric_ctx *m, uint8_t *nonempty)
{
    const rcm_cohort *c = m->c;
    uint32_t s;
    for (s = 1; s <= c->n_students; s++) {
        int y = c->students[s].cohort_year;
        rcm_asof a;
        if (!y)
            continue;
        rcm_cohort_asof(c, s, y, &a);
        if (rcm_in_adjusted(c->cfg, &a))
            nonempty[y - m->year_min] = 1;
    }
}

/* A 5-year graduate of cohort y who was not a 4-year graduate. */
static int fifth_year_graduate(const rcm_cohort *c, uint32_t s, int y)
{
    const rcm_config *cfg = c->cfg;
    rcm_asof a4, a5;
    rcm_cohort_asof(c, s, y + 1, &a5);
    if (!rcm_in_adjusted(cfg, &a5) ||
        !rcm_is_graduate(cfg, &a5, rcm_year_end(y + 1, cfg->year_end_month, cfg->year_end_day)))
        return 0;
    rcm_cohort_asof(c, s, y, &a4);
    return !rcm_is_graduate(cfg, &a4, rcm_year_end(y, cfg->year_end_month, cfg->year_end_day));
}

static int count_student(void *part, uint32_t s)
{
    pfs_run *p = part;
    const rcm_cohort *c = p->m->c;
    int y = c->students[s].cohort_year, err = 0;
    rcm_asof a;
    if (!y)
        return 0;
    rcm_cohort_asof(c, s, y, &a);
    if (rcm_in_adjusted(c->cfg, &a)) {
        err |= count(p, s, y, y, y, y);
        if (c->cfg->pfs_union && has_cohort(p, y + 1))
            err |= count(p, s, y, y + 1, y, y); /* own cohort's window and as-of */
    }
    if (!c->cfg->pfs_union && has_cohort(p, y + 1) && fifth_year_graduate(c, s, y))
        err |= count(p, s, y, y + 1, y + 1, y + 1);
    return err;
}

static void release(pfs_run *p)
{
    int i;
    for (i = 0; i < 2; i++) {
        rcm_agg_release(&p[i].agg);
        rcm_cred_evidence_release(&p[i].ev);
    }
}

rcm_err rcm_metric_oh_pfs(rcm_metric_ctx *m)
{
    pfs_run p[2];
    uint8_t *nonempty = rcm_calloc((size_t)m->n_years, 1);
    int failed = 0, split;
    rcm_err err;
    memset(p, 0, sizeof p);
    if (!nonempty)
        return RCM_ERR_NOMEM;
    p[0].m = p[1].m = m;
    p[0].nonempty = p[1].nonempty = nonempty;
    if (rcm_cred_evidence_init(&p[0].ev, m->c->cfg) ||
        rcm_cred_evidence_init(&p[1].ev, m->c->cfg) ||
        rcm_agg_init(&p[0].agg, m->c, RCM_METRIC_OH_PFS, 3, m->year_min, m->n_years) ||
        rcm_results_detail(m->res, "", &p[0].agg.detail_ids[0]) ||
        rcm_results_detail(m->res, "bonus", &p[0].agg.detail_ids[1]) ||
        rcm_results_detail(m->res, "primary", &p[0].agg.detail_ids[2]))
        failed = 1;
    p[0].agg.num_scale_digits[0] = 3; /* points in thousandths, shown with one decimal */
    if (!failed && rcm_agg_twin(&p[0].agg, &p[1].agg))
        failed = 1;
    if (!failed) {
        mark_cohorts(m, nonempty);
        failed = rcm_for_students(m->c, count_student, &p[0], &p[1], &split);
        failed |= rcm_agg_merge(&p[0].agg, &p[1].agg);
    }
    err = failed ? RCM_ERR_NOMEM : rcm_agg_emit(&p[0].agg, m->res);
    release(p);
    free(nonempty);
    return err;
}
