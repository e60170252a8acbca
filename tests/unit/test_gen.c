/*
 * test_gen.c - `rcm gen`, the synthetic SIS export generator (SPEC 1, the
 * files of SPEC 3).
 *
 * Most tests drive rcm_gen_export() with a profile built by hand (canonical
 * headers, a seven-code catalog), so they do not depend on the shipped
 * profiles; the option and profile errors go through rcm_gen() itself with
 * a profile written into the test directory. Every test writes into a
 * fresh directory under /tmp and removes it afterwards.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "config/config.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/schema.h"
#include "gen/gen_internal.h"

static char dir[64];
static rcm_config *cfg;
static rcm_diag diag;

/* ------------------------------------------------------------ helpers */

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char child[512];
    if (!d) {
        unlink(path);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        remove_tree(child);
    }
    closedir(d);
    rmdir(path);
}

static const char *const catalog_codes[] = {"H12", "H4", "H8", "I4", "I8", "M6", "M6B"};
static const int catalog_field[] = {0, 0, 0, 1, 1, 2, 2};
static const int catalog_points[] = {12, 4, 8, 4, 8, 6, 6};
static const int catalog_first[] = {0, 0, 0, 0, 0, 2023, 0};
static const int catalog_last[] = {0, 0, 0, 0, 2021, 0, 0};
static const char *const catalog_fields[] = {"Health", "Information Technology",
                                             "Manufacturing"};

/* A profile as the loader would build it: canonical headers, comma,
 * year_end 08-31 and a catalog of 7 codes in 3 career fields. */
static rcm_config *hand_built_config(void)
{
    rcm_config *c = calloc(1, sizeof *c);
    rcm_catalog *cat;
    size_t k, col, n, i;
    cr_assert_not_null(c);
    c->arena = rcm_arena_new();
    for (k = 0; k < RCM_FILE_COUNT; k++) {
        const rcm_column_def *defs = rcm_schema_columns((rcm_file_kind)k, &n);
        c->file_base[k] = rcm_file_names[k];
        for (col = 0; col < n; col++)
            c->columns[k][col] = defs[col].name;
    }
    c->delimiter = ',';
    c->year_end_month = 8;
    c->year_end_day = 31;
    cat = &c->catalog;
    cat->n_rows = cat->n_codes = 7;
    cat->rows = rcm_arena_alloc(c->arena, 7 * sizeof *cat->rows);
    cat->codes = rcm_arena_alloc(c->arena, 7 * sizeof *cat->codes);
    cat->code_rows = rcm_arena_alloc(c->arena, 7 * sizeof *cat->code_rows);
    cat->n_code_rows = rcm_arena_alloc(c->arena, 7 * sizeof *cat->n_code_rows);
    for (i = 0; i < 7; i++) {
        rcm_catalog_row *r = &cat->rows[i];
        r->code = r->name = cat->codes[i] = catalog_codes[i];
        r->career_field = catalog_field[i];
        r->points = catalog_points[i] * RCM_FIXED_ONE;
        r->tier = -1;
        r->first_year = catalog_first[i];
        r->last_year = catalog_last[i];
        r->line = (uint32_t)i + 2;
        cat->code_rows[i] = rcm_arena_alloc(c->arena, sizeof(uint32_t));
        cat->code_rows[i][0] = (uint32_t)i;
        cat->n_code_rows[i] = 1;
    }
    cat->fields = (const char **)catalog_fields;
    cat->n_fields = 3;
    return c;
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/rcm_gen_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    memset(&diag, 0, sizeof diag);
    cfg = hand_built_config();
}

static void teardown(void)
{
    remove_tree(dir);
    rcm_arena_free(cfg->arena);
    free(cfg);
}

TestSuite(gen, .init = setup, .fini = teardown);

/* Generate into dir/sub with the hand-built profile. */
static rcm_err gen_into(const char *sub, uint64_t students, uint64_t seed, int gzip)
{
    char out[128];
    rcm_gen_options opt = {0};
    snprintf(out, sizeof out, "%s/%s", dir, sub);
    opt.output_dir = out;
    opt.students = students;
    opt.seed = seed;
    opt.years = 6;
    opt.gzip = gzip;
    return rcm_gen_export(&opt, cfg, &diag);
}

/* The whole file (decompressed when it is gzip); caller frees. */
static char *slurp(const char *sub, const char *name, size_t *len)
{
    char path[192], chunk[65536];
    gzFile f;
    char *buf = NULL;
    size_t n = 0;
    int got;
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    f = gzopen(path, "rb");
    cr_assert_not_null(f, "cannot read %s", path);
    while ((got = gzread(f, chunk, sizeof chunk)) > 0) {
        buf = realloc(buf, n + (size_t)got + 1);
        cr_assert_not_null(buf);
        memcpy(buf + n, chunk, (size_t)got);
        n += (size_t)got;
    }
    cr_assert_eq(got, 0, "read error in %s", path);
    gzclose(f);
    if (!buf)
        buf = calloc(1, 1);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static size_t count_lines(const char *buf, size_t len)
{
    size_t i, n = 0;
    for (i = 0; i < len; i++)
        n += buf[i] == '\n';
    return n;
}

/* Lines whose field count (RFC 4180 quoting, no quoted line breaks) is
 * not `want`. */
static size_t lines_without_fields(const char *buf, size_t len, int want)
{
    size_t i, bad = 0;
    int fields = 1, quoted = 0;
    for (i = 0; i < len; i++) {
        if (buf[i] == '"')
            quoted = !quoted; /* "" toggles twice: stays inside */
        else if (buf[i] == ',' && !quoted)
            fields++;
        else if (buf[i] == '\n' && !quoted) {
            bad += fields != want;
            fields = 1;
        }
    }
    return bad;
}

static int same_file(const char *sub_a, const char *sub_b, const char *name)
{
    size_t la, lb;
    char *a = slurp(sub_a, name, &la), *b = slurp(sub_b, name, &lb);
    int same = la == lb && memcmp(a, b, la) == 0;
    free(a);
    free(b);
    return same;
}

static const char *const plain_names[] = {"enrollments.csv", "credentials.csv",
                                          "assessments.csv", "programs.csv"};

/* -------------------------------------------------------- determinism */

Test(gen, same_seed_gives_identical_bytes)
{
    int k;
    cr_assert_eq(gen_into("a", 400, 7, 0), RCM_OK, "%s", diag.message);
    cr_assert_eq(gen_into("b", 400, 7, 0), RCM_OK, "%s", diag.message);
    for (k = 0; k < 4; k++)
        cr_assert(same_file("a", "b", plain_names[k]), "%s differs", plain_names[k]);
}

Test(gen, other_seed_gives_other_data)
{
    cr_assert_eq(gen_into("a", 400, 7, 0), RCM_OK, "%s", diag.message);
    cr_assert_eq(gen_into("b", 400, 8, 0), RCM_OK, "%s", diag.message);
    cr_assert_not(same_file("a", "b", "enrollments.csv"));
    cr_assert_not(same_file("a", "b", "assessments.csv"));
}

Test(gen, gzip_decompresses_to_the_plain_bytes)
{
    static const char *const gz_names[] = {"enrollments.csv.gz", "credentials.csv.gz",
                                           "assessments.csv.gz", "programs.csv.gz"};
    size_t lp, lz;
    int k;
    cr_assert_eq(gen_into("plain", 300, 3, 0), RCM_OK, "%s", diag.message);
    cr_assert_eq(gen_into("gz", 300, 3, 1), RCM_OK, "%s", diag.message);
    for (k = 0; k < 4; k++) {
        char *p = slurp("plain", plain_names[k], &lp), *z = slurp("gz", gz_names[k], &lz);
        cr_assert_eq(lp, lz, "%s", gz_names[k]);
        cr_assert_eq(memcmp(p, z, lp), 0, "%s", gz_names[k]);
        free(p);
        free(z);
    }
}

/* Writing .csv.gz over an earlier .csv export leaves one spelling only:
 * rcm run calls NAME.csv next to NAME.csv.gz ambiguous (SPEC 3). */
Test(gen, gzip_run_replaces_plain_files)
{
    char path[192];
    cr_assert_eq(gen_into("x", 50, 1, 0), RCM_OK, "%s", diag.message);
    cr_assert_eq(gen_into("x", 50, 1, 1), RCM_OK, "%s", diag.message);
    snprintf(path, sizeof path, "%s/x/enrollments.csv", dir);
    cr_assert_neq(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/x/enrollments.csv.gz", dir);
    cr_assert_eq(access(path, F_OK), 0);
}

/* ------------------------------------------------------------- shapes */

Test(gen, headers_are_the_profile_column_names)
{
    size_t len;
    char *e, *c, *a, *p;
    cfg->columns[RCM_FILE_ENROLLMENTS][ENR_STUDENT_ID] = "SSID";
    cfg->columns[RCM_FILE_ASSESSMENTS][TEST_SCORE] = "Scale Score";
    cr_assert_eq(gen_into("h", 20, 1, 0), RCM_OK, "%s", diag.message);
    e = slurp("h", "enrollments.csv", &len);
    *strchr(e, '\n') = '\0';
    cr_assert_str_eq(e, "SSID,district_id,district_name,school_id,school_name,school_year,"
                        "grade,entry_date,exit_date,exit_code,grade9_entry_year,cohort_year,"
                        "gender,race,ell,econ_disadv,sped,cte_concentrator,diploma_type,"
                        "diploma_date,source_system");
    c = slurp("h", "credentials.csv", &len);
    *strchr(c, '\n') = '\0';
    cr_assert_str_eq(c, "student_id,credential_code,earned_date");
    a = slurp("h", "assessments.csv", &len);
    *strchr(a, '\n') = '\0';
    cr_assert_str_eq(a, "student_id,test,subject,Scale Score,test_date");
    p = slurp("h", "programs.csv", &len);
    *strchr(p, '\n') = '\0';
    cr_assert_str_eq(p, "student_id,school_year,kind,course_id,credit_hours,completed");
    free(e);
    free(c);
    free(a);
    free(p);
}

Test(gen, every_row_has_the_header_field_count)
{
    static const int want[] = {21, 3, 5, 6};
    size_t len;
    int k;
    cr_assert_eq(gen_into("f", 1500, 11, 0), RCM_OK, "%s", diag.message);
    for (k = 0; k < 4; k++) {
        char *buf = slurp("f", plain_names[k], &len);
        cr_assert_gt(count_lines(buf, len), 1, "%s has no data rows", plain_names[k]);
        cr_assert_eq(lines_without_fields(buf, len, want[k]), 0, "%s", plain_names[k]);
        free(buf);
    }
}

/* 6 school years and grade 9 entries spread over 9 years: a student has
 * about 2.7 school years in the window (1,2,3,4,4,4,3,2,1 over the nine
 * entry years) plus transfer rows, so 2-4 rows per student. */
Test(gen, rows_grow_in_proportion_to_students)
{
    size_t len, small, large;
    char *buf;
    double ratio, per_student;
    cr_assert_eq(gen_into("s", 500, 5, 0), RCM_OK, "%s", diag.message);
    cr_assert_eq(gen_into("l", 4000, 5, 0), RCM_OK, "%s", diag.message);
    buf = slurp("s", "enrollments.csv", &len);
    small = count_lines(buf, len) - 1;
    free(buf);
    buf = slurp("l", "enrollments.csv", &len);
    large = count_lines(buf, len) - 1;
    free(buf);
    per_student = (double)large / 4000;
    ratio = (double)large / (double)small;
    cr_assert(per_student > 2.0 && per_student < 4.0, "%.2f rows per student", per_student);
    cr_assert(ratio > 7.0 && ratio < 9.0, "ratio %.2f", ratio);
    buf = slurp("l", "credentials.csv", &len);
    per_student = (double)(count_lines(buf, len) - 1) / 4000; /* ~30% earn 1-4 */
    cr_assert(per_student > 0.3 && per_student < 1.0, "%.2f credentials per student",
              per_student);
    free(buf);
    buf = slurp("l", "assessments.csv", &len);
    per_student = (double)(count_lines(buf, len) - 1) / 4000;
    cr_assert(per_student > 1.5 && per_student < 8.0, "%.2f scores per student", per_student);
    free(buf);
}

Test(gen, one_student_one_year_still_writes_a_row)
{
    char out[128];
    size_t len;
    char *buf;
    rcm_gen_options opt = {0};
    snprintf(out, sizeof out, "%s/one", dir);
    opt.output_dir = out;
    opt.students = 1;
    opt.years = 1;
    cr_assert_eq(rcm_gen_export(&opt, cfg, &diag), RCM_OK, "%s", diag.message);
    buf = slurp("one", "enrollments.csv", &len);
    cr_assert_geq(count_lines(buf, len), 2);
    cr_assert_not_null(strstr(buf, "2024-2025") ? buf : strstr(buf, "2024-25"));
    free(buf);
}

/* ---------------------------------------------------------- the mess */

Test(gen, names_with_commas_and_quotes_are_quoted)
{
    size_t len;
    char *buf;
    cr_assert_eq(gen_into("q", 200, 2, 0), RCM_OK, "%s", diag.message);
    buf = slurp("q", "enrollments.csv", &len);
    cr_assert_not_null(strstr(buf, ",\"St. Mary's \"\"Central\"\", East\","));
    cr_assert_not_null(strstr(buf, ",043802,")); /* ids keep their leading zeros */
    free(buf);
}

/* A field like 2019-2021: a school year whose years are two apart. */
static int has_two_year_span(const char *buf)
{
    const char *p;
    for (p = buf; (p = strchr(p, ',')) != NULL; p++) {
        long a, b;
        char *end;
        a = strtol(p + 1, &end, 10);
        if (end != p + 5 || *end != '-')
            continue;
        b = strtol(end + 1, &end, 10);
        if (end == p + 10 && *end == ',' && b == a + 2)
            return 1;
    }
    return 0;
}

Test(gen, every_kind_of_mess_appears_once_at_least)
{
    size_t len;
    char *buf;
    cr_assert_eq(gen_into("m", 600, 9, 0), RCM_OK, "%s", diag.message);
    buf = slurp("m", "enrollments.csv", &len);
    cr_assert(strstr(buf, ",13,") || has_two_year_span(buf), "no invalid required value");
    cr_assert(strstr(buf, "-02-30") || strstr(buf, "2/30/") || strstr(buf, "0230,"),
              "no Feb 30 date");
    free(buf);
    buf = slurp("m", "credentials.csv", &len);
    cr_assert_not_null(strstr(buf, ",X-"), "no unknown credential code");
    free(buf);
    buf = slurp("m", "assessments.csv", &len);
    cr_assert_not_null(strstr(buf, ",N/A,"), "no invalid score");
    free(buf);
}

/* ------------------------------------------------------------- errors */

/* A profile directory with one tiny profile, for rcm_gen() itself. */
static void write_profile(const char *name)
{
    char path[192];
    FILE *f;
    snprintf(path, sizeof path, "%s/config", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/config/catalogs", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/config/catalogs/%s.csv", dir, name);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("code,name,career_field,points\nH12,Health twelve,Health,12\nI4,IT four,IT,4\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/config/%s.ini", dir, name);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "[profile]\nname = Test\n[input]\ncatalog = catalogs/%s.csv\n", name);
    fclose(f);
}

static rcm_gen_options options(const char *profile, uint64_t students)
{
    static char out[128], config_dir[128];
    rcm_gen_options opt = {0};
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(config_dir, sizeof config_dir, "%s/config", dir);
    opt.output_dir = out;
    opt.students = students;
    opt.years = 6;
    opt.profile = profile;
    opt.config_dir = config_dir;
    return opt;
}

Test(gen, loads_the_profile_from_config_dir)
{
    rcm_gen_options opt;
    size_t len;
    char *buf;
    write_profile("ohio");
    opt = options(NULL, 100); /* NULL profile = ohio */
    cr_assert_eq(rcm_gen(&opt, &diag), RCM_OK, "%s", diag.message);
    buf = slurp("out", "credentials.csv", &len);
    cr_assert_not_null(strstr(buf, "H12") ? buf : strstr(buf, "I4"), "no catalog code used");
    free(buf);
}

Test(gen, zero_students_is_a_usage_error)
{
    rcm_gen_options opt;
    write_profile("ohio");
    opt = options("ohio", 0);
    cr_assert_eq(rcm_gen(&opt, &diag), RCM_ERR_USAGE);
    cr_assert_not_null(strstr(diag.message, "--students"), "%s", diag.message);
}

Test(gen, missing_profile_is_noinput)
{
    rcm_gen_options opt;
    write_profile("ohio");
    opt = options("vermont", 10);
    cr_assert_eq(rcm_gen(&opt, &diag), RCM_ERR_NOINPUT);
    cr_assert_not_null(strstr(diag.message, "vermont.ini"), "%s", diag.message);
}

Test(gen, profile_name_with_a_slash_is_a_usage_error)
{
    rcm_gen_options opt = options("../ohio", 10);
    cr_assert_eq(rcm_gen(&opt, &diag), RCM_ERR_USAGE);
    cr_assert_not_null(strstr(diag.message, "--profile"), "%s", diag.message);
}

Test(gen, years_out_of_range_is_a_usage_error)
{
    rcm_gen_options opt = options("ohio", 10);
    opt.years = 31;
    cr_assert_eq(rcm_gen(&opt, &diag), RCM_ERR_USAGE);
    cr_assert_not_null(strstr(diag.message, "--years"), "%s", diag.message);
}

Test(gen, output_under_a_file_is_cantcreat)
{
    rcm_gen_options opt = {0};
    opt.output_dir = "/dev/null/out";
    opt.students = 10;
    cr_assert_eq(rcm_gen_export(&opt, cfg, &diag), RCM_ERR_CANTCREAT);
    cr_assert_not_null(strstr(diag.message, "/dev/null"), "%s", diag.message);
}

/* enrollments.csv is a link to /dev/full: every write fails with ENOSPC. */
Test(gen, full_disk_is_an_io_error)
{
    char out[128], link[192];
    rcm_gen_options opt = {0};
    snprintf(out, sizeof out, "%s/full", dir);
    mkdir(out, 0777);
    snprintf(link, sizeof link, "%s/enrollments.csv", out);
    cr_assert_eq(symlink("/dev/full", link), 0);
    opt.output_dir = out;
    opt.students = 50;
    cr_assert_eq(rcm_gen_export(&opt, cfg, &diag), RCM_ERR_IO);
    cr_assert_not_null(strstr(diag.message, "enrollments.csv: write failed"), "%s",
                       diag.message);
}

/* The shipped Ohio profile, once it is in the tree. */
Test(gen, shipped_ohio_profile_works)
{
    char config_dir[256];
    rcm_gen_options opt = options("ohio", 200);
    snprintf(config_dir, sizeof config_dir, "%s/config", RCM_SOURCE_DIR);
    snprintf(config_dir + strlen(config_dir), sizeof config_dir - strlen(config_dir),
             "/ohio.ini");
    if (access(config_dir, R_OK) != 0)
        cr_skip_test("config/ohio.ini is not in the tree yet");
    config_dir[strlen(config_dir) - strlen("/ohio.ini")] = '\0';
    opt.config_dir = config_dir;
    cr_assert_eq(rcm_gen(&opt, &diag), RCM_OK, "%s", diag.message);
}
