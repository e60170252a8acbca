/*
 * source.c - the byte source under the CSV reader (first step of ingest).
 *
 * Reads a file in chunks and hands out its content bytes: as they are on
 * disk, or inflated when the file starts with the gzip magic bytes 1f 8b
 * (SPEC 3: gzip is detected by its magic bytes, not its name). Concatenated
 * gzip members are read one after the other, as gzip(1) does. The SHA-256 of
 * the raw bytes is computed on the way (SPEC 8.5 manifest), so each file is
 * read from disk exactly once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "ingest/ingest_internal.h"

/*
 * Gzip bomb guard: the inflated size may not exceed 1000 times the
 * compressed size, with a floor of 1 GiB (small files stay unconstrained in
 * practice) and a hard ceiling of 64 GiB. Real SIS exports compress 5-20x;
 * a state-sized enrollment file is ~1.25 GB inflated. Above the cap the file
 * is not a plausible export: RCM_ERR_DATA rather than filling the disk or
 * spinning for hours.
 */
#define INFLATE_RATIO 1000u
#define INFLATE_FLOOR ((uint64_t)1 << 30)
#define INFLATE_CEILING ((uint64_t)64 << 30)

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    if (size && items > SIZE_MAX / size)
        return Z_NULL;
    return rcm_malloc((size_t)items * size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    free(p);
}

static void to_hex(const unsigned char *md, unsigned n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    unsigned i;
    for (i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
}

/* read() up to `want` bytes into buf, retrying on EINTR; feeds the hash. */
static rcm_err read_raw(rcm_source *s, unsigned char *buf, size_t want, size_t *got,
                        rcm_diag *diag)
{
    ssize_t n;
    do
        n = read(s->fd, buf, want);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return rcm_fail(diag, RCM_ERR_IO, "%s: read failed: %s", s->display, strerror(errno));
    *got = (size_t)n;
    if (n == 0) {
        s->raw_eof = 1;
        return RCM_OK;
    }
    s->raw_read += (uint64_t)n;
    if (!EVP_DigestUpdate(s->sha, buf, (size_t)n))
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: sha-256 update failed", s->display);
    return RCM_OK;
}

/* Read the first bytes (at least 2, or to the end) to look for the magic. */
static rcm_err sniff(rcm_source *s, rcm_diag *diag)
{
    while (s->raw_len < 2 && !s->raw_eof) {
        size_t got, room = (s->chunk > 2 ? s->chunk : 2) - s->raw_len;
        rcm_err err = read_raw(s, s->raw + s->raw_len, room < s->chunk ? room : s->chunk,
                               &got, diag);
        if (err)
            return err;
        s->raw_len += got;
    }
    s->gzip = s->raw_len >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b;
    return RCM_OK;
}

static rcm_err start_inflate(rcm_source *s, rcm_diag *diag)
{
    uint64_t cap = s->size * INFLATE_RATIO;
    if (s->size > INFLATE_CEILING / INFLATE_RATIO || cap > INFLATE_CEILING)
        cap = INFLATE_CEILING;
    s->inflate_cap = cap < INFLATE_FLOOR ? INFLATE_FLOOR : cap;
    s->out = rcm_malloc(s->chunk);
    if (!s->out)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", s->display);
    s->z.zalloc = z_alloc;
    s->z.zfree = z_free;
    s->z.opaque = Z_NULL;
    s->z.next_in = s->raw;
    s->z.avail_in = (uInt)s->raw_len;
    /* 15 + 32: a window of 32 KiB, gzip or zlib header detected automatically */
    if (inflateInit2(&s->z, 15 + 32) != Z_OK)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory (zlib)", s->display);
    s->z_live = 1;
    return RCM_OK;
}

rcm_err rcm_source_open(rcm_source *s, const char *path, const char *display, size_t chunk,
                        rcm_diag *diag)
{
    struct stat sb;
    rcm_err err;
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->display = display;
    s->chunk = chunk ? chunk : RCM_CSV_DEFAULT_CHUNK;
    if (s->chunk > UINT32_MAX / 2)
        s->chunk = UINT32_MAX / 2; /* zlib counts in uInt */
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (a run holding
     * the output lock would hang, and every later run exit 75) */
    s->fd = open(path, O_RDONLY | O_NONBLOCK);
    if (s->fd < 0)
        return rcm_fail(diag, RCM_ERR_NOINPUT, "%s: cannot open: %s", display, strerror(errno));
    if (fstat(s->fd, &sb) != 0) {
        err = rcm_fail(diag, RCM_ERR_NOINPUT, "%s: cannot stat: %s", display, strerror(errno));
        goto fail;
    }
    if (S_ISDIR(sb.st_mode)) {
        err = rcm_fail(diag, RCM_ERR_NOINPUT, "%s: is a directory", display);
        goto fail;
    }
    if (!S_ISREG(sb.st_mode)) {
        err = rcm_fail(diag, RCM_ERR_NOINPUT, "%s: not a regular file", display);
        goto fail;
    }
    fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) & ~O_NONBLOCK);
    s->size = sb.st_size > 0 ? (uint64_t)sb.st_size : 0;
    s->raw = rcm_malloc(s->chunk > 2 ? s->chunk : 2);
    s->sha = EVP_MD_CTX_new();
    if (!s->raw || !s->sha) {
        err = rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", display);
        goto fail;
    }
    if (!EVP_DigestInit_ex(s->sha, EVP_sha256(), NULL)) {
        err = rcm_fail(diag, RCM_ERR_NOMEM, "%s: sha-256 unavailable", display);
        goto fail;
    }
    err = sniff(s, diag);
    if (!err && s->gzip)
        err = start_inflate(s, diag);
    if (!err)
        return RCM_OK;
fail:
    rcm_source_close(s);
    return err;
}

static rcm_err next_plain(rcm_source *s, const unsigned char **data, size_t *len,
                          rcm_diag *diag)
{
    if (s->raw_pos == s->raw_len) {
        rcm_err err;
        s->raw_pos = s->raw_len = 0;
        if (!s->raw_eof) {
            err = read_raw(s, s->raw, s->chunk, &s->raw_len, diag);
            if (err)
                return err;
        }
        if (!s->raw_len) {
            s->done = 1;
            *len = 0;
            return RCM_OK;
        }
    }
    *data = s->raw + s->raw_pos;
    *len = s->raw_len - s->raw_pos;
    if (*len > s->chunk)
        *len = s->chunk;
    s->raw_pos += *len;
    return RCM_OK;
}

/* Refill zlib's input when it is empty; at the end of a member, start the
 * next one when more bytes follow (concatenated gzip members). Sets *end when
 * the last member ended exactly at the end of the file. */
static rcm_err feed_inflate(rcm_source *s, int *end, rcm_diag *diag)
{
    *end = 0;
    while (s->z.avail_in == 0 && !s->raw_eof) {
        size_t got;
        rcm_err err = read_raw(s, s->raw, s->chunk, &got, diag);
        if (err)
            return err;
        s->z.next_in = s->raw;
        s->z.avail_in = (uInt)got;
    }
    if (!s->member_end)
        return RCM_OK;
    if (s->z.avail_in == 0) {
        *end = 1;
        return RCM_OK;
    }
    if (inflateReset(&s->z) != Z_OK)
        return rcm_fail(diag, RCM_ERR_IO, "%s: corrupt gzip stream", s->display);
    s->member_end = 0;
    return RCM_OK;
}

static rcm_err next_gzip(rcm_source *s, const unsigned char **data, size_t *len, rcm_diag *diag)
{
    for (;;) {
        int ret, end;
        size_t produced;
        rcm_err err = feed_inflate(s, &end, diag);
        if (err)
            return err;
        if (end) {
            s->done = 1;
            *len = 0;
            return RCM_OK;
        }
        s->z.next_out = s->out;
        s->z.avail_out = (uInt)s->chunk;
        ret = inflate(&s->z, Z_NO_FLUSH);
        produced = s->chunk - s->z.avail_out;
        if (ret == Z_STREAM_END)
            s->member_end = 1;
        else if (ret == Z_MEM_ERROR)
            return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory (zlib)", s->display);
        else if (ret == Z_BUF_ERROR && s->raw_eof && s->z.avail_in == 0)
            return rcm_fail(diag, RCM_ERR_IO, "%s: truncated gzip stream", s->display);
        else if (ret != Z_OK && ret != Z_BUF_ERROR)
            return rcm_fail(diag, RCM_ERR_IO, "%s: corrupt gzip stream (%s)", s->display,
                            s->z.msg ? s->z.msg : "bad data");
        s->inflated += produced;
        if (s->inflated > s->inflate_cap)
            return rcm_fail(diag, RCM_ERR_DATA,
                            "%s: inflates to more than %llu bytes (%u times its size): "
                            "not a plausible export",
                            s->display, (unsigned long long)s->inflate_cap, INFLATE_RATIO);
        if (produced) {
            *data = s->out;
            *len = produced;
            return RCM_OK;
        }
    }
}

rcm_err rcm_source_next(rcm_source *s, const unsigned char **data, size_t *len, rcm_diag *diag)
{
    rcm_err err;
    *data = NULL;
    *len = 0;
    if (s->done)
        return RCM_OK;
    err = s->gzip ? next_gzip(s, data, len, diag) : next_plain(s, data, len, diag);
    if (!err && s->done && !s->sha_final) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        if (!EVP_DigestFinal_ex(s->sha, md, &n))
            return rcm_fail(diag, RCM_ERR_NOMEM, "%s: sha-256 failed", s->display);
        to_hex(md, n, s->sha_hex);
        s->sha_final = 1;
    }
    return err;
}

void rcm_source_sha256(const rcm_source *s, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_MD_CTX *copy;
    hex[0] = '\0';
    if (s->sha_final) {
        memcpy(hex, s->sha_hex, 65);
        return;
    }
    /* not at the end yet: the digest of the bytes read so far */
    if (!s->sha || !(copy = EVP_MD_CTX_new()))
        return;
    if (EVP_MD_CTX_copy_ex(copy, s->sha) && EVP_DigestFinal_ex(copy, md, &n))
        to_hex(md, n, hex);
    EVP_MD_CTX_free(copy);
}

void rcm_source_close(rcm_source *s)
{
    if (s->z_live)
        inflateEnd(&s->z);
    s->z_live = 0;
    EVP_MD_CTX_free(s->sha);
    s->sha = NULL;
    free(s->raw);
    free(s->out);
    s->raw = s->out = NULL;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

rcm_err rcm_source_digest(const char *path, const char *display, uint64_t *bytes,
                          char hex[65], rcm_diag *diag)
{
    rcm_source s;
    rcm_err err = rcm_source_open(&s, path, display, 0, diag);
    if (err)
        return err;
    /* hash the raw bytes: read them as a plain file whatever their content */
    s.gzip = 0;
    if (s.z_live)
        inflateEnd(&s.z);
    s.z_live = 0;
    while (!err && !s.done) {
        const unsigned char *data;
        size_t len;
        err = next_plain(&s, &data, &len, diag);
    }
    if (!err) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        if (EVP_DigestFinal_ex(s.sha, md, &n))
            to_hex(md, n, hex);
        else
            err = rcm_fail(diag, RCM_ERR_NOMEM, "%s: sha-256 failed", display);
        *bytes = s.raw_read;
    }
    rcm_source_close(&s);
    return err;
}
