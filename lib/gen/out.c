/*
 * out.c - the generator's CSV writer: RFC 4180 fields into a 1 MiB buffer,
 * flushed to a plain file or through zlib's gz* API.
 *
 * The generator writes hundreds of megabytes at state scale, so fields are
 * formatted by hand (no printf per field) and written in large blocks.
 * Write errors are sticky and reported once, at close.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/parse.h"
#include "gen/gen_internal.h"

#define OUT_FLUSH_AT (1u << 20)
#define OUT_SLACK (64u << 10)

static void flush(gen_out *o)
{
    if (!o->len)
        return;
    if (!o->write_errno) {
        errno = 0;
        if (o->gz) {
            if (gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len) {
                int zerr = 0;
                gzerror(o->gz, &zerr);
                o->write_errno = (zerr == Z_ERRNO && errno) ? errno : EIO;
            }
        } else if (o->fp && fwrite(o->buf, 1, o->len, o->fp) != o->len) {
            o->write_errno = errno ? errno : EIO;
        }
    }
    o->len = 0;
}

/* Make room for n more bytes (every field is far shorter than the slack). */
static void reserve(gen_out *o, size_t n)
{
    if (o->len + n > o->cap)
        flush(o);
}

rcm_err rcm_gen_out_open(gen_out *o, const char *path, int gzip, char delim, rcm_diag *diag)
{
    int e;
    memset(o, 0, sizeof *o);
    o->delim = delim;
    o->row_start = 1;
    snprintf(o->path, sizeof o->path, "%s", path);
    o->cap = OUT_FLUSH_AT + OUT_SLACK;
    o->buf = rcm_malloc(o->cap);
    if (!o->buf)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", path);
    errno = 0;
    if (gzip) {
        /* level 4: a few percent larger than the default level at about
         * twice its speed, which keeps a state-sized export fast */
        o->gz = gzopen(path, "wb4");
        if (o->gz && gzbuffer(o->gz, 256u << 10) != 0) {
            gzclose(o->gz);
            o->gz = NULL;
        }
    } else {
        o->fp = fopen(path, "wb");
    }
    if (o->gz || o->fp)
        return RCM_OK;
    e = errno ? errno : EIO;
    free(o->buf);
    o->buf = NULL;
    return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: cannot create: %s", path, strerror(e));
}

rcm_err rcm_gen_out_close(gen_out *o, rcm_diag *diag)
{
    int failed = 0;
    if (o->buf)
        flush(o);
    errno = 0;
    if (o->gz) {
        if (gzclose(o->gz) != Z_OK)
            failed = 1;
        o->gz = NULL;
    }
    if (o->fp) {
        if (fclose(o->fp) != 0)
            failed = 1;
        o->fp = NULL;
    }
    if (failed && !o->write_errno)
        o->write_errno = errno ? errno : EIO;
    free(o->buf);
    o->buf = NULL;
    if (o->write_errno)
        return rcm_fail(diag, RCM_ERR_IO, "%s: write failed: %s", o->path,
                        strerror(o->write_errno));
    return RCM_OK;
}

static void separate(gen_out *o)
{
    if (!o->row_start)
        o->buf[o->len++] = o->delim;
    o->row_start = 0;
}

void rcm_gen_out_strn(gen_out *o, const char *s, size_t n)
{
    size_t i;
    int quote = 0;
    for (i = 0; i < n; i++)
        if (s[i] == o->delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = 1;
    reserve(o, 2 * n + 3);
    separate(o);
    if (!quote) {
        memcpy(o->buf + o->len, s, n);
        o->len += n;
        return;
    }
    o->buf[o->len++] = '"';
    for (i = 0; i < n; i++) {
        if (s[i] == '"')
            o->buf[o->len++] = '"';
        o->buf[o->len++] = s[i];
    }
    o->buf[o->len++] = '"';
}

void rcm_gen_out_str(gen_out *o, const char *s) { rcm_gen_out_strn(o, s, strlen(s)); }

void rcm_gen_out_empty(gen_out *o)
{
    reserve(o, 1);
    separate(o);
}

/* Digits of v, at least `width` of them, into p; returns the count. */
static size_t put_uint(char *p, uint64_t v, int width)
{
    char tmp[24];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while ((int)n < width && n < sizeof tmp)
        tmp[n++] = '0';
    for (i = 0; i < n; i++)
        p[i] = tmp[n - 1 - i];
    return n;
}

void rcm_gen_out_uint(gen_out *o, uint64_t v, int width)
{
    reserve(o, 26);
    separate(o);
    o->len += put_uint(o->buf + o->len, v, width);
}

static void put_ymd(gen_out *o, int y, int m, int d, int fmt)
{
    char *p;
    reserve(o, 16);
    separate(o);
    p = o->buf + o->len;
    switch (fmt) {
    case GEN_DATE_MDY:
        p += put_uint(p, (uint64_t)m, 1);
        *p++ = '/';
        p += put_uint(p, (uint64_t)d, 1);
        *p++ = '/';
        p += put_uint(p, (uint64_t)y, 4);
        break;
    case GEN_DATE_COMPACT:
        p += put_uint(p, (uint64_t)y, 4);
        p += put_uint(p, (uint64_t)m, 2);
        p += put_uint(p, (uint64_t)d, 2);
        break;
    default:
        p += put_uint(p, (uint64_t)y, 4);
        *p++ = '-';
        p += put_uint(p, (uint64_t)m, 2);
        *p++ = '-';
        p += put_uint(p, (uint64_t)d, 2);
        break;
    }
    o->len = (size_t)(p - o->buf);
}

void rcm_gen_out_date(gen_out *o, int32_t days, int fmt)
{
    int y, m, d;
    if (days == RCM_NO_DATE) {
        rcm_gen_out_empty(o);
        return;
    }
    rcm_civil_from_days(days, &y, &m, &d);
    put_ymd(o, y, m, d, fmt);
}

void rcm_gen_out_bad_date(gen_out *o, int year, int fmt) { put_ymd(o, year, 2, 30, fmt); }

void rcm_gen_out_school_year(gen_out *o, int label, int short_form)
{
    char *p;
    reserve(o, 16);
    separate(o);
    p = o->buf + o->len;
    p += put_uint(p, (uint64_t)(label - 1), 4);
    *p++ = '-';
    if (short_form)
        p += put_uint(p, (uint64_t)(label % 100), 2);
    else
        p += put_uint(p, (uint64_t)label, 4);
    o->len = (size_t)(p - o->buf);
}

void rcm_gen_out_end(gen_out *o, int header)
{
    reserve(o, 1);
    o->buf[o->len++] = '\n';
    o->row_start = 1;
    if (!header)
        o->rows++;
    if (o->len >= OUT_FLUSH_AT)
        flush(o);
}
