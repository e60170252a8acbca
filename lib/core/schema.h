/*
 * schema.h - the canonical vocabulary of SPEC section 3: input files, their
 * columns, and the code sets that [codes.*] sections map SIS values onto.
 *
 * Every enum has a parallel name table (rcm_*_names) checked by a
 * _Static_assert in schema.c. Stored code values are "enum + 1" so that 0
 * can mean "empty" in the compact row records.
 */
#ifndef RCM_CORE_SCHEMA_H
#define RCM_CORE_SCHEMA_H

#include <stddef.h>

typedef enum {
    RCM_FILE_ENROLLMENTS = 0,
    RCM_FILE_CREDENTIALS,
    RCM_FILE_ASSESSMENTS,
    RCM_FILE_PROGRAMS,
    RCM_FILE_COUNT
} rcm_file_kind;
extern const char *const rcm_file_names[RCM_FILE_COUNT]; /* "enrollments", ... */

/* Columns of enrollments, in table order (SPEC 3.1). */
typedef enum {
    ENR_STUDENT_ID = 0, ENR_DISTRICT_ID, ENR_DISTRICT_NAME, ENR_SCHOOL_ID, ENR_SCHOOL_NAME,
    ENR_SCHOOL_YEAR, ENR_GRADE, ENR_ENTRY_DATE, ENR_EXIT_DATE, ENR_EXIT_CODE,
    ENR_GRADE9_ENTRY_YEAR, ENR_COHORT_YEAR, ENR_GENDER, ENR_RACE, ENR_ELL, ENR_ECON_DISADV,
    ENR_SPED, ENR_CTE_CONCENTRATOR, ENR_DIPLOMA_TYPE, ENR_DIPLOMA_DATE,
    ENR_COL_COUNT
} rcm_enr_col;
typedef enum { CRED_STUDENT_ID = 0, CRED_CREDENTIAL_CODE, CRED_EARNED_DATE, CRED_COL_COUNT } rcm_cred_col;
typedef enum {
    TEST_STUDENT_ID = 0, TEST_TEST, TEST_SUBJECT, TEST_SCORE, TEST_TEST_DATE, TEST_COL_COUNT
} rcm_test_col;
typedef enum {
    PROG_STUDENT_ID = 0, PROG_SCHOOL_YEAR, PROG_KIND, PROG_COURSE_ID, PROG_CREDIT_HOURS,
    PROG_COMPLETED, PROG_COL_COUNT
} rcm_prog_col;

typedef struct {
    const char *name;  /* canonical name, lowercase */
    int required;
} rcm_column_def;

/* Column table of a file kind and its length. */
const rcm_column_def *rcm_schema_columns(rcm_file_kind kind, size_t *count);

/* Code sets ([codes.NAME]). */
typedef enum {
    RCM_CODES_EXIT = 0, RCM_CODES_GENDER, RCM_CODES_RACE, RCM_CODES_DIPLOMA,
    RCM_CODES_TEST, RCM_CODES_SUBJECT, RCM_CODES_KIND, RCM_CODES_COUNT
} rcm_codeset;
extern const char *const rcm_codeset_names[RCM_CODES_COUNT]; /* "exit", "gender", ... */
/* Canonical values of a code set and their count. */
const char *const *rcm_codeset_values(rcm_codeset set, size_t *count);

typedef enum {
    RCM_EXIT_GRADUATED = 0, RCM_EXIT_TRANSFER_OUT, RCM_EXIT_EMIGRATED, RCM_EXIT_DECEASED,
    RCM_EXIT_INCARCERATED, RCM_EXIT_DROPOUT, RCM_EXIT_GED, RCM_EXIT_OTHER, RCM_EXIT_COUNT
} rcm_exit;
/* Gender and race are listed in byte order of their codes: output order. */
typedef enum { RCM_GENDER_F = 0, RCM_GENDER_M, RCM_GENDER_X, RCM_GENDER_COUNT } rcm_gender;
typedef enum {
    RCM_RACE_AI = 0, RCM_RACE_AS, RCM_RACE_BL, RCM_RACE_HI, RCM_RACE_MR, RCM_RACE_PI,
    RCM_RACE_WH, RCM_RACE_COUNT
} rcm_race;
typedef enum {
    RCM_DIPLOMA_NONE = 0, RCM_DIPLOMA_STANDARD, RCM_DIPLOMA_HONORS, RCM_DIPLOMA_ALTERNATE,
    RCM_DIPLOMA_COUNT
} rcm_diploma;
typedef enum {
    RCM_TEST_ACT = 0, RCM_TEST_SAT, RCM_TEST_WORKKEYS, RCM_TEST_AP, RCM_TEST_IB,
    RCM_TEST_ASVAB, RCM_TEST_COUNT
} rcm_test;
typedef enum {
    RCM_SUBJ_ENGLISH = 0, RCM_SUBJ_READING, RCM_SUBJ_MATH, RCM_SUBJ_SCIENCE, RCM_SUBJ_WRITING,
    RCM_SUBJ_COMPOSITE, RCM_SUBJ_EBRW, RCM_SUBJ_TOTAL, RCM_SUBJ_CRITICAL_READING,
    RCM_SUBJ_APPLIED_MATH, RCM_SUBJ_GRAPHIC_LITERACY, RCM_SUBJ_WORKPLACE_DOCS, RCM_SUBJ_AFQT,
    RCM_SUBJ_COUNT
} rcm_subject;
typedef enum {
    RCM_KIND_AP_COURSE = 0, RCM_KIND_IB_COURSE, RCM_KIND_CCP, RCM_KIND_DUAL_ENROLLMENT,
    RCM_KIND_DUAL_CREDIT, RCM_KIND_CLEP, RCM_KIND_CIE, RCM_KIND_LDC, RCM_KIND_INTERNSHIP,
    RCM_KIND_PRE_APPRENTICESHIP, RCM_KIND_APPRENTICESHIP, RCM_KIND_AP_COMPUTER_SCIENCE,
    RCM_KIND_COUNT
} rcm_kind;
/* Tennessee credential tiers (catalog `tier`). */
typedef enum { RCM_TIER_RECOGNIZED = 0, RCM_TIER_VALUED, RCM_TIER_PREFERRED, RCM_TIER_COUNT } rcm_tier;
extern const char *const rcm_tier_names[RCM_TIER_COUNT];

/* Whether `subject` is valid for `test` (SPEC 3.3). AP and IB subjects are
 * course names, never codes: callers do not map them through this. */
int rcm_subject_valid_for(rcm_test test, rcm_subject subject);

/* Subgroup dimensions in output order (SPEC 4 / 8.1). */
typedef enum {
    RCM_DIM_ALL = 0, RCM_DIM_GENDER, RCM_DIM_RACE, RCM_DIM_ELL, RCM_DIM_ECON_DISADV,
    RCM_DIM_SPED, RCM_DIM_CTE, RCM_DIM_COUNT
} rcm_dim;
extern const char *const rcm_dim_names[RCM_DIM_COUNT]; /* "all", "gender", ... */

#endif
