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

typedef struct {
    rcm_metric_row *rows;
    size_t n_rows, rows_cap;
    const char **details;  /* distinct detail strings in byte order ("" first) */
    size_t n_details;
    rcm_credential_count *cred_counts; /* sorted by code, year */
    size_t n_cred_counts;
    const rcm_cohort *cohort;
    rcm_arena *arena;
} rcm_results;

/* Compute every enabled metric. Errors: RCM_ERR_NOMEM, RCM_ERR_SOFTWARE.
 * The results point into the cohort, which must outlive them. */
rcm_err rcm_metrics_compute(const rcm_cohort *c, rcm_results **out, rcm_diag *diag);
void rcm_results_free(rcm_results *r);

/* Exact comparison of a row's value (num / (den * 10^num_scale_digits))
 * with a fixed-point fraction: <0, 0, >0. Rows with den <= 0 compare 0. */
int rcm_row_cmp_fraction(const rcm_metric_row *row, int64_t fixed);

#endif
