/*
 * metrics_internal.h - the metric families behind rcm_metrics_compute().
 * Each appends its rows to `res`; all share the year range below.
 */
#ifndef RCM_METRICS_INTERNAL_H
#define RCM_METRICS_INTERNAL_H

#include "metrics/agg.h"
#include "metrics/evidence.h"

typedef struct {
    const rcm_cohort *c;
    rcm_results *res;
    int year_min, n_years;   /* every cohort year and school-year label, plus one */
} rcm_metric_ctx;

rcm_err rcm_metric_acgr(rcm_metric_ctx *m);
rcm_err rcm_metric_cert_attainment(rcm_metric_ctx *m);
rcm_err rcm_metric_cert_enrolled(rcm_metric_ctx *m);
rcm_err rcm_metric_oh_pfs(rcm_metric_ctx *m);
rcm_err rcm_metric_oh_cred_pathway(rcm_metric_ctx *m);
rcm_err rcm_metric_tn_ready_graduate(rcm_metric_ctx *m);
rcm_err rcm_metric_co_competency(rcm_metric_ctx *m);
rcm_err rcm_metric_co_cdip(rcm_metric_ctx *m);
rcm_err rcm_metric_credential_counts(rcm_metric_ctx *m);

/* Below this many students a metric is counted on one thread. */
#define RCM_SPLIT_MIN_STUDENTS 20000u

/* Count one student into a metric's per-thread state `part`; 0 or -1
 * (memory). */
typedef int (*rcm_student_fn)(void *part, uint32_t s);
/* fn for every student 1..n: the first half on a helper thread into part1,
 * the rest here into part0; or all into part0 (small runs, no thread, or
 * part1 NULL). *split = 1 when part1 was used: its accumulators must then
 * be merged into part0's. Returns nonzero when fn failed (split.c). */
int rcm_for_students(const rcm_cohort *c, rcm_student_fn fn, void *part0, void *part1,
                     int *split);

/* One thread's state for a metric counted in one accumulator with
 * credential evidence. */
typedef struct {
    const rcm_cohort *c;
    rcm_agg agg;
    rcm_cred_evidence ev;
} rcm_cred_part;
/* Count every student with fn (its part an rcm_cred_part) into p[0], whose
 * agg the caller has set up, on both cores; then emit and release both. */
rcm_err rcm_count_and_emit(rcm_metric_ctx *m, rcm_cred_part p[2], rcm_student_fn fn);

/* Student s's cohort year when they are in its 4-year adjusted cohort,
 * with their as-of read in *a; else 0 (SPEC 4). */
int rcm_adjusted_year(const rcm_cohort *c, uint32_t s, rcm_asof *a);

/* An accumulator of `metric` with the certification details: "",
 * field:<f> for each catalog field, tier:<t> for each catalog tier.
 * 0, or -1 (memory; nothing left to release). */
int rcm_cert_agg_init(rcm_metric_ctx *m, rcm_agg *a, rcm_metric metric);
/* Fill nums[] for the details of rcm_cert_agg_init from evidence. */
void rcm_cert_nums(const rcm_config *cfg, const rcm_cred_evidence *ev, int64_t *nums);

#endif
