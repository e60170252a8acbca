/*
 * results.c - how metric rows leave the metric stage.
 *
 * Metrics push rows in output order. Without a sink every row is kept (unit
 * tests, small runs). With a sink, rows are gathered into blocks of one
 * (metric, detail, year) and each finished block goes to the sink, which
 * decides its public statuses and streams it to the CSV files; only the
 * rows the workbook reads are kept. A state's 9 million rows therefore
 * never sit in memory at once.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "metrics/metrics_internal.h"

int rcm_results_detail(rcm_results *res, const char *detail, uint16_t *id)
{
    size_t i;
    char *copy;
    const char **grown;
    for (i = 0; i < res->n_details; i++)
        if (strcmp(res->details[i], detail) == 0) {
            *id = (uint16_t)i;
            return 0;
        }
    if (res->n_details >= 65535)
        return -1;
    copy = rcm_arena_strndup(res->arena, detail, strlen(detail));
    grown = rcm_arena_alloc(res->arena, (res->n_details + 1) * sizeof *grown);
    if (!copy || !grown)
        return -1;
    if (res->n_details)
        memcpy(grown, res->details, res->n_details * sizeof *grown);
    grown[res->n_details] = copy;
    res->details = grown;
    *id = (uint16_t)res->n_details++;
    return 0;
}

/* Rows the workbook reads: level all in every group, and the district and
 * school rows of group all (SPEC 8.6). The rest only go to the CSV files. */
static int kept_for_workbook(const rcm_metric_row *r)
{
    return r->level == RCM_LEVEL_ALL || r->group == RCM_DIM_ALL;
}

static int keep(rcm_results *res, const rcm_metric_row *row, const uint8_t *status)
{
    if (rcm_grow((void **)&res->rows, &res->rows_cap, res->n_rows + 1, sizeof *res->rows))
        return -1;
    if (status) {
        if (rcm_grow((void **)&res->public_status, &res->status_cap, res->n_rows + 1, 1))
            return -1;
        res->public_status[res->n_rows] = *status;
    }
    res->rows[res->n_rows++] = *row;
    return 0;
}

static int fail(rcm_results *res, rcm_err err)
{
    if (!res->failure)
        res->failure = err;
    return -1;
}

int rcm_results_flush(rcm_results *res)
{
    size_t i;
    rcm_err err;
    if (!res->sink || !res->n_block)
        return res->failure ? -1 : 0;
    if (rcm_grow((void **)&res->block_status, &res->block_status_cap, res->n_block, 1))
        return fail(res, RCM_ERR_NOMEM);
    err = res->sink->fn(res->sink->ctx, res, res->block, res->n_block, res->block_status);
    if (err)
        return fail(res, err);
    for (i = 0; i < res->n_block; i++)
        if (kept_for_workbook(&res->block[i]) &&
            keep(res, &res->block[i], &res->block_status[i]))
            return fail(res, RCM_ERR_NOMEM);
    res->n_block = 0;
    return 0;
}

/* Order of blocks: metric, detail (byte order), year. */
static int block_cmp(const rcm_results *res, const rcm_metric_row *a, const rcm_metric_row *b)
{
    int c;
    if (a->metric != b->metric)
        return a->metric < b->metric ? -1 : 1;
    if (a->detail != b->detail && (c = strcmp(res->details[a->detail], res->details[b->detail])))
        return c;
    return a->year < b->year ? -1 : a->year > b->year;
}

int rcm_results_push(rcm_results *res, const rcm_metric_row *row)
{
    res->n_rows_total++;
    if (!res->sink)
        return keep(res, row, NULL) ? fail(res, RCM_ERR_NOMEM) : 0;
    if (res->n_block) {
        int c = block_cmp(res, &res->block[0], row);
        if (c > 0) /* a metric emitted rows out of output order: a bug */
            return fail(res, RCM_ERR_SOFTWARE);
        if (c < 0 && rcm_results_flush(res))
            return -1;
    }
    if (rcm_grow((void **)&res->block, &res->block_cap, res->n_block + 1, sizeof *res->block))
        return fail(res, RCM_ERR_NOMEM);
    res->block[res->n_block++] = *row;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

rcm_err rcm_results_sort_details(rcm_results *res)
{
    size_t i, n = res->n_details;
    const char **sorted = rcm_malloc((n + 1) * sizeof *sorted);
    uint32_t *rank = rcm_malloc((n + 1) * sizeof *rank);
    if (!sorted || !rank) {
        free(sorted);
        free(rank);
        return RCM_ERR_NOMEM;
    }
    memcpy(sorted, res->details, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_str);
    for (i = 0; i < n; i++)
        rank[i] = (uint32_t)((const char **)bsearch(&res->details[i], sorted, n, sizeof *sorted,
                                                    cmp_str) - sorted);
    /* rows arrived in output order: renumbering keeps them sorted */
    for (i = 0; i < res->n_rows; i++)
        res->rows[i].detail = (uint16_t)rank[res->rows[i].detail];
    memcpy(res->details, sorted, n * sizeof *sorted);
    free(sorted);
    free(rank);
    return RCM_OK;
}

void rcm_results_free(rcm_results *r)
{
    if (!r)
        return;
    free(r->rows);
    free(r->public_status);
    free(r->block);
    free(r->block_status);
    free(r->cred_counts);
    rcm_arena_free(r->arena);
    free(r);
}
