/*
 * cohort.h - federal cohort year, deduplication, attribution, adjusted
 * cohorts, diplomas and subgroups (SPEC 4).
 *
 * Second stage: takes the dataset, groups rows by student (one record per
 * student_id: that is the deduplication), sorts each student's enrollment
 * rows in SPEC 4 row order, assigns the cohort year by rules 1-5 and builds
 * the entity table (districts, schools) with their display names. Figures
 * "as of a school year W" are read through rcm_cohort_asof().
 */
#ifndef RCM_COHORT_H
#define RCM_COHORT_H

#include "ingest/ingest.h"

/* Districts and schools in output (byte) order. A school is a
 * (district_id, school_id) pair. Strings are owned by the cohort. */
typedef struct {
    uint32_t n_districts;
    const char **district_ids;
    const char **district_names;   /* "" when no row names it */
    uint32_t n_schools;
    uint32_t *school_district;     /* district index of each school */
    const char **school_ids;
    const char **school_names;
} rcm_entities;

/* Cohort rule that gave a student's cohort year (SPEC 4 rules 1-5). */
typedef enum {
    RCM_RULE_COHORT_YEAR = 1, RCM_RULE_GRADE9_ENTRY = 2, RCM_RULE_GRADE9_ROW = 3,
    RCM_RULE_TRANSFER_IN = 4, RCM_RULE_NONE = 5
} rcm_cohort_rule;

typedef struct {
    uint16_t cohort_year;  /* 0 = no cohort (rule 5) */
    uint8_t rule;          /* rcm_cohort_rule */
    uint8_t conflict;      /* the rule saw more than one distinct value */
    uint32_t first_enr, n_enr;   /* range in cohort->enr_order */
    uint32_t first_cred, n_cred; /* range in cohort->cred_order */
    uint32_t first_test, n_test; /* range in cohort->test_order */
    uint32_t first_prog, n_prog; /* range in cohort->prog_order */
} rcm_student;

/* A student as of school year W (SPEC 4). */
typedef struct {
    int found;             /* 0 when the student has no enrollment row at all */
    uint32_t district;     /* district index in rcm_entities */
    uint32_t school;       /* school index in rcm_entities */
    uint8_t exit_code;     /* rcm_exit + 1, 0 = still enrolled (final status) */
    uint8_t diploma;       /* rcm_diploma + 1, 0 = none */
    int32_t diploma_date;  /* days; when the row had no date, the year_end of its label */
    /* subgroup values: 0 = no value, else code + 1 (gender, race), flags
     * RCM_FLAG_N / RCM_FLAG_Y. Index rcm_dim (RCM_DIM_ALL unused). */
    uint8_t group[RCM_DIM_COUNT];
} rcm_asof;

typedef struct {
    const rcm_config *cfg;
    const rcm_dataset *ds;
    rcm_student *students;   /* index = student id (1..n); [0] unused */
    uint32_t n_students;     /* number of student ids */
    uint32_t *enr_order;     /* enrollment row indices grouped by student, SPEC 4 row order */
    uint32_t *cred_order;    /* credential rows grouped by student, by earned_date */
    uint32_t *test_order;    /* assessment rows grouped by student, input order */
    uint32_t *prog_order;    /* program rows grouped by student, input order */
    uint32_t *row_school;    /* school index of each enrollment row */
    uint32_t *row_district;  /* district index of each enrollment row */
    rcm_entities entities;
    uint8_t dim_present[RCM_DIM_COUNT]; /* dimension columns present in the input */
    uint64_t in_cohort, no_cohort, conflicts;
    uint64_t conflicts_by_rule[6];  /* index rcm_cohort_rule */
    rcm_arena *arena;
} rcm_cohort;

/* Build the cohort from an ingested dataset. Errors: RCM_ERR_NOMEM.
 * The cohort keeps pointers into cfg and ds: they must outlive it. */
rcm_err rcm_cohort_build(const rcm_config *cfg, const rcm_dataset *ds, rcm_cohort **out,
                         rcm_diag *diag);
void rcm_cohort_free(rcm_cohort *c);

/* The student as of school-year label W: rows with label <= W only (all
 * rows when none is). */
void rcm_cohort_asof(const rcm_cohort *c, uint32_t student, int w, rcm_asof *out);

/* Cohort-year rules applied to one student's rows (exposed for tests):
 * rows are enrollment records in any order. Sets *conflict. Returns the
 * cohort year or 0, and *rule. */
int rcm_cohort_year_of(const rcm_enrollment *const *rows, size_t n, int *rule, int *conflict);

/* Sort key comparison of two enrollment rows in SPEC 4 row order (label,
 * entry_date with empty = day after the previous year_end, exit_date with
 * empty = latest, input order). */
int rcm_enr_row_cmp(const rcm_enrollment *a, const rcm_enrollment *b, int ye_month, int ye_day);

#endif
