/*
 * cdip.c - Colorado Career Development Incentive Program (SPEC 6.8,
 * [CO-CDIP], C.R.S. 22-54-138).
 *
 * Claims per school year S from every student (in a cohort or not): tier 1
 * a credential whose first counted earning falls in S with cdip = Y, tier 2
 * a completed internship / (pre-)apprenticeship, tier 3 a completed AP
 * Computer Science course; once per student, tier and year. Each claim is
 * worth `unit` dollars (x frl_factor for econ_disadv students). The year's
 * appropriation pays tier 1 in full first, then tier 2, then tier 3; the
 * first tier that cannot be paid in full is paid pro rata, later tiers get
 * nothing. Money is held in integer cents.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "metrics/metrics_internal.h"

enum { TIERS = 3 };

typedef struct {
    rcm_metric_ctx *m;
    uint32_t n_ent;          /* 1 + districts */
    int64_t *claims, *cents; /* [year][entity][tier] */
    int64_t unit_cents, frl_cents;
} cdip_run;

static size_t slot(const cdip_run *r, int year, uint32_t ent, int tier)
{
    return (((size_t)(year - r->m->year_min) * r->n_ent) + ent) * TIERS + (size_t)tier;
}

static void claim(cdip_run *r, uint32_t s, int year, int tier)
{
    const rcm_cohort *c = r->m->c;
    rcm_asof a;
    int64_t cents;
    if (year < r->m->year_min || year >= r->m->year_min + r->m->n_years)
        return;
    rcm_cohort_asof(c, s, year, &a);
    cents = a.group[RCM_DIM_ECON_DISADV] == RCM_FLAG_Y ? r->frl_cents : r->unit_cents;
    r->claims[slot(r, year, 0, tier)]++;
    r->cents[slot(r, year, 0, tier)] += cents;
    r->claims[slot(r, year, 1 + a.district, tier)]++;
    r->cents[slot(r, year, 1 + a.district, tier)] += cents;
}

/* Tier 1: first counted earning of each code, with the catalog row valid
 * for that earning's school year and the district as of that year. */
static void tier1_years(cdip_run *r, uint32_t s, uint8_t *claimed)
{
    const rcm_cohort *c = r->m->c;
    const rcm_config *cfg = c->cfg;
    const rcm_student *st = &c->students[s];
    uint32_t i, j;
    for (i = 0; i < st->n_cred; i++) {
        const rcm_credential *cr = &c->ds->cred[c->cred_order[st->first_cred + i]];
        int y = rcm_label_of_date(cr->earned_date, cfg->year_end_month, cfg->year_end_day);
        const rcm_catalog_row *row;
        int counted_before = 0;
        rcm_asof a;
        for (j = 0; j < i && !counted_before; j++) {
            const rcm_credential *p = &c->ds->cred[c->cred_order[st->first_cred + j]];
            int py = rcm_label_of_date(p->earned_date, cfg->year_end_month, cfg->year_end_day);
            rcm_asof pa;
            if (p->code != cr->code)
                continue;
            rcm_cohort_asof(c, s, py, &pa);
            counted_before = rcm_catalog_lookup(&cfg->catalog, (int)p->code, py,
                                                c->entities.district_ids[pa.district]) != NULL;
        }
        if (counted_before)
            continue; /* a renewal claims nothing */
        rcm_cohort_asof(c, s, y, &a);
        row = rcm_catalog_lookup(&cfg->catalog, (int)cr->code, y,
                                 c->entities.district_ids[a.district]);
        if (row && row->cdip && y >= r->m->year_min && y < r->m->year_min + r->m->n_years &&
            !claimed[y - r->m->year_min]) {
            claimed[y - r->m->year_min] = 1;
            claim(r, s, y, 0);
        }
    }
}

static void program_tiers(cdip_run *r, uint32_t s, uint8_t *claimed2, uint8_t *claimed3)
{
    const rcm_cohort *c = r->m->c;
    const rcm_student *st = &c->students[s];
    uint32_t i;
    for (i = 0; i < st->n_prog; i++) {
        const rcm_program *p = &c->ds->prog[c->prog_order[st->first_prog + i]];
        int y = p->label, k = y - r->m->year_min;
        if (!p->completed || k < 0 || k >= r->m->n_years)
            continue;
        if ((p->kind == RCM_KIND_INTERNSHIP || p->kind == RCM_KIND_PRE_APPRENTICESHIP ||
             p->kind == RCM_KIND_APPRENTICESHIP) && !claimed2[k]) {
            claimed2[k] = 1;
            claim(r, s, y, 1);
        } else if (p->kind == RCM_KIND_AP_COMPUTER_SCIENCE && !claimed3[k]) {
            claimed3[k] = 1;
            claim(r, s, y, 2);
        }
    }
}

/* cents * num / den rounded half up (all operands >= 0). The product is
 * taken in 128 bits: a tier's claimed cents times the money left can pass
 * 2^63 (a $100M tier against a $95M appropriation is 1e10 * 9.5e9 cents). */
static int64_t prorate(int64_t cents, int64_t num, int64_t den)
{
    unsigned __int128 p = (unsigned __int128)cents * (unsigned __int128)num;
    return (int64_t)((p + (unsigned __int128)den / 2) / (unsigned __int128)den);
}

/* Pay one year's tiers in order; fraction of tier t = num[t] / den[t]. */
static void pay_year(const cdip_run *r, int year, int64_t *num, int64_t *den)
{
    int64_t left = r->m->c->cfg->cdip_appropriation / 10000; /* fixed-point dollars -> cents */
    int unlimited = r->m->c->cfg->cdip_appropriation == 0, t;
    for (t = 0; t < TIERS; t++) {
        int64_t total = r->cents[slot(r, year, 0, t)];
        den[t] = 1;
        if (unlimited || total <= left) {
            num[t] = 1;
            left -= unlimited ? 0 : total;
        } else { /* pro rata, computed at the `all` level */
            num[t] = left;
            den[t] = total;
            left = 0;
        }
    }
}

static rcm_err emit_row(cdip_run *r, uint16_t detail, int y, uint32_t e, size_t k,
                        int64_t num, int64_t den)
{
    rcm_metric_row row;
    memset(&row, 0, sizeof row);
    row.metric = RCM_METRIC_CO_CDIP;
    row.detail = detail;
    row.year = (uint16_t)y;
    row.level = e ? RCM_LEVEL_DISTRICT : RCM_LEVEL_ALL;
    row.entity = e ? e - 1 : 0;
    row.num = r->claims[k];
    row.den = -1;
    row.value_decimals = 2;
    row.value = prorate(r->cents[k], num, den);
    return rcm_results_push(r->m->res, &row) ? r->m->res->failure : RCM_OK;
}

/* Rows in output order: tier (detail), year, level, district. */
static rcm_err emit(cdip_run *r)
{
    uint16_t ids[TIERS];
    int n_years = r->m->n_years, y, t;
    int64_t *num = rcm_malloc((size_t)n_years * TIERS * sizeof *num);
    int64_t *den = rcm_malloc((size_t)n_years * TIERS * sizeof *den);
    rcm_err err = RCM_OK;
    uint32_t e;
    if (!num || !den || rcm_results_detail(r->m->res, "tier1", &ids[0]) ||
        rcm_results_detail(r->m->res, "tier2", &ids[1]) ||
        rcm_results_detail(r->m->res, "tier3", &ids[2]))
        err = RCM_ERR_NOMEM;
    for (y = 0; y < n_years && !err; y++)
        pay_year(r, r->m->year_min + y, num + y * TIERS, den + y * TIERS);
    for (t = 0; t < TIERS && !err; t++)
        for (y = 0; y < n_years && !err; y++)
            for (e = 0; e < r->n_ent && !err; e++) {
                size_t k = slot(r, r->m->year_min + y, e, t);
                if (r->claims[k])
                    err = emit_row(r, ids[t], r->m->year_min + y, e, k, num[y * TIERS + t],
                                   den[y * TIERS + t]);
            }
    free(num);
    free(den);
    return err;
}

rcm_err rcm_metric_co_cdip(rcm_metric_ctx *m)
{
    const rcm_config *cfg = m->c->cfg;
    cdip_run r;
    size_t n;
    uint8_t *claimed;
    uint32_t s;
    rcm_err err;
    r.m = m;
    r.n_ent = 1 + m->c->entities.n_districts;
    r.unit_cents = rcm_div_round(cfg->cdip_unit, 10000);
    r.frl_cents = rcm_div_round(r.unit_cents * cfg->cdip_frl_factor, RCM_FIXED_ONE);
    n = (size_t)m->n_years * r.n_ent * TIERS;
    r.claims = rcm_calloc(n, sizeof *r.claims);
    r.cents = rcm_calloc(n, sizeof *r.cents);
    claimed = rcm_calloc((size_t)m->n_years * 3, 1);
    err = r.claims && r.cents && claimed ? RCM_OK : RCM_ERR_NOMEM;
    for (s = 1; s <= m->c->n_students && !err; s++) {
        memset(claimed, 0, (size_t)m->n_years * 3);
        tier1_years(&r, s, claimed);
        program_tiers(&r, s, claimed + m->n_years, claimed + 2 * m->n_years);
    }
    if (!err)
        err = emit(&r);
    free(r.claims);
    free(r.cents);
    free(claimed);
    return err;
}
