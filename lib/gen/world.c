/*
 * world.c - the districts and high schools of a synthetic state.
 *
 * Sized like a real state: about one district per 2,500 students and two
 * high schools per district (Ohio: ~600 districts, ~1,200 high schools for
 * 1.5M students). District sizes have a long tail (a few big urban
 * districts with a dozen high schools, many one-school rural ones). Each
 * district also gets the export habits of its SIS (date format, short
 * school years, flag spelling...), which is where real exports get mixed
 * formats from. Ids are 6 digits with leading zeros, like Ohio IRNs.
 */
#include <string.h>

#include "core/diag.h"
#include "gen/gen_internal.h"

#define STUDENTS_PER_DISTRICT 2500
#define MAX_DISTRICTS 200000u

/* A 6-digit id: (a*i + b) mod 10^6 is a bijection for a prime to 10, so
 * distinct indices give distinct ids. */
static void six_digits(char *buf, uint64_t i, uint64_t a, uint64_t b)
{
    uint64_t v = (a * i + b) % 1000000u;
    int k;
    for (k = 5; k >= 0; k--) {
        buf[k] = (char)('0' + v % 10);
        v /= 10;
    }
    buf[6] = '\0';
}

/* District ids the catalog names (district-specific credentials, SPEC 3.5),
 * distinct, in file order, at most max of them. */
static size_t catalog_districts(const rcm_catalog *cat, const char **ids, size_t max)
{
    size_t n = 0, i, j;
    for (i = 0; cat && i < cat->n_rows && n < max; i++) {
        const char *d = cat->rows[i].district_id;
        if (!d || !*d)
            continue;
        for (j = 0; j < n && strcmp(ids[j], d); j++)
            ;
        if (j == n)
            ids[n++] = d;
    }
    return n;
}

static int reserved(const char *id, const char **ids, size_t n)
{
    size_t j;
    for (j = 0; j < n; j++)
        if (strcmp(ids[j], id) == 0)
            return 1;
    return 0;
}

/* Export habits of a district's SIS; the first district keeps the common
 * ones (ISO dates, full school years, Y/N), so a small export shows the
 * usual formats first and the others as exceptions. */
static void district_habits(gen_district *d, int first, gen_rng *r)
{
    double u = gen_unit(r);
    d->date_fmt = u < 0.85 ? GEN_DATE_ISO : u < 0.97 ? GEN_DATE_MDY : GEN_DATE_COMPACT;
    d->short_year = (uint8_t)gen_chance(r, 0.12);
    u = gen_unit(r);
    d->flag_style = u < 0.90 ? 0 : u < 0.95 ? 1 : 2;
    d->grade_pad = (uint8_t)gen_chance(r, 0.15);
    d->writes_none = (uint8_t)gen_chance(r, 0.20);
    d->fills_exit = (uint8_t)gen_chance(r, 0.40);
    d->sis_codes = (uint8_t)gen_chance(r, 0.50);
    d->start_day = (uint8_t)gen_below(r, 15);
    d->last_day = (uint8_t)gen_below(r, 15);
    if (first) {
        d->date_fmt = GEN_DATE_ISO;
        d->short_year = 0;
        d->flag_style = 0;
    }
}

/* Name, id and schools of district i. */
static rcm_err make_district(gen_world *w, uint32_t i, const char **ids, size_t n_ids,
                             gen_rng *r)
{
    gen_district *d = &w->districts[i];
    char name[160], place[80], id[8];
    uint32_t s;
    if (i < n_ids) {
        d->id = ids[i];
    } else {
        uint64_t k = i;
        do { /* step past an id the catalog gave to another district */
            six_digits(id, k, 104729u, 43802u);
            k += w->n_districts;
        } while (reserved(id, ids, n_ids));
        d->id = rcm_arena_strndup(w->arena, id, 6);
    }
    rcm_gen_district_name(name, sizeof name, place, sizeof place, i, r);
    d->name = rcm_arena_strndup(w->arena, name, strlen(name));
    if (!d->id || !d->name)
        return RCM_ERR_NOMEM;
    district_habits(d, i == 0, r);
    for (s = d->first_school; s < d->first_school + d->n_schools; s++) {
        gen_school *sc = &w->schools[s];
        rcm_gen_school_name(name, sizeof name, place, s - d->first_school, s, r);
        six_digits(id, s, 7919u, 123u);
        sc->id = rcm_arena_strndup(w->arena, id, 6);
        sc->name = rcm_arena_strndup(w->arena, name, strlen(name));
        if (!sc->id || !sc->name)
            return RCM_ERR_NOMEM;
        sc->district = i;
        sc->ib = (uint8_t)(s == 0 || gen_chance(r, 0.05));
    }
    return RCM_OK;
}

/* Long-tailed district weights; schools handed out in proportion to them
 * (one each first), enrollment weights per school. */
static void size_districts(gen_world *w, double *dw, gen_rng *r)
{
    uint32_t i, s = 0, extra = w->n_schools - w->n_districts;
    double total = 0, cum = 0, given = 0, school_total = 0;
    for (i = 0; i < w->n_districts; i++) {
        dw[i] = 1.0 / (0.02 + gen_unit(r));
        total += dw[i];
    }
    for (i = 0; i < w->n_districts; i++) {
        uint32_t k;
        double target;
        cum += dw[i] / total * extra;
        target = (double)(uint64_t)(cum + 0.5);
        k = (uint32_t)(target - given);
        given = target;
        if (i == w->n_districts - 1) /* rounding never loses a school */
            k = w->n_schools - s - 1;
        w->districts[i].first_school = s;
        w->districts[i].n_schools = 1 + k;
        for (; s < w->districts[i].first_school + 1 + k; s++) {
            school_total += dw[i] / (1 + k) * (0.6 + 0.8 * gen_unit(r));
            w->school_cum[s] = school_total;
        }
    }
}

rcm_err rcm_gen_world_init(gen_world *w, uint64_t students, uint64_t seed,
                           const rcm_catalog *cat, rcm_diag *diag)
{
    gen_rng r;
    const char *ids[64];
    size_t n_ids;
    double *dw;
    uint64_t nd = (students + STUDENTS_PER_DISTRICT / 2) / STUDENTS_PER_DISTRICT;
    uint32_t i;
    memset(w, 0, sizeof *w);
    w->n_districts = nd < 1 ? 1 : nd > MAX_DISTRICTS ? MAX_DISTRICTS : (uint32_t)nd;
    w->n_schools = 2 * w->n_districts;
    w->arena = rcm_arena_new();
    if (!w->arena)
        return rcm_fail(diag, RCM_ERR_NOMEM, "gen: out of memory");
    w->districts = rcm_arena_alloc(w->arena, w->n_districts * sizeof *w->districts);
    w->schools = rcm_arena_alloc(w->arena, w->n_schools * sizeof *w->schools);
    w->school_cum = rcm_arena_alloc(w->arena, w->n_schools * sizeof *w->school_cum);
    dw = rcm_arena_alloc(w->arena, w->n_districts * sizeof *dw);
    if (!w->districts || !w->schools || !w->school_cum || !dw)
        return rcm_fail(diag, RCM_ERR_NOMEM, "gen: out of memory");
    gen_rng_seed(&r, seed, 0); /* stream 0: the world; students use 1.. */
    size_districts(w, dw, &r);
    n_ids = catalog_districts(cat, ids, w->n_districts < 64 ? w->n_districts : 64);
    for (i = 0; i < w->n_districts; i++)
        if (make_district(w, i, ids, n_ids, &r) != RCM_OK)
            return rcm_fail(diag, RCM_ERR_NOMEM, "gen: out of memory");
    return RCM_OK;
}

void rcm_gen_world_release(gen_world *w)
{
    rcm_arena_free(w->arena);
    memset(w, 0, sizeof *w);
}

uint32_t rcm_gen_world_pick(const gen_world *w, gen_rng *r)
{
    double x = gen_unit(r) * w->school_cum[w->n_schools - 1];
    uint32_t lo = 0, hi = w->n_schools - 1;
    while (lo < hi) { /* first school whose cumulative weight exceeds x */
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->school_cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

uint32_t rcm_gen_world_move(const gen_world *w, gen_rng *r, uint32_t from, int same_district)
{
    const gen_district *d = &w->districts[w->schools[from].district];
    uint32_t to;
    int tries;
    if (same_district && d->n_schools > 1) {
        to = d->first_school + gen_below(r, d->n_schools - 1);
        return to >= from ? to + 1 : to;
    }
    for (tries = 0; tries < 8; tries++) {
        to = rcm_gen_world_pick(w, r);
        if (to != from)
            return to;
    }
    return w->n_schools > 1 ? (from + 1) % w->n_schools : from;
}
