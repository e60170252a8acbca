/*
 * asof.c - a student "as of" a school year W (SPEC 4).
 *
 * Only rows with label <= W are read (all rows when none is): the latest
 * such row gives attribution and final status; diplomas and subgroups come
 * from the latest row carrying a value. Figures for an old cohort therefore
 * do not move when later years' data arrive.
 */
#include <string.h>

#include "cohort/cohort.h"

/* Number of the student's (sorted) rows that are visible as of W. */
static uint32_t visible_rows(const rcm_cohort *c, const uint32_t *idx, uint32_t n, int w)
{
    uint32_t k = 0;
    while (k < n && c->ds->enr[idx[k]].label <= w)
        k++;
    return k ? k : n;
}

static void read_diploma(const rcm_cohort *c, const uint32_t *idx, uint32_t k, rcm_asof *out)
{
    const rcm_enrollment *enr = c->ds->enr;
    const rcm_enrollment *last = &enr[idx[k - 1]];
    int m = c->cfg->year_end_month, d = c->cfg->year_end_day;
    uint32_t i = k;
    /* the latest row whose diploma_type is neither empty nor NONE */
    while (i-- > 0) {
        const rcm_enrollment *r = &enr[idx[i]];
        if (r->diploma_type && r->diploma_type != RCM_DIPLOMA_NONE + 1) {
            out->diploma = r->diploma_type;
            /* without a date the row's label stands in: its year_end */
            out->diploma_date = r->diploma_date != RCM_NO_DATE ? r->diploma_date
                                                               : rcm_year_end(r->label, m, d);
            return;
        }
    }
    /* a GRADUATED final status without a diploma row: STANDARD, dated exit */
    if (last->exit_code == RCM_EXIT_GRADUATED + 1) {
        out->diploma = RCM_DIPLOMA_STANDARD + 1;
        out->diploma_date = last->exit_date != RCM_NO_DATE ? last->exit_date
                                                           : rcm_year_end(last->label, m, d);
    }
}

/* Latest non-empty value of one field among the visible rows. */
#define LATEST(field, dst)                                                                    \
    do {                                                                                      \
        uint32_t i_ = k;                                                                      \
        while (i_-- > 0)                                                                      \
            if (enr[idx[i_]].field) {                                                         \
                dst = enr[idx[i_]].field;                                                     \
                break;                                                                        \
            }                                                                                 \
    } while (0)

/* Flags: latest value, or under `ever` Y if Y on any visible row; no value is N. */
static uint8_t read_flag(const rcm_enrollment *enr, const uint32_t *idx, uint32_t k, size_t off,
                         int ever)
{
    uint32_t i = k;
    uint8_t v = RCM_FLAG_EMPTY;
    while (i-- > 0) {
        uint8_t f = *((const uint8_t *)&enr[idx[i]] + off);
        if (ever) {
            if (f == RCM_FLAG_Y)
                return RCM_FLAG_Y;
        } else if (f) {
            v = f;
            break;
        }
    }
    return v ? v : RCM_FLAG_N;
}

static void read_groups(const rcm_cohort *c, const uint32_t *idx, uint32_t k, rcm_asof *out)
{
    const rcm_enrollment *enr = c->ds->enr;
    int ever = c->cfg->subgroups_ever;
    uint8_t *g = out->group;
    if (c->dim_present[RCM_DIM_GENDER])
        LATEST(gender, g[RCM_DIM_GENDER]);
    if (c->dim_present[RCM_DIM_RACE])
        LATEST(race, g[RCM_DIM_RACE]);
    if (c->dim_present[RCM_DIM_ELL])
        g[RCM_DIM_ELL] = read_flag(enr, idx, k, offsetof(rcm_enrollment, ell), ever);
    if (c->dim_present[RCM_DIM_ECON_DISADV])
        g[RCM_DIM_ECON_DISADV] =
            read_flag(enr, idx, k, offsetof(rcm_enrollment, econ_disadv), ever);
    if (c->dim_present[RCM_DIM_SPED])
        g[RCM_DIM_SPED] = read_flag(enr, idx, k, offsetof(rcm_enrollment, sped), ever);
    if (c->dim_present[RCM_DIM_CTE]) /* `ever` covers ell, econ_disadv and sped only */
        g[RCM_DIM_CTE] = read_flag(enr, idx, k, offsetof(rcm_enrollment, cte), 0);
}

void rcm_cohort_asof(const rcm_cohort *c, uint32_t student, int w, rcm_asof *out)
{
    const rcm_student *st = &c->students[student];
    const uint32_t *idx = c->enr_order + st->first_enr;
    uint32_t k, last;
    memset(out, 0, sizeof *out);
    out->diploma_date = RCM_NO_DATE;
    if (!st->n_enr)
        return;
    k = visible_rows(c, idx, st->n_enr, w);
    last = idx[k - 1];
    out->found = 1;
    out->district = c->row_district[last];
    out->school = c->row_school[last];
    out->exit_code = c->ds->enr[last].exit_code;
    read_diploma(c, idx, k, out);
    read_groups(c, idx, k, out);
}
