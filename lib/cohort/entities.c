/*
 * entities.c - the districts and schools figures are broken down by.
 *
 * A school is a (district_id, school_id) pair, so a school id reused by two
 * districts stays two schools. Entities are numbered in output order (byte
 * order of district_id, then school_id), and each takes its display name
 * from the latest enrollment row (SPEC 4 row order) that names it.
 */
#include <stdlib.h>
#include <string.h>

#include "cohort/cohort_internal.h"
#include "core/arena.h"

typedef struct {
    uint64_t key;      /* district id << 32 | school id (intern ids) */
    uint32_t district_rank, school_rank, index;
} school_pair;

static int cmp_pairs(const void *a, const void *b)
{
    const school_pair *x = a, *y = b;
    if (x->district_rank != y->district_rank)
        return x->district_rank < y->district_rank ? -1 : 1;
    if (x->school_rank != y->school_rank)
        return x->school_rank < y->school_rank ? -1 : 1;
    return 0;
}

/* Open-addressing map from pair key to slot in the pairs array. */
typedef struct {
    uint32_t *slots; /* 0 empty, else pair index + 1 */
    size_t mask;
} pair_map;

static uint32_t *map_slot(pair_map *m, const school_pair *pairs, uint64_t key)
{
    size_t j = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & m->mask;
    while (m->slots[j] && pairs[m->slots[j] - 1].key != key)
        j = (j + 1) & m->mask;
    return &m->slots[j];
}

/* Collect distinct pairs; row_school[i] temporarily holds the pair slot. */
static rcm_err collect_pairs(rcm_cohort *c, school_pair **out, uint32_t *n_out)
{
    const rcm_dataset *ds = c->ds;
    pair_map m;
    size_t n_slots = 1024, i;
    school_pair *pairs = NULL;
    size_t cap = 0;
    uint32_t n = 0;
    while (n_slots < ds->n_enr * 2 && n_slots < ((size_t)1 << 30))
        n_slots *= 2;
    m.slots = rcm_calloc(n_slots, sizeof *m.slots);
    m.mask = n_slots - 1;
    if (!m.slots)
        return RCM_ERR_NOMEM;
    for (i = 0; i < ds->n_enr; i++) {
        uint64_t key = (uint64_t)ds->enr[i].district << 32 | ds->enr[i].school;
        uint32_t *slot = map_slot(&m, pairs, key);
        if (!*slot) {
            if (rcm_grow((void **)&pairs, &cap, (size_t)n + 1, sizeof *pairs)) {
                free(m.slots);
                free(pairs);
                return RCM_ERR_NOMEM;
            }
            pairs[n].key = key;
            *slot = ++n;
        }
        c->row_school[i] = *slot - 1;
    }
    free(m.slots);
    *out = pairs;
    *n_out = n;
    return RCM_OK;
}

static rcm_err number_schools(rcm_cohort *c, const uint32_t *district_rank)
{
    school_pair *pairs = NULL;
    uint32_t n = 0, i, *school_rank = NULL, *final = NULL;
    rcm_entities *e = &c->entities;
    rcm_err err = collect_pairs(c, &pairs, &n);
    if (err)
        return err;
    school_rank = rcm_intern_ranks(c->ds->schools);
    final = rcm_malloc(((size_t)n + 1) * sizeof *final);
    e->school_district = rcm_arena_alloc(c->arena, ((size_t)n + 1) * sizeof *e->school_district);
    e->school_ids = rcm_arena_alloc(c->arena, ((size_t)n + 1) * sizeof *e->school_ids);
    e->school_names = rcm_arena_alloc(c->arena, ((size_t)n + 1) * sizeof *e->school_names);
    if (!school_rank || !final || !e->school_district || !e->school_ids || !e->school_names) {
        free(pairs);
        free(school_rank);
        free(final);
        return RCM_ERR_NOMEM;
    }
    for (i = 0; i < n; i++) {
        pairs[i].district_rank = district_rank[pairs[i].key >> 32];
        pairs[i].school_rank = school_rank[(uint32_t)pairs[i].key];
        pairs[i].index = i;
    }
    qsort(pairs, n, sizeof *pairs, cmp_pairs);
    for (i = 0; i < n; i++) {
        final[pairs[i].index] = i;
        e->school_district[i] = pairs[i].district_rank;
        e->school_ids[i] = rcm_intern_str(c->ds->schools, (uint32_t)pairs[i].key);
        e->school_names[i] = "";
    }
    e->n_schools = n;
    for (i = 0; i < c->ds->n_enr; i++)
        c->row_school[i] = final[c->row_school[i]];
    free(pairs);
    free(school_rank);
    free(final);
    return RCM_OK;
}

/* Names from the latest row naming each entity (SPEC 8.1 entity_name). */
static rcm_err assign_names(rcm_cohort *c)
{
    const rcm_dataset *ds = c->ds;
    rcm_entities *e = &c->entities;
    int m = c->cfg->year_end_month, d = c->cfg->year_end_day;
    size_t i;
    uint32_t k;
    uint32_t *best_d = rcm_malloc(((size_t)e->n_districts + 1) * sizeof *best_d);
    uint32_t *best_s = rcm_malloc(((size_t)e->n_schools + 1) * sizeof *best_s);
    if (!best_d || !best_s) {
        free(best_d);
        free(best_s);
        return RCM_ERR_NOMEM;
    }
    memset(best_d, 0xff, ((size_t)e->n_districts + 1) * sizeof *best_d);
    memset(best_s, 0xff, ((size_t)e->n_schools + 1) * sizeof *best_s);
    for (i = 0; i < ds->n_enr; i++) {
        const rcm_enrollment *r = &ds->enr[i];
        uint32_t di = c->row_district[i], si = c->row_school[i];
        if (r->district_name &&
            (best_d[di] == UINT32_MAX || rcm_enr_row_cmp(&ds->enr[best_d[di]], r, m, d) < 0))
            best_d[di] = (uint32_t)i;
        if (r->school_name &&
            (best_s[si] == UINT32_MAX || rcm_enr_row_cmp(&ds->enr[best_s[si]], r, m, d) < 0))
            best_s[si] = (uint32_t)i;
    }
    for (k = 0; k < e->n_districts; k++)
        if (best_d[k] != UINT32_MAX)
            e->district_names[k] = rcm_intern_str(ds->names, ds->enr[best_d[k]].district_name);
    for (k = 0; k < e->n_schools; k++)
        if (best_s[k] != UINT32_MAX)
            e->school_names[k] = rcm_intern_str(ds->names, ds->enr[best_s[k]].school_name);
    free(best_d);
    free(best_s);
    return RCM_OK;
}

rcm_err rcm_cohort_build_entities(rcm_cohort *c)
{
    const rcm_dataset *ds = c->ds;
    rcm_entities *e = &c->entities;
    uint32_t n = rcm_intern_count(ds->districts), id;
    uint32_t *rank;
    size_t i;
    rcm_err err;
    if (!c->row_school) /* normally made up front (cohort.c) */
        c->row_school = rcm_malloc((ds->n_enr ? ds->n_enr : 1) * sizeof *c->row_school);
    if (!c->row_district)
        c->row_district = rcm_malloc((ds->n_enr ? ds->n_enr : 1) * sizeof *c->row_district);
    rank = rcm_intern_ranks(ds->districts);
    e->district_ids = rcm_arena_alloc(c->arena, ((size_t)n + 1) * sizeof *e->district_ids);
    e->district_names = rcm_arena_alloc(c->arena, ((size_t)n + 1) * sizeof *e->district_names);
    if (!c->row_school || !c->row_district || !rank || !e->district_ids || !e->district_names) {
        free(rank);
        return RCM_ERR_NOMEM;
    }
    e->n_districts = n;
    for (id = 1; id <= n; id++) {
        e->district_ids[rank[id]] = rcm_intern_str(ds->districts, id);
        e->district_names[rank[id]] = "";
    }
    for (i = 0; i < ds->n_enr; i++)
        c->row_district[i] = rank[ds->enr[i].district];
    err = number_schools(c, rank);
    free(rank);
    return err ? err : assign_names(c);
}
