/*
 * evidence.h - what a student has earned up to a window end (SPEC 5), and
 * the per-student rules built on it (SPEC 6). Shared by the metric files
 * and by students.csv, so every figure can be traced to the same code.
 */
#ifndef RCM_METRICS_EVIDENCE_H
#define RCM_METRICS_EVIDENCE_H

#include "cohort/cohort.h"

/* Counted credentials of one student for one window (SPEC 5). Arrays are
 * sized by the catalog and owned by the caller (evidence_init/release). */
typedef struct {
    size_t n_fields;
    int64_t *field_points;   /* summed points of distinct counted codes, per career field */
    uint8_t *field_any;      /* >= 1 counted code in the field */
    uint8_t tier_any[RCM_TIER_COUNT];
    int any;                 /* >= 1 counted credential */
    int n_codes;             /* distinct counted codes */
    int english, math, cdip; /* some counted code's row carries the flag */
    int64_t best_points;     /* highest field_points */
    int best_field;          /* its field index (first in byte order on ties), -1 none */
    /* scratch: counted code indices */
    uint32_t *codes;
    size_t codes_cap;
} rcm_cred_evidence;

/* Best scores per test and subject up to the window end; -1 = none. */
typedef struct {
    int64_t act[RCM_SUBJ_COUNT];
    int64_t sat_new[RCM_SUBJ_COUNT]; /* test_date >= new_sat_from */
    int64_t sat_old[RCM_SUBJ_COUNT];
    int64_t workkeys[RCM_SUBJ_COUNT];
    int64_t asvab_afqt, ap_best, ib_best;
} rcm_test_evidence;

/* Completed program rows up to the window's school year. */
typedef struct {
    int64_t ccp_hours;       /* sum of credit_hours of completed CCP rows */
    int epsos;               /* distinct (kind, course_id, school year) of epso_kinds */
} rcm_program_evidence;

int rcm_cred_evidence_init(rcm_cred_evidence *ev, const rcm_config *cfg);
void rcm_cred_evidence_release(rcm_cred_evidence *ev);

/* Credentials counted for `student` with window end `window` (days): earned
 * on or before it, with a catalog row valid for the school year earned and
 * for district `district_id` (the district as of the window). */
int rcm_eval_credentials(const rcm_cohort *c, uint32_t student, int32_t window,
                         const char *district_id, rcm_cred_evidence *ev);
void rcm_eval_tests(const rcm_cohort *c, uint32_t student, int32_t window,
                    rcm_test_evidence *ev);
void rcm_eval_programs(const rcm_cohort *c, uint32_t student, int window_label,
                       rcm_program_evidence *ev);

/* Ohio remediation-free (SPEC 6.4, [OH-RF]) for a student of cohort `cohort_year`. */
int rcm_oh_remediation_free(const rcm_config *cfg, const rcm_test_evidence *t, int cohort_year);
/* Passing WorkKeys for the credential pathway (SPEC 6.5, [OH-WK]). */
int rcm_oh_workkeys_pass(const rcm_config *cfg, const rcm_test_evidence *t, int cohort_year);

/* Adjusted-cohort membership and graduation (SPEC 4) from an as-of read. */
int rcm_in_adjusted(const rcm_config *cfg, const rcm_asof *a);
int rcm_is_graduate(const rcm_config *cfg, const rcm_asof *a, int32_t by_date);

/* One student's Ohio PFS result for a window (SPEC 6.4). */
typedef struct {
    int remediation_free, honors, credential, primary, bonus;
    int64_t points_milli;    /* 1000 per primary, + bonus */
} rcm_pfs_result;

/* Evaluate PFS for `student` of cohort `cohort_year` with window label
 * `window_label` (as-of and evidence both read at that school year).
 * ev is scratch owned by the caller. */
int rcm_eval_pfs(const rcm_cohort *c, uint32_t student, int cohort_year, int window_label,
                 rcm_cred_evidence *ev, rcm_pfs_result *out);

/* Tennessee Ready Graduate (SPEC 6.6) for `student` of cohort y, read as
 * of y (`a`); sets *failed on allocation failure. */
int rcm_eval_tn_ready(const rcm_cohort *c, uint32_t student, int y, const rcm_asof *a,
                      rcm_cred_evidence *ev, int *failed);

#endif
