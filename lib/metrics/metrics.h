/*
 * metrics.h - report-card metrics (SPEC 6) computed from the cohort.
 *
 * Third stage. Each metric family lives in its own file behind the same
 * signature and appends rows; rcm_metrics_compute() runs the enabled ones
 * and sorts every row into the SPEC 8.1 output order.
 */
#ifndef RCM_METRICS_H
#define RCM_METRICS_H

#include "cohort/cohort.h"

typedef enum { RCM_LEVEL_ALL = 0, RCM_LEVEL_DISTRICT, RCM_LEVEL_SCHOOL, RCM_LEVEL_COUNT } rcm_level;
extern const char *const rcm_level_names[RCM_LEVEL_COUNT];

typedef enum {
    RCM_STATUS_REPORTED = 0, RCM_STATUS_SUPPRESSED_N, RCM_STATUS_SUPPRESSED_BOUNDS,
    RCM_STATUS_SUPPRESSED_COMPLEMENT, RCM_STATUS_COUNT
} rcm_status;
extern const char *const rcm_status_names[RCM_STATUS_COUNT];

/* One output row (SPEC 8.1). */
typedef struct {
    uint8_t metric;        /* rcm_metric */
    uint8_t level;         /* rcm_level */
    uint8_t group;         /* rcm_dim */
    uint8_t group_value;   /* all: 0; gender/race: enum; flags: 0 = N, 1 = Y */
    uint16_t year;
    uint16_t detail;       /* index into results->details */
    uint32_t entity;       /* district index (level district) / school index (level school) */
    int64_t num;           /* numerator in units of 1/num_scale */
    int64_t den;           /* denominator; -1 = empty (co_cdip) */
    int64_t value;         /* value scaled by 10^value_decimals, rounded half away from zero */
    uint8_t num_scale_digits; /* 0: integer count; 3: points in thousandths (shown with 1 decimal) */
    uint8_t value_decimals;   /* 4 for rates, 2 for dollars */
} rcm_metric_row;

/* Students earning each catalog code, by school-year label of the earning
 * (for the workbook's Credentials sheet). */
typedef struct {
    uint32_t code;         /* index into cfg->catalog.codes */
    uint16_t year;
    uint32_t students;
} rcm_credential_count;

typedef struct rcm_results rcm_results;

/* Receives the rows of one (metric, detail, year) block, in output order,
 * as soon as the block is complete, and fills status[i] (rcm_status of row
 * i in the public outputs). Blocks arrive in output order, so a sink can
 * stream metrics.csv without the run ever holding every row. */
typedef rcm_err (*rcm_block_fn)(void *ctx, const rcm_results *res, const rcm_metric_row *rows,
                                size_t n, uint8_t *status);

typedef struct {
    rcm_block_fn fn;
    void *ctx;
} rcm_row_sink;

struct rcm_results {
    /* Without a sink: every row. With one: only the rows the workbook reads
     * (level all in every group, district and school rows of group all),
     * with their public status in public_status. In output order. */
    rcm_metric_row *rows;
    uint8_t *public_status;    /* NULL without a sink */
    size_t n_rows, rows_cap, status_cap;
    uint64_t n_rows_total;     /* rows produced, kept or not */
    const char **details;      /* distinct detail strings in byte order ("" first) */
    size_t n_details;
    rcm_credential_count *cred_counts; /* sorted by code, year */
    size_t n_cred_counts;
    const rcm_cohort *cohort;
    rcm_arena *arena;
    /* the block being filled (rows of one metric, detail and year) */
    const rcm_row_sink *sink;
    rcm_metric_row *block;
    uint8_t *block_status;
    size_t n_block, block_cap, block_status_cap;
    rcm_err failure;           /* first error of the sink or of keeping rows */
};

/* Compute every enabled metric, handing each block of rows to `sink` (NULL:
 * keep every row in the results). Errors: RCM_ERR_NOMEM, RCM_ERR_SOFTWARE,
 * or the sink's error. The results point into the cohort, which must
 * outlive them. */
rcm_err rcm_metrics_compute(const rcm_cohort *c, const rcm_row_sink *sink, rcm_results **out,
                            rcm_diag *diag);
void rcm_results_free(rcm_results *r);

/* Exact comparison of a row's value (num / (den * 10^num_scale_digits))
 * with a fixed-point fraction: <0, 0, >0. Rows with den <= 0 compare 0. */
int rcm_row_cmp_fraction(const rcm_metric_row *row, int64_t fixed);

#endif
