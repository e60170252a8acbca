/*
 * test_config.c - the config stage: the INI profile (SPEC 2, the metric keys
 * of SPEC 6), --set overrides, and the credential catalog (SPEC 3.5).
 *
 * Every test writes its inputs into a fresh directory under /tmp and removes
 * it afterwards. Expected values are worked out by hand in the comments;
 * fixed-point numbers are value * 1000000 (RCM_FIXED_ONE).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/config.h"
#include "core/arena.h"
#include "core/parse.h"

#define ONE RCM_FIXED_ONE
#define CONFORMANCE RCM_SOURCE_DIR "/tests/cases" /* copies of the shared conformance cases */

static char dir[64];
static char made[16][192]; /* files and directories to remove, in creation order */
static int n_made;
static rcm_config *cfg;
static rcm_diag diag;

static void remember(const char *path)
{
    int i;
    for (i = 0; i < n_made; i++)
        if (strcmp(made[i], path) == 0)
            return;
    cr_assert_lt(n_made, 16);
    snprintf(made[n_made++], sizeof made[0], "%s", path);
}

static void write_bytes(const char *name, const char *text, size_t len)
{
    char path[192];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    fclose(f);
    remember(path);
}

static void write_file(const char *name, const char *text)
{
    write_bytes(name, text, strlen(text));
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/rcm_config_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    n_made = 0;
    cfg = NULL;
    memset(&diag, 0, sizeof diag);
    write_file("cat.csv", "code,name\nX1,Dummy\n");
}

static void teardown(void)
{
    rcm_config_free(cfg);
    cfg = NULL;
    while (n_made)
        remove(made[--n_made]);
    remove(dir);
}

static rcm_err load_with(const char *ini, const char *const *sets, size_t n_sets)
{
    rcm_setting s[8];
    char path[192];
    size_t i;
    for (i = 0; i < n_sets; i++)
        s[i].assignment = sets[i];
    write_file("rcm.ini", ini);
    snprintf(path, sizeof path, "%s/rcm.ini", dir);
    rcm_config_free(cfg);
    cfg = NULL;
    memset(&diag, 0, sizeof diag);
    return rcm_config_load(path, s, n_sets, &cfg, &diag);
}

static rcm_err load_ini(const char *ini) { return load_with(ini, NULL, 0); }

/* The message with the temporary directory and its '/' cut off the front. */
static const char *msg(void)
{
    size_t n = strlen(dir);
    if (strncmp(diag.message, dir, n) == 0 && diag.message[n] == '/')
        return diag.message + n + 1;
    return diag.message;
}

static int lookup(rcm_codeset set, const char *s)
{
    return rcm_code_lookup(cfg, set, s, strlen(s));
}

TestSuite(config, .init = setup, .fini = teardown);
TestSuite(catalog, .init = setup, .fini = teardown);

/* ---- defaults --------------------------------------------------------------- */

Test(config, every_default_is_the_spec_default)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n"), RCM_OK, "%s", diag.message);
    cr_assert_str_eq(cfg->name, "rcm");
    cr_assert_str_eq(cfg->title, "Career readiness report");
    cr_assert_str_eq(cfg->file_base[RCM_FILE_ENROLLMENTS], "enrollments");
    cr_assert_str_eq(cfg->file_base[RCM_FILE_PROGRAMS], "programs");
    cr_assert_str_eq(cfg->dir, dir);
    cr_assert_str_eq(cfg->catalog_path + strlen(dir), "/cat.csv");
    cr_assert_eq(cfg->delimiter, ',');
    cr_assert_eq(cfg->bare_year_second, 1);
    cr_assert_eq(cfg->max_reject_rate, 50000); /* 0.05 */
    /* unlisted columns use the canonical name; past a file's columns: NULL */
    cr_assert_str_eq(cfg->columns[RCM_FILE_ENROLLMENTS][ENR_DIPLOMA_DATE], "diploma_date");
    cr_assert_str_eq(cfg->columns[RCM_FILE_CREDENTIALS][CRED_EARNED_DATE], "earned_date");
    cr_assert_null(cfg->columns[RCM_FILE_CREDENTIALS][CRED_COL_COUNT]);
    cr_assert_eq(cfg->codes[RCM_CODES_EXIT].n_aliases, 0);
    cr_assert_eq(cfg->year_end_month, 8);
    cr_assert_eq(cfg->year_end_day, 31);
    cr_assert(cfg->remove[RCM_EXIT_TRANSFER_OUT] && cfg->remove[RCM_EXIT_EMIGRATED] &&
              cfg->remove[RCM_EXIT_DECEASED] && cfg->remove[RCM_EXIT_INCARCERATED]);
    cr_assert(!cfg->remove[RCM_EXIT_DROPOUT] && !cfg->remove[RCM_EXIT_GED] &&
              !cfg->remove[RCM_EXIT_GRADUATED] && !cfg->remove[RCM_EXIT_OTHER]);
    cr_assert_eq(cfg->subgroups_ever, 0);
    cr_assert(cfg->enabled[RCM_METRIC_ACGR] && cfg->enabled[RCM_METRIC_CERT_ATTAINMENT] &&
              cfg->enabled[RCM_METRIC_CERT_ATTAINMENT_ENROLLED] &&
              cfg->enabled[RCM_METRIC_OH_PFS] && cfg->enabled[RCM_METRIC_OH_CRED_PATHWAY]);
    cr_assert(!cfg->enabled[RCM_METRIC_TN_READY_GRADUATE] &&
              !cfg->enabled[RCM_METRIC_CO_COMPETENCY] && !cfg->enabled[RCM_METRIC_CO_CDIP]);
    cr_assert_eq(cfg->min_n, 10);
    cr_assert_eq(cfg->low, 0);
    cr_assert_eq(cfg->high, ONE);
    cr_assert_eq(cfg->complementary, 1);
    cr_assert_eq(cfg->report_years, 5);
    cr_assert(cfg->acgr_diplomas[RCM_DIPLOMA_STANDARD] && cfg->acgr_diplomas[RCM_DIPLOMA_HONORS]);
    cr_assert(!cfg->acgr_diplomas[RCM_DIPLOMA_ALTERNATE] && !cfg->acgr_diplomas[RCM_DIPLOMA_NONE]);
    /* grade 12 only: index 12 + 1 = 13 */
    cr_assert_eq(cfg->enrolled_grades[13], 1);
    cr_assert_eq(cfg->enrolled_grades[12] + cfg->enrolled_grades[0] + cfg->enrolled_grades[1], 0);
    cr_assert_eq(cfg->pfs_points, 12 * ONE);
    cr_assert_eq(cfg->pfs_union, 0);
    cr_assert_eq(cfg->act_english, 18 * ONE);
    cr_assert_eq(cfg->act_math, 22 * ONE);
    cr_assert_eq(cfg->act_reading, 22 * ONE);
    cr_assert_eq(cfg->act_reading_until_2017, 21 * ONE);
    cr_assert_eq(cfg->sat_ebrw, 480 * ONE);
    cr_assert_eq(cfg->sat_math, 530 * ONE);
    cr_assert_eq(cfg->old_sat_writing, 430 * ONE);
    cr_assert_eq(cfg->old_sat_reading, 450 * ONE);
    cr_assert_eq(cfg->old_sat_math, 520 * ONE);
    cr_assert_eq(cfg->new_sat_from, 16861); /* 46*365 + 11 leap days (1972-2012) + 31 + 29 */
    cr_assert_eq(cfg->ap_min, 3 * ONE);
    cr_assert_eq(cfg->ib_min, 4 * ONE);
    cr_assert_eq(cfg->ccp_hours, 3 * ONE);
    cr_assert_eq(cfg->pfs_bonus, 300000); /* 0.3 */
    cr_assert_eq(cfg->n_grades, 4);
    cr_assert_eq(cfg->grades[0].letter, 'A');
    cr_assert_eq(cfg->grades[0].min_percent, 93 * ONE);
    cr_assert_eq(cfg->grades[3].letter, 'D');
    cr_assert_eq(cfg->grades[3].min_percent, 40 * ONE);
    cr_assert_eq(cfg->path_points, 12 * ONE);
    cr_assert_eq(cfg->section_min, 3 * ONE);
    cr_assert_eq(cfg->total_min_until_2019, 13 * ONE);
    cr_assert_eq(cfg->total_min_from_2020, 14 * ONE);
    cr_assert_eq(cfg->silver_from, 2025);
    cr_assert_eq(cfg->silver_section_min, 4 * ONE);
    cr_assert_eq(cfg->act_composite, 21 * ONE);
    cr_assert_eq(cfg->sat_total, 1060 * ONE);
    cr_assert_eq(cfg->epso_min, 4);
    cr_assert_eq(cfg->epso_with, 2);
    cr_assert_eq(cfg->asvab_afqt, 31 * ONE);
    cr_assert(cfg->epso_kinds[RCM_KIND_AP_COURSE] && cfg->epso_kinds[RCM_KIND_LDC] &&
              cfg->epso_kinds[RCM_KIND_CLEP] && cfg->epso_kinds[RCM_KIND_CIE]);
    cr_assert(!cfg->epso_kinds[RCM_KIND_CCP] && !cfg->epso_kinds[RCM_KIND_INTERNSHIP]);
    cr_assert_eq(cfg->cdip_unit, 1000 * ONE);
    cr_assert_eq(cfg->cdip_frl_factor, 1200000); /* 1.2 */
    cr_assert_eq(cfg->cdip_appropriation, 0);
    /* sha256sum of the 27 bytes "[input]\ncatalog = cat.csv\n" */
    cr_assert_str_eq(cfg->sha256,
                     "16b3e431405b855fd9b5bd3a26380e1dae5987d9d4c571654772a799ab96d893");
}

Test(config, free_of_null_is_a_no_op) { rcm_config_free(NULL); }

/* ---- every key ---------------------------------------------------------------- */

static const char full_ini[] =
    "; every key of SPEC 2 and 6, none at its default\n"
    "[profile]\nname = Ohio\ntitle = Board report\n"
    "[input]\nenrollments = enr\ncredentials = creds\nassessments = tests\nprograms = progs\n"
    "catalog = cat.csv\ndelimiter = semicolon\nbare_year = first\nmax_reject_rate = 0.1\n"
    "[columns.enrollments]\nstudent_id = SSID\n"
    "[columns.credentials]\ncredential_code = Cred Code\n"
    "[columns.assessments]\nscore = Scale Score\n"
    "[columns.programs]\nkind = Program Type\n"
    "[codes.exit]\nGRADUATED = 99, 30\nTransfer_Out = 40 , 41,42\n"
    "[codes.gender]\nX = n\n[codes.race]\nMR = M\n[codes.diploma]\nHONORS = H\n"
    "[codes.test]\nWORKKEYS = WK\n[codes.subject]\nWORKPLACE_DOCS = READING_FOR_INFORMATION\n"
    "[codes.kind]\nCCP = College Credit Plus\n"
    "[cohort]\nyear_end = 06-30\nremove = TRANSFER_OUT, deceased\nsubgroups = ever\n"
    "[metrics]\nenabled = tn_ready_graduate, co_competency, co_cdip\n"
    "[suppression]\nmin_n = 5\nlow = 0.01\nhigh = 0.99\ncomplementary = no\n"
    "[report]\nyears = 3\n"
    "[acgr]\ndiplomas = STANDARD, HONORS, ALTERNATE\n"
    "[cert_attainment]\n"
    "[cert_attainment_enrolled]\ngrades = 9-12\n"
    "[oh_pfs]\npoints = 6\ndenominator = union\nact_english = 19\nact_math = 23\n"
    "act_reading = 23\nact_reading_until_2017 = 20\nsat_ebrw = 490\nsat_math = 540\n"
    "old_sat_writing = 440\nold_sat_reading = 460\nold_sat_math = 530\n"
    "new_sat_from = 2016-04-01\nap_min = 4\nib_min = 5\nccp_hours = 6\nbonus = 0.5\n"
    "grades = A:90, B:80, c:70, D:60, E:50\n"
    "[oh_cred_pathway]\npoints = 8\nsection_min = 4\ntotal_min_until_2019 = 12\n"
    "total_min_from_2020 = 15\nsilver_from = 2023-2024\nsilver_section_min = 5\n"
    "[tn_ready_graduate]\nact_composite = 22\nsat_total = 1100\nepso_min = 3\nepso_with = 1\n"
    "asvab_afqt = 50\nepso_kinds = CCP, DUAL_CREDIT\n"
    "[co_competency]\n"
    "[co_cdip]\nunit = 1500.50\nfrl_factor = 1.25\nappropriation = 2000000\n";

Test(config, every_key_is_parsed_into_its_field)
{
    cr_assert_eq(load_ini(full_ini), RCM_OK, "%s", diag.message);
    cr_assert_str_eq(cfg->name, "Ohio");
    cr_assert_str_eq(cfg->title, "Board report");
    cr_assert_str_eq(cfg->file_base[RCM_FILE_ENROLLMENTS], "enr");
    cr_assert_str_eq(cfg->file_base[RCM_FILE_CREDENTIALS], "creds");
    cr_assert_str_eq(cfg->file_base[RCM_FILE_ASSESSMENTS], "tests");
    cr_assert_str_eq(cfg->file_base[RCM_FILE_PROGRAMS], "progs");
    cr_assert_eq(cfg->delimiter, ';');
    cr_assert_eq(cfg->bare_year_second, 0);
    cr_assert_eq(cfg->max_reject_rate, 100000);
    cr_assert_str_eq(cfg->columns[RCM_FILE_ENROLLMENTS][ENR_STUDENT_ID], "SSID");
    cr_assert_str_eq(cfg->columns[RCM_FILE_ENROLLMENTS][ENR_SCHOOL_ID], "school_id");
    cr_assert_str_eq(cfg->columns[RCM_FILE_CREDENTIALS][CRED_CREDENTIAL_CODE], "Cred Code");
    cr_assert_str_eq(cfg->columns[RCM_FILE_ASSESSMENTS][TEST_SCORE], "Scale Score");
    cr_assert_str_eq(cfg->columns[RCM_FILE_PROGRAMS][PROG_KIND], "Program Type");
    /* 99, 30 and 40, 41, 42: five aliases, matched case-insensitively */
    cr_assert_eq(cfg->codes[RCM_CODES_EXIT].n_aliases, 5);
    cr_assert_eq(lookup(RCM_CODES_EXIT, "30"), RCM_EXIT_GRADUATED);
    cr_assert_eq(lookup(RCM_CODES_EXIT, "42"), RCM_EXIT_TRANSFER_OUT);
    cr_assert_eq(lookup(RCM_CODES_GENDER, "N"), RCM_GENDER_X);
    cr_assert_eq(lookup(RCM_CODES_RACE, "m"), RCM_RACE_MR);
    cr_assert_eq(lookup(RCM_CODES_DIPLOMA, "h"), RCM_DIPLOMA_HONORS);
    cr_assert_eq(lookup(RCM_CODES_TEST, "wk"), RCM_TEST_WORKKEYS);
    cr_assert_eq(lookup(RCM_CODES_SUBJECT, "reading_for_information"), RCM_SUBJ_WORKPLACE_DOCS);
    cr_assert_eq(lookup(RCM_CODES_KIND, "college credit plus"), RCM_KIND_CCP);
    cr_assert_str_eq(cfg->codes[RCM_CODES_KIND].aliases[0].sis_value, "COLLEGE CREDIT PLUS");
    cr_assert_eq(cfg->year_end_month, 6);
    cr_assert_eq(cfg->year_end_day, 30);
    cr_assert(cfg->remove[RCM_EXIT_TRANSFER_OUT] && cfg->remove[RCM_EXIT_DECEASED]);
    cr_assert(!cfg->remove[RCM_EXIT_EMIGRATED] && !cfg->remove[RCM_EXIT_INCARCERATED]);
    cr_assert_eq(cfg->subgroups_ever, 1);
    cr_assert(!cfg->enabled[RCM_METRIC_ACGR] && !cfg->enabled[RCM_METRIC_OH_PFS]);
    cr_assert(cfg->enabled[RCM_METRIC_TN_READY_GRADUATE] &&
              cfg->enabled[RCM_METRIC_CO_COMPETENCY] && cfg->enabled[RCM_METRIC_CO_CDIP]);
    cr_assert_eq(cfg->min_n, 5);
    cr_assert_eq(cfg->low, 10000);
    cr_assert_eq(cfg->high, 990000);
    cr_assert_eq(cfg->complementary, 0);
    cr_assert_eq(cfg->report_years, 3);
    cr_assert(cfg->acgr_diplomas[RCM_DIPLOMA_ALTERNATE]);
    /* 9-12: indexes 10..13 */
    cr_assert_eq(cfg->enrolled_grades[9] + cfg->enrolled_grades[10] + cfg->enrolled_grades[13], 2);
    cr_assert_eq(cfg->enrolled_grades[11] + cfg->enrolled_grades[12], 2);
    cr_assert_eq(cfg->pfs_points, 6 * ONE);
    cr_assert_eq(cfg->pfs_union, 1);
    cr_assert_eq(cfg->act_english, 19 * ONE);
    cr_assert_eq(cfg->act_math, 23 * ONE);
    cr_assert_eq(cfg->act_reading, 23 * ONE);
    cr_assert_eq(cfg->act_reading_until_2017, 20 * ONE);
    cr_assert_eq(cfg->sat_ebrw, 490 * ONE);
    cr_assert_eq(cfg->sat_math, 540 * ONE);
    cr_assert_eq(cfg->old_sat_writing, 440 * ONE);
    cr_assert_eq(cfg->old_sat_reading, 460 * ONE);
    cr_assert_eq(cfg->old_sat_math, 530 * ONE);
    cr_assert_eq(cfg->new_sat_from, 16892); /* 2016-03-01 (16861) + 31 days of March */
    cr_assert_eq(cfg->ap_min, 4 * ONE);
    cr_assert_eq(cfg->ib_min, 5 * ONE);
    cr_assert_eq(cfg->ccp_hours, 6 * ONE);
    cr_assert_eq(cfg->pfs_bonus, 500000);
    cr_assert_eq(cfg->n_grades, 5);
    cr_assert_eq(cfg->grades[2].letter, 'C'); /* "c" uppercased */
    cr_assert_eq(cfg->grades[2].min_percent, 70 * ONE);
    cr_assert_eq(cfg->grades[4].letter, 'E');
    cr_assert_eq(cfg->path_points, 8 * ONE);
    cr_assert_eq(cfg->section_min, 4 * ONE);
    cr_assert_eq(cfg->total_min_until_2019, 12 * ONE);
    cr_assert_eq(cfg->total_min_from_2020, 15 * ONE);
    cr_assert_eq(cfg->silver_from, 2024); /* 2023-2024 is accepted as 2024 */
    cr_assert_eq(cfg->silver_section_min, 5 * ONE);
    cr_assert_eq(cfg->act_composite, 22 * ONE);
    cr_assert_eq(cfg->sat_total, 1100 * ONE);
    cr_assert_eq(cfg->epso_min, 3);
    cr_assert_eq(cfg->epso_with, 1);
    cr_assert_eq(cfg->asvab_afqt, 50 * ONE);
    cr_assert(cfg->epso_kinds[RCM_KIND_CCP] && cfg->epso_kinds[RCM_KIND_DUAL_CREDIT]);
    cr_assert(!cfg->epso_kinds[RCM_KIND_AP_COURSE]);
    cr_assert_eq(cfg->cdip_unit, 1500500000LL);
    cr_assert_eq(cfg->cdip_frl_factor, 1250000);
    cr_assert_eq(cfg->cdip_appropriation, 2000000 * ONE);
}

Test(config, delimiter_words_and_single_characters)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\ndelimiter = TAB\n"), RCM_OK);
    cr_assert_eq(cfg->delimiter, '\t');
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\ndelimiter = pipe\n"), RCM_OK);
    cr_assert_eq(cfg->delimiter, '|');
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\ndelimiter = ^\n"), RCM_OK);
    cr_assert_eq(cfg->delimiter, '^');
    /* two characters, and the quote character, are not delimiters */
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\ndelimiter = ::\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:3: [input] delimiter: '::' is not valid (want comma, tab, "
                            "semicolon, pipe or one character)");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\ndelimiter = \"\n"), RCM_ERR_CONFIG);
}

Test(config, enrolled_grades_accept_ranges_lists_pk_and_kg)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cert_attainment_enrolled]\n"
                          "grades = 11, 12\n"),
                 RCM_OK);
    /* 11 -> 12, 12 -> 13; nothing else */
    cr_assert_eq(cfg->enrolled_grades[12] + cfg->enrolled_grades[13], 2);
    cr_assert_eq(cfg->enrolled_grades[11], 0);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cert_attainment_enrolled]\n"
                          "grades = PK-kg, 03\n"),
                 RCM_OK);
    /* PK -> 0, KG -> 1, 3 -> 4 */
    cr_assert_eq(cfg->enrolled_grades[0] + cfg->enrolled_grades[1] + cfg->enrolled_grades[4], 3);
    cr_assert_eq(cfg->enrolled_grades[13], 0);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cert_attainment_enrolled]\n"
                          "grades = 12-9\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [cert_attainment_enrolled] grades: '12-9' is not valid "
                            "(want grades such as 12, 9-12 or 11, 12)");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cert_attainment_enrolled]\n"
                          "grades = 11,,12\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cert_attainment_enrolled]\n"
                          "grades = 13\n"),
                 RCM_ERR_CONFIG);
}

Test(config, pfs_letter_grades_must_fall_and_be_distinct)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[oh_pfs]\ngrades = A:93, B:93\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [oh_pfs] grades: 'B:93' is not valid (want letters with "
                            "falling minimum percents, such as A:93, B:75, C:60, D:40)");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[oh_pfs]\ngrades = A:93, A:75\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[oh_pfs]\ngrades = AB:93\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[oh_pfs]\ngrades = A 93\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[oh_pfs]\ngrades = A:92.5\n"), RCM_OK);
    cr_assert_eq(cfg->n_grades, 1);
    cr_assert_eq(cfg->grades[0].min_percent, 92500000);
}

Test(config, fractions_must_lie_between_0_and_1)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\nmax_reject_rate = 1.5\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:3: [input] max_reject_rate: '1.5' is not valid (want a "
                            "fraction from 0 to 1)");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[suppression]\nlow = -0.01\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[suppression]\nhigh = 1\n"), RCM_OK);
    cr_assert_eq(cfg->high, ONE);
}

Test(config, values_follow_the_input_syntax)
{
    /* numbers: no exponent; integers: plain digits; flags: Y/N words; dates validated */
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[oh_pfs]\nbonus = 3e-1\n"), RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[suppression]\nmin_n = 1.5\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[suppression]\ncomplementary = maybe\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[oh_pfs]\nnew_sat_from = 2016-02-30\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cohort]\nyear_end = 02-29\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cohort]\nremove = TRANSFER\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [cohort] remove: 'TRANSFER' is not valid (want one or "
                            "more of GRADUATED, TRANSFER_OUT, EMIGRATED, DECEASED, INCARCERATED, "
                            "DROPOUT, GED, OTHER)");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cohort]\nremove =\n"), RCM_OK);
    cr_assert_eq(cfg->remove[RCM_EXIT_TRANSFER_OUT], 0); /* an empty list removes nobody */
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[acgr]\ndiplomas = NONE\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[metrics]\nenabled = acgr, pfs\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [metrics] enabled: 'pfs' is not valid (want one or more "
                            "of acgr, cert_attainment, cert_attainment_enrolled, oh_pfs, "
                            "oh_cred_pathway, tn_ready_graduate, co_competency, co_cdip)");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[metrics]\nenabled =\n"), RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[profile]\nname =\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [profile] name: empty value (want non-empty text)");
}

/* ---- structure errors ----------------------------------------------------------- */

Test(config, unknown_key_is_a_config_error_naming_file_and_line)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n\n[suppression]\nmin_m = 5\n"),
                 RCM_ERR_CONFIG);
    cr_assert_eq(diag.err, RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:5: [suppression] min_m: unknown key");
    /* names are lowercase as shown (SPEC 2) */
    cr_assert_eq(load_ini("[input]\nCatalog = cat.csv\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:2: [input] Catalog: unknown key");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[columns.enrollments]\nssid = SSID\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [columns.enrollments] ssid: unknown key (not a canonical "
                            "column of this file)");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[codes.exit]\nGRADUATE = 99\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [codes.exit] GRADUATE: unknown key (not a canonical code "
                            "of this set)");
}

Test(config, unknown_section_is_an_error_even_without_keys)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[sugroups]\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:3: [sugroups]: unknown section");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[Input]\nenrollments = e\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:3: [Input]: unknown section");
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[codes.grade]\n"), RCM_ERR_CONFIG);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[columns.catalog]\n"), RCM_ERR_CONFIG);
}

Test(config, metrics_without_keys_have_empty_sections)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[cert_attainment]\n[co_competency]\n"),
                 RCM_OK, "%s", diag.message);
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[co_competency]\npoints = 12\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: [co_competency] points: unknown key");
}

Test(config, a_key_given_twice_is_an_error)
{
    cr_assert_eq(load_ini("[suppression]\nmin_n = 5\n[input]\ncatalog = cat.csv\n"
                          "[suppression]\nmin_n = 6\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:6: [suppression] min_n: given twice (first on line 2)");
    /* [codes.*] keys match case-insensitively, so these are the same key */
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[codes.exit]\nGRADUATED = 99\n"
                          "graduated = 30\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:5: [codes.exit] graduated: given twice (first on line 4)");
}

Test(config, one_sis_value_under_two_canonical_codes_is_an_error)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[codes.exit]\nGRADUATED = 99, 40\n"
                          "TRANSFER_OUT = 41, 40\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:5: [codes.exit] TRANSFER_OUT: '40' is already listed under "
                            "GRADUATED");
    /* case-insensitive: "wd" and "WD" are one SIS value */
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[codes.exit]\nDROPOUT = wd\n"
                          "OTHER = WD\n"),
                 RCM_ERR_CONFIG);
    /* the same value in two different sets, or twice under one code, is fine */
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[codes.exit]\nOTHER = X, x\n"
                          "[codes.gender]\nX = X\n"),
                 RCM_OK, "%s", diag.message);
    cr_assert_eq(cfg->codes[RCM_CODES_EXIT].n_aliases, 1);
}

Test(config, syntax_errors_and_stray_text_name_the_line)
{
    cr_assert_eq(load_ini("[input]\ncatalog = cat.csv\n[profile]\nname Ohio\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: expected '[section]' or 'key = value'");
    cr_assert_eq(load_ini("name = x\n[input]\ncatalog = cat.csv\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:1: name: key before any [section]");
    cr_assert_eq(load_ini("[input] catalog = cat.csv\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:1: [input]: text after the section header");
}

Test(config, comments_and_inline_semicolon_comments_are_stripped)
{
    /* ";" and "#" start comment lines; " ;" after a value starts a comment; " #"
     * after a value and ";" without a blank before it are part of the value */
    cr_assert_eq(load_ini("; comment\n# comment\n[profile] ; the profile\n"
                          "name = Ohio   ; shown in reports\ntitle = Board #1 report\n"
                          "[input]\ncatalog = cat.csv ; catalog\nenrollments = enr;x\n"),
                 RCM_OK, "%s", diag.message);
    cr_assert_str_eq(cfg->name, "Ohio");
    cr_assert_str_eq(cfg->title, "Board #1 report");
    cr_assert_str_eq(cfg->file_base[RCM_FILE_ENROLLMENTS], "enr;x");
}

Test(config, long_lines_are_read_whole)
{
    size_t n = 5000, head = strlen("[input]\ncatalog = cat.csv\n[profile]\ntitle = ");
    char *ini = malloc(head + 70000 + 2);
    cr_assert_not_null(ini);
    memcpy(ini, "[input]\ncatalog = cat.csv\n[profile]\ntitle = ", head);
    memset(ini + head, 'x', n);
    memcpy(ini + head + n, "\n", 2);
    cr_assert_eq(load_ini(ini), RCM_OK, "%s", diag.message);
    cr_assert_eq(strlen(cfg->title), 5000);
    /* 70000 bytes do not fit inih's 65536-byte line buffer */
    memset(ini + head, 'x', 70000);
    memcpy(ini + head + 70000, "\n", 2);
    cr_assert_eq(load_ini(ini), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini:4: line longer than 65533 bytes");
    free(ini);
}

Test(config, crlf_and_bom_are_accepted)
{
    cr_assert_eq(load_ini("\xEF\xBB\xBF[profile]\r\nname = Ohio\r\n[input]\r\n"
                          "catalog = cat.csv\r\n"),
                 RCM_OK, "%s", diag.message);
    cr_assert_str_eq(cfg->name, "Ohio");
    cr_assert_str_eq(cfg->catalog_path + strlen(dir), "/cat.csv");
}

/* ---- files and paths --------------------------------------------------------------- */

Test(config, missing_config_file_is_noinput)
{
    char path[192];
    snprintf(path, sizeof path, "%s/none.ini", dir);
    cr_assert_eq(rcm_config_load(path, NULL, 0, &cfg, &diag), RCM_ERR_NOINPUT);
    cr_assert_null(cfg);
    cr_assert_str_eq(msg(), "none.ini: cannot read config: No such file or directory");
}

Test(config, catalog_is_required_and_must_be_readable)
{
    cr_assert_eq(load_ini("[profile]\nname = x\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "rcm.ini: [input] catalog: missing (the profile must name its "
                            "credential catalog)");
    cr_assert_eq(load_ini("[input]\ncatalog = nothere.csv\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "nothere.csv: cannot read the credential catalog: No such file or "
                            "directory");
}

Test(config, paths_are_relative_to_the_config_file)
{
    char sub[192];
    snprintf(sub, sizeof sub, "%s/catalogs", dir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    remember(sub);
    write_file("catalogs/ohio.csv", "code,name\nA,B\n");
    cr_assert_eq(load_ini("[input]\ncatalog = catalogs/ohio.csv\n"), RCM_OK, "%s", diag.message);
    cr_assert_str_eq(cfg->catalog_path + strlen(dir), "/catalogs/ohio.csv");
    cr_assert_str_eq(cfg->catalog.path, cfg->catalog_path);
    /* an absolute path is kept */
    snprintf(sub, sizeof sub, "[input]\ncatalog = %s/cat.csv\n", dir);
    cr_assert_eq(load_ini(sub), RCM_OK, "%s", diag.message);
    cr_assert_str_eq(cfg->catalog_path + strlen(dir), "/cat.csv");
}

/* ---- --set ------------------------------------------------------------------------ */

Test(config, set_splits_at_the_last_dot_and_overrides_the_file)
{
    const char *sets[] = {"columns.enrollments.student_id=SSID", "suppression.min_n = 20",
                          "codes.exit.graduated=98"};
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n[suppression]\nmin_n = 5\n"
                           "[codes.exit]\nGRADUATED = 99\n",
                           sets, 3),
                 RCM_OK, "%s", diag.message);
    /* "columns.enrollments" . "student_id" */
    cr_assert_str_eq(cfg->columns[RCM_FILE_ENROLLMENTS][ENR_STUDENT_ID], "SSID");
    cr_assert_eq(cfg->min_n, 20);
    /* the --set list replaces the file's list: 98 maps, 99 no longer does */
    cr_assert_eq(lookup(RCM_CODES_EXIT, "98"), RCM_EXIT_GRADUATED);
    cr_assert_eq(lookup(RCM_CODES_EXIT, "99"), -1);
    cr_assert_eq(cfg->codes[RCM_CODES_EXIT].n_aliases, 1);
}

Test(config, a_later_set_of_the_same_key_wins)
{
    const char *sets[] = {"oh_pfs.denominator=union", "oh_pfs.denominator=four_plus_fifth",
                          "profile.name=A=B"};
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", sets, 3), RCM_OK, "%s", diag.message);
    cr_assert_eq(cfg->pfs_union, 0);
    cr_assert_str_eq(cfg->name, "A=B"); /* split at the first '=' */
}

Test(config, set_values_are_validated_and_name_set)
{
    const char *low[] = {"suppression.low=2"};
    const char *key[] = {"suppression.lo=0.1"};
    const char *section[] = {"supression.low=0.1"};
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", low, 1), RCM_ERR_CONFIG);
    cr_assert_str_eq(diag.message, "--set: [suppression] low: '2' is not valid (want a fraction "
                                   "from 0 to 1)");
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", key, 1), RCM_ERR_CONFIG);
    cr_assert_str_eq(diag.message, "--set: [suppression] lo: unknown key");
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", section, 1), RCM_ERR_CONFIG);
    cr_assert_str_eq(diag.message, "--set: [supression]: unknown section");
}

Test(config, malformed_set_is_a_usage_error)
{
    const char *no_eq[] = {"suppression.min_n"};
    const char *no_dot[] = {"min_n=5"};
    const char *dot_after_eq[] = {"min_n=0.5"};
    const char *empty_key[] = {"suppression.=5"};
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", no_eq, 1), RCM_ERR_USAGE);
    cr_assert_str_eq(diag.message, "--set 'suppression.min_n': want SECTION.KEY=VALUE");
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", no_dot, 1), RCM_ERR_USAGE);
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", dot_after_eq, 1), RCM_ERR_USAGE);
    cr_assert_eq(load_with("[input]\ncatalog = cat.csv\n", empty_key, 1), RCM_ERR_USAGE);
    cr_assert_null(cfg);
}

Test(config, set_can_supply_the_required_catalog)
{
    const char *sets[] = {"input.catalog=cat.csv"};
    cr_assert_eq(load_with("[profile]\nname = x\n", sets, 1), RCM_OK, "%s", diag.message);
    cr_assert_eq(cfg->catalog.n_rows, 1);
}

/* ---- catalog ---------------------------------------------------------------------- */

static rcm_err load_catalog(const char *csv)
{
    write_file("cat.csv", csv);
    return load_ini("[input]\ncatalog = cat.csv\n");
}

static int find(const char *code) { return rcm_catalog_find(&cfg->catalog, code, strlen(code)); }

Test(catalog, codes_are_sorted_in_byte_order)
{
    cr_assert_eq(load_catalog("code,name\nb,x\nB,x\na2,x\na10,x\n"), RCM_OK, "%s", diag.message);
    /* bytes: 'B' 0x42 < 'a' 0x61; "a10" < "a2" because '1' < '2'; then "b" */
    cr_assert_eq(cfg->catalog.n_codes, 4);
    cr_assert_str_eq(cfg->catalog.codes[0], "B");
    cr_assert_str_eq(cfg->catalog.codes[1], "a10");
    cr_assert_str_eq(cfg->catalog.codes[2], "a2");
    cr_assert_str_eq(cfg->catalog.codes[3], "b");
    cr_assert_eq(find("a2"), 2);
    cr_assert_eq(find("A2"), -1); /* codes match exactly */
    cr_assert_eq(find("a"), -1);
    cr_assert_eq(find("b"), 3);
}

/* X on lines 2-5: every district until 2018 (row 0), D1 (row 1), D2 (row 2),
 * every district from 2019 (row 3). */
static const char district_csv[] = "code,name,district_id,first_year,last_year,points\n"
                                   "X,Every old,,,2018,1\n"
                                   "X,Only D1,D1,,,6\n"
                                   "X,Only D2,D2,,,3\n"
                                   "X,Every new,,2019,,12\n";

Test(catalog, district_rows_come_before_rows_for_every_district)
{
    cr_assert_eq(load_catalog(district_csv), RCM_OK, "%s", diag.message);
    cr_assert_eq(cfg->catalog.n_codes, 1);
    cr_assert_eq(cfg->catalog.n_code_rows[0], 4);
    /* district rows in file order (1, 2), then every-district rows (0, 3) */
    cr_assert_eq(cfg->catalog.code_rows[0][0], 1);
    cr_assert_eq(cfg->catalog.code_rows[0][1], 2);
    cr_assert_eq(cfg->catalog.code_rows[0][2], 0);
    cr_assert_eq(cfg->catalog.code_rows[0][3], 3);
    cr_assert_str_eq(cfg->catalog.rows[1].district_id, "D1");
    cr_assert_null(cfg->catalog.rows[0].district_id);
    cr_assert_eq(cfg->catalog.rows[3].line, 5);
}

Test(catalog, lookup_prefers_the_district_row_then_the_year_window)
{
    const rcm_catalog_row *r;
    cr_assert_eq(load_catalog(district_csv), RCM_OK, "%s", diag.message);
    r = rcm_catalog_lookup(&cfg->catalog, 0, 2020, "D1");
    cr_assert_not_null(r);
    cr_assert_str_eq(r->name, "Only D1");
    r = rcm_catalog_lookup(&cfg->catalog, 0, 2020, "D9"); /* no D9 row: 2019-open applies */
    cr_assert_str_eq(r->name, "Every new");
    cr_assert_eq(r->points, 12 * ONE);
    r = rcm_catalog_lookup(&cfg->catalog, 0, 2018, "D9"); /* until 2018 */
    cr_assert_str_eq(r->name, "Every old");
    r = rcm_catalog_lookup(&cfg->catalog, 0, 2018, NULL);
    cr_assert_str_eq(r->name, "Every old");
}

Test(catalog, rows_apply_only_inside_their_years)
{
    const rcm_catalog_row *r;
    cr_assert_eq(load_catalog("code,name,first_year,last_year\nNEW,n,2020,\nOLD,o,,2018\n"
                              "MID,m,2017-2018,2019\n"),
                 RCM_OK, "%s", diag.message);
    /* codes: MID (0), NEW (1), OLD (2) */
    cr_assert_null(rcm_catalog_lookup(&cfg->catalog, find("NEW"), 2019, NULL));
    cr_assert_not_null(rcm_catalog_lookup(&cfg->catalog, find("NEW"), 2020, NULL));
    cr_assert_not_null(rcm_catalog_lookup(&cfg->catalog, find("OLD"), 2018, NULL));
    cr_assert_null(rcm_catalog_lookup(&cfg->catalog, find("OLD"), 2019, NULL));
    r = rcm_catalog_lookup(&cfg->catalog, find("MID"), 2018, NULL);
    cr_assert_not_null(r);
    cr_assert_eq(r->first_year, 2018); /* 2017-2018 is accepted as 2018 */
    cr_assert_null(rcm_catalog_lookup(&cfg->catalog, find("MID"), 2017, NULL));
    cr_assert_null(rcm_catalog_lookup(&cfg->catalog, find("MID"), 2020, NULL));
}

Test(catalog, overlapping_years_for_the_same_scope_are_an_error)
{
    cr_assert_eq(load_catalog("code,name,first_year,last_year\nX,a,2018,2020\nX,b,2020,\n"),
                 RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:3: code: 'X' overlaps the years of its row on line 2 for "
                            "the same districts");
    /* two open rows overlap everywhere */
    cr_assert_eq(load_catalog("code,name\nX,a\nY,c\nX,b\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:4: code: 'X' overlaps the years of its row on line 2 for "
                            "the same districts");
    /* the same district twice overlaps; different districts do not */
    cr_assert_eq(load_catalog("code,name,district_id\nX,a,D1\nX,b,D1\n"), RCM_ERR_CONFIG);
    cr_assert_eq(load_catalog("code,name,district_id,last_year,first_year\nX,a,D1,,\n"
                              "X,b,D2,,\nX,c,,2019,\nX,d,,,2020\n"),
                 RCM_OK, "%s", diag.message);
}

Test(catalog, first_year_after_last_year_is_an_error)
{
    cr_assert_eq(load_catalog("code,name,first_year,last_year\nX,a,2021,2020\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:2: first_year: 2021 is after last_year 2020");
    cr_assert_eq(load_catalog("code,name,first_year,last_year\nX,a,2020,2020\n"), RCM_OK);
}

Test(catalog, fields_points_tiers_and_flags_are_read)
{
    const rcm_catalog_row *r;
    cr_assert_eq(load_catalog("code,name,career_field,points,tier,english,math,cdip\n"
                              "A,a,Manufacturing,6,valued,Y,no,1\n"
                              "B,b,Health,0.5,,,,\n"
                              "C,c,Health,,PREFERRED,,true,\n"
                              "D,d,,,,,,\n"),
                 RCM_OK, "%s", diag.message);
    /* distinct fields in byte order: Health, Manufacturing */
    cr_assert_eq(cfg->catalog.n_fields, 2);
    cr_assert_str_eq(cfg->catalog.fields[0], "Health");
    cr_assert_str_eq(cfg->catalog.fields[1], "Manufacturing");
    r = &cfg->catalog.rows[0];
    cr_assert_eq(r->career_field, 1);
    cr_assert_eq(r->points, 6 * ONE);
    cr_assert_eq(r->tier, RCM_TIER_VALUED);
    cr_assert(r->english && !r->math && r->cdip);
    r = &cfg->catalog.rows[1];
    cr_assert_eq(r->career_field, 0);
    cr_assert_eq(r->points, 500000);
    cr_assert_eq(r->tier, -1);
    cr_assert_eq(cfg->catalog.rows[2].tier, RCM_TIER_PREFERRED);
    cr_assert_eq(cfg->catalog.rows[2].math, 1);
    cr_assert_eq(cfg->catalog.rows[3].career_field, -1);
    cr_assert_eq(cfg->catalog.rows[3].points, 0);
    cr_assert(!cfg->catalog.has_tier[RCM_TIER_RECOGNIZED] &&
              cfg->catalog.has_tier[RCM_TIER_VALUED] && cfg->catalog.has_tier[RCM_TIER_PREFERRED]);
}

Test(catalog, quoting_bom_crlf_case_and_extra_columns)
{
    /* a BOM, mixed-case headers, an unknown column, CRLF, a quoted comma, a
     * doubled quote and a name over two lines (lines 3-4): the bad tier of
     * the next record is on line 5 */
    static const char csv[] = "\xEF\xBB\xBF" "Code,NAME,Vendor,Career_Field\r\n"
                              "A1,\"Welding, \"\"Level\"\" 1\",AWS,\" Manufacturing \"\r\n"
                              "A2,\"Two\r\nlines\",x,Health\r\n";
    cr_assert_eq(load_catalog(csv), RCM_OK, "%s", diag.message);
    cr_assert_eq(cfg->catalog.n_rows, 2);
    cr_assert_str_eq(cfg->catalog.rows[0].name, "Welding, \"Level\" 1");
    cr_assert_str_eq(cfg->catalog.fields[cfg->catalog.rows[0].career_field], "Manufacturing");
    cr_assert_str_eq(cfg->catalog.rows[1].name, "Two\r\nlines");
    cr_assert_eq(cfg->catalog.rows[1].line, 3);
    cr_assert_eq(load_catalog("code,name,tier\r\nA,\"x\ny\",\r\nB,b,GOLD\r\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:4: tier: 'GOLD' is not valid (want RECOGNIZED, VALUED or "
                            "PREFERRED)");
}

Test(catalog, invalid_rows_are_config_errors_naming_the_line)
{
    cr_assert_eq(load_catalog("name,points\nx,1\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:1: code: required column is missing");
    cr_assert_eq(load_catalog("code,name,CODE\nx,1,2\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:1: code: column given twice");
    cr_assert_eq(load_catalog("code,name\n\nA,a\n ,b\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:4: code: missing");
    cr_assert_eq(load_catalog("code,name\nA,\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:2: name: missing");
    cr_assert_eq(load_catalog("code,name,points\nA,a,1e3\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:2: points: '1e3' is not valid (want a number >= 0)");
    cr_assert_eq(load_catalog("code,name,points\nA,a,-1\n"), RCM_ERR_CONFIG);
    cr_assert_eq(load_catalog("code,name,last_year\nA,a,2019-2021\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:2: last_year: '2019-2021' is not valid (want a graduation "
                            "year such as 2020)");
    cr_assert_eq(load_catalog("code,name,cdip\nA,a,maybe\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:2: cdip: 'maybe' is not valid (want Y or N)");
    cr_assert_eq(load_catalog("code,name\nA,a,extra\n"), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:2: 3 fields but the header has 2");
    cr_assert_eq(load_catalog("code,name\nA,\"open\n"), RCM_ERR_CONFIG);
    cr_assert_eq(load_catalog(""), RCM_ERR_CONFIG);
    cr_assert_str_eq(msg(), "cat.csv:1: empty catalog (want a header row naming at least code "
                            "and name)");
}

Test(catalog, a_header_without_rows_is_an_empty_list)
{
    cr_assert_eq(load_catalog("code,name\n"), RCM_OK, "%s", diag.message);
    cr_assert_eq(cfg->catalog.n_rows, 0);
    cr_assert_eq(cfg->catalog.n_codes, 0);
    cr_assert_eq(find("X"), -1);
}

/* ---- shipped profiles and conformance cases ------------------------------------------ */

static rcm_err load_path(const char *path, const char *const *sets, size_t n_sets)
{
    rcm_setting s[4];
    size_t i;
    for (i = 0; i < n_sets; i++)
        s[i].assignment = sets[i];
    rcm_config_free(cfg);
    cfg = NULL;
    return rcm_config_load(path, s, n_sets, &cfg, &diag);
}

Test(config, conformance_c1_profile_loads)
{
    cr_assert_eq(load_path(CONFORMANCE "/c1_cohort/rcm.ini", NULL, 0), RCM_OK, "%s",
                 diag.message);
    cr_assert_str_eq(cfg->name, "Case One");
    cr_assert_eq(cfg->max_reject_rate, 200000);
    cr_assert_eq(cfg->bare_year_second, 1);
    cr_assert(cfg->enabled[RCM_METRIC_ACGR] && !cfg->enabled[RCM_METRIC_CERT_ATTAINMENT] &&
              !cfg->enabled[RCM_METRIC_OH_PFS]);
    cr_assert_eq(cfg->catalog.n_rows, 1);
    cr_assert_str_eq(cfg->catalog.codes[0], "X1");
    cr_assert_eq(strlen(cfg->sha256), 64);
}

Test(config, conformance_c2_profile_loads)
{
    const char *unions[] = {"oh_pfs.denominator=union"};
    cr_assert_eq(load_path(CONFORMANCE "/c2_ohio/rcm.ini", NULL, 0), RCM_OK, "%s",
                 diag.message);
    cr_assert_str_eq(cfg->name, "Case Two");
    cr_assert_eq(cfg->max_reject_rate, 300000);
    cr_assert(!cfg->enabled[RCM_METRIC_ACGR] && cfg->enabled[RCM_METRIC_CERT_ATTAINMENT] &&
              cfg->enabled[RCM_METRIC_OH_PFS] && cfg->enabled[RCM_METRIC_OH_CRED_PATHWAY] &&
              !cfg->enabled[RCM_METRIC_CERT_ATTAINMENT_ENROLLED]);
    cr_assert_eq(lookup(RCM_CODES_SUBJECT, "Reading_For_Information"), RCM_SUBJ_WORKPLACE_DOCS);
    cr_assert_eq(lookup(RCM_CODES_SUBJECT, "LOCATING_INFORMATION"), RCM_SUBJ_GRAPHIC_LITERACY);
    cr_assert_eq(lookup(RCM_CODES_SUBJECT, "APPLIED_MATH"), RCM_SUBJ_APPLIED_MATH);
    cr_assert_eq(cfg->pfs_union, 0);
    cr_assert_eq(cfg->pfs_points, 12 * ONE);
    /* 7 rows, codes in byte order: H12 H4 H8 I4 I8 M6 M6B */
    cr_assert_eq(cfg->catalog.n_rows, 7);
    cr_assert_eq(cfg->catalog.n_codes, 7);
    cr_assert_str_eq(cfg->catalog.codes[0], "H12");
    cr_assert_str_eq(cfg->catalog.codes[1], "H4");
    cr_assert_str_eq(cfg->catalog.codes[6], "M6B");
    cr_assert_eq(cfg->catalog.n_fields, 3);
    cr_assert_str_eq(cfg->catalog.fields[1], "Information Technology");
    cr_assert_eq(cfg->catalog.rows[cfg->catalog.code_rows[4][0]].last_year, 2018); /* I8 */
    cr_assert_eq(cfg->catalog.rows[cfg->catalog.code_rows[5][0]].first_year, 2020); /* M6 */
    cr_assert_eq(cfg->catalog.rows[cfg->catalog.code_rows[2][0]].points, 8 * ONE); /* H8 */
    cr_assert_eq(load_path(CONFORMANCE "/c2_ohio/rcm.ini", unions, 1), RCM_OK);
    cr_assert_eq(cfg->pfs_union, 1);
}

Test(config, ohio_profile_loads_with_its_catalog)
{
    const rcm_catalog *cat;
    const rcm_catalog_row *r;
    size_t i;
    int word;
    cr_assert_eq(load_path(RCM_SOURCE_DIR "/config/ohio.ini", NULL, 0), RCM_OK, "%s",
                 diag.message);
    cr_assert_str_eq(cfg->name, "Ohio");
    cr_assert_str_eq(cfg->title, "Career readiness report");
    cr_assert_str_eq(cfg->catalog_path, RCM_SOURCE_DIR "/config/catalogs/ohio.csv");
    cr_assert(cfg->enabled[RCM_METRIC_ACGR] && cfg->enabled[RCM_METRIC_CERT_ATTAINMENT] &&
              cfg->enabled[RCM_METRIC_CERT_ATTAINMENT_ENROLLED] &&
              cfg->enabled[RCM_METRIC_OH_PFS] && cfg->enabled[RCM_METRIC_OH_CRED_PATHWAY]);
    cr_assert(!cfg->enabled[RCM_METRIC_TN_READY_GRADUATE] && !cfg->enabled[RCM_METRIC_CO_CDIP]);
    cr_assert_str_eq(cfg->columns[RCM_FILE_ENROLLMENTS][ENR_STUDENT_ID], "student_id");
    cr_assert_eq(cfg->codes[RCM_CODES_EXIT].n_aliases, 0);
    cr_assert_eq(lookup(RCM_CODES_SUBJECT, "LOCATING_INFORMATION"), RCM_SUBJ_GRAPHIC_LITERACY);
    cr_assert_eq(cfg->min_n, 10);
    cr_assert_eq(cfg->pfs_points, 12 * ONE);
    cr_assert_eq(cfg->pfs_bonus, 300000);
    cr_assert_eq(cfg->n_grades, 4);
    cr_assert_eq(cfg->total_min_from_2020, 14 * ONE);
    cr_assert_eq(cfg->silver_from, 2025);
    /* 118 rows; BA-MOS-WORD has two, so 117 codes; 16 career fields */
    cat = &cfg->catalog;
    cr_assert_eq(cat->n_rows, 118);
    cr_assert_eq(cat->n_codes, 117);
    cr_assert_eq(cat->n_fields, 16);
    cr_assert_str_eq(cat->fields[0], "Agricultural and Environmental Systems");
    cr_assert_str_eq(cat->fields[15], "Transportation Systems");
    cr_assert_str_eq(cat->codes[0], "AC-ACA-AI");
    for (i = 0; i < cat->n_rows; i++) {
        int64_t p = cat->rows[i].points;
        cr_assert(p == ONE || p == 3 * ONE || p == 6 * ONE || p == 12 * ONE, "line %u",
                  cat->rows[i].line);
        cr_assert_geq(cat->rows[i].career_field, 0);
    }
    r = rcm_catalog_lookup(cat, find("HS-STNA"), 2020, "043489");
    cr_assert_not_null(r);
    cr_assert_str_eq(cat->fields[r->career_field], "Health Science");
    cr_assert_null(rcm_catalog_lookup(cat, find("IT-STRATA"), 2019, NULL));
    cr_assert_not_null(rcm_catalog_lookup(cat, find("IT-ITF"), 2019, NULL));
    word = find("BA-MOS-WORD");
    cr_assert_eq(cat->n_code_rows[word], 2);
    cr_assert_str_eq(rcm_catalog_lookup(cat, word, 2021, NULL)->name,
                     "Microsoft Office Specialist: Word 2016");
    cr_assert_eq(rcm_catalog_lookup(cat, word, 2022, NULL)->first_year, 2022);
}

/* ---- failing allocations -------------------------------------------------------------- */

Test(config, every_failed_allocation_is_reported_as_nomem)
{
    unsigned long n;
    rcm_err err = RCM_ERR_NOMEM;
    const char *sets[] = {"codes.exit.dropout=WD, 71"};
    rcm_setting s[1];
    char path[192];
    s[0].assignment = sets[0];
    write_file("rcm.ini", full_ini);
    write_file("cat.csv", district_csv);
    snprintf(path, sizeof path, "%s/rcm.ini", dir);
    /* fail the 1st, 2nd, ... allocation until a load needs fewer than n */
    for (n = 1; n < 10000 && err == RCM_ERR_NOMEM; n++) {
        rcm_alloc_fail_at(n);
        err = rcm_config_load(path, s, 1, &cfg, &diag);
        rcm_alloc_fail_at(0);
        if (err == RCM_ERR_NOMEM)
            cr_assert_null(cfg);
    }
    cr_assert_eq(err, RCM_OK, "%s", diag.message);
    cr_assert_gt(n, 3);
    cr_assert_eq(lookup(RCM_CODES_EXIT, "71"), RCM_EXIT_DROPOUT);
}
