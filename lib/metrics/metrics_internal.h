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

/* The next student after *s (start at 0) in the 4-year adjusted cohort of
 * their cohort year: sets *s, their cohort year *y and their as-of-Y read
 * *a (SPEC 4). Returns 0 when no student is left. */
int rcm_next_adjusted(const rcm_cohort *c, uint32_t *s, int *y, rcm_asof *a);

/* Register details "", field:<f> for each catalog field, tier:<t> for each
 * catalog tier, into agg detail slots; returns the slot count or -1. */
int rcm_cert_details(rcm_metric_ctx *m, rcm_agg *a);
/* Fill nums[] for the cert details of rcm_cert_details from evidence. */
void rcm_cert_nums(const rcm_config *cfg, const rcm_cred_evidence *ev, int64_t *nums);

#endif
