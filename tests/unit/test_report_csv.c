/*
 * test_report_csv.c - the metrics file writers (SPEC 8.1, 8.2, 8.5).
 *
 * The two-thread stream writes with direct I/O where the filesystem allows
 * it, from a buffer that only ever writes whole 4 KiB blocks until the
 * end. These tests check the bytes on disk against lines built by hand,
 * the checksum and size handed to the manifest against the file, and the
 * direct stream against the plain (page-cache) writer on the same rows,
 * with outputs large enough to cross the buffer many times and end on a
 * partial block.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cohort/cohort.h"
#include "report/report.h"
#include "report/stream.h"
#include "slurp.h"
#include "tmpdir.h"

#define HEADER "metric,detail,year,level,district_id,school_id,entity_name,group,group_value," \
               "numerator,denominator,value,status\n"

typedef struct {
    rcm_config cfg;
    rcm_cohort cohort;
    const char *district_ids[1], *district_names[1];
    uint32_t school_district[2];
    const char *school_ids[2], *school_names[2];
} fixture;

static void fixture_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->cfg.name = "Ohio";
    fx->district_ids[0] = "D1";
    fx->district_names[0] = "North District";
    fx->school_ids[0] = "S1";
    fx->school_ids[1] = "S2";
    fx->school_names[0] = "Alpha High";
    fx->school_names[1] = "Beta, High"; /* a comma: the name is quoted */
    fx->cohort.entities.n_districts = 1;
    fx->cohort.entities.district_ids = fx->district_ids;
    fx->cohort.entities.district_names = fx->district_names;
    fx->cohort.entities.n_schools = 2;
    fx->cohort.entities.school_district = fx->school_district;
    fx->cohort.entities.school_ids = fx->school_ids;
    fx->cohort.entities.school_names = fx->school_names;
}

/* A cert_attainment rate row of school `school` (group all). */
static rcm_metric_row school_row(uint32_t school, int year, int64_t num, int64_t den)
{
    rcm_metric_row r;
    memset(&r, 0, sizeof r);
    r.metric = RCM_METRIC_CERT_ATTAINMENT;
    r.level = RCM_LEVEL_SCHOOL;
    r.entity = school;
    r.year = (uint16_t)year;
    r.num = num;
    r.den = den;
    r.value_decimals = 4;
    r.value = (num * 20000 / den + 1) / 2; /* half away from zero, positive */
    return r;
}

static void sha256_hex(const char *s, size_t n, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0, i;
    EVP_Digest(s, n, md, &len, EVP_sha256(), NULL);
    for (i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", md[i]);
}

/* metrics.csv in the test folder holds exactly want[0..len), and the
 * full file's checksum and size handed to the manifest match it. */
static void check_metrics_file(const char *want, size_t len, const rcm_csv_digest *dg)
{
    char path[256], hex[65];
    size_t got_len;
    char *got;
    snprintf(path, sizeof path, "%s/metrics.csv", tmpdir);
    got = slurp(path, &got_len);
    cr_assert_eq(got_len, len);
    cr_assert(memcmp(got, want, len) == 0, "metrics.csv differs from the lines built here");
    sha256_hex(want, len, hex);
    cr_assert_str_eq(dg[0].sha256, hex);
    cr_assert_eq(dg[0].bytes, len);
    free(got);
}

static FILE *create(const char *name, char *path, size_t cap)
{
    FILE *f;
    snprintf(path, cap, "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    cr_assert(f != NULL, "%s: cannot create", path);
    return f;
}

/* Stream rows[0..n) (status reported) in blocks of `per_block` rows;
 * returns the digests of both files. */
static void stream_rows(fixture *fx, const rcm_metric_row *rows, size_t n, size_t per_block,
                        const char *full_path, const char *public_path, rcm_csv_digest dg[2])
{
    char p0[256], p1[256];
    FILE *full = create(full_path, p0, sizeof p0), *pub = create(public_path, p1, sizeof p1);
    uint8_t *status = calloc(per_block, 1);
    rcm_csv_stream *s = NULL;
    size_t i;
    cr_assert(status != NULL);
    cr_assert_eq(rcm_csv_stream_start(&fx->cfg, &fx->cohort, full, pub, &s), RCM_OK);
    for (i = 0; i < n; i += per_block)
        cr_assert_eq(rcm_csv_stream_push(s, "", rows + i, n - i < per_block ? n - i : per_block,
                                         status),
                     RCM_OK);
    cr_assert_eq(rcm_csv_stream_finish(s, dg), RCM_OK);
    fclose(full);
    fclose(pub);
    free(status);
}

TestSuite(report_csv, .init = make_tmpdir, .fini = remove_tmpdir);

/* Two rows by hand: 3 of 8 is 0.3750; 2 of 3 is 0.6667 (half up from
 * 0.66666...). The school name with a comma is quoted. */
Test(report_csv, stream_writes_hand_computed_lines)
{
    static const char expected[] = HEADER
        "cert_attainment,,2020,school,D1,S1,Alpha High,all,all,3,8,0.3750,reported\n"
        "cert_attainment,,2021,school,D1,S2,\"Beta, High\",all,all,2,3,0.6667,reported\n";
    fixture fx;
    rcm_metric_row rows[2];
    rcm_csv_digest dg[2];
    char path[256], hex[65];
    size_t len;
    char *got;
    fixture_init(&fx);
    rows[0] = school_row(0, 2020, 3, 8);
    rows[1] = school_row(1, 2021, 2, 3);
    stream_rows(&fx, rows, 2, 2, "metrics.csv", "metrics_public.csv", dg);
    snprintf(path, sizeof path, "%s/metrics.csv", tmpdir);
    got = slurp(path, &len);
    cr_assert_str_eq(got, expected);
    sha256_hex(expected, sizeof expected - 1, hex);
    cr_assert_str_eq(dg[0].sha256, hex);
    cr_assert_eq(dg[0].bytes, sizeof expected - 1);
    free(got);
    snprintf(path, sizeof path, "%s/metrics_public.csv", tmpdir);
    got = slurp(path, &len); /* nothing suppressed: the same lines */
    cr_assert_str_eq(got, expected);
    cr_assert_str_eq(dg[1].sha256, hex);
    free(got);
}

/* About 3.5 MB per file: the 1 MiB buffer fills three times and the file
 * ends on a partial 4 KiB block. Every line is rebuilt here with
 * snprintf; the file, its checksum and its size must match. */
Test(report_csv, large_stream_matches_lines_and_checksum)
{
    enum { N = 50000 };
    fixture fx;
    rcm_metric_row *rows = malloc(N * sizeof *rows);
    size_t cap = 96u * N + sizeof HEADER, i, at;
    char *expected = malloc(cap);
    rcm_csv_digest dg[2];
    cr_assert(rows && expected);
    fixture_init(&fx);
    at = (size_t)snprintf(expected, cap, "%s", HEADER);
    for (i = 0; i < N; i++) {
        int64_t den = 7 + (int64_t)(i % 1000), num = (int64_t)(i % 7);
        rows[i] = school_row((uint32_t)(i & 1), 2000 + (int)(i % 30), num, den);
        at += (size_t)snprintf(expected + at, cap - at,
                               "cert_attainment,,%d,school,D1,%s,%s,all,all,%lld,%lld,0.%04lld,"
                               "reported\n",
                               2000 + (int)(i % 30), i & 1 ? "S2" : "S1",
                               i & 1 ? "\"Beta, High\"" : "Alpha High", (long long)num,
                               (long long)den, (long long)rows[i].value);
    }
    cr_assert(at % 4096 != 0, "the test wants a partial last block");
    stream_rows(&fx, rows, N, 777, "metrics.csv", "metrics_public.csv", dg);
    check_metrics_file(expected, at, dg);
    cr_assert_str_eq(dg[1].sha256, dg[0].sha256); /* nothing suppressed */
    free(expected);
    free(rows);
}

/* A line longer than the writer's 1 MiB buffer (a school name of 1.2 MB)
 * is written piece by piece, whole and in place. */
Test(report_csv, line_longer_than_the_buffer)
{
    enum { NAME = 1200000 };
    fixture fx;
    rcm_metric_row rows[3];
    rcm_csv_digest dg[2];
    char *name = malloc(NAME + 1), *want = malloc(NAME + 1024);
    size_t at;
    cr_assert(name && want);
    memset(name, 'N', NAME);
    name[NAME] = '\0';
    fixture_init(&fx);
    fx.school_names[1] = name;
    rows[0] = school_row(0, 2020, 1, 2);
    rows[1] = school_row(1, 2020, 1, 4);
    rows[2] = school_row(0, 2021, 3, 4);
    stream_rows(&fx, rows, 3, 3, "metrics.csv", "metrics_public.csv", dg);
    at = (size_t)sprintf(want, "%scert_attainment,,2020,school,D1,S1,Alpha High,all,all,1,2,"
                               "0.5000,reported\n", HEADER);
    at += (size_t)sprintf(want + at, "cert_attainment,,2020,school,D1,S2,%s,all,all,1,4,0.2500,"
                                     "reported\n", name);
    at += (size_t)sprintf(want + at, "cert_attainment,,2021,school,D1,S1,Alpha High,all,all,3,4,"
                                     "0.7500,reported\n");
    check_metrics_file(want, at, dg);
    free(want);
    free(name);
}

/* The plain writer (no direct I/O) gives the same bytes as the stream. */
Test(report_csv, plain_writer_equals_direct_stream)
{
    enum { N = 30011 };
    fixture fx;
    rcm_metric_row *rows = malloc(N * sizeof *rows);
    rcm_csv_writer *w = NULL;
    rcm_csv_digest dg[2];
    char path[256], digest[65];
    size_t i, len_a, len_b;
    uint64_t bytes;
    char *a, *b;
    FILE *f;
    cr_assert(rows != NULL);
    fixture_init(&fx);
    for (i = 0; i < N; i++)
        rows[i] = school_row((uint32_t)(i % 2), 2019 + (int)(i % 5), (int64_t)(i % 11),
                             11 + (int64_t)(i % 97));
    stream_rows(&fx, rows, N, 1000, "direct.csv", "direct_public.csv", dg);
    f = create("plain.csv", path, sizeof path);
    cr_assert_eq(rcm_csv_writer_new(&fx.cfg, &fx.cohort, &w), RCM_OK);
    rcm_report_csv_header(w, fileno(f));
    cr_assert_eq(rcm_report_csv_block(w, "", rows, N, NULL), RCM_OK);
    cr_assert_eq(rcm_csv_writer_finish(w), 0);
    rcm_csv_writer_digest(w, digest, &bytes);
    rcm_csv_writer_free(w);
    fclose(f);
    a = slurp(path, &len_a);
    snprintf(path, sizeof path, "%s/direct.csv", tmpdir);
    b = slurp(path, &len_b);
    cr_assert_eq(len_a, len_b);
    cr_assert(memcmp(a, b, len_a) == 0);
    cr_assert_str_eq(digest, dg[0].sha256);
    cr_assert_eq(bytes, (uint64_t)len_a);
    free(a);
    free(b);
    free(rows);
}

/* A descriptor that refuses direct I/O (/dev/null does): the writer stays
 * on plain writes and still counts and hashes every byte. */
Test(report_csv, direct_refused_stays_plain)
{
    fixture fx;
    rcm_csv_writer *w = NULL;
    rcm_metric_row row;
    int fd = open("/dev/null", O_WRONLY);
    char digest[65];
    uint64_t bytes;
    cr_assert(fd >= 0);
    fixture_init(&fx);
    row = school_row(0, 2020, 1, 2);
    cr_assert_eq(rcm_csv_writer_new(&fx.cfg, &fx.cohort, &w), RCM_OK);
    rcm_report_csv_header(w, fd);
    cr_assert_eq(rcm_csv_writer_direct(w), 0);
    cr_assert_eq(rcm_report_csv_block(w, "", &row, 1, NULL), RCM_OK);
    cr_assert_eq(rcm_csv_writer_finish(w), 0);
    rcm_csv_writer_digest(w, digest, &bytes);
    /* header + "cert_attainment,,2020,school,D1,S1,Alpha High,all,all,1,2,0.5000,reported\n" */
    cr_assert_eq(bytes, sizeof HEADER - 1 + 74);
    rcm_csv_writer_free(w);
    close(fd);
}

/* ------------------------------------------------------------ bgwrite */

#include "report/bgwrite.h"

/* Buffers handed over in turn reach the file in order (the thread starts
 * with the first), and the tail goes last. */
Test(report_csv, bgwrite_keeps_order)
{
    enum { CAP = 8192, ROUNDS = 40 };
    char path[256], *buf, *got, *want = malloc((size_t)CAP * ROUNDS + 10);
    int fd, i;
    size_t len;
    rcm_bgwrite *b;
    FILE *f = create("order.bin", path, sizeof path);
    cr_assert(want != NULL);
    fd = fileno(f);
    cr_assert((b = rcm_bgwrite_new(fd, CAP)) != NULL);
    buf = rcm_bgwrite_buffer(b);
    for (i = 0; i < ROUNDS; i++) {
        memset(buf, 'a' + i % 26, CAP);
        memset(want + (size_t)i * CAP, 'a' + i % 26, CAP);
        buf = rcm_bgwrite_swap(b, buf, CAP);
        cr_assert(buf != NULL);
    }
    memcpy(buf, "tail-bytes", 10);
    memcpy(want + (size_t)CAP * ROUNDS, "tail-bytes", 10);
    cr_assert_eq(rcm_bgwrite_finish(b, buf, 10), 0);
    rcm_bgwrite_free(b);
    fclose(f);
    got = slurp(path, &len);
    cr_assert_eq(len, (size_t)CAP * ROUNDS + 10);
    cr_assert(memcmp(got, want, len) == 0);
    free(got);
    free(want);
}

/* A write that fails (here: a descriptor open for reading only) is
 * reported with its errno by error() and finish(), not lost on the
 * thread. */
Test(report_csv, bgwrite_reports_a_failed_write)
{
    char path[256], *buf;
    int fd;
    rcm_bgwrite *b;
    fclose(create("readonly.bin", path, sizeof path));
    fd = open(path, O_RDONLY);
    cr_assert(fd >= 0);
    cr_assert((b = rcm_bgwrite_new(fd, 4096)) != NULL);
    buf = rcm_bgwrite_buffer(b);
    memset(buf, 'x', 4096);
    buf = rcm_bgwrite_swap(b, buf, 4096);
    buf = rcm_bgwrite_swap(b, buf, 4096);
    buf = rcm_bgwrite_swap(b, buf, 4096); /* all three handed over: returns once one is back */
    cr_assert_eq(rcm_bgwrite_error(b), EBADF);
    cr_assert_eq(rcm_bgwrite_finish(b, buf, 1), EBADF);
    rcm_bgwrite_free(b);
    close(fd);
}
