/*
 * suppress.h - public-output suppression (SPEC 7).
 *
 * Fourth stage. Decides, for metrics_public.csv and the workbook, which
 * rows hide which cells. metrics.csv is never suppressed.
 */
#ifndef RCM_SUPPRESS_H
#define RCM_SUPPRESS_H

#include "metrics/metrics.h"

/* status[i] (rcm_status) for rows[0..n), which hold whole (metric, detail,
 * year) blocks in output order. Errors: RCM_ERR_NOMEM. */
rcm_err rcm_suppress_rows(const rcm_config *cfg, const rcm_entities *ent,
                          const rcm_metric_row *rows, size_t n, uint8_t *status);

/* status[i] (rcm_status) for results->rows[i]. Caller frees with free(). */
rcm_err rcm_suppress_apply(const rcm_config *cfg, const rcm_results *res, uint8_t **status,
                           rcm_diag *diag);

#endif
