/*
 * keys.c - every section and key of a profile (SPEC 2, and the metric keys
 * of SPEC 6): their defaults, which names exist, and how each value is
 * parsed into rcm_config.
 *
 * config.c reads the INI file and the --set overrides into (section, key,
 * value) entries and hands each one to rcm_config_apply(). A value that does
 * not parse is RCM_ERR_CONFIG, with "FILE:LINE: [section] key: " (or
 * "--set: [section] key: ") first in the message. Numbers use the input
 * syntax of SPEC 3 (rcm_parse_number, fixed-point).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config/internal.h"
#include "core/diag.h"
#include "core/parse.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define ONE RCM_FIXED_ONE
#define NUM_MAX (1000000000000LL * RCM_FIXED_ONE)
#define SHOWN 80 /* bytes of a bad value quoted in a message */

typedef enum {
    K_TEXT,     /* non-empty text (const char *) */
    K_PATH,     /* a path, relative to the config file (const char *) */
    K_INT,      /* plain integer lo..hi (int) */
    K_NUMBER,   /* SPEC 3 number lo..hi (int64_t, fixed-point) */
    K_FLAG,     /* Y/N/Yes/No/1/0/True/False (int) */
    K_CHOICE,   /* one of words[], stored as its index (int) */
    K_DATE,     /* a date (int32_t days) */
    K_YEAR,     /* a graduation-year label (int) */
    K_MONTHDAY, /* cohort.year_end */
    K_DELIM,    /* input.delimiter */
    K_CODES,    /* a list of canonical codes of one set (uint8_t[]) */
    K_METRICS,  /* metrics.enabled */
    K_GRADES,   /* cert_attainment_enrolled.grades */
    K_LETTERS   /* oh_pfs.grades */
} key_type;

typedef struct {
    const char *section, *key;
    key_type type;
    size_t offset;            /* of the field in rcm_config */
    int64_t lo, hi;           /* K_INT / K_NUMBER bounds; K_CODES: first allowed
                               * code, minimum number of items */
    const char *want;         /* what a valid value looks like */
    const char *const *words; /* K_CHOICE */
    int set;                  /* K_CODES: rcm_codeset */
} key_def;

#define OFF(f) offsetof(rcm_config, f)
#define TEXT(s, k, f) {s, k, K_TEXT, OFF(f), 0, 0, "non-empty text", NULL, 0}
#define INT(s, k, f, lo, hi, want) {s, k, K_INT, OFF(f), lo, hi, want, NULL, 0}
#define NUM(s, k, f) {s, k, K_NUMBER, OFF(f), 0, NUM_MAX, "a number >= 0", NULL, 0}
#define FRAC(s, k, f) {s, k, K_NUMBER, OFF(f), 0, ONE, "a fraction from 0 to 1", NULL, 0}
#define CHOICE(s, k, f, w, want) {s, k, K_CHOICE, OFF(f), 0, 0, want, w, 0}
#define CODES(s, k, f, set, first, min, want) {s, k, K_CODES, OFF(f), first, min, want, NULL, set}
#define OTHER(s, k, t, f, want) {s, k, t, OFF(f), 0, 0, want, NULL, 0}

static const char *const bare_year_words[] = {"first", "second", NULL};
static const char *const subgroups_words[] = {"latest", "ever", NULL};
static const char *const denominator_words[] = {"four_plus_fifth", "union", NULL};

/* SPEC 2 (profile, input, cohort, metrics, suppression, report) and SPEC 6
 * (one section per metric, keys and defaults listed there). */
static const key_def keys[] = {
    TEXT("profile", "name", name),
    TEXT("profile", "title", title),
    TEXT("input", "enrollments", file_base[RCM_FILE_ENROLLMENTS]),
    TEXT("input", "credentials", file_base[RCM_FILE_CREDENTIALS]),
    TEXT("input", "assessments", file_base[RCM_FILE_ASSESSMENTS]),
    TEXT("input", "programs", file_base[RCM_FILE_PROGRAMS]),
    OTHER("input", "catalog", K_PATH, catalog_path, "a file path"),
    OTHER("input", "delimiter", K_DELIM, delimiter, "comma, tab, semicolon, pipe or one character"),
    CHOICE("input", "bare_year", bare_year_second, bare_year_words, "second or first"),
    FRAC("input", "max_reject_rate", max_reject_rate),
    OTHER("cohort", "year_end", K_MONTHDAY, year_end_month, "MM-DD"),
    CODES("cohort", "remove", remove, RCM_CODES_EXIT, 0, 0, "a list of exit codes"),
    CHOICE("cohort", "subgroups", subgroups_ever, subgroups_words, "latest or ever"),
    OTHER("metrics", "enabled", K_METRICS, enabled, "a list of metric names"),
    INT("suppression", "min_n", min_n, 0, 1000000, "an integer from 0 to 1000000"),
    FRAC("suppression", "low", low),
    FRAC("suppression", "high", high),
    OTHER("suppression", "complementary", K_FLAG, complementary, "yes or no"),
    INT("report", "years", report_years, 1, 100, "an integer from 1 to 100"),
    CODES("acgr", "diplomas", acgr_diplomas, RCM_CODES_DIPLOMA, RCM_DIPLOMA_STANDARD, 1,
          "a list of diploma types"),
    OTHER("cert_attainment_enrolled", "grades", K_GRADES, enrolled_grades,
          "grades such as 12, 9-12 or 11, 12"),
    NUM("oh_pfs", "points", pfs_points),
    CHOICE("oh_pfs", "denominator", pfs_union, denominator_words, "four_plus_fifth or union"),
    NUM("oh_pfs", "act_english", act_english),
    NUM("oh_pfs", "act_math", act_math),
    NUM("oh_pfs", "act_reading", act_reading),
    NUM("oh_pfs", "act_reading_until_2017", act_reading_until_2017),
    NUM("oh_pfs", "sat_ebrw", sat_ebrw),
    NUM("oh_pfs", "sat_math", sat_math),
    NUM("oh_pfs", "old_sat_writing", old_sat_writing),
    NUM("oh_pfs", "old_sat_reading", old_sat_reading),
    NUM("oh_pfs", "old_sat_math", old_sat_math),
    OTHER("oh_pfs", "new_sat_from", K_DATE, new_sat_from, "a date such as 2016-03-01"),
    NUM("oh_pfs", "ap_min", ap_min),
    NUM("oh_pfs", "ib_min", ib_min),
    NUM("oh_pfs", "ccp_hours", ccp_hours),
    NUM("oh_pfs", "bonus", pfs_bonus),
    OTHER("oh_pfs", "grades", K_LETTERS, grades,
          "letters with falling minimum percents, such as A:93, B:75, C:60, D:40"),
    NUM("oh_cred_pathway", "points", path_points),
    NUM("oh_cred_pathway", "section_min", section_min),
    NUM("oh_cred_pathway", "total_min_until_2019", total_min_until_2019),
    NUM("oh_cred_pathway", "total_min_from_2020", total_min_from_2020),
    OTHER("oh_cred_pathway", "silver_from", K_YEAR, silver_from, "a graduation year such as 2025"),
    NUM("oh_cred_pathway", "silver_section_min", silver_section_min),
    NUM("tn_ready_graduate", "act_composite", act_composite),
    NUM("tn_ready_graduate", "sat_total", sat_total),
    INT("tn_ready_graduate", "epso_min", epso_min, 0, 1000, "an integer from 0 to 1000"),
    INT("tn_ready_graduate", "epso_with", epso_with, 0, 1000, "an integer from 0 to 1000"),
    NUM("tn_ready_graduate", "asvab_afqt", asvab_afqt),
    CODES("tn_ready_graduate", "epso_kinds", epso_kinds, RCM_CODES_KIND, 0, 1,
          "a list of program kinds"),
    NUM("co_cdip", "unit", cdip_unit),
    NUM("co_cdip", "frl_factor", cdip_frl_factor),
    NUM("co_cdip", "appropriation", cdip_appropriation),
};

/* Sections with fixed names; cert_attainment and co_competency have no keys
 * but exist, so a profile may list them (SPEC 6.2, 6.7). */
static const char *const plain_sections[] = {
    "profile", "input", "cohort", "metrics", "suppression", "report", "acgr",
    "cert_attainment", "cert_attainment_enrolled", "oh_pfs", "oh_cred_pathway",
    "tn_ready_graduate", "co_competency", "co_cdip"};

/* Defaults of SPEC 2: profile, input, columns, codes, cohort, metrics,
 * suppression, report. */
static void profile_defaults(rcm_config *cfg)
{
    size_t f, i, n;
    cfg->name = "rcm";
    cfg->title = "Career readiness report";
    for (f = 0; f < RCM_FILE_COUNT; f++) {
        const rcm_column_def *cols = rcm_schema_columns((rcm_file_kind)f, &n);
        cfg->file_base[f] = rcm_file_names[f];
        for (i = 0; i < ENR_COL_COUNT; i++)
            cfg->columns[f][i] = i < n ? cols[i].name : NULL;
    }
    cfg->catalog_path = NULL;
    cfg->delimiter = ',';
    cfg->bare_year_second = 1;
    cfg->max_reject_rate = ONE / 20;
    memset(cfg->codes, 0, sizeof cfg->codes);
    cfg->year_end_month = 8;
    cfg->year_end_day = 31;
    memset(cfg->remove, 0, sizeof cfg->remove);
    cfg->remove[RCM_EXIT_TRANSFER_OUT] = cfg->remove[RCM_EXIT_EMIGRATED] = 1;
    cfg->remove[RCM_EXIT_DECEASED] = cfg->remove[RCM_EXIT_INCARCERATED] = 1;
    cfg->subgroups_ever = 0;
    memset(cfg->enabled, 0, sizeof cfg->enabled);
    cfg->enabled[RCM_METRIC_ACGR] = cfg->enabled[RCM_METRIC_CERT_ATTAINMENT] = 1;
    cfg->enabled[RCM_METRIC_CERT_ATTAINMENT_ENROLLED] = cfg->enabled[RCM_METRIC_OH_PFS] = 1;
    cfg->enabled[RCM_METRIC_OH_CRED_PATHWAY] = 1;
    cfg->min_n = 10;
    cfg->low = 0;
    cfg->high = ONE;
    cfg->complementary = 1;
    cfg->report_years = 5;
}

/* Defaults of the metric sections (SPEC 6.1, 6.3-6.6, 6.8). */
static void metric_defaults(rcm_config *cfg)
{
    static const uint8_t kinds[] = {RCM_KIND_AP_COURSE, RCM_KIND_IB_COURSE,
                                    RCM_KIND_DUAL_ENROLLMENT, RCM_KIND_DUAL_CREDIT,
                                    RCM_KIND_CLEP, RCM_KIND_CIE, RCM_KIND_LDC};
    static const char letters[] = {'A', 'B', 'C', 'D'};
    static const int percents[] = {93, 75, 60, 40};
    size_t i;
    memset(cfg->acgr_diplomas, 0, sizeof cfg->acgr_diplomas);
    cfg->acgr_diplomas[RCM_DIPLOMA_STANDARD] = cfg->acgr_diplomas[RCM_DIPLOMA_HONORS] = 1;
    memset(cfg->enrolled_grades, 0, sizeof cfg->enrolled_grades);
    cfg->enrolled_grades[12 + 1] = 1;
    cfg->pfs_points = 12 * ONE;
    cfg->pfs_union = 0;
    cfg->act_english = 18 * ONE;
    cfg->act_math = 22 * ONE;
    cfg->act_reading = 22 * ONE;
    cfg->act_reading_until_2017 = 21 * ONE;
    cfg->sat_ebrw = 480 * ONE;
    cfg->sat_math = 530 * ONE;
    cfg->old_sat_writing = 430 * ONE;
    cfg->old_sat_reading = 450 * ONE;
    cfg->old_sat_math = 520 * ONE;
    cfg->new_sat_from = rcm_days_from_civil(2016, 3, 1);
    cfg->ap_min = 3 * ONE;
    cfg->ib_min = 4 * ONE;
    cfg->ccp_hours = 3 * ONE;
    cfg->pfs_bonus = 3 * ONE / 10;
    memset(cfg->grades, 0, sizeof cfg->grades);
    for (i = 0; i < COUNT_OF(letters); i++) {
        cfg->grades[i].letter = letters[i];
        cfg->grades[i].min_percent = percents[i] * ONE;
    }
    cfg->n_grades = (int)COUNT_OF(letters);
    cfg->path_points = 12 * ONE;
    cfg->section_min = 3 * ONE;
    cfg->total_min_until_2019 = 13 * ONE;
    cfg->total_min_from_2020 = 14 * ONE;
    cfg->silver_from = 2025;
    cfg->silver_section_min = 4 * ONE;
    cfg->act_composite = 21 * ONE;
    cfg->sat_total = 1060 * ONE;
    cfg->epso_min = 4;
    cfg->epso_with = 2;
    cfg->asvab_afqt = 31 * ONE;
    memset(cfg->epso_kinds, 0, sizeof cfg->epso_kinds);
    for (i = 0; i < COUNT_OF(kinds); i++)
        cfg->epso_kinds[kinds[i]] = 1;
    cfg->cdip_unit = 1000 * ONE;
    cfg->cdip_frl_factor = 12 * ONE / 10;
    cfg->cdip_appropriation = 0;
}

/* Every field at its default; strings point to static text. */
void rcm_config_defaults(rcm_config *cfg)
{
    profile_defaults(cfg);
    metric_defaults(cfg);
}

/* ---- names ---------------------------------------------------------------- */

static int name_is(const char *s, size_t len, const char *t)
{
    return strlen(t) == len && memcmp(s, t, len) == 0;
}

/* File kind of "columns.NAME" or code set of "codes.NAME"; -1 when neither. */
static int columns_file(const char *s, size_t len)
{
    size_t f;
    if (len <= 8 || memcmp(s, "columns.", 8) != 0)
        return -1;
    for (f = 0; f < RCM_FILE_COUNT; f++)
        if (name_is(s + 8, len - 8, rcm_file_names[f]))
            return (int)f;
    return -1;
}

static int codes_set(const char *s, size_t len)
{
    size_t c;
    if (len <= 6 || memcmp(s, "codes.", 6) != 0)
        return -1;
    for (c = 0; c < RCM_CODES_COUNT; c++)
        if (name_is(s + 6, len - 6, rcm_codeset_names[c]))
            return (int)c;
    return -1;
}

/* Index of `key` among the columns of file f (exact, lowercase), or -1. */
static int column_index(int f, const char *key)
{
    size_t i, n;
    const rcm_column_def *cols = rcm_schema_columns((rcm_file_kind)f, &n);
    for (i = 0; i < n; i++)
        if (strcmp(cols[i].name, key) == 0)
            return (int)i;
    return -1;
}

/* Index of a canonical code of `set` (case-insensitive), or -1. */
static int code_index(int set, const char *s, size_t len)
{
    size_t i, n;
    const char *const *values = rcm_codeset_values((rcm_codeset)set, &n);
    for (i = 0; i < n; i++)
        if (rcm_ieq(s, len, values[i]))
            return (int)i;
    return -1;
}

static const key_def *find_key(const char *section, const char *key)
{
    size_t i;
    for (i = 0; i < COUNT_OF(keys); i++)
        if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].key, key) == 0)
            return &keys[i];
    return NULL;
}

/* Whether a section exists (SPEC 2, 6). */
int rcm_config_section_known(const char *section, size_t len)
{
    size_t i;
    for (i = 0; i < COUNT_OF(plain_sections); i++)
        if (name_is(section, len, plain_sections[i]))
            return 1;
    return columns_file(section, len) >= 0 || codes_set(section, len) >= 0;
}

/* NULL when section.key exists, else why not. */
const char *rcm_config_key_problem(const char *section, const char *key)
{
    size_t slen = strlen(section);
    int f = columns_file(section, slen), set = codes_set(section, slen);
    if (f >= 0)
        return column_index(f, key) >= 0 ? NULL
                                          : "unknown key (not a canonical column of this file)";
    if (set >= 0)
        return code_index(set, key, strlen(key)) >= 0
                   ? NULL
                   : "unknown key (not a canonical code of this set)";
    return find_key(section, key) ? NULL : "unknown key";
}

/* Whether two keys of a section are one setting ([codes.*]: any case). */
int rcm_config_key_same(const char *section, const char *a, const char *b)
{
    if (codes_set(section, strlen(section)) >= 0)
        return rcm_ieq(a, strlen(a), b);
    return strcmp(a, b) == 0;
}

/* ---- values --------------------------------------------------------------- */

/* RCM_ERR_CONFIG for a bad value as a whole. */
rcm_err rcm_config_bad(const rcm_config_kv *kv, const char *want)
{
    if (!*kv->value)
        return rcm_fail(kv->diag, RCM_ERR_CONFIG, "%s: [%s] %s: empty value (want %s)",
                        kv->where, kv->section, kv->key, want);
    return rcm_fail(kv->diag, RCM_ERR_CONFIG, "%s: [%s] %s: '%.*s' is not valid (want %s)",
                    kv->where, kv->section, kv->key, SHOWN, kv->value, want);
}

/* RCM_ERR_CONFIG for one bad item of a list. */
rcm_err rcm_config_bad_item(const rcm_config_kv *kv, const char *s, size_t len, const char *want)
{
    if (!len)
        return rcm_fail(kv->diag, RCM_ERR_CONFIG,
                        "%s: [%s] %s: empty item in the list (want %s)", kv->where, kv->section,
                        kv->key, want);
    return rcm_fail(kv->diag, RCM_ERR_CONFIG, "%s: [%s] %s: '%.*s' is not valid (want %s)",
                    kv->where, kv->section, kv->key, (int)(len < SHOWN ? len : SHOWN), s, want);
}

/* RCM_ERR_NOMEM naming the key being set. */
rcm_err rcm_config_nomem(const rcm_config_kv *kv)
{
    return rcm_fail(kv->diag, RCM_ERR_NOMEM, "%s: [%s] %s: out of memory", kv->where,
                    kv->section, kv->key);
}

/* "one or more of A, B, C" for names[first..n): the message lists them. */
static const char *names_want(char *buf, size_t size, const char *const *names, size_t n,
                              size_t first)
{
    size_t i, used = (size_t)snprintf(buf, size, "one or more of");
    for (i = first; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s %s", i > first ? "," : "",
                                 names[i]);
    return buf;
}

static rcm_err set_text(const rcm_config_kv *e, const key_def *d, const char **out)
{
    size_t n = strlen(e->value);
    char *s;
    if (!n)
        return rcm_config_bad(e, d->want);
    s = rcm_arena_strndup(e->cfg->arena, e->value, n);
    if (!s)
        return rcm_config_nomem(e);
    *out = s;
    return RCM_OK;
}

/* Paths inside a profile are relative to the config file (SPEC 2); an
 * absolute path is kept as it is. */
static rcm_err set_path(const rcm_config_kv *e, const key_def *d, const char **out)
{
    const char *dir = e->cfg->dir;
    size_t n = strlen(e->value), dl, sep;
    char *s;
    if (!n)
        return rcm_config_bad(e, d->want);
    if (e->value[0] == '/' || !dir || strcmp(dir, ".") == 0)
        return set_text(e, d, out);
    dl = strlen(dir);
    sep = dir[dl - 1] != '/';
    s = rcm_arena_alloc(e->cfg->arena, dl + sep + n + 1);
    if (!s)
        return rcm_config_nomem(e);
    memcpy(s, dir, dl);
    if (sep)
        s[dl] = '/';
    memcpy(s + dl + sep, e->value, n + 1);
    *out = s;
    return RCM_OK;
}

/* comma, tab, semicolon, pipe, or one other printable ASCII character that
 * is not the quote (SPEC 2). */
static rcm_err set_delimiter(const rcm_config_kv *e, const key_def *d)
{
    static const struct {
        const char *word;
        char c;
    } words[] = {{"comma", ','}, {"tab", '\t'}, {"semicolon", ';'}, {"pipe", '|'}};
    const char *v = e->value;
    size_t i, n = strlen(v);
    for (i = 0; i < COUNT_OF(words); i++)
        if (rcm_ieq(v, n, words[i].word)) {
            e->cfg->delimiter = words[i].c;
            return RCM_OK;
        }
    if (n != 1 || v[0] <= ' ' || v[0] == '"' || v[0] == 0x7f)
        return rcm_config_bad(e, d->want);
    e->cfg->delimiter = v[0];
    return RCM_OK;
}

/* Scalar keys: integers, numbers, flags, choices, dates, years. */
static rcm_err set_scalar(const rcm_config_kv *e, const key_def *d)
{
    void *p = (char *)e->cfg + d->offset;
    const char *v = e->value;
    size_t i, n = strlen(v);
    uint64_t u;
    int64_t x;
    int32_t days;
    int k, month, day;
    switch (d->type) {
    case K_INT:
        if (rcm_parse_uint(v, n, (uint64_t)d->hi, &u) || (int64_t)u < d->lo)
            return rcm_config_bad(e, d->want);
        *(int *)p = (int)u;
        return RCM_OK;
    case K_NUMBER:
        if (rcm_parse_number(v, n, &x) || x < d->lo || x > d->hi)
            return rcm_config_bad(e, d->want);
        *(int64_t *)p = x;
        return RCM_OK;
    case K_FLAG:
        if (rcm_parse_flag(v, n, &k))
            return rcm_config_bad(e, d->want);
        *(int *)p = k;
        return RCM_OK;
    case K_CHOICE:
        for (i = 0; d->words[i]; i++)
            if (rcm_ieq(v, n, d->words[i])) {
                *(int *)p = (int)i;
                return RCM_OK;
            }
        return rcm_config_bad(e, d->want);
    case K_DATE:
        if (rcm_parse_date(v, n, &days))
            return rcm_config_bad(e, d->want);
        *(int32_t *)p = days;
        return RCM_OK;
    case K_YEAR:
        if (rcm_parse_grad_year(v, n, &k))
            return rcm_config_bad(e, d->want);
        *(int *)p = k;
        return RCM_OK;
    case K_MONTHDAY:
        if (rcm_parse_month_day(v, n, &month, &day))
            return rcm_config_bad(e, d->want);
        e->cfg->year_end_month = month;
        e->cfg->year_end_day = day;
        return RCM_OK;
    case K_TEXT: case K_PATH: case K_DELIM: case K_CODES: case K_METRICS: case K_GRADES:
    case K_LETTERS:
        break;
    }
    return rcm_fail(e->diag, RCM_ERR_SOFTWARE, "%s: [%s] %s: not a scalar key", e->where,
                    e->section, e->key);
}

/* A list of canonical codes (cohort.remove, acgr.diplomas,
 * tn_ready_graduate.epso_kinds) or of metric names (metrics.enabled). */
static rcm_err set_names(const rcm_config_kv *e, const key_def *d)
{
    char want[256];
    size_t n = RCM_METRIC_COUNT, first = 0, min_items = 1;
    const char *const *names = rcm_metric_names;
    if (d->type == K_CODES) {
        names = rcm_codeset_values((rcm_codeset)d->set, &n);
        first = (size_t)d->lo;
        min_items = (size_t)d->hi;
    }
    names_want(want, sizeof want, names, n, first);
    return rcm_config_set_list(e, names, n, first, min_items, want,
                               (uint8_t *)e->cfg + d->offset);
}

/* Parse one value into cfg; RCM_ERR_CONFIG naming WHERE, section and key. */
rcm_err rcm_config_apply(rcm_config *cfg, const char *where, const char *section,
                         const char *key, const char *value, rcm_diag *diag)
{
    rcm_config_kv e = {cfg, where, section, key, value, diag};
    size_t slen = strlen(section);
    int file = columns_file(section, slen), set = codes_set(section, slen), i = -1;
    const key_def *d = NULL;
    if (file >= 0)
        i = column_index(file, key);
    else if (set >= 0)
        i = code_index(set, key, strlen(key));
    else
        d = find_key(section, key);
    if (i < 0 && !d)
        return rcm_fail(diag, RCM_ERR_CONFIG, "%s: [%s] %s: unknown key", where, section, key);
    if (file >= 0)
        return rcm_config_set_column(&e, file, i);
    if (set >= 0)
        return rcm_config_set_aliases(&e, set, i);
    switch (d->type) {
    case K_TEXT:
        return set_text(&e, d, (const char **)(void *)((char *)cfg + d->offset));
    case K_PATH:
        return set_path(&e, d, (const char **)(void *)((char *)cfg + d->offset));
    case K_DELIM:
        return set_delimiter(&e, d);
    case K_CODES: case K_METRICS:
        return set_names(&e, d);
    case K_GRADES:
        return rcm_config_set_grades(&e, d->want);
    case K_LETTERS:
        return rcm_config_set_letters(&e, d->want);
    case K_INT: case K_NUMBER: case K_FLAG: case K_CHOICE: case K_DATE: case K_YEAR:
    case K_MONTHDAY:
        break;
    }
    return set_scalar(&e, d);
}
