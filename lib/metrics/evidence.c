/*
 * evidence.c - counting credentials, scores and programs up to a window
 * end (SPEC 5), and the Ohio per-student rules (SPEC 6.4, 6.5).
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "metrics/metrics_internal.h"

int rcm_cred_evidence_init(rcm_cred_evidence *ev, const rcm_config *cfg)
{
    memset(ev, 0, sizeof *ev);
    ev->n_fields = cfg->catalog.n_fields;
    ev->field_points = rcm_calloc(ev->n_fields + 1, sizeof *ev->field_points);
    ev->field_any = rcm_calloc(ev->n_fields + 1, sizeof *ev->field_any);
    if (!ev->field_points || !ev->field_any) {
        rcm_cred_evidence_release(ev);
        return -1;
    }
    return 0;
}

void rcm_cred_evidence_release(rcm_cred_evidence *ev)
{
    free(ev->field_points);
    free(ev->field_any);
    free(ev->codes);
    memset(ev, 0, sizeof *ev);
}

static void cred_reset(rcm_cred_evidence *ev)
{
    memset(ev->field_points, 0, ev->n_fields * sizeof *ev->field_points);
    memset(ev->field_any, 0, ev->n_fields * sizeof *ev->field_any);
    memset(ev->tier_any, 0, sizeof ev->tier_any);
    ev->any = ev->n_codes = ev->english = ev->math = ev->cdip = 0;
    ev->best_points = 0;
    ev->best_field = -1;
}

static int already_counted(const rcm_cred_evidence *ev, uint32_t code)
{
    int i;
    for (i = 0; i < ev->n_codes; i++)
        if (ev->codes[i] == code)
            return 1;
    return 0;
}

static void count_row(rcm_cred_evidence *ev, const rcm_catalog_row *row)
{
    ev->any = 1;
    if (row->career_field >= 0) {
        ev->field_any[row->career_field] = 1;
        ev->field_points[row->career_field] += row->points;
    }
    if (row->tier >= 0)
        ev->tier_any[row->tier] = 1;
    ev->english |= row->english;
    ev->math |= row->math;
    ev->cdip |= row->cdip;
}

int rcm_eval_credentials(const rcm_cohort *c, uint32_t student, int32_t window,
                         const char *district_id, rcm_cred_evidence *ev)
{
    const rcm_student *st = &c->students[student];
    const rcm_config *cfg = c->cfg;
    uint32_t i;
    size_t f;
    cred_reset(ev);
    /* rows are sorted by earned_date: the first counted earning of a code
     * fixes its catalog row; a later earning of the same code adds nothing */
    for (i = 0; i < st->n_cred; i++) {
        const rcm_credential *cr = &c->ds->cred[c->cred_order[st->first_cred + i]];
        const rcm_catalog_row *row;
        int label;
        if (cr->earned_date > window)
            break;
        if (already_counted(ev, cr->code))
            continue;
        label = rcm_label_of_date(cr->earned_date, cfg->year_end_month, cfg->year_end_day);
        row = rcm_catalog_lookup(&cfg->catalog, (int)cr->code, label, district_id);
        if (!row)
            continue;
        if (rcm_grow((void **)&ev->codes, &ev->codes_cap, (size_t)ev->n_codes + 1,
                     sizeof *ev->codes))
            return -1;
        ev->codes[ev->n_codes++] = cr->code;
        count_row(ev, row);
    }
    for (f = 0; f < ev->n_fields; f++)
        if (ev->field_any[f] && (ev->best_field < 0 || ev->field_points[f] > ev->best_points)) {
            ev->best_points = ev->field_points[f];
            ev->best_field = (int)f;
        }
    return 0;
}

static void keep_best(int64_t *best, int64_t score)
{
    if (score > *best)
        *best = score;
}

void rcm_eval_tests(const rcm_cohort *c, uint32_t student, int32_t window, rcm_test_evidence *ev)
{
    const rcm_student *st = &c->students[student];
    int32_t new_sat_from = c->cfg->new_sat_from;
    uint32_t i;
    memset(ev, 0xff, sizeof *ev); /* every best score -1: none */
    for (i = 0; i < st->n_test; i++) {
        const rcm_assessment *t = &c->ds->test[c->test_order[st->first_test + i]];
        if (t->test_date > window)
            continue;
        switch ((rcm_test)t->test) {
        case RCM_TEST_ACT: keep_best(&ev->act[t->subject], t->score); break;
        case RCM_TEST_SAT:
            /* old and new SAT are different tests and never combine */
            keep_best(t->test_date >= new_sat_from ? &ev->sat_new[t->subject]
                                                   : &ev->sat_old[t->subject],
                      t->score);
            break;
        case RCM_TEST_WORKKEYS: keep_best(&ev->workkeys[t->subject], t->score); break;
        case RCM_TEST_ASVAB: keep_best(&ev->asvab_afqt, t->score); break;
        case RCM_TEST_AP: keep_best(&ev->ap_best, t->score); break;
        case RCM_TEST_IB: keep_best(&ev->ib_best, t->score); break;
        case RCM_TEST_COUNT: break;
        }
    }
}

/* Distinct (kind, course, school year) triples are counted by comparing
 * with earlier qualifying rows of the same student: a student has few. */
static int seen_before(const rcm_cohort *c, const rcm_student *st, uint32_t upto,
                       const rcm_program *p, int window_label)
{
    uint32_t j;
    for (j = 0; j < upto; j++) {
        const rcm_program *q = &c->ds->prog[c->prog_order[st->first_prog + j]];
        if (q->completed && q->label <= window_label && c->cfg->epso_kinds[q->kind] &&
            q->kind == p->kind && q->course == p->course && q->label == p->label)
            return 1;
    }
    return 0;
}

void rcm_eval_programs(const rcm_cohort *c, uint32_t student, int window_label,
                       rcm_program_evidence *ev)
{
    const rcm_student *st = &c->students[student];
    uint32_t i;
    memset(ev, 0, sizeof *ev);
    for (i = 0; i < st->n_prog; i++) {
        const rcm_program *p = &c->ds->prog[c->prog_order[st->first_prog + i]];
        if (!p->completed || p->label > window_label)
            continue;
        /* hours only add up: a negative or absurd value (the SIS's typo, not
         * a student's work) must not wrap the sum; it saturates at 1e12 */
        if (p->kind == RCM_KIND_CCP && p->credit_hours > 0)
            ev->ccp_hours = p->credit_hours > RCM_FIXED_ONE * 1000000000000LL - ev->ccp_hours
                                ? RCM_FIXED_ONE * 1000000000000LL
                                : ev->ccp_hours + p->credit_hours;
        if (c->cfg->epso_kinds[p->kind] && !seen_before(c, st, i, p, window_label))
            ev->epsos++;
    }
}

int rcm_oh_remediation_free(const rcm_config *cfg, const rcm_test_evidence *t, int cohort_year)
{
    /* reading 21 for cohorts <= 2017 (high-school entry before July 2014) [OH-RF] */
    int64_t reading = cohort_year <= 2017 ? cfg->act_reading_until_2017 : cfg->act_reading;
    int act = t->act[RCM_SUBJ_ENGLISH] >= cfg->act_english &&
              t->act[RCM_SUBJ_MATH] >= cfg->act_math && t->act[RCM_SUBJ_READING] >= reading;
    int sat = t->sat_new[RCM_SUBJ_EBRW] >= cfg->sat_ebrw &&
              t->sat_new[RCM_SUBJ_MATH] >= cfg->sat_math;
    int old_sat = t->sat_old[RCM_SUBJ_WRITING] >= cfg->old_sat_writing &&
                  t->sat_old[RCM_SUBJ_CRITICAL_READING] >= cfg->old_sat_reading &&
                  t->sat_old[RCM_SUBJ_MATH] >= cfg->old_sat_math;
    /* a missing subscore is -1 and fails every threshold (thresholds >= 0) */
    return act || sat || old_sat;
}

int rcm_oh_workkeys_pass(const rcm_config *cfg, const rcm_test_evidence *t, int cohort_year)
{
    int64_t am = t->workkeys[RCM_SUBJ_APPLIED_MATH], gl = t->workkeys[RCM_SUBJ_GRAPHIC_LITERACY];
    int64_t wd = t->workkeys[RCM_SUBJ_WORKPLACE_DOCS];
    if (am < cfg->section_min || gl < cfg->section_min || wd < cfg->section_min)
        return 0;
    if (cohort_year >= cfg->silver_from) /* Silver NCRC: each section, no total */
        return am >= cfg->silver_section_min && gl >= cfg->silver_section_min &&
               wd >= cfg->silver_section_min;
    /* 13 for classes through 2019, 14 from 2020 [OH-WK] */
    return am + gl + wd >=
           (cohort_year <= 2019 ? cfg->total_min_until_2019 : cfg->total_min_from_2020);
}

int rcm_in_adjusted(const rcm_config *cfg, const rcm_asof *a)
{
    return a->found && !(a->exit_code && cfg->remove[a->exit_code - 1]);
}

int rcm_is_graduate(const rcm_config *cfg, const rcm_asof *a, int32_t by_date)
{
    return a->diploma && cfg->acgr_diplomas[a->diploma - 1] && a->diploma_date <= by_date;
}

int rcm_eval_pfs(const rcm_cohort *c, uint32_t student, int cohort_year, int window_label,
                 rcm_cred_evidence *ev, rcm_pfs_result *out)
{
    const rcm_config *cfg = c->cfg;
    int32_t window = rcm_year_end(window_label, cfg->year_end_month, cfg->year_end_day);
    rcm_asof a;
    rcm_test_evidence t;
    rcm_program_evidence p;
    memset(out, 0, sizeof *out);
    rcm_cohort_asof(c, student, window_label, &a);
    if (rcm_eval_credentials(c, student, window, c->entities.district_ids[a.district], ev))
        return -1;
    rcm_eval_tests(c, student, window, &t);
    rcm_eval_programs(c, student, window_label, &p);
    out->remediation_free = rcm_oh_remediation_free(cfg, &t, cohort_year);
    out->honors = a.diploma == RCM_DIPLOMA_HONORS + 1 && a.diploma_date <= window;
    out->credential = ev->best_field >= 0 && ev->best_points >= cfg->pfs_points;
    out->primary = out->remediation_free || out->honors || out->credential;
    out->bonus = out->primary && (t.ap_best >= cfg->ap_min || t.ib_best >= cfg->ib_min ||
                                  p.ccp_hours >= cfg->ccp_hours);
    if (out->primary)
        out->points_milli = 1000 + (out->bonus ? cfg->pfs_bonus / 1000 : 0);
    return 0;
}
