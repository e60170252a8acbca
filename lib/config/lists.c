/*
 * lists.c - the list-valued settings of a profile: code and metric lists,
 * grade lists, the Ohio letter-grade scale, [columns.*] headers and
 * [codes.*] aliases (SPEC 2, 6).
 *
 * keys.c decides which key is which and calls these; every function here
 * parses the whole value first and writes rcm_config only when it is valid.
 */
#include <string.h>

#include "config/internal.h"
#include "core/diag.h"
#include "core/parse.h"

#define ONE RCM_FIXED_ONE
#define SHOWN 80 /* bytes of a bad value quoted in a message */

_Static_assert(RCM_EXIT_COUNT <= 32 && RCM_DIPLOMA_COUNT <= 32 && RCM_KIND_COUNT <= 32 &&
                   RCM_METRIC_COUNT <= 32,
               "lists are collected in 32 flags");
_Static_assert(sizeof(((rcm_config *)0)->enrolled_grades) == 14, "grades PK, KG, 1..12");
_Static_assert(sizeof(((rcm_config *)0)->grades) / sizeof(((rcm_config *)0)->grades[0]) == 8,
               "at most 8 letter grades");

/* Items of a comma-separated list, each trimmed. An empty value is a list
 * of no items; "a,,b" and "a," have an empty item. */
typedef struct {
    const char *rest;
    int done;
} list_iter;

static void list_init(list_iter *it, const char *value)
{
    it->rest = value;
    it->done = !*value;
}

static int list_next(list_iter *it, const char **s, size_t *len)
{
    const char *comma;
    if (it->done)
        return 0;
    comma = strchr(it->rest, ',');
    *s = it->rest;
    *len = comma ? (size_t)(comma - it->rest) : strlen(it->rest);
    rcm_trim(s, len);
    if (comma)
        it->rest = comma + 1;
    else
        it->done = 1;
    return 1;
}

/* A comma list of names (codes or metrics), case-insensitive; replaces the
 * whole list (SPEC 2, 6.1, 6.6). */
rcm_err rcm_config_set_list(const rcm_config_kv *kv, const char *const *names, size_t n_names,
                            size_t first, size_t min_items, const char *want, uint8_t *out)
{
    uint8_t chosen[32] = {0};
    size_t items = 0, len, i;
    const char *s;
    list_iter it;
    list_init(&it, kv->value);
    while (list_next(&it, &s, &len)) {
        for (i = first; i < n_names && !rcm_ieq(s, len, names[i]); i++)
            ;
        if (i == n_names)
            return rcm_config_bad_item(kv, s, len, want);
        chosen[i] = 1;
        items++;
    }
    if (items < min_items)
        return rcm_config_bad(kv, want);
    memcpy(out, chosen, n_names);
    return RCM_OK;
}

/* "12", "9-12" or "PK-KG" into lo..hi; -1 when invalid. */
static int grade_range(const char *s, size_t len, int *lo, int *hi)
{
    const char *dash = memchr(s, '-', len), *a = s, *b = s;
    size_t alen = len, blen = len;
    if (dash) {
        alen = (size_t)(dash - s);
        b = dash + 1;
        blen = len - alen - 1;
        rcm_trim(&a, &alen);
        rcm_trim(&b, &blen);
    }
    if (rcm_parse_grade(a, alen, lo) || rcm_parse_grade(b, blen, hi) || *lo > *hi)
        return -1;
    return 0;
}

/* "12", "9-12", "11, 12", PK and KG too (SPEC 6.3); stored at index
 * grade + 1 (PK = 0, KG = 1, grade 12 = 13). */
rcm_err rcm_config_set_grades(const rcm_config_kv *kv, const char *want)
{
    uint8_t chosen[14] = {0};
    size_t items = 0, len;
    const char *s;
    list_iter it;
    list_init(&it, kv->value);
    while (list_next(&it, &s, &len)) {
        int lo, hi, g;
        if (grade_range(s, len, &lo, &hi))
            return rcm_config_bad_item(kv, s, len, want);
        for (g = lo; g <= hi; g++)
            chosen[g + 1] = 1;
        items++;
    }
    if (!items)
        return rcm_config_bad(kv, want);
    memcpy(kv->cfg->enrolled_grades, chosen, sizeof chosen);
    return RCM_OK;
}

/* "B:75" into an uppercase letter and a fixed-point percent; -1 when
 * invalid. */
static int letter_grade(const char *s, size_t len, char *letter, int64_t *min_percent)
{
    const char *colon = memchr(s, ':', len), *l = s, *pct;
    size_t llen, plen;
    char c;
    if (!colon)
        return -1;
    llen = (size_t)(colon - s);
    pct = colon + 1;
    plen = len - llen - 1;
    rcm_trim(&l, &llen);
    rcm_trim(&pct, &plen);
    c = llen == 1 ? l[0] : 0;
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c < 'A' || c > 'Z' || rcm_parse_number(pct, plen, min_percent) || *min_percent < 0 ||
        *min_percent > 1000 * ONE)
        return -1;
    *letter = c;
    return 0;
}

/* "A:93, B:75, C:60, D:40": at most 8 distinct letters, minimum percents
 * strictly falling; below the last one the grade is F (SPEC 6.4). */
rcm_err rcm_config_set_letters(const rcm_config_kv *kv, const char *want)
{
    char letters[8];
    int64_t mins[8];
    int n = 0, i;
    size_t len;
    const char *s;
    list_iter it;
    list_init(&it, kv->value);
    while (list_next(&it, &s, &len)) {
        if (n == 8 || letter_grade(s, len, &letters[n], &mins[n]) ||
            (n && mins[n] >= mins[n - 1]))
            return rcm_config_bad_item(kv, s, len, want);
        for (i = 0; i < n; i++)
            if (letters[i] == letters[n])
                return rcm_config_bad_item(kv, s, len, want);
        n++;
    }
    if (!n)
        return rcm_config_bad(kv, want);
    memset(kv->cfg->grades, 0, sizeof kv->cfg->grades);
    for (i = 0; i < n; i++) {
        kv->cfg->grades[i].letter = letters[i];
        kv->cfg->grades[i].min_percent = mins[i];
    }
    kv->cfg->n_grades = n;
    return RCM_OK;
}

/* canonical column = header as exported, trimmed (SPEC 2, 3). */
rcm_err rcm_config_set_column(const rcm_config_kv *kv, int file, int col)
{
    size_t n = strlen(kv->value);
    char *s;
    if (!n)
        return rcm_config_bad(kv, "the header name as exported");
    s = rcm_arena_strndup(kv->cfg->arena, kv->value, n);
    if (!s)
        return rcm_config_nomem(kv);
    kv->cfg->columns[file][col] = s;
    return RCM_OK;
}

/* Index of `value` among aliases[0..n), or -1. */
static long find_alias(const rcm_code_alias *aliases, size_t n, const char *value)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(aliases[i].sis_value, value) == 0)
            return (long)i;
    return -1;
}

/* An uppercased arena copy of s[0..len) (SIS values match case-insensitively,
 * SPEC 2); NULL when out of memory. */
static char *upper_copy(rcm_arena *arena, const char *s, size_t len)
{
    char *u = rcm_arena_strndup(arena, s, len);
    size_t i;
    for (i = 0; u && i < len; i++)
        if (u[i] >= 'a' && u[i] <= 'z')
            u[i] = (char)(u[i] - 'a' + 'A');
    return u;
}

/* CANONICAL = comma-separated SIS values, stored uppercased and trimmed,
 * added to the set's aliases. One SIS value under two canonical codes of a
 * set is an error (SPEC 2); the same value twice under one code is kept
 * once. */
rcm_err rcm_config_set_aliases(const rcm_config_kv *kv, int set, int code)
{
    rcm_codemap *map = &kv->cfg->codes[set];
    size_t cap = map->n_aliases + 1, n = map->n_aliases, len, n_values;
    const char *const *values = rcm_codeset_values((rcm_codeset)set, &n_values);
    const char *s, *p;
    rcm_code_alias *aliases;
    list_iter it;
    for (p = kv->value; *p; p++)
        cap += *p == ',';
    aliases = rcm_arena_alloc(kv->cfg->arena, cap * sizeof *aliases);
    if (!aliases)
        return rcm_config_nomem(kv);
    if (n)
        memcpy(aliases, map->aliases, n * sizeof *aliases);
    list_init(&it, kv->value);
    while (list_next(&it, &s, &len)) {
        char *upper;
        long at;
        if (!len)
            return rcm_config_bad_item(kv, s, len, "comma-separated SIS values");
        upper = upper_copy(kv->cfg->arena, s, len);
        if (!upper)
            return rcm_config_nomem(kv);
        at = find_alias(aliases, n, upper);
        if (at >= 0 && aliases[at].code != code)
            return rcm_fail(kv->diag, RCM_ERR_CONFIG,
                            "%s: [%s] %s: '%.*s' is already listed under %s", kv->where,
                            kv->section, kv->key, SHOWN, upper, values[aliases[at].code]);
        if (at < 0) {
            aliases[n].sis_value = upper;
            aliases[n++].code = code;
        }
    }
    map->aliases = aliases;
    map->n_aliases = n;
    return RCM_OK;
}
