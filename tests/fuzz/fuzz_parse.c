/*
 * fuzz_parse.c - the value parsers of lib/core/parse.h (SPEC 3 value
 * syntax): any bytes are accepted or refused, never read out of bounds
 * (the input is not NUL-terminated, as in the CSV reader's fields), and
 * every accepted value is in range and survives a round trip through its
 * canonical spelling.
 *
 * The first byte picks the parser; the rest is the value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "fuzz.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

static void fuzz_date(const char *s, size_t n)
{
    int32_t days, again;
    int y, m, d;
    char buf[16];
    if (rcm_parse_date(s, n, &days))
        return;
    rcm_civil_from_days(days, &y, &m, &d);
    check(rcm_valid_ymd(y, m, d));
    check(rcm_days_from_civil(y, m, d) == days);
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    check(rcm_parse_date(buf, strlen(buf), &again) == 0 && again == days);
}

static void fuzz_school_year(const char *s, size_t n, int bare_second)
{
    int label, again;
    char buf[16];
    if (rcm_parse_school_year(s, n, bare_second, &label))
        return;
    /* years 1900-2199 (parse.c); the label is the second calendar year */
    check(label >= 1900 && label <= 2199);
    if (label == 1900)
        return; /* a bare 1900 (bare_year second) has no YYYY-YYYY spelling */
    snprintf(buf, sizeof buf, "%d-%d", label - 1, label);
    check(rcm_parse_school_year(buf, strlen(buf), bare_second, &again) == 0 && again == label);
    check(rcm_parse_grad_year(buf, strlen(buf), &again) == 0 && again == label);
}

static void fuzz_number(const char *s, size_t n)
{
    int64_t fixed, again;
    char buf[48];
    size_t len;
    if (rcm_parse_number(s, n, &fixed))
        return;
    /* integer parts above 1e12 are invalid (parse.h; the decimals of
     * 1000000000000.5 still pass, a harmless edge) */
    check(fixed <= 1000000000001LL * RCM_FIXED_ONE && fixed >= -1000000000001LL * RCM_FIXED_ONE);
    len = rcm_format_fixed(buf, fixed, 6, 6);
    check(len > 0 && len < sizeof buf && buf[len] == '\0');
    check(rcm_parse_number(buf, len, &again) == 0 && again == fixed);
}

static void fuzz_small(int which, const char *s, size_t n)
{
    int v = 0, m = 0, d = 0;
    uint64_t u;
    const char *t = s;
    size_t tn = n;
    switch (which) {
    case 0:
        if (!rcm_parse_grade(s, n, &v))
            check(v >= -1 && v <= 12);
        break;
    case 1:
        if (!rcm_parse_flag(s, n, &v))
            check(v == 0 || v == 1);
        break;
    case 2:
        if (!rcm_parse_month_day(s, n, &m, &d))
            check(rcm_valid_ymd(2001, m, d));
        break;
    case 3:
        if (!rcm_parse_uint(s, n, (uint64_t)1 << 40, &u))
            check(u <= (uint64_t)1 << 40);
        break;
    default:
        rcm_trim(&t, &tn);
        check(t >= s && t + tn <= s + n);
        check(!tn || (t[0] != ' ' && t[0] != '\t' && t[tn - 1] != ' ' && t[tn - 1] != '\n'));
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s;
    size_t n;
    int32_t days;
    if (size == 0)
        return 0;
    /* an exact-size copy: a read past the end is an ASan error */
    n = size - 1;
    s = malloc(n ? n : 1);
    check(s != NULL);
    memcpy(s, data + 1, n);
    switch (data[0] % 8) {
    case 0: fuzz_date(s, n); break;
    case 1: fuzz_school_year(s, n, 1); break;
    case 2: fuzz_school_year(s, n, 0); break;
    case 3:
        if (!rcm_parse_grad_year(s, n, &days))
            check(days >= 1900 && days <= 2199);
        break;
    case 4: fuzz_number(s, n); break;
    default: fuzz_small(data[0] / 8 % 5, s, n); break;
    }
    free(s);
    return 0;
}
