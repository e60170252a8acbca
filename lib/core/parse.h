/*
 * parse.h - checked parsers for the value syntax of SPEC section 3.
 *
 * Every parser takes a byte range (not NUL-terminated) that the caller has
 * already trimmed, and returns 0 when valid or -1 when not; outputs are only
 * written on success. No locale, no strtod: results are exact and identical
 * on every machine.
 */
#ifndef RCM_CORE_PARSE_H
#define RCM_CORE_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Dates are days since 1970-01-01. RCM_NO_DATE marks an empty date. */
#define RCM_NO_DATE INT32_MIN
/* Fixed-point numbers: value * RCM_FIXED_ONE, 6 decimals. */
#define RCM_FIXED_ONE 1000000LL

/* Trim ASCII blanks (space, tab, CR, LF) from both ends of s[0..*len). */
void rcm_trim(const char **s, size_t *len);
/* ASCII case-insensitive equality of s[0..len) and NUL-terminated t. */
int rcm_ieq(const char *s, size_t len, const char *t);

int32_t rcm_days_from_civil(int y, int m, int d);
void rcm_civil_from_days(int32_t days, int *y, int *m, int *d);
int rcm_valid_ymd(int y, int m, int d);

/* YYYY-MM-DD, M/D/YYYY (one or two digit month/day) or YYYYMMDD, validated
 * (no Feb 30; years 1900-2199). */
int rcm_parse_date(const char *s, size_t len, int32_t *days);
/* School year: 2019-2020, 2019-20, or a bare year. A bare year is the label
 * itself when bare_second is 1, the first calendar year when 0. The second
 * year must be the first plus one. *label = second calendar year. */
int rcm_parse_school_year(const char *s, size_t len, int bare_second, int *label);
/* Graduation-year label (cohort_year, catalog years): a bare year is the
 * label; 2019-2020 / 2019-20 is accepted as 2020. */
int rcm_parse_grad_year(const char *s, size_t len, int *label);
/* Y/N/Yes/No/1/0/True/False, any case. *yes = 1 or 0. */
int rcm_parse_flag(const char *s, size_t len, int *yes);
/* [+-]digits[.digits], no exponent, no separators; more than 6 decimals are
 * rounded half away from zero. *fixed = value * RCM_FIXED_ONE. Magnitudes
 * above 1e12 are invalid. */
int rcm_parse_number(const char *s, size_t len, int64_t *fixed);
/* PK, KG, 1..12 with optional leading zeros. PK = -1, KG = 0. */
int rcm_parse_grade(const char *s, size_t len, int *grade);
/* Plain non-negative decimal integer up to max. */
int rcm_parse_uint(const char *s, size_t len, uint64_t max, uint64_t *out);
/* MM-DD (a valid day in a leap year, not 02-29), for cohort.year_end. */
int rcm_parse_month_day(const char *s, size_t len, int *month, int *day);

/* Text: valid UTF-8 without NUL bytes (identifiers and names; a NUL would
 * silently cut a value short downstream). */
int rcm_valid_text(const char *s, size_t len);

/* School-year label of a date given year_end MM-DD: the year of the next
 * year_end on or after the date (year_end 08-31: 2020-06-15 -> 2020,
 * 2020-09-01 -> 2021). */
int rcm_label_of_date(int32_t days, int ye_month, int ye_day);
/* The year_end date of label L. */
int32_t rcm_year_end(int label, int ye_month, int ye_day);

/* Integer division rounded half away from zero (den > 0). */
int64_t rcm_div_round(int64_t num, int64_t den);
/* Format fixed-point v (scaled by 10^scale_digits) with `decimals` decimals,
 * rounding half away from zero; returns bytes written (buf >= 32). */
size_t rcm_format_fixed(char *buf, int64_t v, int scale_digits, int decimals);
/* v in decimal at buf (up to 20 bytes, no NUL, two digits per step);
 * returns the length. */
size_t rcm_format_uint(char *buf, uint64_t v);

#endif
