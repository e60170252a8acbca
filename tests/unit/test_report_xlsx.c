/*
 * test_report_xlsx.c - the board workbook report.xlsx (SPEC 8.6).
 *
 * Builds a report input by hand (config, entities, metric rows with public
 * statuses, credential counts, file stats), writes the workbook, writes the
 * matching metrics_public.csv, and has tests/xlsx/check_workbook.py read
 * both back with openpyxl (Debian's /usr/bin/python3 carries it).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/parse.h"
#include "report/report.h"

#define CHECKER RCM_SOURCE_DIR "/tests/xlsx/check_workbook.py"
#define FORMULA_NAME "=HYPERLINK(\"http://x\",\"y\")"
#define MAX_SCHOOLS 1200

typedef struct {
    rcm_config cfg;
    rcm_dataset ds;
    rcm_cohort cohort;
    rcm_results res;
    rcm_report_input in;
    const char *district_ids[2], *district_names[2];
    uint32_t school_district[MAX_SCHOOLS];
    const char *school_ids[MAX_SCHOOLS], *school_names[MAX_SCHOOLS];
    char id_store[MAX_SCHOOLS][12], name_store[MAX_SCHOOLS][32];
    rcm_metric_row *rows;
    uint8_t *status;
    size_t n_rows, cap;
    rcm_catalog_row cat_rows[3];
    const char *codes[3], *fields[2];
    uint32_t code_row_ids[3], *code_rows[3], n_code_rows[3];
    rcm_credential_count cred[5];
    rcm_reason_count reasons[3];
} fixture;

/* Detail strings in byte order, as res->details holds them. */
static const char *const details[] = {"", "4yr", "5yr", "both", "english",
                                      "field:Information Technology", "field:Manufacturing",
                                      "math", "tier1", "tier2", "tier3"};
enum { D_ALL = 0, D_4YR, D_5YR, D_BOTH, D_ENGLISH, D_FIELD_IT, D_FIELD_MFG, D_MATH, D_TIER1 };

static void add(fixture *fx, int metric, int detail, int year, int level, uint32_t entity,
                int group, int gv, int64_t num, int64_t den, int points)
{
    rcm_metric_row *r;
    uint8_t st = RCM_STATUS_REPORTED;
    if (fx->n_rows == fx->cap) {
        fx->cap = fx->cap ? 2 * fx->cap : 256;
        fx->rows = realloc(fx->rows, fx->cap * sizeof *fx->rows);
        fx->status = realloc(fx->status, fx->cap);
        cr_assert(fx->rows && fx->status);
    }
    r = &fx->rows[fx->n_rows];
    memset(r, 0, sizeof *r);
    r->metric = (uint8_t)metric;
    r->detail = (uint16_t)detail;
    r->year = (uint16_t)year;
    r->level = (uint8_t)level;
    r->entity = entity;
    r->group = (uint8_t)group;
    r->group_value = (uint8_t)gv;
    r->num = points ? num * 1000 + 300 : num; /* PFS: points in thousandths */
    r->num_scale_digits = points ? 3 : 0;
    r->den = den;
    r->value_decimals = 4;
    r->value = points ? rcm_div_round(r->num * 10, den) : rcm_div_round(num * 10000, den);
    /* the statuses SPEC 7 would give with min_n 10, low 0.01, high 0.99 */
    if (den < 10)
        st = RCM_STATUS_SUPPRESSED_N;
    else if (!points && (num * 100 < den || num * 100 > den * 99))
        st = RCM_STATUS_SUPPRESSED_BOUNDS;
    fx->status[fx->n_rows++] = st;
}

/* Rows of one metric and detail for one year at every level. */
static void add_year(fixture *fx, int metric, int detail, int year, int points)
{
    int64_t den = 120 - (year % 3) * 7;
    uint32_t d, s;
    add(fx, metric, detail, year, RCM_LEVEL_ALL, 0, RCM_DIM_ALL, 0, den * 3 / 5, den, points);
    add(fx, metric, detail, year, RCM_LEVEL_ALL, 0, RCM_DIM_GENDER, RCM_GENDER_F, 3, 5, points);
    add(fx, metric, detail, year, RCM_LEVEL_ALL, 0, RCM_DIM_GENDER, RCM_GENDER_M, 60, 80, points);
    /* exactly one gender value hidden: the other is hidden too (rule 3) */
    fx->status[fx->n_rows - 1] = RCM_STATUS_SUPPRESSED_COMPLEMENT;
    add(fx, metric, detail, year, RCM_LEVEL_ALL, 0, RCM_DIM_ELL, 0, 50, 90, points);
    add(fx, metric, detail, year, RCM_LEVEL_ALL, 0, RCM_DIM_ELL, 1, 12, 30, points);
    for (d = 0; d < 2; d++)
        add(fx, metric, detail, year, RCM_LEVEL_DISTRICT, d, RCM_DIM_ALL, 0, 20 + d, 60 + d, points);
    for (s = 0; s < fx->cohort.entities.n_schools; s++) {
        int64_t sden = s == 2 ? 6 : 30 + (int64_t)(s * 5 % 25);
        int64_t snum = (sden * (40 + (int64_t)((s * 13 + (uint32_t)year) % 50))) / 100;
        if (s == 1 && metric == RCM_METRIC_CERT_ATTAINMENT && detail == D_ALL)
            snum = sden; /* 100%: hidden by the high bound */
        add(fx, metric, detail, year, RCM_LEVEL_SCHOOL, s, RCM_DIM_ALL, 0, snum, sden, points);
        if (s == 0)
            add(fx, metric, detail, year, RCM_LEVEL_SCHOOL, s, RCM_DIM_GENDER, RCM_GENDER_F, 4,
                12, points);
    }
}

static void make_rows(fixture *fx)
{
    int y;
    add_year(fx, RCM_METRIC_ACGR, D_4YR, 2020, 0); /* before the window: not shown */
    for (y = 2023; y <= 2027; y++)
        add_year(fx, RCM_METRIC_ACGR, D_4YR, y, 0); /* 2026, 2027: later cohorts */
    add_year(fx, RCM_METRIC_ACGR, D_5YR, 2023, 0);
    add_year(fx, RCM_METRIC_ACGR, D_5YR, 2024, 0);
    add_year(fx, RCM_METRIC_CERT_ATTAINMENT, D_ALL, 2024, 0);
    add_year(fx, RCM_METRIC_CERT_ATTAINMENT, D_ALL, 2025, 0);
    add_year(fx, RCM_METRIC_CERT_ATTAINMENT, D_FIELD_IT, 2025, 0);
    for (y = 2023; y <= 2025; y++)
        add_year(fx, RCM_METRIC_OH_PFS, D_ALL, y, 1);
}

/* Colorado's incentive dollars: claims, no denominator, never suppressed. */
static void add_cdip(fixture *fx, int tier, int year)
{
    uint32_t d;
    for (d = 0; d <= 2; d++) {
        rcm_metric_row *r;
        add(fx, RCM_METRIC_CO_CDIP, D_TIER1 + tier, year,
            d == 0 ? RCM_LEVEL_ALL : RCM_LEVEL_DISTRICT, d == 0 ? 0 : d - 1, RCM_DIM_ALL, 0, 1,
            1, 0);
        r = &fx->rows[fx->n_rows - 1];
        r->num = 7 + tier + (int64_t)d;
        r->den = -1;
        r->value_decimals = 2;
        r->value = r->num * 120000 / (tier + 1); /* dollars in cents */
        fx->status[fx->n_rows - 1] = RCM_STATUS_REPORTED;
    }
}

/* Every other metric, for the profile with everything enabled. */
static void make_more_rows(fixture *fx)
{
    int y, t;
    for (y = 2024; y <= 2025; y++) {
        add_year(fx, RCM_METRIC_CERT_ATTAINMENT_ENROLLED, D_ALL, y, 0);
        add_year(fx, RCM_METRIC_OH_CRED_PATHWAY, D_ALL, y, 0);
        add_year(fx, RCM_METRIC_TN_READY_GRADUATE, D_ALL, y, 0);
    }
    add_year(fx, RCM_METRIC_CO_COMPETENCY, D_BOTH, 2025, 0);
    add_year(fx, RCM_METRIC_CO_COMPETENCY, D_ENGLISH, 2025, 0);
    add_year(fx, RCM_METRIC_CO_COMPETENCY, D_MATH, 2025, 0);
    for (t = 0; t < 3; t++)
        for (y = 2024; y <= 2025; y++)
            add_cdip(fx, t, y);
}

static void make_config(fixture *fx)
{
    rcm_config *c = &fx->cfg;
    static const char letters[4] = {'A', 'B', 'C', 'D'};
    static const int mins[4] = {93, 75, 60, 40};
    int i;
    c->path = "config/ohio.ini";
    c->name = "Springfield";
    c->title = "Career readiness report";
    memset(c->sha256, 'a', 64);
    c->enabled[RCM_METRIC_ACGR] = c->enabled[RCM_METRIC_CERT_ATTAINMENT] = 1;
    c->enabled[RCM_METRIC_OH_PFS] = 1;
    c->min_n = 10;
    c->low = RCM_FIXED_ONE / 100;
    c->high = RCM_FIXED_ONE * 99 / 100;
    c->complementary = 1;
    c->report_years = 4;
    c->pfs_points = 12 * RCM_FIXED_ONE;
    c->pfs_bonus = 3 * RCM_FIXED_ONE / 10;
    for (i = 0; i < 4; i++) {
        c->grades[i].letter = letters[i];
        c->grades[i].min_percent = mins[i] * RCM_FIXED_ONE;
    }
    c->n_grades = 4;
    c->path_points = 12 * RCM_FIXED_ONE;
    c->act_composite = 21 * RCM_FIXED_ONE;
    c->sat_total = 1060 * RCM_FIXED_ONE;
    c->asvab_afqt = 31 * RCM_FIXED_ONE;
    c->epso_min = 4;
    c->epso_with = 2;
    c->cdip_unit = 1000 * RCM_FIXED_ONE;
    c->cdip_frl_factor = 12 * RCM_FIXED_ONE / 10;
    c->enrolled_grades[11 + 1] = c->enrolled_grades[12 + 1] = 1; /* grades 11, 12 */
    /* catalog: three codes in byte order, two career fields */
    fx->codes[0] = "007-WELD";
    fx->codes[1] = "=CMD|' /C calc'!A0";
    fx->codes[2] = "AWS-CP";
    fx->fields[0] = "Information Technology";
    fx->fields[1] = "Manufacturing";
    for (i = 0; i < 3; i++) {
        fx->cat_rows[i].code = fx->codes[i];
        fx->cat_rows[i].career_field = i == 2 ? 0 : 1;
        fx->cat_rows[i].points = (i + 1) * RCM_FIXED_ONE;
        fx->cat_rows[i].tier = -1;
        fx->code_row_ids[i] = (uint32_t)i;
        fx->code_rows[i] = &fx->code_row_ids[i];
        fx->n_code_rows[i] = 1;
    }
    fx->cat_rows[0].name = "Welding, level 1";
    fx->cat_rows[1].name = "@SUM(1+1)*cmd";
    fx->cat_rows[2].name = "AWS Certified Cloud Practitioner";
    c->catalog.rows = fx->cat_rows;
    c->catalog.n_rows = 3;
    c->catalog.codes = fx->codes;
    c->catalog.code_rows = fx->code_rows;
    c->catalog.n_code_rows = fx->n_code_rows;
    c->catalog.n_codes = 3;
    c->catalog.fields = fx->fields;
    c->catalog.n_fields = 2;
}

static void file_stats(rcm_file_stats *f, const char *name, const char *display,
                       uint64_t read, uint64_t rejected)
{
    f->name = name;
    f->display = (char *)display;
    f->path = (char *)display;
    f->present = 1;
    f->bytes = read * 61;
    memset(f->sha256, 'b', 64);
    f->read = read;
    f->rejected = rejected;
    f->duplicates = 2;
    f->accepted = read - rejected - 2;
    f->blanked = 4;
}

static void make_entities(fixture *fx, uint32_t n_schools)
{
    rcm_entities *e = &fx->cohort.entities;
    uint32_t s;
    fx->district_ids[0] = "001";
    fx->district_ids[1] = "002";
    fx->district_names[0] = "North, \"Quoted\" District";
    fx->district_names[1] = "South \x01 District \xff"; /* control and invalid bytes */
    for (s = 0; s < n_schools; s++) {
        snprintf(fx->id_store[s], sizeof fx->id_store[s], "%04u", s + 1);
        snprintf(fx->name_store[s], sizeof fx->name_store[s], "School number %u", s + 1);
        fx->school_ids[s] = fx->id_store[s];
        fx->school_names[s] = fx->name_store[s];
        fx->school_district[s] = s < n_schools / 2 ? 0 : 1;
    }
    fx->school_ids[0] = "007";
    fx->school_names[0] = FORMULA_NAME;
    fx->school_names[1] = "_x0041_ Academy";
    fx->school_names[2] = ""; /* no row names it */
    e->n_districts = 2;
    e->district_ids = fx->district_ids;
    e->district_names = fx->district_names;
    e->n_schools = n_schools;
    e->school_district = fx->school_district;
    e->school_ids = fx->school_ids;
    e->school_names = fx->school_names;
}

/* n_schools schools (the first three with awkward names); all_metrics:
 * every metric enabled (rows are then not in SPEC 8.1 order: the writer
 * must not care). */
static fixture *make_fixture(uint32_t n_schools, int all_metrics)
{
    fixture *fx = calloc(1, sizeof *fx);
    cr_assert(fx && n_schools >= 3 && n_schools <= MAX_SCHOOLS);
    make_config(fx);
    make_entities(fx, n_schools);
    fx->cohort.cfg = &fx->cfg;
    fx->cohort.ds = &fx->ds;
    fx->cohort.n_students = 1234;
    fx->cohort.in_cohort = 1200;
    fx->cohort.no_cohort = 34;
    fx->cohort.conflicts = 3;
    fx->cohort.conflicts_by_rule[RCM_RULE_COHORT_YEAR] = 1;
    fx->cohort.conflicts_by_rule[RCM_RULE_GRADE9_ROW] = 2;
    fx->ds.max_label = 2025;
    file_stats(&fx->ds.files[RCM_FILE_ENROLLMENTS], "enrollments", "enrollments.csv.gz", 5000, 7);
    file_stats(&fx->ds.files[RCM_FILE_CREDENTIALS], "credentials", "credentials.csv", 300, 1);
    file_stats(&fx->ds.catalog, "catalog", "catalogs/ohio.csv", 3, 0);
    fx->ds.files[RCM_FILE_ASSESSMENTS].name = "assessments"; /* absent */
    fx->ds.files[RCM_FILE_PROGRAMS].name = "programs";
    make_rows(fx);
    if (all_metrics) {
        int m;
        for (m = 0; m < RCM_METRIC_COUNT; m++)
            fx->cfg.enabled[m] = 1;
        make_more_rows(fx);
    }
    fx->res.rows = fx->rows;
    fx->res.n_rows = fx->n_rows;
    fx->res.details = (const char **)details;
    fx->res.n_details = sizeof details / sizeof details[0];
    fx->res.cohort = &fx->cohort;
    fx->cred[0] = (rcm_credential_count){0, 2019, 4}; /* before the window */
    fx->cred[1] = (rcm_credential_count){0, 2024, 5};
    fx->cred[2] = (rcm_credential_count){0, 2025, 7};
    fx->cred[3] = (rcm_credential_count){2, 2025, 3};
    fx->res.cred_counts = fx->cred;
    fx->res.n_cred_counts = 4;
    fx->reasons[0] = (rcm_reason_count){RCM_FILE_ENROLLMENTS, 0, "field_count", 2};
    fx->reasons[1] = (rcm_reason_count){RCM_FILE_ENROLLMENTS, 1, "bad_date", 4};
    fx->reasons[2] = (rcm_reason_count){RCM_FILE_CREDENTIALS, 0, "unknown_student", 1};
    fx->in = (rcm_report_input){&fx->cfg, &fx->ds, &fx->cohort, &fx->res, fx->status,
                                fx->reasons, 3, 1735689600};
    return fx;
}

static void free_fixture(fixture *fx)
{
    free(fx->rows);
    free(fx->status);
    free(fx);
}

/* --- metrics_public.csv as SPEC 8.2 writes it (hidden cells empty) --- */

static void csv_field(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

static const char *group_value_code(const rcm_metric_row *r)
{
    static const char *const gender[] = {"F", "M", "X"};
    static const char *const race[] = {"AI", "AS", "BL", "HI", "MR", "PI", "WH"};
    if (r->group == RCM_DIM_ALL)
        return "all";
    if (r->group == RCM_DIM_GENDER)
        return gender[r->group_value];
    if (r->group == RCM_DIM_RACE)
        return race[r->group_value];
    return r->group_value ? "Y" : "N";
}

static void csv_row(FILE *f, const fixture *fx, size_t i)
{
    const rcm_metric_row *r = &fx->rows[i];
    const rcm_entities *e = &fx->cohort.entities;
    uint8_t st = fx->status[i];
    char year[16], num[32] = "", den[32] = "", value[32] = "";
    const char *dist = "", *school = "", *name = fx->cfg.name;
    if (r->level == RCM_LEVEL_DISTRICT) {
        dist = e->district_ids[r->entity];
        name = e->district_names[r->entity];
    } else if (r->level == RCM_LEVEL_SCHOOL) {
        dist = e->district_ids[e->school_district[r->entity]];
        school = e->school_ids[r->entity];
        name = e->school_names[r->entity];
    }
    snprintf(year, sizeof year, "%u", r->year);
    if (st == RCM_STATUS_REPORTED) {
        rcm_format_fixed(num, r->num, r->num_scale_digits, r->num_scale_digits ? 1 : 0);
        rcm_format_fixed(value, r->value, r->value_decimals, r->value_decimals);
    }
    if (st != RCM_STATUS_SUPPRESSED_N && r->den >= 0)
        snprintf(den, sizeof den, "%lld", (long long)r->den);
    csv_field(f, rcm_metric_names[r->metric], 0);
    csv_field(f, details[r->detail], 0);
    csv_field(f, year, 0);
    csv_field(f, rcm_level_names[r->level], 0);
    csv_field(f, dist, 0);
    csv_field(f, school, 0);
    csv_field(f, name, 0);
    csv_field(f, rcm_dim_names[r->group], 0);
    csv_field(f, group_value_code(r), 0);
    csv_field(f, num, 0);
    csv_field(f, den, 0);
    csv_field(f, value, 0);
    csv_field(f, rcm_status_names[st], 1);
}

static void write_public_csv(const fixture *fx, const char *path)
{
    FILE *f = fopen(path, "w");
    size_t i;
    cr_assert(f);
    fputs("metric,detail,year,level,district_id,school_id,entity_name,group,group_value,"
          "numerator,denominator,value,status\n", f);
    for (i = 0; i < fx->n_rows; i++)
        csv_row(f, fx, i);
    cr_assert_eq(fclose(f), 0);
}

/* --- running the checker and capturing stderr --- */

static int run_checker(const char *const *args)
{
    const char *argv[32];
    size_t n = 0;
    int status;
    pid_t pid;
    argv[n++] = "/usr/bin/python3";
    argv[n++] = CHECKER;
    while (*args && n < 31)
        argv[n++] = *args++;
    argv[n] = NULL;
    fflush(stdout);
    pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

typedef struct {
    char dir[64], xlsx[128], csv[128], err[128];
} paths;

static void make_paths(paths *p)
{
    snprintf(p->dir, sizeof p->dir, "/tmp/rcm-xlsx-XXXXXX");
    cr_assert(mkdtemp(p->dir));
    snprintf(p->xlsx, sizeof p->xlsx, "%s/report.xlsx", p->dir);
    snprintf(p->csv, sizeof p->csv, "%s/metrics_public.csv", p->dir);
    snprintf(p->err, sizeof p->err, "%s/stderr.txt", p->dir);
}

static void remove_paths(const paths *p)
{
    char other[160];
    snprintf(other, sizeof other, "%s/again.xlsx", p->dir);
    unlink(p->xlsx);
    unlink(p->csv);
    unlink(p->err);
    unlink(other);
    rmdir(p->dir);
}

/* Write the workbook with stderr sent to p->err; returns the result and
 * the number of bytes libxlsxwriter printed. */
static rcm_err write_quietly(const fixture *fx, const paths *p, const char *path, rcm_diag *d,
                             long *stderr_bytes)
{
    struct stat st;
    int saved, fd;
    rcm_err err;
    fflush(stderr);
    saved = dup(2);
    fd = open(p->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    err = rcm_report_write_xlsx(&fx->in, path, d);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    cr_assert_eq(stat(p->err, &st), 0);
    *stderr_bytes = (long)st.st_size;
    return err;
}

/* Write the workbook and its metrics_public.csv, then run the checker on
 * both with the extra arguments `more` (NULL-terminated); returns its exit
 * status. */
static int write_and_check(const fixture *fx, const char *const *more)
{
    const char *args[16];
    rcm_diag d = {0};
    paths p;
    long noise;
    size_t n = 2;
    int status;
    make_paths(&p);
    cr_assert_eq(write_quietly(fx, &p, p.xlsx, &d, &noise), RCM_OK, "%s", d.message);
    cr_assert_eq(noise, 0, "libxlsxwriter printed to stderr");
    write_public_csv(fx, p.csv);
    args[0] = p.xlsx;
    args[1] = p.csv;
    while (more && *more && n < 15)
        args[n++] = *more++;
    args[n] = NULL;
    status = run_checker(args);
    remove_paths(&p);
    return status;
}

/* --- the tests --- */

static char grade_of(const rcm_config *cfg, int64_t points_milli, int64_t den)
{
    rcm_metric_row r;
    memset(&r, 0, sizeof r);
    r.metric = RCM_METRIC_OH_PFS;
    r.num = points_milli;
    r.den = den;
    r.num_scale_digits = 3;
    return rcm_report_pfs_grade(cfg, &r);
}

Test(xlsx, pfs_grade_reads_the_exact_percent_rounded_to_one_decimal)
{
    fixture *fx = make_fixture(3, 0);
    /* A:93 B:75 C:60 D:40, below: F */
    cr_assert_eq(grade_of(&fx->cfg, 186000, 200), 'A');  /* 93.0% */
    cr_assert_eq(grade_of(&fx->cfg, 185900, 200), 'A');  /* 92.95% -> 93.0% */
    cr_assert_eq(grade_of(&fx->cfg, 929400, 1000), 'B'); /* 92.94% -> 92.9% */
    /* 1858.9 / 2000 = 92.945% -> 92.9%: B, although the published 4-decimal
     * value 0.9295 would read 93.0%: the grade comes from the exact figure */
    cr_assert_eq(grade_of(&fx->cfg, 1858900, 2000), 'B');
    cr_assert_eq(grade_of(&fx->cfg, 260000, 200), 'A');  /* 1.3 points: 130% */
    cr_assert_eq(grade_of(&fx->cfg, 150000, 200), 'B');  /* 75.0% */
    cr_assert_eq(grade_of(&fx->cfg, 599900, 1000), 'C'); /* 59.99% -> 60.0% */
    cr_assert_eq(grade_of(&fx->cfg, 80000, 200), 'D');   /* 40.0% */
    cr_assert_eq(grade_of(&fx->cfg, 399400, 1000), 'F'); /* 39.94% -> 39.9% */
    cr_assert_eq(grade_of(&fx->cfg, 0, 200), 'F');
    free_fixture(fx);
}

Test(xlsx, workbook_shows_the_public_figures)
{
    fixture *fx = make_fixture(3, 0);
    const char *args[] = {"--expect-text", FORMULA_NAME, "--expect-text",
                          "=CMD|' /C calc'!A0", "--expect-text", "@SUM(1+1)*cmd",
                          "--expect-id", "007", "--expect-text", "School 0003 (hidden)",
                          "--expect-text", "_x0041_ Academy", NULL};
    cr_assert_eq(write_and_check(fx, args), 0);
    free_fixture(fx);
}

Test(xlsx, every_metric_shows_where_it_belongs)
{
    fixture *fx = make_fixture(3, 1);
    cr_assert_eq(write_and_check(fx, NULL), 0);
    free_fixture(fx);
}

Test(xlsx, every_sheet_is_titled_even_without_a_profile_title)
{
    /* profile.title empty: every sheet's A1 still names the report and the
     * profile, and A2 the data's school year (the checker looks at both on
     * every sheet) */
    fixture *fx = make_fixture(3, 0);
    const char *args[] = {"--expect-text", "Report card: Springfield", "--expect-text",
                          "Report card summary, school year 2024-2025", NULL};
    fx->cfg.title = "";
    cr_assert_eq(write_and_check(fx, args), 0);
    free_fixture(fx);
}

Test(xlsx, same_input_gives_the_same_workbook_xml)
{
    fixture *fx = make_fixture(3, 0);
    rcm_diag d = {0};
    paths p;
    long noise;
    char again[160];
    const char *args[] = {NULL, "--same-xml", again, NULL};
    make_paths(&p);
    snprintf(again, sizeof again, "%s/again.xlsx", p.dir);
    cr_assert_eq(write_quietly(fx, &p, p.xlsx, &d, &noise), RCM_OK, "%s", d.message);
    sleep(1); /* a clock-based timestamp would now differ */
    cr_assert_eq(write_quietly(fx, &p, again, &d, &noise), RCM_OK, "%s", d.message);
    args[0] = p.xlsx;
    cr_assert_eq(run_checker(args), 0);
    remove_paths(&p);
    free_fixture(fx);
}

Test(xlsx, a_state_of_schools_streams_every_row)
{
    fixture *fx = make_fixture(MAX_SCHOOLS, 0);
    const char *args[] = {"--expect-id", "1200", NULL};
    cr_assert_eq(write_and_check(fx, args), 0);
    free_fixture(fx);
}

Test(xlsx, an_unwritable_path_is_an_io_error_naming_it)
{
    fixture *fx = make_fixture(3, 0);
    rcm_diag d = {0};
    paths p;
    long noise;
    char bad[160];
    make_paths(&p);
    snprintf(bad, sizeof bad, "%s/missing-dir/report.xlsx", p.dir);
    cr_assert_eq(write_quietly(fx, &p, bad, &d, &noise), RCM_ERR_IO);
    cr_assert(strstr(d.message, bad), "message: %s", d.message);
    cr_assert_eq(noise, 0, "libxlsxwriter printed to stderr");
    cr_assert_eq(write_quietly(fx, &p, p.dir, &d, &noise), RCM_ERR_IO); /* a directory */
    cr_assert(strstr(d.message, p.dir), "message: %s", d.message);
    remove_paths(&p);
    free_fixture(fx);
}

Test(xlsx, no_rows_still_gives_a_workbook)
{
    fixture *fx = make_fixture(3, 0);
    rcm_diag d = {0};
    paths p;
    long noise;
    struct stat st;
    fx->res.n_rows = 0;
    fx->res.n_cred_counts = 0;
    fx->in.n_reasons = 0;
    make_paths(&p);
    cr_assert_eq(write_quietly(fx, &p, p.xlsx, &d, &noise), RCM_OK, "%s", d.message);
    cr_assert_eq(noise, 0, "libxlsxwriter printed to stderr");
    cr_assert_eq(stat(p.xlsx, &st), 0);
    cr_assert_gt(st.st_size, 0);
    remove_paths(&p);
    free_fixture(fx);
}

Test(xlsx, a_failed_allocation_is_nomem_and_leaks_nothing)
{
    fixture *fx = make_fixture(3, 0);
    rcm_diag d = {0};
    paths p;
    long noise;
    unsigned long n;
    int nomem = 0, ok = 0;
    make_paths(&p);
    /* allocation n fails, for every n until the writer no longer allocates */
    for (n = 1; n <= 8; n++) {
        rcm_err err;
        rcm_alloc_fail_at(n);
        err = write_quietly(fx, &p, p.xlsx, &d, &noise);
        rcm_alloc_fail_at(0);
        cr_assert(err == RCM_OK || err == RCM_ERR_NOMEM, "allocation %lu: %s", n, d.message);
        cr_assert_eq(noise, 0, "libxlsxwriter printed to stderr");
        nomem += err == RCM_ERR_NOMEM;
        ok += err == RCM_OK;
    }
    cr_assert_geq(nomem, 5); /* four lookup tables and the credential counts */
    cr_assert_gt(ok, 0);
    remove_paths(&p);
    free_fixture(fx);
}
