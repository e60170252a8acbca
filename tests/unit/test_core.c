/*
 * test_core.c - value parsers (SPEC 3 value rules), school-year labels
 * (SPEC 4), rounding (SPEC 8.1), string interning, the prefault helper
 * and the two-halves loop runner.
 */
#define _GNU_SOURCE /* mincore, MADV_POPULATE_WRITE */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/intern.h"
#include "core/parse.h"

static int date_ok(const char *s, int y, int m, int d)
{
    int32_t days;
    return rcm_parse_date(s, strlen(s), &days) == 0 && days == rcm_days_from_civil(y, m, d);
}

static int date_bad(const char *s)
{
    int32_t days;
    return rcm_parse_date(s, strlen(s), &days) != 0;
}

Test(parse, dates_in_three_formats)
{
    cr_assert(date_ok("2020-05-30", 2020, 5, 30));
    cr_assert(date_ok("6/1/2021", 2021, 6, 1));    /* one-digit month and day */
    cr_assert(date_ok("08/15/2020", 2020, 8, 15)); /* two-digit month and day */
    cr_assert(date_ok("20200602", 2020, 6, 2));
    cr_assert(date_ok("2020-02-29", 2020, 2, 29)); /* 2020 is a leap year */
}

Test(parse, impossible_dates_are_rejected)
{
    cr_assert(date_bad("2016-02-30")); /* the c1 conformance row A01 */
    cr_assert(date_bad("2019-02-29")); /* 2019 is not a leap year */
    cr_assert(date_bad("2020-13-01"));
    cr_assert(date_bad("2020-5-30"));
    cr_assert(date_bad("13/1/2020"));
    cr_assert(date_bad("1/1/20"));
    cr_assert(date_bad(""));
    cr_assert(date_bad("2020-05-30T00"));
}

Test(parse, epoch_day_numbers)
{
    int y, m, d;
    cr_assert_eq(rcm_days_from_civil(1970, 1, 1), 0);
    cr_assert_eq(rcm_days_from_civil(2000, 3, 1), 11017); /* 30 years incl. 7 leap days + Jan, Feb */
    rcm_civil_from_days(11017, &y, &m, &d);
    cr_assert(y == 2000 && m == 3 && d == 1);
}

static int school_year(const char *s, int bare_second)
{
    int label = -1;
    if (rcm_parse_school_year(s, strlen(s), bare_second, &label))
        return -1;
    return label;
}

Test(parse, school_year_labelled_by_second_calendar_year)
{
    cr_assert_eq(school_year("2019-2020", 1), 2020);
    cr_assert_eq(school_year("2019-20", 1), 2020);
    cr_assert_eq(school_year("1999-00", 1), 2000);
    cr_assert_eq(school_year("2020", 1), 2020); /* bare_year = second: the label itself */
    cr_assert_eq(school_year("2020", 0), 2021); /* bare_year = first: 2020-2021 */
}

Test(parse, school_year_second_must_follow_first)
{
    cr_assert_eq(school_year("2019-2021", 1), -1);
    cr_assert_eq(school_year("2019-19", 1), -1);
    cr_assert_eq(school_year("19-20", 1), -1);
    cr_assert_eq(school_year("2019/2020", 1), -1);
}

Test(parse, graduation_year_label)
{
    int label;
    cr_assert_eq(rcm_parse_grad_year("2021", 4, &label), 0);
    cr_assert_eq(label, 2021);
    cr_assert_eq(rcm_parse_grad_year("2019-2020", 9, &label), 0);
    cr_assert_eq(label, 2020);
}

Test(parse, flags_any_case)
{
    static const char *yes[] = {"Y", "y", "yes", "1", "TRUE", "True"};
    static const char *no[] = {"n", "N", "No", "0", "false"};
    static const char *neither[] = {"maybe", "x", "2", "", "Y ", "9", "\x19"};
    int v, i;
    for (i = 0; i < 6; i++) {
        cr_assert_eq(rcm_parse_flag(yes[i], strlen(yes[i]), &v), 0);
        cr_assert_eq(v, 1);
    }
    for (i = 0; i < 5; i++) {
        cr_assert_eq(rcm_parse_flag(no[i], strlen(no[i]), &v), 0);
        cr_assert_eq(v, 0);
    }
    for (i = 0; i < 7; i++)
        cr_assert_eq(rcm_parse_flag(neither[i], strlen(neither[i]), &v), -1, "%s", neither[i]);
}

static int64_t number(const char *s)
{
    int64_t v = INT64_MIN;
    rcm_parse_number(s, strlen(s), &v);
    return v;
}

Test(parse, numbers_are_exact_fixed_point)
{
    cr_assert_eq(number("12"), 12000000);
    cr_assert_eq(number("1.5"), 1500000);
    cr_assert_eq(number("-0.25"), -250000);
    cr_assert_eq(number("+3"), 3000000);
    cr_assert_eq(number("0.0000005"), 1); /* 7th decimal rounds half away from zero */
    cr_assert_eq(number("1e3"), INT64_MIN);
    cr_assert_eq(number("1,000"), INT64_MIN);
    cr_assert_eq(number("1."), INT64_MIN);
    cr_assert_eq(number(".5"), INT64_MIN);
    cr_assert_eq(number(""), INT64_MIN);
}

Test(parse, grades)
{
    int g;
    cr_assert(rcm_parse_grade("09", 2, &g) == 0 && g == 9); /* leading zero ok */
    cr_assert(rcm_parse_grade("12", 2, &g) == 0 && g == 12);
    cr_assert(rcm_parse_grade("kg", 2, &g) == 0 && g == 0);
    cr_assert(rcm_parse_grade("PK", 2, &g) == 0 && g == -1);
    cr_assert_eq(rcm_parse_grade("13", 2, &g), -1); /* the c1 conformance row A25 */
    cr_assert_eq(rcm_parse_grade("0", 1, &g), -1);
    cr_assert(rcm_parse_grade("Kg", 2, &g) == 0 && g == 0);
    cr_assert_eq(rcm_parse_grade("9x", 2, &g), -1);
    cr_assert_eq(rcm_parse_grade("k", 1, &g), -1);
    cr_assert_eq(rcm_parse_grade("", 0, &g), -1);
}

Test(labels, date_belongs_to_next_year_end)
{
    /* year_end 08-31: 2020-06-15 -> 2020, 2020-08-31 -> 2020, 2020-09-01 -> 2021 */
    cr_assert_eq(rcm_label_of_date(rcm_days_from_civil(2020, 6, 15), 8, 31), 2020);
    cr_assert_eq(rcm_label_of_date(rcm_days_from_civil(2020, 8, 31), 8, 31), 2020);
    cr_assert_eq(rcm_label_of_date(rcm_days_from_civil(2020, 9, 1), 8, 31), 2021);
    cr_assert_eq(rcm_label_of_date(rcm_days_from_civil(2020, 7, 1), 6, 30), 2021);
    cr_assert_eq(rcm_year_end(2020, 8, 31), rcm_days_from_civil(2020, 8, 31));
}

Test(rounding, half_away_from_zero_from_integers)
{
    char buf[32];
    cr_assert_eq(rcm_div_round(6 * 10000, 14), 4286);  /* 0.428571 -> 0.4286 */
    cr_assert_eq(rcm_div_round(1 * 10000, 8), 1250);   /* exact */
    cr_assert_eq(rcm_div_round(5, 10), 1);             /* 0.5 -> 1 */
    cr_assert_eq(rcm_div_round(-5, 10), -1);           /* -0.5 -> -1 */
    rcm_format_fixed(buf, 2673, 4, 4);
    cr_assert_str_eq(buf, "0.2673");
    rcm_format_fixed(buf, 64500, 3, 1); /* PFS points in thousandths */
    cr_assert_str_eq(buf, "64.5");
    rcm_format_fixed(buf, 3650, 3, 1); /* 3.65 -> 3.7 half away from zero */
    cr_assert_str_eq(buf, "3.7");
    rcm_format_fixed(buf, 62500, 2, 2);
    cr_assert_str_eq(buf, "625.00");
    rcm_format_fixed(buf, 7, 0, 0);
    cr_assert_str_eq(buf, "7");
}

/* The metrics files' numbers (no rescaling, 0-4 decimals) against
 * printf, at digit-count edges and on random values up to INT64_MAX. */
Test(rounding, fixed_point_formatting_matches_printf)
{
    static const uint64_t pow10[5] = {1, 10, 100, 1000, 10000};
    uint64_t seed = 88172645463325252ULL;
    int d, i;
    for (d = 0; d <= 4; d++)
        for (i = 0; i < 3000; i++) {
            char got[40], want[40];
            uint64_t v;
            if (i < 40) { /* 0, 1, 9, 10, 11, 99, 100, 101, ... and the largest */
                uint64_t p10 = 1;
                int k;
                for (k = 0; k < i / 3 && p10 <= UINT64_MAX / 10; k++)
                    p10 *= 10;
                v = i % 3 == 0 ? p10 - 1 : i % 3 == 1 ? p10 : p10 + 1;
                if (i == 39)
                    v = (uint64_t)INT64_MAX;
                if (v > (uint64_t)INT64_MAX)
                    v = (uint64_t)INT64_MAX;
            } else {
                seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
                v = (seed >> (i % 60)) & (uint64_t)INT64_MAX;
            }
            rcm_format_fixed(got, (int64_t)v, d, d);
            if (d)
                snprintf(want, sizeof want, "%llu.%0*llu", (unsigned long long)(v / pow10[d]), d,
                         (unsigned long long)(v % pow10[d]));
            else
                snprintf(want, sizeof want, "%llu", (unsigned long long)v);
            cr_assert_str_eq(got, want, "v=%llu decimals=%d", (unsigned long long)v, d);
        }
}

Test(intern, ids_dense_from_one_and_ranks_in_byte_order)
{
    rcm_intern *t = rcm_intern_new();
    uint32_t a, b, c, again;
    uint32_t *rank;
    cr_assert_eq(rcm_intern_put(t, "S2", 2, &a), 0);
    cr_assert_eq(rcm_intern_put(t, "007", 3, &b), 0);
    cr_assert_eq(rcm_intern_put(t, "S10", 3, &c), 0);
    cr_assert_eq(rcm_intern_put(t, "S2", 2, &again), 0);
    cr_assert(a == 1 && b == 2 && c == 3 && again == 1);
    cr_assert_str_eq(rcm_intern_str(t, b), "007"); /* leading zeros kept */
    rank = rcm_intern_ranks(t);
    /* byte order: "007" < "S10" < "S2" */
    cr_assert(rank[b] == 0 && rank[c] == 1 && rank[a] == 2);
    free(rank);
    cr_assert_eq(rcm_intern_find(t, "S10", 3), 3);
    cr_assert_eq(rcm_intern_find(t, "S3", 2), 0);
    rcm_intern_free(t);
}

/* Ids "S0000000".. for from..to-1 are put (new: dense ids from one) and
 * every step-th is found again. */
static void put_ids(rcm_intern *t, uint32_t from, uint32_t to)
{
    char buf[16];
    uint32_t id, i;
    for (i = from; i < to; i++) {
        int n = snprintf(buf, sizeof buf, "S%07u", i);
        cr_assert_eq(rcm_intern_put(t, buf, (size_t)n, &id), 0);
        cr_assert_eq(id, i + 1);
    }
}

static void find_ids(rcm_intern *t, uint32_t to, uint32_t step)
{
    char buf[16];
    uint32_t i;
    for (i = 0; i < to; i += step) {
        int n = snprintf(buf, sizeof buf, "S%07u", i);
        cr_assert_eq(rcm_intern_find(t, buf, (size_t)n), i + 1, "S%07u", i);
    }
}

Test(intern, survives_growth)
{
    rcm_intern *t = rcm_intern_new();
    put_ids(t, 0, 50000);
    cr_assert_eq(rcm_intern_find(t, "S0004242", 8), 4243);
    find_ids(t, 50000, 1);
    rcm_intern_free(t);
}

/* Past 40% of its slots the next table is made ready beside the current
 * one and faulted in by a helper (from 8 MiB); ids stay dense and every
 * string is found again after the move. */
Test(intern, survives_growth_through_the_prepared_tables)
{
    rcm_intern *t = rcm_intern_new();
    uint32_t id;
    /* 900,000 ids: 2Mi slots, past the 40% at which the next table is made
     * ready */
    put_ids(t, 0, 900000);
    find_ids(t, 900000, 997);
    cr_assert_eq(rcm_intern_put(t, "S0000997", 8, &id), 0);
    cr_assert_eq(id, 998); /* an old string keeps its id */
    cr_assert_eq(rcm_intern_count(t), 900000);
    cr_assert_eq(rcm_intern_find(t, "S0900000", 8), 0);
    /* settled: the ready table is dropped, and puts still grow the table
     * (past 50% of 2Mi at 1,048,577 ids) */
    rcm_intern_settle(t);
    put_ids(t, 900000, 1300000);
    find_ids(t, 1300000, 4999);
    rcm_intern_settle(NULL);
    rcm_intern_free(t);
}

Test(parse, text_is_utf8_without_nul)
{
    cr_assert(rcm_valid_text("Espa\xc3\xb1" "a", 6)); /* n with tilde, 2 bytes */
    cr_assert(rcm_valid_text("\xe2\x82\xac", 3));      /* euro sign */
    cr_assert(!rcm_valid_text("Espa\xf1" "a", 6));     /* Latin-1 byte */
    cr_assert(!rcm_valid_text("U\xc0\xaf", 3));        /* overlong '/' */
    cr_assert(!rcm_valid_text("\xed\xa0\x80", 3));     /* a surrogate */
    cr_assert(!rcm_valid_text("A\0B", 3));             /* NUL */
    cr_assert(!rcm_valid_text("\xe2\x82", 2));         /* cut short */
    cr_assert(rcm_valid_text("", 0));
}

Test(parse, numbers_above_1e12_are_invalid)
{
    cr_assert_eq(number("1000000000000"), 1000000000000LL * 1000000);
    cr_assert_eq(number("1000000000000.9"), INT64_MIN);
    cr_assert_eq(number("1000000000001"), INT64_MIN);
}

Test(parse, text_check_sees_bad_bytes_past_the_first_eight)
{
    /* the ASCII fast path reads 8 bytes at a time: a NUL or a bad byte at
     * every position of a 20-byte value must still be found */
    char buf[20];
    size_t i;
    memset(buf, 'a', sizeof buf);
    cr_assert(rcm_valid_text(buf, sizeof buf));
    for (i = 0; i < sizeof buf; i++) {
        buf[i] = '\0';
        cr_assert(!rcm_valid_text(buf, sizeof buf), "NUL at %zu", i);
        buf[i] = (char)0xff;
        cr_assert(!rcm_valid_text(buf, sizeof buf), "0xff at %zu", i);
        buf[i] = 'a';
    }
    memcpy(buf + 12, "\xc3\xa9", 2); /* e-acute after the first word */
    cr_assert(rcm_valid_text(buf, sizeof buf));
}

/* ------------------------------------------------------------ prefault */

#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/prefault.h"

static size_t resident_pages(void *p, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), n = len / page, i, count = 0;
    unsigned char *vec = malloc(n);
    cr_assert(vec && mincore(p, len, vec) == 0);
    for (i = 0; i < n; i++)
        count += vec[i] & 1;
    free(vec);
    return count;
}

/* len bytes of fresh anonymous memory; the test is skipped where the
 * kernel cannot populate pages on request. */
static unsigned char *fresh_pages(size_t len)
{
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                            -1, 0);
    cr_assert(p != MAP_FAILED);
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    if (madvise(p, (size_t)sysconf(_SC_PAGESIZE), MADV_POPULATE_WRITE) != 0)
        cr_skip_test("this kernel has no MADV_POPULATE_WRITE");
#else
    cr_skip_test("no MADV_POPULATE_WRITE here");
#endif
    return p;
}

/* The helper maps every page of the range and changes no byte: what was
 * written stays, the rest reads as zero. */
Test(prefault, maps_pages_and_keeps_contents)
{
    size_t len = (size_t)16 << 20, page = (size_t)sysconf(_SC_PAGESIZE), i;
    unsigned char *p = fresh_pages(len);
    struct timespec pause = {0, 10 * 1000 * 1000};
    rcm_prefault *pf;
    int tries;
    memset(p, 0xA5, page);
    memset(p + len / 2, 0x5A, 100);
    cr_assert_lt(resident_pages(p, len), len / page / 2);
    {
        rcm_range r = {p, len};
        pf = rcm_prefault_start(&r, 1);
    }
    cr_assert(pf != NULL);
    /* the helper runs in idle time only: give it up to 5 s on a busy machine */
    for (tries = 0; tries < 500 && resident_pages(p, len) < len / page; tries++)
        nanosleep(&pause, NULL);
    rcm_prefault_stop(pf);
    cr_assert_eq(resident_pages(p, len), len / page);
    for (i = 0; i < page; i++)
        cr_assert_eq(p[i], 0xA5);
    for (i = 0; i < 100; i++)
        cr_assert_eq(p[len / 2 + i], 0x5A);
    cr_assert_eq(p[len / 2 + 100], 0);
    cr_assert_eq(p[len - 1], 0);
    munmap(p, len);
}

/* done(pf, i) turns 1 once ranges 0..i are in, and stays 1; a range too
 * small to fault counts as done; NULL is always done. */
Test(prefault, reports_each_range_done_in_order)
{
    size_t len = (size_t)8 << 20, page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *p = fresh_pages(2 * len);
    struct timespec pause = {0, 10 * 1000 * 1000};
    char small[64];
    rcm_range r[3];
    rcm_prefault *pf;
    int tries;
    cr_assert(rcm_prefault_done(NULL, 0));
    r[0] = (rcm_range){p, len};
    r[1] = (rcm_range){small, sizeof small};
    r[2] = (rcm_range){p + len, len};
    cr_assert_not_null(pf = rcm_prefault_start(r, 3));
    for (tries = 0; tries < 500 && !rcm_prefault_done(pf, 2); tries++)
        nanosleep(&pause, NULL);
    cr_assert(rcm_prefault_done(pf, 0) && rcm_prefault_done(pf, 1) && rcm_prefault_done(pf, 2));
    cr_assert_eq(resident_pages(p, 2 * len), 2 * len / page);
    rcm_prefault_stop(pf);
    munmap(p, 2 * len);
}

/* Ranges too small to be worth a thread start nothing; stop(NULL) is a
 * no-op. */
Test(prefault, small_ranges_start_nothing)
{
    char buf[4096];
    rcm_range small[2] = {{buf, sizeof buf}, {NULL, (size_t)64 << 20}};
    cr_assert_null(rcm_prefault_start(small, 2));
    cr_assert_null(rcm_prefault_start(NULL, 0));
    rcm_prefault_stop(NULL);
}

/* ------------------------------------------------------------ halves */

#include <limits.h>

#include "core/arena.h"
#include "core/halves.h"

typedef struct {
    uint64_t sum;
    uint32_t lo, hi, calls;
} range_sum;

static int sum_range(void *arg, uint32_t lo, uint32_t hi)
{
    range_sum *r = arg;
    uint32_t i;
    r->lo = lo, r->hi = hi, r->calls++;
    for (i = lo; i < hi; i++)
        r->sum += i;
    return hi == 777 ? 1 : 0; /* a "failure" the caller must see */
}

/* Two halves cover the range once between them; small ranges, injected
 * allocation failures and a missing second state keep one thread. */
Test(halves, two_halves_cover_the_range_once)
{
    range_sum a = {0}, b = {0};
    int split;
    cr_assert_eq(rcm_run_halves(sum_range, &a, &b, 1, 100001, 1000, &split), 0);
    cr_assert_eq(split, 1);
    cr_assert_eq(a.sum + b.sum, 100000ull * 100001 / 2);
    cr_assert(b.lo == 1 && b.hi == 50001 && a.lo == 50001 && a.hi == 100001);
    memset(&a, 0, sizeof a), memset(&b, 0, sizeof b);
    cr_assert_eq(rcm_run_halves(sum_range, &a, &b, 1, 500, 1000, &split), 0);
    cr_assert(split == 0 && b.calls == 0 && a.sum == 499ull * 500 / 2);
    memset(&a, 0, sizeof a);
    cr_assert_eq(rcm_run_halves(sum_range, &a, NULL, 1, 100001, 1000, &split), 0);
    cr_assert(split == 0 && a.calls == 1);
    memset(&a, 0, sizeof a), memset(&b, 0, sizeof b);
    rcm_alloc_fail_at(ULONG_MAX);
    cr_assert_eq(rcm_run_halves(sum_range, &a, &b, 1, 100001, 1000, &split), 0);
    rcm_alloc_fail_at(0);
    cr_assert(split == 0 && b.calls == 0);
    memset(&a, 0, sizeof a), memset(&b, 0, sizeof b);
    cr_assert_neq(rcm_run_halves(sum_range, &a, &b, 1, 777, 10, &split), 0); /* rest fails */
}
