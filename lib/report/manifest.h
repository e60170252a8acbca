/*
 * manifest.h - manifest.json (SPEC 8.5).
 */
#ifndef RCM_REPORT_MANIFEST_H
#define RCM_REPORT_MANIFEST_H

#include <time.h>

#include "report/outset.h"
#include "report/report.h"

typedef struct {
    const rcm_config *cfg;
    const rcm_dataset *ds;
    const rcm_cohort *cohort;       /* NULL for validate */
    const rcm_outfile *outputs[RCM_OUT_MAX];
    int n_outputs;
    time_t started, finished;
} rcm_manifest_input;

rcm_err rcm_report_write_manifest(const rcm_manifest_input *m, FILE *f, rcm_diag *diag);

#endif
