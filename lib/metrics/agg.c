/*
 * agg.c - dense per-year accumulators for metric rows (see agg.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "metrics/agg.h"

/* First slot of each dimension in the group-value space. */
static const int gv_base[RCM_DIM_COUNT] = {0, 1, 4, 11, 13, 15, 17};

int rcm_agg_init(rcm_agg *a, const rcm_cohort *c, rcm_metric metric, int n_details,
                 int year_min, int n_years)
{
    memset(a, 0, sizeof *a);
    if (n_details < 1 || n_details > 64)
        return -1;
    a->metric = (uint8_t)metric;
    a->n_details = n_details;
    a->value_decimals = 4;
    a->n_districts = c->entities.n_districts;
    a->n_schools = c->entities.n_schools;
    a->school_district = c->entities.school_district;
    a->n_entities = 1 + c->entities.n_districts + c->entities.n_schools;
    a->year_min = year_min;
    a->n_years = n_years > 0 ? n_years : 1;
    a->cells = rcm_calloc((size_t)a->n_years, sizeof *a->cells);
    return a->cells ? 0 : -1;
}

void rcm_agg_release(rcm_agg *a)
{
    int y;
    if (a->cells)
        for (y = 0; y < a->n_years; y++)
            free(a->cells[y]);
    free(a->cells);
    a->cells = NULL;
}

int rcm_agg_twin(const rcm_agg *a, rcm_agg *twin)
{
    *twin = *a;
    twin->cells = rcm_calloc((size_t)a->n_years, sizeof *twin->cells);
    return twin->cells ? 0 : -1;
}

/*
 * Layout of a year's block: first the denominators, [entity][gv], then the
 * numerators, [entity][gv][detail]. A student adds only to its school's
 * cells: up to 7 denominators, and numerators only where it has one (most
 * have none), so keeping the denominators apart packs what a student
 * touches into a few cache lines. District and state cells are the sums of
 * their schools' (rollup, before the rows are emitted): every student is
 * attributed to a school, and a school lies in exactly one district, the
 * one of the same enrollment row (cohort/entities.c).
 */
static size_t n_cells(const rcm_agg *a) { return (size_t)a->n_entities * RCM_GV_COUNT; }

static int64_t *num_of(const rcm_agg *a, int64_t *block, size_t cell)
{
    return block + n_cells(a) + cell * (size_t)a->n_details;
}

int rcm_agg_add(rcm_agg *a, int year, const rcm_asof *who, const int64_t *nums)
{
    int y = year - a->year_min, dim, k, nz[64], n_nz = 0;
    size_t base;
    int64_t *block;
    if (y < 0 || y >= a->n_years || a->rolled_up || who->school >= a->n_schools ||
        a->school_district[who->school] != who->district)
        return -1; /* cannot happen: the rollup relies on it (see above) */
    if (!a->cells[y]) {
        a->cells[y] = rcm_calloc(n_cells(a) * (1 + (size_t)a->n_details), sizeof(int64_t));
        if (!a->cells[y])
            return -1;
    }
    /* most numerators of a student are 0 (a handful of career fields at
     * most): only the non-zero ones are added */
    for (k = 0; k < a->n_details; k++)
        if (nums[k])
            nz[n_nz++] = k;
    block = a->cells[y];
    base = (1 + (size_t)a->n_districts + who->school) * RCM_GV_COUNT;
    for (dim = 0; dim < RCM_DIM_COUNT; dim++) {
        int v = dim ? who->group[dim] : 1;
        size_t cell;
        int64_t *num;
        if (!v)
            continue; /* no value: in no row of this dimension */
        cell = base + (size_t)(gv_base[dim] + v - 1);
        block[cell]++;
        if (!n_nz)
            continue;
        num = num_of(a, block, cell);
        for (k = 0; k < n_nz; k++)
            num[nz[k]] += nums[nz[k]];
    }
    return 0;
}

int rcm_agg_merge(rcm_agg *a, rcm_agg *from)
{
    size_t n = n_cells(a) * (1 + (size_t)a->n_details), i;
    int y, bad = a->rolled_up || from->rolled_up || from->n_years != a->n_years ||
                 from->n_details != a->n_details;
    for (y = 0; y < a->n_years && !bad; y++) {
        int64_t *to = a->cells[y], *add = from->cells[y];
        if (!add)
            continue;
        if (!to) { /* only the other thread counted this year: take its block */
            a->cells[y] = add;
            from->cells[y] = NULL;
            continue;
        }
        for (i = 0; i < n; i++)
            to[i] += add[i];
    }
    rcm_agg_release(from);
    return bad ? -1 : 0;
}

/* Add every school's cells of one year into its district's and the
 * state's. */
static void rollup_year(const rcm_agg *a, int64_t *block)
{
    size_t nd = (size_t)a->n_details, gv, k;
    uint32_t s;
    for (s = 0; s < a->n_schools; s++) {
        size_t school = (1 + (size_t)a->n_districts + s) * RCM_GV_COUNT;
        size_t up[2];
        int i;
        up[0] = 0;
        up[1] = (1 + (size_t)a->school_district[s]) * RCM_GV_COUNT;
        for (i = 0; i < 2; i++)
            for (gv = 0; gv < RCM_GV_COUNT; gv++) {
                const int64_t *from = num_of(a, block, school + gv);
                int64_t *to = num_of(a, block, up[i] + gv);
                if (!block[school + gv])
                    continue; /* no student: every numerator is 0 too */
                block[up[i] + gv] += block[school + gv];
                for (k = 0; k < nd; k++)
                    to[k] += from[k];
            }
    }
}

static void locate(const rcm_agg *a, uint32_t ent, rcm_metric_row *row)
{
    if (ent == 0) {
        row->level = RCM_LEVEL_ALL;
        row->entity = 0;
    } else if (ent <= a->n_districts) {
        row->level = RCM_LEVEL_DISTRICT;
        row->entity = ent - 1;
    } else {
        row->level = RCM_LEVEL_SCHOOL;
        row->entity = ent - 1 - a->n_districts;
    }
}

static void group_of(int gv, rcm_metric_row *row)
{
    int dim;
    for (dim = RCM_DIM_COUNT - 1; dim > 0 && gv < gv_base[dim]; dim--)
        ;
    row->group = (uint8_t)dim;
    row->group_value = (uint8_t)(gv - gv_base[dim]);
}

static int64_t pow10i(int n)
{
    int64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

static rcm_err emit_cell(const rcm_agg *a, int d, int year, uint32_t ent, int gv,
                         int64_t den, const int64_t *num, rcm_results *res)
{
    rcm_metric_row row;
    memset(&row, 0, sizeof row);
    row.metric = a->metric;
    row.year = (uint16_t)year;
    row.detail = a->detail_ids[d];
    locate(a, ent, &row);
    group_of(gv, &row);
    row.num = num[d];
    row.den = den;
    row.num_scale_digits = a->num_scale_digits[d];
    row.value_decimals = a->value_decimals;
    row.value = rcm_div_round(row.num * pow10i(row.value_decimals),
                              row.den * pow10i(row.num_scale_digits));
    return rcm_results_push(res, &row) ? res->failure : RCM_OK;
}

/* Detail slots of the agg in byte order of their strings (output order). */
static void detail_order(const rcm_agg *a, const rcm_results *res, int *order)
{
    int i, j;
    for (i = 0; i < a->n_details; i++) {
        int x = i;
        for (j = i; j > 0 && strcmp(res->details[a->detail_ids[order[j - 1]]],
                                    res->details[a->detail_ids[x]]) > 0; j--)
            order[j] = order[j - 1];
        order[j] = x;
    }
}

rcm_err rcm_agg_emit(rcm_agg *a, rcm_results *res)
{
    int order[64], k, y, gv;
    uint32_t ent;
    rcm_err err;
    if (!a->rolled_up)
        for (y = 0; y < a->n_years; y++)
            if (a->cells[y])
                rollup_year(a, a->cells[y]);
    a->rolled_up = 1;
    detail_order(a, res, order);
    /* detail-major: rows leave in output order, one block per (detail, year) */
    for (k = 0; k < a->n_details; k++)
        for (y = 0; y < a->n_years; y++) {
            if (!a->cells[y])
                continue;
            for (ent = 0; ent < a->n_entities; ent++)
                for (gv = 0; gv < RCM_GV_COUNT; gv++) {
                    size_t cell = (size_t)ent * RCM_GV_COUNT + (size_t)gv;
                    int64_t den = a->cells[y][cell];
                    if (den > 0 && (err = emit_cell(a, order[k], a->year_min + y, ent, gv, den,
                                                    num_of(a, a->cells[y], cell), res)))
                        return err;
                }
        }
    return RCM_OK;
}
