/*
 * csv.c - the CSV record reader: libcsv over the byte source.
 *
 * libcsv parses RFC 4180 quoting but knows nothing of lines, BOMs or size
 * limits; this wrapper adds them (SPEC 3, 3.6):
 *   - a UTF-8 BOM at the very start is skipped;
 *   - each record carries the physical line where it starts (header = 1);
 *   - a field over 64 KiB or a record over 1 MiB is a data error;
 *   - an unterminated quoted field at the end of the file is a data error.
 *
 * Line numbers: content is fed to libcsv in segments that end at the first
 * '\n' or '\r' (or at the end of the block in hand), so each csv_parse call
 * sees at most one record terminator and completes at most one record. At
 * the start of every physical line, when the parser is between records (the
 * previous line completed a record, or was blank), the next record starts on
 * this line; inside a multi-line quoted field it keeps its start line.
 *
 * Fields are copied once from libcsv's field buffer into one record buffer
 * that is reused for every record: no allocation per field or per row.
 *
 * Fast path: most lines of an SIS export are plain, no quote, no CR but
 * the one before the LF, no blank at either end of a field. For such a
 * line, starting between records with its LF in the block in hand, libcsv
 * would hand over the bytes between delimiters unchanged, so the line is
 * split here directly (one copy, one pass) and libcsv never sees it. Any
 * other line, or one whose field or record is over the caps, goes to libcsv
 * as before, so every error still comes from one place. Both paths yield
 * the same records: tests/unit/test_ingest_csv.c and the fuzz target
 * compare them on the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/arena.h"
#include "ingest/ingest_internal.h"

/* libcsv 3.0.3 parser states (struct csv_parser.pstate, libcsv.c). */
#define PSTATE_ROW_NOT_BEGUN 0
#define PSTATE_FIELD_BEGUN 2

/*
 * libcsv grows its field buffer through this function; refusing to grow past
 * the cap makes csv_parse stop with CSV_ENOMEM and a buffer of exactly
 * FIELD_BUF_CAP bytes, which we report as an over-long field. The cap leaves
 * room for the NUL (CSV_APPEND_NULL) and a quoted field's closing quote, so
 * a field of exactly RCM_CSV_FIELD_MAX bytes still fits; a field of
 * RCM_CSV_FIELD_MAX + 1 bytes that fits is caught by the length check in
 * on_field.
 */
#define FIELD_BUF_CAP (RCM_CSV_FIELD_MAX + 3)

enum cb_problem { CB_OK = 0, CB_FIELD_LONG, CB_RECORD_LONG, CB_NOMEM };

struct rcm_csv_reader {
    rcm_source src;
    struct csv_parser parser;
    int parser_live;
    char *display;

    const unsigned char *block; /* content bytes in hand (owned by src) */
    size_t block_len, block_pos;
    int at_end;                 /* csv_fini done */
    rcm_err failed;             /* sticky error */

    unsigned bom_seen;          /* BOM bytes matched so far */
    int bom_done;
    uint64_t line;              /* physical line being fed, 1-based */
    int line_start;             /* the next byte fed starts a physical line */
    uint64_t start_line;        /* where the record being assembled began */

    char *buf;                  /* fields of the current record, each NUL-terminated */
    size_t buf_len, buf_cap;
    const char **ptrs;
    size_t *lens;
    size_t n_fields, fields_cap;
    size_t key_field;           /* field hashed by the read-ahead thread, SIZE_MAX: none */
    int last_null;              /* the last field was empty and unquoted */
    int ready;                  /* a record is complete */
    enum cb_problem problem;
    rcm_csv_record rec;
    int fast;                   /* the fast path is allowed (see top) */
    /* The consumer reads pf for every record while the read-ahead thread
     * writes the fields above: pf gets a cache line of its own (no false
     * sharing between the two cores). */
    char pad0[RCM_CACHE_LINE];
    rcm_prefetch *pf;           /* read-ahead thread, when enabled */
    char pad1[RCM_CACHE_LINE];
};

static void *field_realloc(void *p, size_t n)
{
    if (n > FIELD_BUF_CAP)
        return NULL;
    return rcm_realloc(p, n);
}

static int grow_fields(rcm_csv_reader *r, size_t need)
{
    size_t c1 = r->fields_cap, c2 = r->fields_cap;
    if (rcm_grow((void **)&r->ptrs, &c1, need, sizeof *r->ptrs) ||
        rcm_grow((void **)&r->lens, &c2, need, sizeof *r->lens))
        return -1;
    r->fields_cap = c1 < c2 ? c1 : c2;
    return 0;
}

/* libcsv field callback: append the field to the record buffer. */
static void on_field(void *s, size_t len, void *data)
{
    rcm_csv_reader *r = data;
    size_t need = r->buf_len + len + 1;
    if (r->problem)
        return;
    if (len > RCM_CSV_FIELD_MAX) {
        r->problem = CB_FIELD_LONG;
        return;
    }
    if (need > RCM_CSV_RECORD_MAX) {
        r->problem = CB_RECORD_LONG;
        return;
    }
    if ((need > r->buf_cap && rcm_grow((void **)&r->buf, &r->buf_cap, need, 1)) ||
        (r->n_fields == r->fields_cap && grow_fields(r, r->n_fields + 1))) {
        r->problem = CB_NOMEM;
        return;
    }
    /* CSV_EMPTY_IS_NULL: s is NULL for an empty unquoted field */
    if (len)
        memcpy(r->buf + r->buf_len, s, len);
    r->buf[r->buf_len + len] = '\0';
    r->lens[r->n_fields++] = len;
    r->buf_len = need;
    r->last_null = s == NULL;
}

/* libcsv record callback. */
static void on_row(int c, void *data)
{
    rcm_csv_reader *r = data;
    (void)c;
    if (r->problem)
        return;
    if (r->n_fields == 1 && r->last_null) {
        /* a record of one empty unquoted field is a blank line (SPEC 3) */
        r->n_fields = r->buf_len = 0;
    } else {
        r->ready = 1;
        r->rec.line = r->start_line;
        r->rec.flags = 0; /* quoted fields may hold anything */
    }
    /* another record can only begin after this terminator on the same line */
    r->start_line = r->line;
}

static rcm_err callback_error(rcm_csv_reader *r, rcm_diag *diag)
{
    unsigned long long line = (unsigned long long)r->start_line;
    switch (r->problem) {
    case CB_FIELD_LONG:
        return rcm_fail(diag, RCM_ERR_DATA, "%s:%llu: field longer than %u bytes", r->display,
                        line, RCM_CSV_FIELD_MAX);
    case CB_RECORD_LONG:
        return rcm_fail(diag, RCM_ERR_DATA, "%s:%llu: record longer than %u bytes", r->display,
                        line, RCM_CSV_RECORD_MAX);
    case CB_NOMEM:
    case CB_OK:
        break;
    }
    return rcm_fail(diag, RCM_ERR_NOMEM, "%s:%llu: out of memory", r->display, line);
}

static rcm_err parse(rcm_csv_reader *r, const unsigned char *p, size_t n, rcm_diag *diag)
{
    size_t done = csv_parse(&r->parser, p, n, on_field, on_row, r);
    int status;
    if (r->problem)
        return callback_error(r, diag);
    if (done == n)
        return RCM_OK;
    status = csv_error(&r->parser);
    if (status == CSV_ENOMEM && csv_get_buffer_size(&r->parser) >= FIELD_BUF_CAP)
        r->problem = CB_FIELD_LONG;
    else if (status == CSV_ENOMEM)
        r->problem = CB_NOMEM;
    else
        return rcm_fail(diag, RCM_ERR_DATA, "%s:%llu: cannot parse: %s", r->display,
                        (unsigned long long)r->start_line, csv_strerror(status));
    return callback_error(r, diag);
}

/* Skip a UTF-8 BOM at the very start; a partial match is content. */
static rcm_err skip_bom(rcm_csv_reader *r, rcm_diag *diag)
{
    static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
    while (r->block_pos < r->block_len && r->bom_seen < 3 &&
           r->block[r->block_pos] == bom[r->bom_seen]) {
        r->block_pos++;
        r->bom_seen++;
    }
    if (r->bom_seen < 3 && r->block_pos == r->block_len)
        return RCM_OK; /* need the next block to decide */
    r->bom_done = 1;
    if (r->bom_seen < 3 && r->bom_seen > 0)
        return parse(r, bom, r->bom_seen, diag);
    return RCM_OK;
}

/* A blank that libcsv trims at either end of an unquoted field. */
static int trimmed_blank(unsigned char c, unsigned char delim)
{
    return (c == ' ' || c == '\t') && c != delim;
}

/*
 * Split the plain line p[0..n) (its LF excluded) into the record buffer, as
 * libcsv would. Returns 1 when done (a record, or nothing for an empty
 * line), 0 when the line needs libcsv; then nothing has changed.
 */
/* Whether p[0..n) is all 0x01-0x7F (a loop the compiler vectorizes). */
static int all_ascii(const unsigned char *p, size_t n)
{
    unsigned char any = 0, nul = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        any |= p[i];
        nul |= p[i] == 0;
    }
    return !(any & 0x80) && !nul;
}

static int fast_line(rcm_csv_reader *r, const unsigned char *p, size_t n)
{
    unsigned char delim = (unsigned char)r->parser.delim_char;
    size_t start = 0, nf = 0;
    if (n && p[n - 1] == '\r')
        n--; /* CRLF: libcsv ends the record at the CR and skips the LF */
    if (n == 0)
        return 1; /* libcsv reports no record for an empty line */
    if (n + 1 > RCM_CSV_RECORD_MAX || r->n_fields || r->buf_len || memchr(p, '"', n) ||
        memchr(p, '\r', n) ||
        (n + 1 > r->buf_cap && rcm_grow((void **)&r->buf, &r->buf_cap, n + 1, 1)))
        return 0;
    /* buf, lens and the field count are scratch until the record is ready */
    memcpy(r->buf, p, n);
    r->buf[n] = '\0';
    for (;;) {
        const unsigned char *d = memchr(p + start, delim, n - start);
        size_t i = d ? (size_t)(d - p) : n;
        if (i > start && (trimmed_blank(p[start], delim) || trimmed_blank(p[i - 1], delim)))
            return 0;
        if (i - start > RCM_CSV_FIELD_MAX || (nf == r->fields_cap && grow_fields(r, nf + 1)))
            return 0;
        r->lens[nf++] = i - start;
        r->buf[i] = '\0'; /* the delimiter becomes the NUL that ends its field */
        start = i + 1;
        if (!d)
            break;
    }
    r->buf_len = n + 1;
    r->n_fields = nf;
    r->last_null = r->lens[nf - 1] == 0;
    r->ready = 1;
    r->rec.line = r->start_line;
    /* no quotes and no blank at a field's edge: the fields are as trimmed */
    r->rec.flags = RCM_REC_TRIMMED | (all_ascii(p, n) ? RCM_REC_ASCII : 0);
    return 1;
}

/* Feed the next segment of the block in hand: up to and including the first
 * '\n' or '\r', or to the end of the block. */
static rcm_err feed(rcm_csv_reader *r, rcm_diag *diag)
{
    const unsigned char *p, *nl, *cr;
    size_t avail, seg;
    rcm_err err;
    if (!r->bom_done)
        return skip_bom(r, diag);
    if (r->line_start) {
        if (r->parser.pstate == PSTATE_ROW_NOT_BEGUN)
            r->start_line = r->line;
        r->line_start = 0;
    }
    p = r->block + r->block_pos;
    avail = r->block_len - r->block_pos;
    nl = memchr(p, '\n', avail);
    if (nl && r->fast && r->parser.pstate == PSTATE_ROW_NOT_BEGUN && r->start_line == r->line &&
        fast_line(r, p, (size_t)(nl - p))) {
        r->block_pos += (size_t)(nl - p) + 1;
        r->line++;
        r->start_line = r->line;
        r->line_start = 1;
        return RCM_OK;
    }
    seg = nl ? (size_t)(nl - p) + 1 : avail;
    cr = memchr(p, '\r', seg);
    if (cr)
        seg = (size_t)(cr - p) + 1;
    err = parse(r, p, seg, diag);
    r->block_pos += seg;
    if (p[seg - 1] == '\n') {
        r->line++;
        r->line_start = 1;
    }
    return err;
}

/* End of content: flush a partial BOM, refuse an open quote, flush the last
 * record (one without a final newline). */
static rcm_err finish(rcm_csv_reader *r, rcm_diag *diag)
{
    static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
    rcm_err err;
    if (!r->bom_done) {
        r->bom_done = 1;
        if (r->bom_seen && (err = parse(r, bom, r->bom_seen, diag)) != RCM_OK)
            return err;
    }
    /* CSV_STRICT_FINI alone does not report this in libcsv 3.0.3 (it needs
     * CSV_STRICT too, which we do not want): check the parser state. */
    if (r->parser.pstate == PSTATE_FIELD_BEGUN && r->parser.quoted)
        return rcm_fail(diag, RCM_ERR_DATA,
                        "%s:%llu: unterminated quoted field (a quote opened in the record "
                        "starting here is never closed)",
                        r->display, (unsigned long long)r->start_line);
    csv_fini(&r->parser, on_field, on_row, r);
    if (r->problem)
        return callback_error(r, diag);
    r->at_end = 1;
    return RCM_OK;
}

rcm_err rcm_csv_open(const char *path, const char *display, char delimiter, size_t chunk_size,
                     rcm_csv_reader **out, rcm_diag *diag)
{
    rcm_csv_reader *r;
    size_t dlen = strlen(display);
    rcm_err err;
    *out = NULL;
    r = rcm_calloc(1, sizeof *r);
    if (!r)
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", display);
    r->src.fd = -1;
    r->display = rcm_malloc(dlen + 1);
    if (!r->display) {
        rcm_csv_close(r);
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", display);
    }
    memcpy(r->display, display, dlen + 1);
    err = rcm_source_open(&r->src, path, r->display, chunk_size, diag);
    if (err) {
        rcm_csv_close(r);
        return err;
    }
    /* CSV_STRICT is off on purpose: a stray quote inside an unquoted field
     * is kept literally, as vendors emit them. */
    csv_init(&r->parser, CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
    r->parser_live = 1;
    csv_set_delim(&r->parser, (unsigned char)delimiter);
    csv_set_realloc_func(&r->parser, field_realloc);
    csv_set_free_func(&r->parser, free);
    csv_set_blk_size(&r->parser, 4096);
    r->line = r->start_line = 1;
    r->line_start = 1;
    r->fast = (unsigned char)delimiter != '"' && delimiter != '\r' && delimiter != '\n';
    r->key_field = SIZE_MAX;
    *out = r;
    return RCM_OK;
}

rcm_err rcm_csv_next_direct(rcm_csv_reader *r, const rcm_csv_record **rec, rcm_diag *diag)
{
    rcm_err err = RCM_OK;
    size_t i;
    const char *p;
    *rec = NULL;
    if (r->failed)
        return r->failed;
    r->n_fields = r->buf_len = 0;
    r->ready = 0;
    while (!r->ready && !r->at_end) {
        if (r->block_pos < r->block_len) {
            err = feed(r, diag);
        } else {
            r->block_pos = 0;
            err = rcm_source_next(&r->src, &r->block, &r->block_len, diag);
            if (!err && !r->block_len)
                err = finish(r, diag);
        }
        if (err) {
            r->failed = err;
            return err;
        }
    }
    if (!r->ready)
        return RCM_OK;
    /* the fields sit back to back in buf, each followed by its NUL */
    for (i = 0, p = r->buf; i < r->n_fields; i++) {
        r->ptrs[i] = p;
        p += r->lens[i] + 1;
    }
    r->rec.n_fields = r->n_fields;
    r->rec.fields = r->ptrs;
    r->rec.lens = r->lens;
    *rec = &r->rec;
    return RCM_OK;
}

rcm_err rcm_csv_next(rcm_csv_reader *r, const rcm_csv_record **rec, rcm_diag *diag)
{
    if (r->pf)
        return rcm_prefetch_next(r->pf, rec, diag);
    return rcm_csv_next_direct(r, rec, diag);
}

void rcm_csv_set_key_field(rcm_csv_reader *r, size_t field) { r->key_field = field; }

size_t rcm_csv_key_field(const rcm_csv_reader *r) { return r->key_field; }

int rcm_csv_peek_key(const rcm_csv_reader *r, size_t ahead, uint64_t *hash)
{
    return r->pf ? rcm_prefetch_peek_key(r->pf, ahead, hash) : 0;
}

void rcm_csv_set_fast_path(rcm_csv_reader *r, int on)
{
    r->fast = on && r->parser.delim_char != '"' && r->parser.delim_char != '\r' &&
              r->parser.delim_char != '\n';
}

rcm_err rcm_csv_prefetch(rcm_csv_reader *r)
{
    if (r->pf)
        return RCM_OK;
    return rcm_prefetch_start(r, &r->pf);
}

const char *rcm_csv_display(const rcm_csv_reader *r) { return r->display; }

uint64_t rcm_csv_bytes_read_direct(const rcm_csv_reader *r) { return r->src.raw_read; }

uint64_t rcm_csv_bytes_read(const rcm_csv_reader *r)
{
    return r->pf ? rcm_prefetch_bytes_read(r->pf) : r->src.raw_read;
}

uint64_t rcm_csv_size(const rcm_csv_reader *r) { return r->src.size; }

uint64_t rcm_csv_estimate_records(const rcm_csv_reader *r, uint64_t records)
{
    if (r->pf)
        return rcm_prefetch_estimate(r->pf);
    return rcm_csv_estimate_direct(r, records);
}

uint64_t rcm_csv_estimate_direct(const rcm_csv_reader *r, uint64_t records)
{
    const rcm_source *s = &r->src;
    uint64_t handed = s->gzip ? s->inflated : s->raw_read;
    uint64_t consumed = handed - (r->block_len - r->block_pos);
    double total = (double)s->size;
    if (s->gzip) {
        /* content so far, scaled by the compressed bytes zlib has used */
        uint64_t used = s->raw_read - s->z.avail_in;
        if (!used)
            return 0;
        total = (double)s->inflated * (double)s->size / (double)used;
    }
    if (!consumed || !records)
        return 0;
    return (uint64_t)((double)records * total / (double)consumed);
}

void rcm_csv_sha256(const rcm_csv_reader *r, char hex[65]) { rcm_source_sha256(&r->src, hex); }

void rcm_csv_close(rcm_csv_reader *r)
{
    if (!r)
        return;
    rcm_prefetch_stop(r->pf); /* the read-ahead thread uses everything below */
    if (r->parser_live)
        csv_free(&r->parser);
    rcm_source_close(&r->src);
    free(r->display);
    free(r->buf);
    free(r->ptrs);
    free(r->lens);
    free(r);
}
