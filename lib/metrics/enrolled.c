/*
 * enrolled.c - cert_attainment_enrolled (SPEC 6.3, the Tacoma measure) and
 * the per-credential counts shown on the workbook's Credentials sheet.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "metrics/metrics_internal.h"

static int grade_selected(const rcm_config *cfg, int grade)
{
    return grade >= -1 && grade <= 12 && cfg->enrolled_grades[grade + 1];
}

/* One figure per school year S in which the student has a row in one of
 * `grades`, attributed and windowed as of S (any cohort or none). */
static int count_student(void *part, uint32_t s)
{
    rcm_cred_part *p = part;
    const rcm_cohort *c = p->c;
    const rcm_config *cfg = c->cfg;
    const rcm_student *st = &c->students[s];
    int64_t nums[64];
    uint32_t i;
    int last = 0;
    for (i = 0; i < st->n_enr; i++) {
        const rcm_enrollment *r = &c->ds->enr[c->enr_order[st->first_enr + i]];
        rcm_asof a;
        if (r->label == last || !grade_selected(cfg, r->grade))
            continue;
        last = r->label; /* rows are in label order: each S once */
        rcm_cohort_asof(c, s, r->label, &a);
        if (rcm_eval_credentials(c, s,
                                 rcm_year_end(r->label, cfg->year_end_month, cfg->year_end_day),
                                 c->entities.district_ids[a.district], &p->ev))
            return -1;
        rcm_cert_nums(cfg, &p->ev, nums);
        if (rcm_agg_add(&p->agg, r->label, &a, nums))
            return -1;
    }
    return 0;
}

rcm_err rcm_metric_cert_enrolled(rcm_metric_ctx *m)
{
    rcm_cred_part p[2];
    memset(p, 0, sizeof p);
    if (rcm_cert_agg_init(m, &p[0].agg, RCM_METRIC_CERT_ATTAINMENT_ENROLLED))
        return RCM_ERR_NOMEM;
    return rcm_count_and_emit(m, p, count_student);
}

/* Distinct students per (code, school year of their first earning). */
rcm_err rcm_metric_credential_counts(rcm_metric_ctx *m)
{
    const rcm_cohort *c = m->c;
    const rcm_config *cfg = c->cfg;
    size_t n_codes = cfg->catalog.n_codes, i, k = 0;
    int lo = 9999, hi = 0, span;
    uint32_t *counts, s, j;
    for (i = 0; i < c->ds->n_cred; i++) {
        int y = rcm_label_of_date(c->ds->cred[i].earned_date, cfg->year_end_month,
                                  cfg->year_end_day);
        lo = y < lo ? y : lo;
        hi = y > hi ? y : hi;
    }
    if (!c->ds->n_cred || !n_codes)
        return RCM_OK;
    span = hi - lo + 1;
    counts = rcm_calloc(n_codes * (size_t)span, sizeof *counts);
    if (!counts)
        return RCM_ERR_NOMEM;
    for (s = 1; s <= c->n_students; s++) {
        const rcm_student *st = &c->students[s];
        for (j = 0; j < st->n_cred; j++) {
            uint32_t r = c->cred_order[st->first_cred + j], q;
            const rcm_credential *cr = &c->ds->cred[r];
            int dup = 0;
            for (q = 0; q < j && !dup; q++) /* rows are by date: count the first earning */
                dup = c->ds->cred[c->cred_order[st->first_cred + q]].code == cr->code;
            if (!dup)
                counts[cr->code * (size_t)span +
                       (size_t)(rcm_label_of_date(cr->earned_date, cfg->year_end_month,
                                                  cfg->year_end_day) - lo)]++;
        }
    }
    for (i = 0; i < n_codes * (size_t)span; i++)
        k += counts[i] != 0;
    m->res->cred_counts = rcm_malloc((k ? k : 1) * sizeof *m->res->cred_counts);
    if (!m->res->cred_counts) {
        free(counts);
        return RCM_ERR_NOMEM;
    }
    for (i = 0, k = 0; i < n_codes * (size_t)span; i++)
        if (counts[i]) {
            rcm_credential_count *cc = &m->res->cred_counts[k++];
            cc->code = (uint32_t)(i / (size_t)span);
            cc->year = (uint16_t)(lo + (int)(i % (size_t)span));
            cc->students = counts[i];
        }
    m->res->n_cred_counts = k;
    free(counts);
    return RCM_OK;
}
