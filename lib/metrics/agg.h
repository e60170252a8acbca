/*
 * agg.h - dense accumulation of numerators and denominators by year,
 * entity and subgroup value, turned into output rows at the end.
 *
 * A metric adds each student once per figure: the student's school and
 * subgroup values select up to 7 cells; district and state cells are summed
 * from their schools before the rows leave. Cells are dense arrays allocated per year on first use,
 * so a state of 1,800 entities costs a few MB per year and no hashing.
 */
#ifndef RCM_METRICS_AGG_H
#define RCM_METRICS_AGG_H

#include "metrics/metrics.h"

/* Group-value slots: 0 all, gender 1-3, race 4-10, ell 11-12 (N, Y),
 * econ_disadv 13-14, sped 15-16, cte 17-18. */
#define RCM_GV_COUNT 19

typedef struct {
    uint8_t metric;
    int n_details;               /* numerators per cell */
    uint16_t detail_ids[64];     /* detail string ids (results registry) */
    uint8_t num_scale_digits[64];
    uint8_t value_decimals;
    uint32_t n_entities;         /* 1 + districts + schools */
    uint32_t n_districts;
    uint32_t n_schools;
    const uint32_t *school_district; /* each school's district (cohort entities) */
    int rolled_up;               /* district and state cells filled (agg.c) */
    int year_min, n_years;
    int64_t **cells;             /* cells[year - year_min]: dens, then nums (agg.c) */
} rcm_agg;

/* Years from year_min .. year_min + n_years - 1. Returns 0 or -1 (memory). */
int rcm_agg_init(rcm_agg *a, const rcm_cohort *c, rcm_metric metric, int n_details,
                 int year_min, int n_years);
void rcm_agg_release(rcm_agg *a);
/* An empty accumulator shaped like a (same metric, details, years), for a
 * second thread counting other students. 0 or -1 (memory). */
int rcm_agg_twin(const rcm_agg *a, rcm_agg *twin);
/* Add from's counts into a (before either is emitted) and release from.
 * 0 or -1 (memory). The sums are of integers: the same whatever students
 * each counted. */
int rcm_agg_merge(rcm_agg *a, rcm_agg *from);
/* Count one student in its school's cells: den += 1, num[d] += nums[d].
 * Returns 0 or -1 (memory; or a school outside its district, which the
 * cohort stage never produces). */
int rcm_agg_add(rcm_agg *a, int year, const rcm_asof *who, const int64_t *nums);
/* Sum schools into their districts and the state (once), then append one
 * row per cell with a denominator > 0 to the results. */
rcm_err rcm_agg_emit(rcm_agg *a, rcm_results *res);

/* Register a detail string, returning its id (stable within a run). */
int rcm_results_detail(rcm_results *res, const char *detail, uint16_t *id);
/* Append a row; rows must come in output order (results.c). 0 or -1, with
 * the error in res->failure. */
int rcm_results_push(rcm_results *res, const rcm_metric_row *row);
/* Hand a pending block to the sink. 0 or -1 (res->failure). */
int rcm_results_flush(rcm_results *res);
/* Put details into byte order and renumber kept rows. */
rcm_err rcm_results_sort_details(rcm_results *res);

#endif
