/*
 * csv.c - metrics.csv and metrics_public.csv (SPEC 8.1, 8.2).
 *
 * UTF-8, LF, RFC 4180 quoting only where needed; numbers formatted from
 * integers (rounding half away from zero already done by the metrics), so
 * the same input gives the same bytes. A state's run writes about nine
 * million rows per file, so each line is assembled from text cached per
 * entity and per detail into one buffer, never through printf.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/parse.h"
#include "report/bgwrite.h"
#include "report/report.h"

static int needs_quotes(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

void rcm_csv_put_field(FILE *f, const char *s, size_t len)
{
    size_t i;
    if (!needs_quotes(s, len)) {
        fwrite(s, 1, len, f);
        return;
    }
    putc('"', f);
    for (i = 0; i < len; i++) {
        if (s[i] == '"')
            putc('"', f);
        putc(s[i], f);
    }
    putc('"', f);
}

/* A CSV field's text (quoted when needed) appended to an arena string. */
static size_t quoted_len(const char *s)
{
    size_t n = strlen(s), i, q = 0;
    if (!needs_quotes(s, n))
        return n;
    for (i = 0; i < n; i++)
        q += s[i] == '"';
    return n + q + 2;
}

static char *put_quoted(char *p, const char *s)
{
    size_t n = strlen(s), i;
    if (!needs_quotes(s, n)) {
        memcpy(p, s, n);
        return p + n;
    }
    *p++ = '"';
    for (i = 0; i < n; i++) {
        if (s[i] == '"')
            *p++ = '"';
        *p++ = s[i];
    }
    *p++ = '"';
    return p;
}

/* "a,b,c" from three fields, quoted where needed, in the arena. */
static const char *join3(rcm_arena *a, const char *x, const char *y, const char *z)
{
    char *text = rcm_arena_alloc(a, quoted_len(x) + quoted_len(y) + quoted_len(z) + 3), *p;
    if (!text)
        return NULL;
    p = put_quoted(text, x);
    *p++ = ',';
    p = put_quoted(p, y);
    *p++ = ',';
    p = put_quoted(p, z);
    *p = '\0';
    return text;
}

/* A cached piece of a line and its length: the writer never calls strlen
 * per row (nine million rows a file). */
typedef struct {
    const char *s;
    size_t n;
} text;

/* Group values per dimension, at most (race has 7). */
#define MAX_GROUP_VALUES 8

/* "metric,detail,year,level,district_id,school_id,entity_name," : the same
 * for the subgroup rows of one entity (about twenty in a row), so built
 * once per run of them and copied whole into each line. */
typedef struct {
    char *s;
    size_t n, cap;
    int valid;
    uint8_t metric, level;
    uint16_t detail, year;
    uint32_t entity;
} line_head;

/* Longest figures part of a line: ",numerator,denominator,value,status\n"
 * with three 64-bit numbers and the longest status name, plus the NUL
 * that rcm_format_fixed writes after a number. */
#define FIGURES_MAX 128

struct rcm_csv_writer {
    rcm_arena *arena;
    text all_text;                 /* ",,profile name" */
    text *district_text;           /* "district_id,,name" */
    text *school_text;             /* "district_id,school_id,name" */
    text *detail_text[RCM_METRIC_COUNT]; /* "metric,detail" by detail id, lazily */
    size_t detail_cap[RCM_METRIC_COUNT];
    text level_text[RCM_LEVEL_COUNT];
    text group_text[RCM_DIM_COUNT][MAX_GROUP_VALUES]; /* "group,group_value" */
    text status_text[RCM_STATUS_COUNT];
    line_head head;                /* start of the lines of the current entity */
    rcm_bgwrite *bg;               /* the file and its buffers */
    char *buf;                     /* the buffer being filled (OUT_CAP bytes) */
    size_t n;                      /* bytes in buf */
    size_t hashed;                 /* buf[0..hashed) is in the digest already */
    EVP_MD_CTX *md;                /* SHA-256 of every byte written, for the manifest */
    uint64_t bytes;
};

/* Lines are formatted into a buffer, hashed in slices while the slice is
 * still in the cache, and the buffer handed to the background writer when
 * full (in direct mode only its whole blocks; the rest starts the next). */
#define OUT_CAP (1u << 20)
#define HASH_EVERY (1u << 16)

static text text_of(const char *s)
{
    text t;
    t.s = s;
    t.n = s ? strlen(s) : 0;
    return t;
}

/* "group,group_value" for every group value, in the arena. */
static int cache_group_texts(rcm_csv_writer *w)
{
    rcm_metric_row r;
    int dim, v;
    memset(&r, 0, sizeof r);
    for (dim = 0; dim < RCM_DIM_COUNT; dim++)
        for (v = 0; v < MAX_GROUP_VALUES; v++) {
            const char *name = rcm_dim_names[dim], *value;
            size_t n, count = 2;
            char *t;
            if (dim == RCM_DIM_ALL)
                count = 1;
            else if (dim == RCM_DIM_GENDER)
                rcm_codeset_values(RCM_CODES_GENDER, &count);
            else if (dim == RCM_DIM_RACE)
                rcm_codeset_values(RCM_CODES_RACE, &count);
            if ((size_t)v >= count)
                continue;
            r.group = (uint8_t)dim;
            r.group_value = (uint8_t)v;
            value = rcm_report_group_value(&r);
            n = strlen(name) + strlen(value) + 1;
            if (!(t = rcm_arena_alloc(w->arena, n + 1)))
                return -1;
            memcpy(t, name, strlen(name));
            t[strlen(name)] = ',';
            memcpy(t + strlen(name) + 1, value, strlen(value) + 1);
            w->group_text[dim][v].s = t;
            w->group_text[dim][v].n = n;
        }
    return 0;
}

rcm_err rcm_csv_writer_new(const rcm_config *cfg, const rcm_cohort *c, rcm_csv_writer **out)
{
    const rcm_entities *e = &c->entities;
    rcm_csv_writer *w = rcm_calloc(1, sizeof *w);
    uint32_t i;
    *out = NULL;
    if (!w || !(w->arena = rcm_arena_new()))
        goto fail;
    if (!(w->md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(w->md, EVP_sha256(), NULL))
        goto fail;
    w->all_text = text_of(join3(w->arena, "", "", cfg->name));
    w->district_text = rcm_arena_alloc(w->arena, (e->n_districts + 1) * sizeof(text));
    w->school_text = rcm_arena_alloc(w->arena, (e->n_schools + 1) * sizeof(text));
    if (!w->all_text.s || !w->district_text || !w->school_text || cache_group_texts(w))
        goto fail;
    for (i = 0; i < RCM_LEVEL_COUNT; i++)
        w->level_text[i] = text_of(rcm_level_names[i]);
    for (i = 0; i < RCM_STATUS_COUNT; i++)
        w->status_text[i] = text_of(rcm_status_names[i]);
    for (i = 0; i < e->n_districts; i++)
        if (!(w->district_text[i] =
                  text_of(join3(w->arena, e->district_ids[i], "", e->district_names[i]))).s)
            goto fail;
    for (i = 0; i < e->n_schools; i++)
        if (!(w->school_text[i] = text_of(join3(w->arena, e->district_ids[e->school_district[i]],
                                                e->school_ids[i], e->school_names[i])))
                 .s)
            goto fail;
    *out = w;
    return RCM_OK;
fail:
    rcm_csv_writer_free(w);
    return RCM_ERR_NOMEM;
}

void rcm_csv_writer_free(rcm_csv_writer *w)
{
    if (!w)
        return;
    for (size_t m = 0; m < RCM_METRIC_COUNT; m++)
        free(w->detail_text[m]);
    EVP_MD_CTX_free(w->md);
    rcm_arena_free(w->arena);
    rcm_bgwrite_free(w->bg);
    free(w->head.s);
    free(w);
}

/* Every byte is hashed here, so the checksum needs no read-back. */
static void hash_upto(rcm_csv_writer *w, size_t end)
{
    if (end > w->hashed) {
        EVP_DigestUpdate(w->md, w->buf + w->hashed, end - w->hashed);
        w->bytes += end - w->hashed;
        w->hashed = end;
    }
}

/* Hand the full buffer over and go on in the next one. */
static void drain(rcm_csv_writer *w)
{
    size_t out = w->n, rest;
    char *next;
    if (rcm_bgwrite_is_direct(w->bg))
        out &= ~(size_t)(RCM_BGWRITE_ALIGN - 1);
    rest = w->n - out;
    hash_upto(w, w->n);
    next = rcm_bgwrite_swap(w->bg, w->buf, out);
    /* the writer thread reads only buf[0..out); the same buffer comes
     * back when there is no thread */
    memmove(next, w->buf + out, rest);
    w->buf = next;
    w->n = w->hashed = rest;
}

static void put(rcm_csv_writer *w, const char *s, size_t len)
{
    while (w->n + len > OUT_CAP) {
        size_t room = OUT_CAP - w->n;
        memcpy(w->buf + w->n, s, room);
        w->n += room;
        s += room;
        len -= room;
        drain(w);
    }
    memcpy(w->buf + w->n, s, len);
    w->n += len;
}

static void put_str(rcm_csv_writer *w, const char *s) { put(w, s, strlen(s)); }

static void put_text(rcm_csv_writer *w, text t) { put(w, t.s, t.n); }

static char *uint_at(char *p, uint64_t v) { return p + rcm_format_uint(p, v); }

static char *text_at(char *p, text t)
{
    memcpy(p, t.s, t.n);
    return p + t.n;
}

static text detail_text(rcm_csv_writer *w, const char *d, const rcm_metric_row *r)
{
    size_t cap = w->detail_cap[r->metric];
    text none = {NULL, 0}, *slot;
    if (r->detail >= cap) {
        text *grown = w->detail_text[r->metric];
        if (rcm_grow((void **)&grown, &cap, (size_t)r->detail + 1, sizeof *grown))
            return none;
        memset(grown + w->detail_cap[r->metric], 0,
               (cap - w->detail_cap[r->metric]) * sizeof *grown);
        w->detail_text[r->metric] = grown;
        w->detail_cap[r->metric] = cap;
    }
    slot = &w->detail_text[r->metric][r->detail];
    if (!slot->s) {
        char *t = rcm_arena_alloc(w->arena, strlen(rcm_metric_names[r->metric]) + quoted_len(d) + 2);
        char *p;
        if (!t)
            return none;
        p = t + strlen(rcm_metric_names[r->metric]);
        memcpy(t, rcm_metric_names[r->metric], (size_t)(p - t));
        *p++ = ',';
        *put_quoted(p, d) = '\0';
        *slot = text_of(t);
    }
    return *slot;
}

static text entity_text(const rcm_csv_writer *w, const rcm_metric_row *r)
{
    if (r->level == RCM_LEVEL_DISTRICT)
        return w->district_text[r->entity];
    if (r->level == RCM_LEVEL_SCHOOL)
        return w->school_text[r->entity];
    return w->all_text;
}

/* ",numerator,denominator,value,status\n" at p (FIGURES_MAX bytes of room);
 * returns the end. Hidden cells of the public file are empty. */
static char *figures_at(const rcm_csv_writer *w, char *p, const rcm_metric_row *r,
                        uint8_t status)
{
    int hide_num = status != RCM_STATUS_REPORTED;
    *p++ = ',';
    if (!hide_num)
        p += rcm_format_fixed(p, r->num, r->num_scale_digits, r->num_scale_digits ? 1 : 0);
    *p++ = ',';
    if (status != RCM_STATUS_SUPPRESSED_N && r->den >= 0)
        p = uint_at(p, (uint64_t)r->den);
    *p++ = ',';
    if (!hide_num)
        p += rcm_format_fixed(p, r->value, r->value_decimals, r->value_decimals);
    *p++ = ',';
    p = text_at(p, w->status_text[status]);
    *p++ = '\n';
    return p;
}

static int same_head(const line_head *h, const rcm_metric_row *r)
{
    return h->valid && h->entity == r->entity && h->level == r->level && h->year == r->year &&
           h->detail == r->detail && h->metric == r->metric;
}

static int build_head(rcm_csv_writer *w, const char *detail, const rcm_metric_row *r)
{
    line_head *h = &w->head;
    text dt = detail_text(w, detail, r), lv = w->level_text[r->level], en = entity_text(w, r);
    char *p;
    if (!dt.s || rcm_grow((void **)&h->s, &h->cap, dt.n + lv.n + en.n + 32, 1))
        return -1;
    p = text_at(h->s, dt);
    *p++ = ',';
    p = uint_at(p, r->year);
    *p++ = ',';
    p = text_at(p, lv);
    *p++ = ',';
    p = text_at(p, en);
    *p++ = ',';
    h->n = (size_t)(p - h->s);
    h->metric = r->metric;
    h->level = r->level;
    h->detail = r->detail;
    h->year = r->year;
    h->entity = r->entity;
    h->valid = 1;
    return 0;
}

/* One line: straight into the buffer when it fits, else piece by piece
 * (only a line longer than the buffer itself would need that). */
static void put_line(rcm_csv_writer *w, text group, const rcm_metric_row *r, uint8_t status)
{
    size_t need = w->head.n + group.n + FIGURES_MAX;
    char *p, fig[FIGURES_MAX];
    if (w->n + need > OUT_CAP)
        drain(w);
    if (w->n + need <= OUT_CAP) {
        p = text_at(w->buf + w->n, (text){w->head.s, w->head.n});
        p = text_at(p, group);
        w->n = (size_t)(figures_at(w, p, r, status) - w->buf);
        return;
    }
    put(w, w->head.s, w->head.n);
    put_text(w, group);
    put(w, fig, (size_t)(figures_at(w, fig, r, status) - fig));
}

rcm_err rcm_report_csv_header(rcm_csv_writer *w, int fd)
{
    if (!(w->bg = rcm_bgwrite_new(fd, OUT_CAP)))
        return RCM_ERR_NOMEM;
    w->buf = rcm_bgwrite_buffer(w->bg);
    put_str(w, "metric,detail,year,level,district_id,school_id,entity_name,group,group_value,"
               "numerator,denominator,value,status\n");
    return RCM_OK;
}

int rcm_csv_writer_direct(rcm_csv_writer *w) { return rcm_bgwrite_direct(w->bg); }

int rcm_csv_writer_finish(rcm_csv_writer *w)
{
    hash_upto(w, w->n);
    return rcm_bgwrite_finish(w->bg, w->buf, w->n);
}

uint64_t rcm_csv_writer_bytes(const rcm_csv_writer *w) { return w->bytes; }

void rcm_csv_writer_digest(rcm_csv_writer *w, char hex[65], uint64_t *bytes)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0, i;
    EVP_DigestFinal_ex(w->md, md, &len);
    for (i = 0; i < len && i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
    *bytes = w->bytes;
}

rcm_err rcm_report_csv_block(rcm_csv_writer *w, const char *detail, const rcm_metric_row *rows,
                             size_t n, const uint8_t *status)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const rcm_metric_row *r = &rows[i];
        if (!same_head(&w->head, r) && build_head(w, detail, r))
            return RCM_ERR_NOMEM;
        put_line(w, w->group_text[r->group][r->group_value % MAX_GROUP_VALUES], r,
                 status ? status[i] : RCM_STATUS_REPORTED);
        if (w->n - w->hashed >= HASH_EVERY)
            hash_upto(w, w->n);
    }
    return rcm_bgwrite_error(w->bg) ? RCM_ERR_IO : RCM_OK;
}

const char *rcm_report_group_value(const rcm_metric_row *r)
{
    size_t n;
    switch ((rcm_dim)r->group) {
    case RCM_DIM_ALL: return "all";
    case RCM_DIM_GENDER: return rcm_codeset_values(RCM_CODES_GENDER, &n)[r->group_value];
    case RCM_DIM_RACE: return rcm_codeset_values(RCM_CODES_RACE, &n)[r->group_value];
    case RCM_DIM_ELL:
    case RCM_DIM_ECON_DISADV:
    case RCM_DIM_SPED:
    case RCM_DIM_CTE: return r->group_value ? "Y" : "N";
    case RCM_DIM_COUNT: break;
    }
    return "";
}
