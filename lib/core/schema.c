/*
 * schema.c - name tables for the canonical vocabulary (see schema.h).
 */
#include "core/schema.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *const rcm_file_names[RCM_FILE_COUNT] = {"enrollments", "credentials", "assessments",
                                                    "programs"};

static const rcm_column_def enr_cols[] = {
    {"student_id", 1},      {"district_id", 1},       {"district_name", 0}, {"school_id", 1},
    {"school_name", 0},     {"school_year", 1},       {"grade", 1},         {"entry_date", 0},
    {"exit_date", 0},       {"exit_code", 0},         {"grade9_entry_year", 0},
    {"cohort_year", 0},     {"gender", 0},            {"race", 0},          {"ell", 0},
    {"econ_disadv", 0},     {"sped", 0},              {"cte_concentrator", 0},
    {"diploma_type", 0},    {"diploma_date", 0},
};
_Static_assert(COUNT_OF(enr_cols) == ENR_COL_COUNT, "enrollment columns");
static const rcm_column_def cred_cols[] = {
    {"student_id", 1}, {"credential_code", 1}, {"earned_date", 1}};
_Static_assert(COUNT_OF(cred_cols) == CRED_COL_COUNT, "credential columns");
static const rcm_column_def test_cols[] = {
    {"student_id", 1}, {"test", 1}, {"subject", 1}, {"score", 1}, {"test_date", 1}};
_Static_assert(COUNT_OF(test_cols) == TEST_COL_COUNT, "assessment columns");
static const rcm_column_def prog_cols[] = {
    {"student_id", 1},  {"school_year", 1},   {"kind", 1},
    {"course_id", 0},   {"credit_hours", 0},  {"completed", 0}};
_Static_assert(COUNT_OF(prog_cols) == PROG_COL_COUNT, "program columns");

const rcm_column_def *rcm_schema_columns(rcm_file_kind kind, size_t *count)
{
    switch (kind) {
    case RCM_FILE_ENROLLMENTS: *count = COUNT_OF(enr_cols); return enr_cols;
    case RCM_FILE_CREDENTIALS: *count = COUNT_OF(cred_cols); return cred_cols;
    case RCM_FILE_ASSESSMENTS: *count = COUNT_OF(test_cols); return test_cols;
    case RCM_FILE_PROGRAMS: *count = COUNT_OF(prog_cols); return prog_cols;
    case RCM_FILE_COUNT: break;
    }
    *count = 0;
    return NULL;
}

const char *const rcm_codeset_names[RCM_CODES_COUNT] = {"exit", "gender", "race", "diploma",
                                                        "test", "subject", "kind"};

static const char *const exit_values[] = {"GRADUATED", "TRANSFER_OUT", "EMIGRATED", "DECEASED",
                                          "INCARCERATED", "DROPOUT", "GED", "OTHER"};
_Static_assert(COUNT_OF(exit_values) == RCM_EXIT_COUNT, "exit codes");
static const char *const gender_values[] = {"F", "M", "X"};
_Static_assert(COUNT_OF(gender_values) == RCM_GENDER_COUNT, "gender codes");
static const char *const race_values[] = {"AI", "AS", "BL", "HI", "MR", "PI", "WH"};
_Static_assert(COUNT_OF(race_values) == RCM_RACE_COUNT, "race codes");
static const char *const diploma_values[] = {"NONE", "STANDARD", "HONORS", "ALTERNATE"};
_Static_assert(COUNT_OF(diploma_values) == RCM_DIPLOMA_COUNT, "diploma codes");
static const char *const test_values[] = {"ACT", "SAT", "WORKKEYS", "AP", "IB", "ASVAB"};
_Static_assert(COUNT_OF(test_values) == RCM_TEST_COUNT, "test codes");
static const char *const subject_values[] = {
    "ENGLISH", "READING", "MATH", "SCIENCE", "WRITING", "COMPOSITE", "EBRW", "TOTAL",
    "CRITICAL_READING", "APPLIED_MATH", "GRAPHIC_LITERACY", "WORKPLACE_DOCS", "AFQT"};
_Static_assert(COUNT_OF(subject_values) == RCM_SUBJ_COUNT, "subject codes");
static const char *const kind_values[] = {
    "AP_COURSE", "IB_COURSE", "CCP", "DUAL_ENROLLMENT", "DUAL_CREDIT", "CLEP", "CIE", "LDC",
    "INTERNSHIP", "PRE_APPRENTICESHIP", "APPRENTICESHIP", "AP_COMPUTER_SCIENCE"};
_Static_assert(COUNT_OF(kind_values) == RCM_KIND_COUNT, "program kinds");

const char *const rcm_tier_names[RCM_TIER_COUNT] = {"RECOGNIZED", "VALUED", "PREFERRED"};
const char *const rcm_dim_names[RCM_DIM_COUNT] = {"all", "gender", "race", "ell",
                                                  "econ_disadv", "sped", "cte_concentrator"};

const char *const *rcm_codeset_values(rcm_codeset set, size_t *count)
{
    switch (set) {
    case RCM_CODES_EXIT: *count = COUNT_OF(exit_values); return exit_values;
    case RCM_CODES_GENDER: *count = COUNT_OF(gender_values); return gender_values;
    case RCM_CODES_RACE: *count = COUNT_OF(race_values); return race_values;
    case RCM_CODES_DIPLOMA: *count = COUNT_OF(diploma_values); return diploma_values;
    case RCM_CODES_TEST: *count = COUNT_OF(test_values); return test_values;
    case RCM_CODES_SUBJECT: *count = COUNT_OF(subject_values); return subject_values;
    case RCM_CODES_KIND: *count = COUNT_OF(kind_values); return kind_values;
    case RCM_CODES_COUNT: break;
    }
    *count = 0;
    return NULL;
}

int rcm_subject_valid_for(rcm_test test, rcm_subject s)
{
    switch (test) {
    case RCM_TEST_ACT:
        return s == RCM_SUBJ_ENGLISH || s == RCM_SUBJ_READING || s == RCM_SUBJ_MATH ||
               s == RCM_SUBJ_SCIENCE || s == RCM_SUBJ_WRITING || s == RCM_SUBJ_COMPOSITE;
    case RCM_TEST_SAT:
        /* new SAT: EBRW, MATH, TOTAL; pre-March-2016 SAT: WRITING, CRITICAL_READING, MATH */
        return s == RCM_SUBJ_EBRW || s == RCM_SUBJ_MATH || s == RCM_SUBJ_TOTAL ||
               s == RCM_SUBJ_WRITING || s == RCM_SUBJ_CRITICAL_READING;
    case RCM_TEST_WORKKEYS:
        return s == RCM_SUBJ_APPLIED_MATH || s == RCM_SUBJ_GRAPHIC_LITERACY ||
               s == RCM_SUBJ_WORKPLACE_DOCS;
    case RCM_TEST_ASVAB: return s == RCM_SUBJ_AFQT;
    case RCM_TEST_AP:
    case RCM_TEST_IB:
    case RCM_TEST_COUNT: break;
    }
    return 0;
}
