/*
 * test_cohort.c - federal cohort year rules 1-5, conflicts, row order,
 * attribution "as of", diplomas and subgroups (SPEC 4). Every expected value
 * is worked out by hand in the comment beside it.
 */
#include "support.h"

static rcm_config *cfg;
static t_data *t;

static void setup(void)
{
    cfg = t_config("[cohort]\nyear_end = 08-31\n", NULL);
    t = t_data_new();
}

static void teardown(void)
{
    t_data_free(t);
    rcm_config_free(cfg);
}

TestSuite(cohort, .init = setup, .fini = teardown);

static const rcm_student *student(rcm_cohort *c, const char *id)
{
    return &c->students[t_student(t, id)];
}

Test(cohort, grade9_entry_year_gives_entry_plus_three)
{
    /* grade9_entry_year 2016-2017 (label 2017) -> 2017 + 3 = 2020, although a
     * grade-10 row in 2018-19 alone would give 2019 + 2 = 2021 (rule 2 first) */
    rcm_enrollment *r = t_enr(t, "A", "D1", "S1", 2019, 10);
    rcm_cohort *c;
    r->grade9_entry = 2017;
    c = t_cohort(cfg, t);
    cr_assert_eq(student(c, "A")->cohort_year, 2020);
    cr_assert_eq(student(c, "A")->rule, RCM_RULE_GRADE9_ENTRY);
    cr_assert_eq(student(c, "A")->conflict, 0);
    rcm_cohort_free(c);
}

Test(cohort, grade10_transfer_in_2013_14_is_cohort_2016)
{
    /* rule 4: label 2014 + (12 - 10) = 2016 */
    rcm_cohort *c;
    t_enr(t, "T", "D1", "S1", 2014, 10);
    c = t_cohort(cfg, t);
    cr_assert_eq(student(c, "T")->cohort_year, 2016);
    cr_assert_eq(student(c, "T")->rule, RCM_RULE_TRANSFER_IN);
    rcm_cohort_free(c);
}

Test(cohort, cohort_year_column_smallest_wins_and_conflicts)
{
    /* rule 1 sees {2021, 2020}: the smallest, 2020, and a conflict */
    rcm_cohort *c;
    t_enr(t, "A", "D1", "S1", 2018, 9)->cohort_year = 2021;
    t_enr(t, "A", "D1", "S1", 2019, 10)->cohort_year = 2020;
    c = t_cohort(cfg, t);
    cr_assert_eq(student(c, "A")->cohort_year, 2020);
    cr_assert_eq(student(c, "A")->conflict, 1);
    cr_assert_eq(c->conflicts, 1);
    cr_assert_eq(c->conflicts_by_rule[RCM_RULE_COHORT_YEAR], 1);
    rcm_cohort_free(c);
}

Test(cohort, retained_ninth_grader_stays_in_original_cohort)
{
    /* grade 9 in 2016-17 and again in 2017-18: rule 3 sees 2020 and 2021,
     * the earliest (2020) wins and the student is a cohort conflict */
    rcm_cohort *c;
    t_enr(t, "R", "D1", "S1", 2017, 9);
    t_enr(t, "R", "D1", "S1", 2018, 9);
    c = t_cohort(cfg, t);
    cr_assert_eq(student(c, "R")->cohort_year, 2020);
    cr_assert_eq(student(c, "R")->rule, RCM_RULE_GRADE9_ROW);
    cr_assert_eq(student(c, "R")->conflict, 1);
    rcm_cohort_free(c);
}

Test(cohort, transfer_rows_agreeing_are_no_conflict)
{
    /* grade 11 in 2018-19 -> 2020 and grade 12 in 2019-20 -> 2020: one value */
    rcm_cohort *c;
    t_enr(t, "A", "D1", "S1", 2019, 11);
    t_enr(t, "A", "D1", "S1", 2020, 12);
    c = t_cohort(cfg, t);
    cr_assert_eq(student(c, "A")->cohort_year, 2020);
    cr_assert_eq(student(c, "A")->conflict, 0);
    rcm_cohort_free(c);
}

Test(cohort, middle_schooler_is_in_no_cohort)
{
    rcm_cohort *c;
    t_enr(t, "M", "D1", "S1", 2020, 8);
    c = t_cohort(cfg, t);
    cr_assert_eq(student(c, "M")->cohort_year, 0);
    cr_assert_eq(student(c, "M")->rule, RCM_RULE_NONE);
    cr_assert_eq(c->no_cohort, 1);
    cr_assert_eq(c->in_cohort, 0);
    rcm_cohort_free(c);
}

Test(cohort, row_order_empty_entry_is_first_day_of_year)
{
    /* two 2019-20 rows: S1 entered 2020-01-06 (listed first), S2 with an
     * empty entry date = 2019-09-01 (day after the 2019 year_end). S1 is the
     * later row, so as of 2020 the student is attributed to S1. */
    rcm_cohort *c;
    rcm_asof a;
    rcm_enrollment *r1 = t_enr(t, "A", "D1", "S1", 2020, 12);
    r1->entry_date = t_date("2020-01-06");
    t_exit(r1, RCM_EXIT_GRADUATED, "2020-05-29");
    t_exit(t_enr(t, "A", "D1", "S2", 2020, 12), RCM_EXIT_TRANSFER_OUT, "2019-12-20");
    c = t_cohort(cfg, t);
    rcm_cohort_asof(c, t_student(t, "A"), 2020, &a);
    cr_assert_str_eq(c->entities.school_ids[a.school], "S1");
    cr_assert_eq(a.exit_code, RCM_EXIT_GRADUATED + 1);
    rcm_cohort_free(c);
}

Test(cohort, empty_exit_date_sorts_latest)
{
    /* same year and entry: the row still enrolled (no exit date) is latest */
    rcm_cohort *c;
    rcm_asof a;
    t_enr(t, "A", "D1", "S2", 2020, 12);
    t_exit(t_enr(t, "A", "D1", "S1", 2020, 12), RCM_EXIT_DROPOUT, "2020-03-01");
    c = t_cohort(cfg, t);
    rcm_cohort_asof(c, t_student(t, "A"), 2020, &a);
    cr_assert_str_eq(c->entities.school_ids[a.school], "S2");
    cr_assert_eq(a.exit_code, 0);
    rcm_cohort_free(c);
}

Test(cohort, as_of_reads_only_rows_up_to_w)
{
    /* rows 2019 (S1, no exit) and 2020 (S2, GRADUATED): as of 2019 the
     * student is at S1 still enrolled with no diploma; as of 2020 at S2 with a
     * STANDARD diploma dated the exit date (no diploma row: SPEC 4) */
    rcm_cohort *c;
    rcm_asof a;
    t_enr(t, "A", "D1", "S1", 2019, 12);
    t_exit(t_enr(t, "A", "D2", "S2", 2020, 12), RCM_EXIT_GRADUATED, "2020-06-02");
    c = t_cohort(cfg, t);
    rcm_cohort_asof(c, t_student(t, "A"), 2019, &a);
    cr_assert_str_eq(c->entities.school_ids[a.school], "S1");
    cr_assert_eq(a.diploma, 0);
    rcm_cohort_asof(c, t_student(t, "A"), 2020, &a);
    cr_assert_str_eq(c->entities.district_ids[a.district], "D2");
    cr_assert_eq(a.diploma, RCM_DIPLOMA_STANDARD + 1);
    cr_assert_eq(a.diploma_date, t_date("2020-06-02"));
    /* as of 2017, before any row: all rows are read (latest = 2020 row) */
    rcm_cohort_asof(c, t_student(t, "A"), 2017, &a);
    cr_assert_str_eq(c->entities.school_ids[a.school], "S2");
    rcm_cohort_free(c);
}

Test(cohort, diploma_without_date_takes_the_rows_label)
{
    /* HONORS on a 2019-20 row without a date: dated the 2020 year_end */
    rcm_cohort *c;
    rcm_asof a;
    rcm_enrollment *r = t_enr(t, "A", "D1", "S1", 2020, 12);
    t_diploma(r, RCM_DIPLOMA_HONORS, NULL);
    c = t_cohort(cfg, t);
    rcm_cohort_asof(c, t_student(t, "A"), 2020, &a);
    cr_assert_eq(a.diploma, RCM_DIPLOMA_HONORS + 1);
    cr_assert_eq(a.diploma_date, t_date("2020-08-31"));
    rcm_cohort_free(c);
}

Test(cohort, subgroups_latest_value_and_flags_default_n)
{
    /* gender F then M on a later row: latest non-empty = M; race only on the
     * first row = WH; ell empty everywhere = N (column present) */
    rcm_cohort *c;
    rcm_asof a;
    rcm_enrollment *r1 = t_enr(t, "A", "D1", "S1", 2019, 11), *r2;
    r1->gender = RCM_GENDER_F + 1;
    r1->race = RCM_RACE_WH + 1;
    r1->econ_disadv = RCM_FLAG_Y;
    r2 = t_enr(t, "A", "D1", "S1", 2020, 12);
    r2->gender = RCM_GENDER_M + 1;
    r2->econ_disadv = RCM_FLAG_N;
    t->ds.enr_columns.present[ENR_GENDER] = 1;
    t->ds.enr_columns.present[ENR_RACE] = 1;
    t->ds.enr_columns.present[ENR_ELL] = 1;
    t->ds.enr_columns.present[ENR_ECON_DISADV] = 1;
    c = t_cohort(cfg, t);
    rcm_cohort_asof(c, t_student(t, "A"), 2020, &a);
    cr_assert_eq(a.group[RCM_DIM_GENDER], RCM_GENDER_M + 1);
    cr_assert_eq(a.group[RCM_DIM_RACE], RCM_RACE_WH + 1);
    cr_assert_eq(a.group[RCM_DIM_ELL], RCM_FLAG_N);
    cr_assert_eq(a.group[RCM_DIM_ECON_DISADV], RCM_FLAG_N); /* latest: N */
    cr_assert_eq(a.group[RCM_DIM_SPED], 0);                 /* column absent: no dimension */
    rcm_cohort_free(c);
}

Test(cohort, subgroups_ever_flag_is_y_if_any_row_y)
{
    rcm_cohort *c;
    rcm_asof a;
    rcm_config *ever = t_config("[cohort]\nsubgroups = ever\n", NULL);
    t_enr(t, "A", "D1", "S1", 2019, 11)->econ_disadv = RCM_FLAG_Y;
    t_enr(t, "A", "D1", "S1", 2020, 12)->econ_disadv = RCM_FLAG_N;
    t->ds.enr_columns.present[ENR_ECON_DISADV] = 1;
    c = t_cohort(ever, t);
    rcm_cohort_asof(c, t_student(t, "A"), 2020, &a);
    cr_assert_eq(a.group[RCM_DIM_ECON_DISADV], RCM_FLAG_Y);
    rcm_cohort_free(c);
    rcm_config_free(ever);
}

Test(cohort, entities_in_byte_order_with_latest_names)
{
    /* schools are (district, school) pairs in byte order; names from the
     * latest row that names them */
    rcm_cohort *c;
    rcm_enrollment *r;
    r = t_enr(t, "A", "D2", "S9", 2019, 9);
    r = t_enr(t, "B", "D1", "S5", 2019, 9);
    rcm_intern_put(t->ds.names, "Old Name", 8, &r->school_name);
    r = t_enr(t, "B", "D1", "S5", 2020, 10);
    rcm_intern_put(t->ds.names, "New Name", 8, &r->school_name);
    r = t_enr(t, "C", "D1", "S10", 2020, 10);
    c = t_cohort(cfg, t);
    cr_assert_eq(c->entities.n_districts, 2);
    cr_assert_str_eq(c->entities.district_ids[0], "D1");
    cr_assert_eq(c->entities.n_schools, 3);
    cr_assert_str_eq(c->entities.school_ids[0], "S10"); /* "S10" < "S5" in byte order */
    cr_assert_str_eq(c->entities.school_ids[1], "S5");
    cr_assert_str_eq(c->entities.school_names[1], "New Name");
    cr_assert_str_eq(c->entities.school_ids[2], "S9");
    cr_assert_eq(c->entities.school_district[2], 1);
    rcm_cohort_free(c);
}
