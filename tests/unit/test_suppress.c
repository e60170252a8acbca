/*
 * test_suppress.c - public-output suppression rules 1-4 (SPEC 7).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "suppress/suppress.h"

static rcm_config cfg;
static rcm_cohort cohort;
static rcm_results res;
static rcm_metric_row rows[16];
static uint32_t school_district[4] = {0, 0, 0, 1};

static void setup(void)
{
    memset(&cfg, 0, sizeof cfg);
    memset(&cohort, 0, sizeof cohort);
    memset(&res, 0, sizeof res);
    memset(rows, 0, sizeof rows);
    cfg.min_n = 10;
    cfg.low = 0;
    cfg.high = RCM_FIXED_ONE;
    cfg.complementary = 1;
    cohort.entities.n_schools = 4;
    cohort.entities.school_district = school_district;
    res.rows = rows;
    res.cohort = &cohort;
}

TestSuite(suppress, .init = setup);

static rcm_metric_row *add(int level, uint32_t entity, int group, int gv, int64_t num,
                           int64_t den)
{
    rcm_metric_row *r = &rows[res.n_rows++];
    r->metric = RCM_METRIC_CERT_ATTAINMENT;
    r->year = 2020;
    r->level = (uint8_t)level;
    r->entity = entity;
    r->group = (uint8_t)group;
    r->group_value = (uint8_t)gv;
    r->num = num;
    r->den = den;
    r->value_decimals = 4;
    return r;
}

static uint8_t *apply(void)
{
    uint8_t *status = NULL;
    cr_assert_eq(rcm_suppress_apply(&cfg, &res, &status, NULL), RCM_OK);
    return status;
}

Test(suppress, rule1_small_denominator_hides_everything)
{
    uint8_t *s;
    add(RCM_LEVEL_ALL, 0, RCM_DIM_ALL, 0, 3, 9);  /* 9 < 10 */
    add(RCM_LEVEL_ALL, 0, RCM_DIM_ALL, 0, 3, 10); /* another metric-year, 10 is enough */
    rows[1].year = 2021;
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_SUPPRESSED_N);
    cr_assert_eq(s[1], RCM_STATUS_REPORTED);
    free(s);
}

Test(suppress, rule2_bounds_compare_the_exact_rate_and_rule1_wins)
{
    /* TN bounds: below 1% or above 99%. 1/101 = 0.0099 < 0.01 -> bounds;
     * 1/100 = 0.01 exactly is not below -> reported; 100/101 = 0.990099 >
     * 0.99 -> bounds; 0/5 has n < 10 -> rule 1 wins */
    uint8_t *s;
    cfg.low = 10000;  /* 0.01 */
    cfg.high = 990000; /* 0.99 */
    add(RCM_LEVEL_ALL, 0, RCM_DIM_ALL, 0, 1, 101);
    add(RCM_LEVEL_DISTRICT, 0, RCM_DIM_ALL, 0, 1, 100);
    add(RCM_LEVEL_DISTRICT, 1, RCM_DIM_ALL, 0, 100, 101);
    add(RCM_LEVEL_SCHOOL, 3, RCM_DIM_ALL, 0, 0, 5);
    cfg.complementary = 0;
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_SUPPRESSED_BOUNDS);
    cr_assert_eq(s[1], RCM_STATUS_REPORTED);
    cr_assert_eq(s[2], RCM_STATUS_SUPPRESSED_BOUNDS);
    cr_assert_eq(s[3], RCM_STATUS_SUPPRESSED_N);
    free(s);
}

Test(suppress, rule3_complement_within_a_dimension)
{
    /* gender at level all: F 40, M 6 (hidden), X 12: exactly one hidden, so
     * the smallest other denominator (X, 12) is hidden as a complement;
     * otherwise M = all - F - X could be recovered */
    uint8_t *s;
    add(RCM_LEVEL_ALL, 0, RCM_DIM_ALL, 0, 20, 58);
    add(RCM_LEVEL_ALL, 0, RCM_DIM_GENDER, RCM_GENDER_F, 10, 40);
    add(RCM_LEVEL_ALL, 0, RCM_DIM_GENDER, RCM_GENDER_M, 3, 6);
    add(RCM_LEVEL_ALL, 0, RCM_DIM_GENDER, RCM_GENDER_X, 7, 12);
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_REPORTED);
    cr_assert_eq(s[1], RCM_STATUS_REPORTED);
    cr_assert_eq(s[2], RCM_STATUS_SUPPRESSED_N);
    cr_assert_eq(s[3], RCM_STATUS_SUPPRESSED_COMPLEMENT);
    free(s);
}

Test(suppress, rule3_ties_go_to_byte_order_and_no_cascade)
{
    /* ell N 30, Y 8 (hidden): the only other is N -> complement. Two hidden
     * already (race): nothing added. */
    uint8_t *s;
    add(RCM_LEVEL_ALL, 0, RCM_DIM_ELL, 0, 5, 30);
    add(RCM_LEVEL_ALL, 0, RCM_DIM_ELL, 1, 1, 8);
    add(RCM_LEVEL_ALL, 0, RCM_DIM_RACE, RCM_RACE_AS, 1, 5);
    add(RCM_LEVEL_ALL, 0, RCM_DIM_RACE, RCM_RACE_BL, 1, 7);
    add(RCM_LEVEL_ALL, 0, RCM_DIM_RACE, RCM_RACE_WH, 9, 50);
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_SUPPRESSED_COMPLEMENT);
    cr_assert_eq(s[4], RCM_STATUS_REPORTED);
    free(s);
}

Test(suppress, rule3_complement_among_schools_of_a_district)
{
    /* district 0 has schools 0 (n 50), 1 (n 4, hidden), 2 (n 20): school 2 is
     * the smallest other and is hidden; school 3 of district 1 is untouched */
    uint8_t *s;
    add(RCM_LEVEL_SCHOOL, 0, RCM_DIM_ALL, 0, 10, 50);
    add(RCM_LEVEL_SCHOOL, 1, RCM_DIM_ALL, 0, 1, 4);
    add(RCM_LEVEL_SCHOOL, 2, RCM_DIM_ALL, 0, 5, 20);
    add(RCM_LEVEL_SCHOOL, 3, RCM_DIM_ALL, 0, 5, 15);
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_REPORTED);
    cr_assert_eq(s[1], RCM_STATUS_SUPPRESSED_N);
    cr_assert_eq(s[2], RCM_STATUS_SUPPRESSED_COMPLEMENT);
    cr_assert_eq(s[3], RCM_STATUS_REPORTED);
    free(s);
}

Test(suppress, rule4_cdip_is_never_suppressed)
{
    uint8_t *s;
    rcm_metric_row *r = add(RCM_LEVEL_ALL, 0, RCM_DIM_ALL, 0, 2, -1);
    r->metric = RCM_METRIC_CO_CDIP;
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_REPORTED);
    free(s);
}

Test(suppress, rule3_a_school_complement_is_not_given_back_by_its_subgroups)
{
    /* Tennessee bounds (1%, 99%). District 0, one block, output order:
     *   school 0: all 60/100            reported
     *   school 1: all 0/120 (0% < 1%)   bounds; ell N 0/100, Y 0/20 bounds
     *   school 2: all 10/50             smallest other n: complement
     *             ell N 8/35, Y 2/15    both in bounds
     * Were school 2's ell rows both shown, 8 + 2 = 10 would give school 2
     * back, and the district's 70 - 60 - 10 = 0 school 1. So school 2's ell
     * dimension hides its smallest row, Y (15 < 35), as a complement. School
     * 1's dimension already hides rows: nothing is added there, and school 0
     * (reported) keeps both its rows. */
    uint8_t *s;
    cfg.low = 10000;
    cfg.high = 990000;
    add(RCM_LEVEL_SCHOOL, 0, RCM_DIM_ALL, 0, 60, 100);
    add(RCM_LEVEL_SCHOOL, 0, RCM_DIM_ELL, 0, 50, 80);
    add(RCM_LEVEL_SCHOOL, 0, RCM_DIM_ELL, 1, 10, 20);
    add(RCM_LEVEL_SCHOOL, 1, RCM_DIM_ALL, 0, 0, 120);
    add(RCM_LEVEL_SCHOOL, 1, RCM_DIM_ELL, 0, 0, 100);
    add(RCM_LEVEL_SCHOOL, 1, RCM_DIM_ELL, 1, 0, 20);
    add(RCM_LEVEL_SCHOOL, 2, RCM_DIM_ALL, 0, 10, 50);
    add(RCM_LEVEL_SCHOOL, 2, RCM_DIM_ELL, 0, 8, 35);
    add(RCM_LEVEL_SCHOOL, 2, RCM_DIM_ELL, 1, 2, 15);
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_REPORTED);
    cr_assert_eq(s[1], RCM_STATUS_REPORTED);
    cr_assert_eq(s[2], RCM_STATUS_REPORTED);
    cr_assert_eq(s[3], RCM_STATUS_SUPPRESSED_BOUNDS);
    cr_assert_eq(s[4], RCM_STATUS_SUPPRESSED_BOUNDS);
    cr_assert_eq(s[5], RCM_STATUS_SUPPRESSED_BOUNDS);
    cr_assert_eq(s[6], RCM_STATUS_SUPPRESSED_COMPLEMENT);
    cr_assert_eq(s[7], RCM_STATUS_REPORTED);
    cr_assert_eq(s[8], RCM_STATUS_SUPPRESSED_COMPLEMENT);
    free(s);
}

Test(suppress, rule3_a_school_complement_hides_the_one_row_of_a_single_value_dimension)
{
    /* School 2's students are all sped N: that row is the school itself
     * (12/50), so showing it would show the complement. Schools 0 (40/80)
     * and 1 (1/5, n < 10) of district 0: school 1 is hidden by rule 1, and
     * school 2 (n 50 < 80) is its complement, so the sped N row goes too. */
    uint8_t *s;
    add(RCM_LEVEL_SCHOOL, 0, RCM_DIM_ALL, 0, 40, 80);
    add(RCM_LEVEL_SCHOOL, 1, RCM_DIM_ALL, 0, 1, 5);
    add(RCM_LEVEL_SCHOOL, 2, RCM_DIM_ALL, 0, 12, 50);
    add(RCM_LEVEL_SCHOOL, 2, RCM_DIM_SPED, 0, 12, 50);
    s = apply();
    cr_assert_eq(s[0], RCM_STATUS_REPORTED);
    cr_assert_eq(s[1], RCM_STATUS_SUPPRESSED_N);
    cr_assert_eq(s[2], RCM_STATUS_SUPPRESSED_COMPLEMENT);
    cr_assert_eq(s[3], RCM_STATUS_SUPPRESSED_COMPLEMENT);
    free(s);
}
