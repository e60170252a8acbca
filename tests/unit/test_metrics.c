/*
 * test_metrics.c - the metric rules of SPEC 5 and 6 on hand-built students.
 * Each expected figure is computed by hand in the comment beside it.
 */
#include "metrics/evidence.h"
#include "metrics/metrics.h"
#include "support.h"

static const char *catalog =
    "code,name,career_field,points,tier,first_year,last_year,district_id,english,math,cdip\n"
    "H12,Health twelve,Health,12,RECOGNIZED,,,,,,Y\n"
    "H4,Health four,Health,4,,,,,,,\n"
    "I8,IT eight,Information Technology,8,PREFERRED,,2018,,,,\n"
    "M6,Manufacturing six,Manufacturing,6,,2020,,,,,\n"
    "E1,English cert,Business,1,,,,D1,Y,,\n"
    "E1,English cert,Business,1,,,,,,,\n"
    "B1,Math cert,Business,1,,,,,,Y,\n";

static rcm_config *cfg;
static t_data *t;
static rcm_cohort *c;
static rcm_results *res;

static void setup(void)
{
    t = t_data_new();
    cfg = NULL;
    c = NULL;
    res = NULL;
}

static void teardown(void)
{
    rcm_results_free(res);
    rcm_cohort_free(c);
    t_data_free(t);
    rcm_config_free(cfg);
}

TestSuite(metrics, .init = setup, .fini = teardown);

static void compute(void)
{
    rcm_diag d;
    memset(&d, 0, sizeof d);
    c = t_cohort(cfg, t);
    cr_assert_eq(rcm_metrics_compute(c, NULL, &res, &d), RCM_OK);
}

/* The row of (metric, detail, year) at level all, group all; NULL if none. */
static const rcm_metric_row *all_row(rcm_metric metric, const char *detail, int year)
{
    size_t i;
    for (i = 0; i < res->n_rows; i++) {
        const rcm_metric_row *r = &res->rows[i];
        if (r->metric == metric && strcmp(res->details[r->detail], detail) == 0 &&
            r->year == year && r->level == RCM_LEVEL_ALL && r->group == RCM_DIM_ALL)
            return r;
    }
    return NULL;
}

/* A student of cohort 2020: grade 9 in 2016-17, then a 2019-20 row. */
static rcm_enrollment *cohort2020(const char *id)
{
    t_enr(t, id, "D1", "S1", 2017, 9);
    return t_enr(t, id, "D1", "S1", 2020, 12);
}

Test(metrics, dropout_stays_in_denominator_transfer_out_leaves)
{
    /* cohort 2020: G graduates, P drops out, X transfers out (removed):
     * adjusted cohort {G, P} = 2, graduates 1 -> 0.5000 */
    rcm_enrollment *r;
    cfg = t_config("[metrics]\nenabled = acgr\n", NULL);
    r = cohort2020("G");
    t_exit(r, RCM_EXIT_GRADUATED, "2020-05-30");
    t_diploma(r, RCM_DIPLOMA_STANDARD, "2020-05-30");
    t_exit(cohort2020("P"), RCM_EXIT_DROPOUT, "2020-01-10");
    t_exit(cohort2020("X"), RCM_EXIT_TRANSFER_OUT, "2019-10-01");
    compute();
    cr_assert_eq(all_row(RCM_METRIC_ACGR, "4yr", 2020)->den, 2);
    cr_assert_eq(all_row(RCM_METRIC_ACGR, "4yr", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_ACGR, "4yr", 2020)->value, 5000);
    /* data end at 2020: no 5yr row for cohort 2020 yet */
    cr_assert_null(all_row(RCM_METRIC_ACGR, "5yr", 2020));
}

Test(metrics, five_year_graduate_counts_in_5yr_only)
{
    /* diploma 2020-09-02 (school year 2021): not a 4-year graduate of 2020
     * (after 2020-08-31) but a 5-year one (<= 2021-08-31): 4yr 0/1, 5yr 1/1 */
    rcm_enrollment *r;
    cfg = t_config("[metrics]\nenabled = acgr\n", NULL);
    cohort2020("L");
    r = t_enr(t, "L", "D1", "S1", 2021, 12);
    t_exit(r, RCM_EXIT_GRADUATED, "2020-09-02");
    t_diploma(r, RCM_DIPLOMA_STANDARD, "2020-09-02");
    compute();
    cr_assert_eq(all_row(RCM_METRIC_ACGR, "4yr", 2020)->num, 0);
    cr_assert_eq(all_row(RCM_METRIC_ACGR, "5yr", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_ACGR, "5yr", 2020)->den, 1);
}

static rcm_test_evidence workkeys(int am, int gl, int wd)
{
    rcm_test_evidence e;
    memset(&e, 0xff, sizeof e);
    e.workkeys[RCM_SUBJ_APPLIED_MATH] = am * RCM_FIXED_ONE;
    e.workkeys[RCM_SUBJ_GRAPHIC_LITERACY] = gl * RCM_FIXED_ONE;
    e.workkeys[RCM_SUBJ_WORKPLACE_DOCS] = wd * RCM_FIXED_ONE;
    return e;
}

Test(metrics, workkeys_total_13_until_2019_14_from_2020)
{
    rcm_test_evidence e = workkeys(5, 4, 4), f = workkeys(7, 5, 2), g = workkeys(4, 4, 4);
    rcm_test_evidence h = workkeys(7, 7, 3);
    cfg = t_config(NULL, NULL);
    cr_assert(rcm_oh_workkeys_pass(cfg, &e, 2019));  /* 13 >= 13, each >= 3 */
    cr_assert(!rcm_oh_workkeys_pass(cfg, &e, 2020)); /* 13 < 14 */
    cr_assert(!rcm_oh_workkeys_pass(cfg, &f, 2019)); /* 14 but a section of 2 < 3 */
    cr_assert(rcm_oh_workkeys_pass(cfg, &g, 2025));  /* Silver: each >= 4, no total */
    cr_assert(!rcm_oh_workkeys_pass(cfg, &h, 2025)); /* a 3 fails Silver */
}

Test(metrics, pfs_60_primary_15_bonus_over_200_is_0_3225)
{
    /* 200 students of cohort 2020; 60 earn HONORS diplomas (primary), 15 of
     * those also an AP score of 3 (bonus): 60 + 15 * 0.3 = 64.5 points,
     * 64.5 / 200 = 0.3225; primary 60/200, bonus 15/200 */
    char id[16];
    int i;
    cfg = t_config("[metrics]\nenabled = oh_pfs\n", NULL);
    for (i = 0; i < 200; i++) {
        rcm_enrollment *r;
        snprintf(id, sizeof id, "P%03d", i);
        r = cohort2020(id);
        if (i < 60) {
            t_exit(r, RCM_EXIT_GRADUATED, "2020-05-30");
            t_diploma(r, RCM_DIPLOMA_HONORS, "2020-05-30");
        }
        if (i < 15)
            t_score(t, id, RCM_TEST_AP, -1, 3, "2020-05-10");
    }
    compute();
    cr_assert_eq(all_row(RCM_METRIC_OH_PFS, "", 2020)->num, 64500);
    cr_assert_eq(all_row(RCM_METRIC_OH_PFS, "", 2020)->den, 200);
    cr_assert_eq(all_row(RCM_METRIC_OH_PFS, "", 2020)->value, 3225);
    cr_assert_eq(all_row(RCM_METRIC_OH_PFS, "primary", 2020)->num, 60);
    cr_assert_eq(all_row(RCM_METRIC_OH_PFS, "bonus", 2020)->num, 15);
}

Test(metrics, ap_only_student_earns_nothing)
{
    /* AP 5 without a primary indicator: no bonus, 0 points */
    cfg = t_config("[metrics]\nenabled = oh_pfs\n", NULL);
    cohort2020("A");
    t_score(t, "A", RCM_TEST_AP, -1, 5, "2019-05-10");
    compute();
    cr_assert_eq(all_row(RCM_METRIC_OH_PFS, "", 2020)->num, 0);
    cr_assert_eq(all_row(RCM_METRIC_OH_PFS, "bonus", 2020)->num, 0);
}

Test(metrics, act_reading_21_only_for_cohorts_through_2017)
{
    rcm_test_evidence e;
    cfg = t_config(NULL, NULL);
    memset(&e, 0xff, sizeof e);
    e.act[RCM_SUBJ_ENGLISH] = 18 * RCM_FIXED_ONE;
    e.act[RCM_SUBJ_MATH] = 22 * RCM_FIXED_ONE;
    e.act[RCM_SUBJ_READING] = 21 * RCM_FIXED_ONE;
    cr_assert(rcm_oh_remediation_free(cfg, &e, 2017));
    cr_assert(!rcm_oh_remediation_free(cfg, &e, 2018));
    e.act[RCM_SUBJ_MATH] = -1; /* a missing subscore fails */
    cr_assert(!rcm_oh_remediation_free(cfg, &e, 2017));
}

Test(metrics, credentials_count_by_year_valid_and_field_never_mixes)
{
    /* A: H4 + I8 earned 2018 (I8 valid through 2018) = Health 4, IT 8: any
     * credential yes, 12 points in one field no. B: M6 earned 2019 (before
     * first_year 2020: not counted) -> nothing. cert_attainment 2020: 1/2,
     * field:Health 1/2, tier:PREFERRED 1/2 (I8), tier:RECOGNIZED 0/2 */
    cfg = t_config("[metrics]\nenabled = cert_attainment, oh_cred_pathway\n", catalog);
    cohort2020("A");
    cohort2020("B");
    t_cred(t, cfg, "A", "H4", "2018-03-01");
    t_cred(t, cfg, "A", "I8", "2018-04-01");
    t_cred(t, cfg, "B", "M6", "2019-05-01");
    compute();
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT, "", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT, "", 2020)->den, 2);
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT, "field:Health", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT, "field:Manufacturing", 2020)->num, 0);
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT, "tier:PREFERRED", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT, "tier:RECOGNIZED", 2020)->num, 0);
    cr_assert_eq(all_row(RCM_METRIC_OH_CRED_PATHWAY, "", 2020)->num, 0);
}

Test(metrics, credential_after_window_does_not_count)
{
    /* H12 earned 2020-09-15, after the 2020 window end 2020-08-31 */
    cfg = t_config("[metrics]\nenabled = cert_attainment\n", catalog);
    cohort2020("A");
    t_cred(t, cfg, "A", "H12", "2020-09-15");
    compute();
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT, "", 2020)->num, 0);
}

Test(metrics, enrolled_mode_counts_twelfth_graders_per_school_year)
{
    /* 2019-20 grade 12: A (H12 earned 2020-03-01) and B (nothing): 1/2;
     * C is in grade 11 that year and not counted (grades = 12) */
    cfg = t_config("[metrics]\nenabled = cert_attainment_enrolled\n", catalog);
    t_enr(t, "A", "D1", "S1", 2020, 12);
    t_enr(t, "B", "D1", "S1", 2020, 12);
    t_enr(t, "C", "D1", "S1", 2020, 11);
    t_cred(t, cfg, "A", "H12", "2020-03-01");
    compute();
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT_ENROLLED, "", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_CERT_ATTAINMENT_ENROLLED, "", 2020)->den, 2);
}

static rcm_enrollment *graduate2020(const char *id, const char *district)
{
    rcm_enrollment *r;
    t_enr(t, id, district, "S1", 2017, 9);
    r = t_enr(t, id, district, "S1", 2020, 12);
    t_exit(r, RCM_EXIT_GRADUATED, "2020-05-30");
    t_diploma(r, RCM_DIPLOMA_STANDARD, "2020-05-30");
    return r;
}

Test(metrics, tn_ready_graduate_routes)
{
    /* N: ACT composite 21 but no diploma -> no. E2C: 2 EPSOs + a credential
     * -> yes. E3: 3 EPSOs alone -> no (4 needed). E4: 4 EPSOs -> yes.
     * Adjusted cohort 4, ready 2 -> 0.5000 */
    cfg = t_config("[metrics]\nenabled = tn_ready_graduate\n", catalog);
    cohort2020("N");
    t_score(t, "N", RCM_TEST_ACT, RCM_SUBJ_COMPOSITE, 21, "2019-10-01");
    graduate2020("E2C", "D1");
    t_prog(t, "E2C", 2019, RCM_KIND_DUAL_ENROLLMENT, "ENG101", 3, 1);
    t_prog(t, "E2C", 2020, RCM_KIND_AP_COURSE, "APUSH", 0, 1);
    t_cred(t, cfg, "E2C", "H4", "2019-05-01");
    graduate2020("E3", "D1");
    t_prog(t, "E3", 2019, RCM_KIND_DUAL_ENROLLMENT, "ENG101", 3, 1);
    t_prog(t, "E3", 2019, RCM_KIND_DUAL_ENROLLMENT, "ENG101", 3, 1); /* same triple */
    t_prog(t, "E3", 2020, RCM_KIND_CLEP, "BIO", 0, 1);
    t_prog(t, "E3", 2020, RCM_KIND_LDC, "HIS", 0, 1);
    graduate2020("E4", "D1");
    t_prog(t, "E4", 2018, RCM_KIND_AP_COURSE, "A", 0, 1);
    t_prog(t, "E4", 2019, RCM_KIND_AP_COURSE, "A", 0, 1); /* another school year */
    t_prog(t, "E4", 2020, RCM_KIND_IB_COURSE, "B", 0, 1);
    t_prog(t, "E4", 2020, RCM_KIND_CIE, "C", 0, 1);
    compute();
    cr_assert_eq(all_row(RCM_METRIC_TN_READY_GRADUATE, "", 2020)->den, 4);
    cr_assert_eq(all_row(RCM_METRIC_TN_READY_GRADUATE, "", 2020)->num, 2);
}

Test(metrics, co_competency_district_approved_credential)
{
    /* E1 counts for English only in D1 (the every-district row has no flag):
     * graduate A of D1 meets English; B of D2 does not; B also has B1 (math
     * everywhere). Denominator: 2 graduates. english 1, math 1, both 0 */
    cfg = t_config("[metrics]\nenabled = co_competency\n", catalog);
    graduate2020("A", "D1");
    graduate2020("B", "D2");
    t_cred(t, cfg, "A", "E1", "2019-05-01");
    t_cred(t, cfg, "B", "E1", "2019-05-01");
    t_cred(t, cfg, "B", "B1", "2019-06-01");
    compute();
    cr_assert_eq(all_row(RCM_METRIC_CO_COMPETENCY, "english", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_CO_COMPETENCY, "math", 2020)->num, 1);
    cr_assert_eq(all_row(RCM_METRIC_CO_COMPETENCY, "both", 2020)->num, 0);
    cr_assert_eq(all_row(RCM_METRIC_CO_COMPETENCY, "english", 2020)->den, 2);
}

Test(metrics, cdip_pays_tiers_in_order_and_pro_rata)
{
    /* appropriation $2,000,000; 1,500 tier-1 claims ($1,500,000 at $1,000),
     * 800 tier-2 claims ($800,000): tier 2 gets the remaining $500,000, i.e.
     * $625 per claim; 10 tier-3 claims get $0 */
    char id[16];
    int i;
    cfg = t_config("[metrics]\nenabled = co_cdip\n[co_cdip]\nappropriation = 2000000\n",
                   catalog);
    for (i = 0; i < 2310; i++) {
        snprintf(id, sizeof id, "C%04d", i);
        t_enr(t, id, "D1", "S1", 2020, 12);
        if (i < 1500)
            t_cred(t, cfg, id, "H12", "2020-02-01");
        else if (i < 2300)
            t_prog(t, id, 2020, RCM_KIND_INTERNSHIP, "", 0, 1);
        else
            t_prog(t, id, 2020, RCM_KIND_AP_COMPUTER_SCIENCE, "APCS", 0, 1);
    }
    compute();
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier1", 2020)->num, 1500);
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier1", 2020)->value, 150000000); /* cents */
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier2", 2020)->num, 800);
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier2", 2020)->value, 50000000);
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier3", 2020)->value, 0);
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier3", 2020)->den, -1);
}

Test(metrics, cdip_pro_rata_holds_past_64_bit_products)
{
    /* SPEC 6.8: 100 tier-1 claims at a unit of $1,000,000 claim
     * $100,000,000 (1e10 cents) against an appropriation of $95,000,000:
     * every claim gets 95%, tier 1 is paid $95,000,000.00 = 9,500,000,000
     * cents. Claimed cents x money left = 1e10 x 9.5e9 = 9.5e19 > 2^63. */
    char id[16];
    int i;
    cfg = t_config("[metrics]\nenabled = co_cdip\n"
                   "[co_cdip]\nunit = 1000000\nappropriation = 95000000\n",
                   catalog);
    for (i = 0; i < 100; i++) {
        snprintf(id, sizeof id, "P%03d", i);
        t_enr(t, id, "D1", "S1", 2020, 12);
        t_cred(t, cfg, id, "H12", "2020-02-01");
    }
    compute();
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier1", 2020)->num, 100);
    cr_assert_eq(all_row(RCM_METRIC_CO_CDIP, "tier1", 2020)->value, 9500000000LL);
}

Test(metrics, rows_sorted_in_output_order)
{
    size_t i;
    cfg = t_config("[metrics]\nenabled = acgr, cert_attainment\n", catalog);
    graduate2020("A", "D2");
    graduate2020("B", "D1");
    compute();
    for (i = 1; i < res->n_rows; i++) {
        const rcm_metric_row *p = &res->rows[i - 1], *q = &res->rows[i];
        int ordered = p->metric < q->metric ||
                      (p->metric == q->metric &&
                       (p->detail < q->detail ||
                        (p->detail == q->detail &&
                         (p->year < q->year || (p->year == q->year && p->level <= q->level)))));
        cr_assert(ordered, "row %zu out of order", i);
    }
    cr_assert_str_eq(res->details[0], ""); /* empty detail first */
}

/* A sink that checks what the metric stage promises: every block holds one
 * (metric, detail, year), blocks come in output order, and every row is
 * seen exactly once. It hides nothing (status reported). */
typedef struct {
    size_t blocks, rows;
    rcm_metric_row last;
    int bad;
} block_check;

static rcm_err check_block(void *ctx, const rcm_results *r, const rcm_metric_row *rows,
                           size_t n, uint8_t *status)
{
    block_check *k = ctx;
    size_t i;
    for (i = 0; i < n; i++) {
        status[i] = RCM_STATUS_REPORTED;
        if (rows[i].metric != rows[0].metric || rows[i].detail != rows[0].detail ||
            rows[i].year != rows[0].year)
            k->bad = 1;
    }
    if (k->blocks) {
        int order = k->last.metric != rows[0].metric
                        ? (k->last.metric < rows[0].metric ? -1 : 1)
                        : strcmp(r->details[k->last.detail], r->details[rows[0].detail]);
        if (order > 0 || (order == 0 && k->last.year >= rows[0].year))
            k->bad = 1;
    }
    k->last = rows[0];
    k->blocks++;
    k->rows += n;
    return RCM_OK;
}

Test(metrics, sink_receives_whole_blocks_in_output_order)
{
    /* two cohorts, two districts: acgr (4yr/5yr) and cert_attainment with
     * its field details; the sink sees every row once, block by block, and
     * the results keep only level-all or group-all rows */
    rcm_results *all = NULL;
    block_check k;
    rcm_row_sink sink;
    rcm_diag d;
    size_t i, expected_kept = 0;
    memset(&k, 0, sizeof k);
    memset(&d, 0, sizeof d);
    cfg = t_config("[metrics]\nenabled = acgr, cert_attainment, oh_pfs\n", catalog);
    graduate2020("A", "D2")->gender = RCM_GENDER_F + 1;
    graduate2020("B", "D1")->gender = RCM_GENDER_M + 1;
    t_enr(t, "C", "D1", "S1", 2019, 9);
    t_enr(t, "C", "D1", "S1", 2021, 11);
    t->ds.enr_columns.present[ENR_GENDER] = 1;
    t_cred(t, cfg, "A", "H4", "2019-01-01");
    c = t_cohort(cfg, t);
    cr_assert_eq(rcm_metrics_compute(c, NULL, &all, &d), RCM_OK);
    sink.fn = check_block;
    sink.ctx = &k;
    cr_assert_eq(rcm_metrics_compute(c, &sink, &res, &d), RCM_OK);
    cr_assert_eq(k.bad, 0);
    cr_assert_eq(k.rows, all->n_rows);
    cr_assert_eq(res->n_rows_total, all->n_rows);
    for (i = 0; i < all->n_rows; i++)
        expected_kept += all->rows[i].level == RCM_LEVEL_ALL || all->rows[i].group == RCM_DIM_ALL;
    cr_assert_eq(res->n_rows, expected_kept);
    cr_assert_not_null(res->public_status);
    rcm_results_free(all);
}
