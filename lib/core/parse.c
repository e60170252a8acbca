/*
 * parse.c - checked value parsers (SPEC 3 value rules) and fixed-point
 * arithmetic helpers. No locale-dependent calls, no floating point.
 */
#include <string.h>

#include "core/parse.h"

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

void rcm_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && is_blank(*p)) {
        p++;
        n--;
    }
    while (n && is_blank(p[n - 1]))
        n--;
    *s = p;
    *len = n;
}

int rcm_ieq(const char *s, size_t len, const char *t)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (!t[i] || lower(s[i]) != lower(t[i]))
            return 0;
    return t[len] == '\0';
}

/* Days from civil date (proleptic Gregorian), after H. Hinnant's algorithm. */
int32_t rcm_days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void rcm_civil_from_days(int32_t z, int *y, int *m, int *d)
{
    int era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int rcm_valid_ymd(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Read exactly n digits at s into *v. */
static int digits(const char *s, size_t n, int *v)
{
    size_t i;
    int x = 0;
    for (i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

static int make_date(int y, int m, int d, int32_t *days)
{
    if (!rcm_valid_ymd(y, m, d))
        return -1;
    *days = rcm_days_from_civil(y, m, d);
    return 0;
}

int rcm_parse_date(const char *s, size_t len, int32_t *days)
{
    int y, m, d;
    const char *p, *q;
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
            return -1;
        return make_date(y, m, d, days);
    }
    if (len == 8 && !memchr(s, '/', len)) {
        if (digits(s, 4, &y) || digits(s + 4, 2, &m) || digits(s + 6, 2, &d))
            return -1;
        return make_date(y, m, d, days);
    }
    /* M/D/YYYY with one or two digit month and day */
    p = memchr(s, '/', len);
    if (!p || p == s || p - s > 2)
        return -1;
    q = memchr(p + 1, '/', len - (size_t)(p + 1 - s));
    if (!q || q == p + 1 || q - p - 1 > 2 || (size_t)(s + len - q - 1) != 4)
        return -1;
    if (digits(s, (size_t)(p - s), &m) || digits(p + 1, (size_t)(q - p - 1), &d) ||
        digits(q + 1, 4, &y))
        return -1;
    return make_date(y, m, d, days);
}

static int year_ok(int y) { return y >= 1900 && y <= 2199; }

/* Parses "YYYY-YYYY", "YYYY-YY" or "YYYY"; *first, *second (0 when bare). */
static int split_years(const char *s, size_t len, int *first, int *second)
{
    int a, b;
    if (len == 4) {
        if (digits(s, 4, &a) || !year_ok(a))
            return -1;
        *first = a;
        *second = 0;
        return 0;
    }
    if ((len != 9 && len != 7) || s[4] != '-' || digits(s, 4, &a) || !year_ok(a))
        return -1;
    if (len == 9) {
        if (digits(s + 5, 4, &b))
            return -1;
    } else {
        int yy;
        if (digits(s + 5, 2, &yy))
            return -1;
        b = (a / 100) * 100 + yy;
        if (b < a)
            b += 100; /* 1999-00 */
    }
    if (b != a + 1)
        return -1;
    *first = a;
    *second = b;
    return 0;
}

int rcm_parse_school_year(const char *s, size_t len, int bare_second, int *label)
{
    int a, b;
    if (split_years(s, len, &a, &b))
        return -1;
    if (!b)
        b = bare_second ? a : a + 1;
    if (!year_ok(b))
        return -1;
    *label = b;
    return 0;
}

int rcm_parse_grad_year(const char *s, size_t len, int *label)
{
    return rcm_parse_school_year(s, len, 1, label);
}

int rcm_parse_flag(const char *s, size_t len, int *yes)
{
    static const char *const yes_words[] = {"y", "yes", "1", "true"};
    static const char *const no_words[] = {"n", "no", "0", "false"};
    size_t i;
    if (len == 1) { /* Y / N / 1 / 0: nearly every value of a state's export */
        char c = (char)(s[0] | 0x20);
        if (c == 'y' || s[0] == '1' || c == 'n' || s[0] == '0') {
            *yes = c == 'y' || s[0] == '1';
            return 0;
        }
        return -1;
    }
    for (i = 0; i < 4; i++) {
        if (rcm_ieq(s, len, yes_words[i])) {
            *yes = 1;
            return 0;
        }
        if (rcm_ieq(s, len, no_words[i])) {
            *yes = 0;
            return 0;
        }
    }
    return -1;
}

int rcm_parse_number(const char *s, size_t len, int64_t *fixed)
{
    size_t i = 0;
    int neg = 0, nd = 0, nf = 0, round_up = 0;
    int64_t ip = 0, fp = 0;
    if (len && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    for (; i < len && is_digit(s[i]); i++, nd++) {
        if (ip > 1000000000000LL)
            return -1;
        ip = ip * 10 + (s[i] - '0');
    }
    if (!nd)
        return -1;
    if (i < len) {
        if (s[i] != '.')
            return -1;
        for (i++; i < len && is_digit(s[i]); i++, nf++) {
            if (nf < 6)
                fp = fp * 10 + (s[i] - '0');
            else if (nf == 6)
                round_up = s[i] >= '5';
        }
        if (!nf || i < len)
            return -1;
    }
    if (ip > 1000000000000LL || (ip == 1000000000000LL && (fp || round_up)))
        return -1; /* magnitudes above 1e12 are invalid (parse.h) */
    for (; nf < 6; nf++)
        fp *= 10;
    *fixed = ip * RCM_FIXED_ONE + fp + round_up;
    if (neg)
        *fixed = -*fixed;
    return 0;
}

int rcm_parse_grade(const char *s, size_t len, int *grade)
{
    uint64_t v;
    if (len && s[0] >= '0' && s[0] <= '9') /* a number: skip the words */
        goto number;
    if (rcm_ieq(s, len, "pk")) {
        *grade = -1;
        return 0;
    }
    if (rcm_ieq(s, len, "kg")) {
        *grade = 0;
        return 0;
    }
number:
    if (len > 3 || rcm_parse_uint(s, len, 99, &v) || v < 1 || v > 12)
        return -1;
    *grade = (int)v;
    return 0;
}

int rcm_parse_uint(const char *s, size_t len, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;
    if (!len)
        return -1;
    for (i = 0; i < len; i++) {
        if (!is_digit(s[i]))
            return -1;
        if (v > (max - (uint64_t)(s[i] - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int rcm_parse_month_day(const char *s, size_t len, int *month, int *day)
{
    int m, d;
    if (len != 5 || s[2] != '-' || digits(s, 2, &m) || digits(s + 3, 2, &d))
        return -1;
    if (!rcm_valid_ymd(2001, m, d)) /* a non-leap year: 02-29 is refused */
        return -1;
    *month = m;
    *day = d;
    return 0;
}

int rcm_label_of_date(int32_t days, int ye_month, int ye_day)
{
    int y, m, d;
    rcm_civil_from_days(days, &y, &m, &d);
    if (m < ye_month || (m == ye_month && d <= ye_day))
        return y;
    return y + 1;
}

int32_t rcm_year_end(int label, int ye_month, int ye_day)
{
    return rcm_days_from_civil(label, ye_month, ye_day);
}

int64_t rcm_div_round(int64_t num, int64_t den)
{
    int neg = (num < 0) != (den < 0);
    uint64_t n = (uint64_t)(num < 0 ? -num : num), dd = (uint64_t)(den < 0 ? -den : den);
    uint64_t q = n / dd, r = n % dd;
    if (r * 2 >= dd)
        q++;
    return neg ? -(int64_t)q : (int64_t)q;
}

static const char two_digits[201] = "00010203040506070809101112131415161718192021222324"
                                    "25262728293031323334353637383940414243444546474849"
                                    "50515253545556575859606162636465666768697071727374"
                                    "75767778798081828384858687888990919293949596979899";

size_t rcm_format_uint(char *buf, uint64_t v)
{
    char tmp[24], *e = tmp + sizeof tmp, *q = e;
    while (v >= 100) {
        q -= 2;
        memcpy(q, two_digits + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        q -= 2;
        memcpy(q, two_digits + 2 * v, 2);
    } else {
        *--q = (char)('0' + v);
    }
    memcpy(buf, q, (size_t)(e - q));
    return (size_t)(e - q);
}

/* The common case of the metrics files (9 million rows each at a state's
 * size): no rescaling, not negative, at most 4 decimals. Constant divisors
 * become multiplications. */
static size_t fixed_plain(char *buf, uint64_t v, int decimals)
{
    uint64_t ip, fp;
    size_t n;
    switch (decimals) {
    case 1: ip = v / 10, fp = v % 10; break;
    case 2: ip = v / 100, fp = v % 100; break;
    case 3: ip = v / 1000, fp = v % 1000; break;
    case 4: ip = v / 10000, fp = v % 10000; break;
    default: ip = v, fp = 0; break;
    }
    n = rcm_format_uint(buf, ip);
    if (decimals) {
        int i;
        buf[n++] = '.';
        for (i = decimals - 1; i >= 0; i--, fp /= 10)
            buf[n + (size_t)i] = (char)('0' + fp % 10);
        n += (size_t)decimals;
    }
    buf[n] = '\0';
    return n;
}

size_t rcm_format_fixed(char *buf, int64_t v, int scale_digits, int decimals)
{
    int64_t p = 1, ip, fp;
    int i, neg;
    char tmp[32];
    size_t n = 0, k = 0;
    if (scale_digits == decimals && v >= 0 && decimals >= 0 && decimals <= 4)
        return fixed_plain(buf, (uint64_t)v, decimals);
    /* rescale v from scale_digits to decimals, rounding half away from zero */
    if (scale_digits > decimals) {
        for (i = decimals; i < scale_digits; i++)
            p *= 10;
        v = rcm_div_round(v, p);
    } else {
        for (i = scale_digits; i < decimals; i++)
            v *= 10;
    }
    neg = v < 0;
    if (neg)
        v = -v;
    for (p = 1, i = 0; i < decimals; i++)
        p *= 10;
    ip = v / p;
    fp = v % p;
    if (neg && v)
        buf[n++] = '-';
    do {
        tmp[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (k)
        buf[n++] = tmp[--k];
    if (decimals) {
        buf[n++] = '.';
        for (i = decimals - 1; i >= 0; i--) {
            buf[n + (size_t)i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        n += (size_t)decimals;
    }
    buf[n] = '\0';
    return n;
}

int rcm_valid_text(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c, need, cp, min;
        uint64_t w;
        /* ids and names are nearly always ASCII: eight bytes at a time while
         * no byte has its high bit set and none is 0 */
        while (end - p >= 8) {
            memcpy(&w, p, 8);
            if ((w & 0x8080808080808080ULL) ||
                ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
                break;
            p += 8;
        }
        if (p == end)
            break;
        c = *p;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            p++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) {
            need = 1, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            need = 2, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if ((size_t)(end - p) <= need)
            return 0;
        for (p++; need; need--, p++) {
            if ((*p & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (*p & 0x3f);
        }
        /* no overlong forms, no surrogates, nothing past U+10FFFF */
        if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return 0;
    }
    return 1;
}
