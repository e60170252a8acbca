/*
 * fuzz_csv.c - the CSV record reader over plain or gzip bytes
 * (lib/ingest/csv.c over source.c, and the read-ahead thread of
 * prefetch.c): any bytes end in records or an error with a message, never
 * a crash, a leak or an endless loop; every record keeps the reader's
 * contract (ingest.h): at least one field, each NUL-terminated and at most
 * 64 KiB, lines from 1 and never going back.
 *
 * The first byte picks the read size (bits 0-4: 1-31 bytes, or the default
 * 1 MiB when 0), so that fields, CRLFs, BOMs and gzip headers straddle block
 * ends at every offset; bit 5 also reads the file through the read-ahead
 * thread and demands the very same records, lines and error as the direct
 * reader (prefetch.c promises exactly that); bits 6-7 pick the delimiter.
 * The rest is the file. Every input is also read with the plain-line fast
 * path of csv.c turned off (all bytes through libcsv), and must give the
 * same records, lines and error.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ingest/ingest_internal.h"

#define FIELD_MAX 65536u

static void check(int ok)
{
    if (!ok)
        abort();
}

/* What a whole read produced: a hash of every record, and its error. */
typedef struct {
    uint64_t hash, records;
    rcm_err err;
} outcome;

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull; /* FNV-1a */
    return h;
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void check_record(const rcm_csv_record *rec, uint64_t *last_line, uint64_t max_line,
                         outcome *o)
{
    size_t i;
    check(rec->n_fields >= 1);
    check(rec->line >= 1 && rec->line >= *last_line);
    check(max_line == 0 || rec->line <= max_line);
    *last_line = rec->line;
    o->records++;
    o->hash = mix(o->hash, &rec->line, sizeof rec->line);
    o->hash = mix(o->hash, &rec->n_fields, sizeof rec->n_fields);
    for (i = 0; i < rec->n_fields; i++) {
        const unsigned char *f = (const unsigned char *)rec->fields[i];
        size_t n = rec->lens[i], k;
        check(n <= FIELD_MAX);
        check(f[n] == '\0');
        /* what the record says of its fields holds (the ingest stage skips
         * trimming and the UTF-8 check on its word) */
        if (rec->flags & RCM_REC_TRIMMED)
            check(!n || (!is_blank(f[0]) && !is_blank(f[n - 1])));
        if (rec->flags & RCM_REC_ASCII)
            for (k = 0; k < n; k++)
                check(f[k] >= 0x01 && f[k] <= 0x7F);
        /* fields lie back to back, each after the previous one's NUL */
        check(i == 0 || rec->fields[i] == rec->fields[i - 1] + rec->lens[i - 1] + 1);
        o->hash = mix(o->hash, rec->fields[i], rec->lens[i] + 1);
    }
}

/* Read the whole file once, directly or through the read-ahead thread. */
static outcome read_all(const char *path, uint8_t mode, uint64_t max_line, int ahead, int fast)
{
    static const char delimiters[4] = {',', '\t', ';', '|'};
    outcome o = {0xcbf29ce484222325ull, 0, RCM_OK};
    uint64_t last_line = 0;
    rcm_csv_reader *r = NULL;
    const rcm_csv_record *rec;
    rcm_diag diag;
    memset(&diag, 0, sizeof diag);
    o.err = rcm_csv_open(path, "input.csv", delimiters[mode >> 6], mode & 0x1f, &r, &diag);
    if (o.err) {
        check(r == NULL && diag.message[0] && (o.err == RCM_ERR_IO || o.err == RCM_ERR_NOMEM));
        return o;
    }
    rcm_csv_set_fast_path(r, fast);
    rcm_csv_set_key_field(r, mode & 0x20 ? 1 : 0); /* the read-ahead hashes it */
    if (ahead && rcm_csv_prefetch(r) != RCM_OK)
        abort(); /* a thread that cannot start here is the machine's fault */
    while ((o.err = rcm_csv_next(r, &rec, &diag)) == RCM_OK && rec)
        check_record(rec, &last_line, max_line, &o);
    if (o.err) {
        check(diag.message[0] != '\0');
        check(o.err == RCM_ERR_DATA || o.err == RCM_ERR_IO || o.err == RCM_ERR_NOMEM);
        /* an error is sticky: the reader never resumes after it */
        check(rcm_csv_next(r, &rec, &diag) == o.err && rec == NULL);
    }
    rcm_csv_close(r);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *file = data + 1;
    size_t file_size = size ? size - 1 : 0, i;
    uint64_t max_line = 1;
    outcome direct, ahead, slow;
    const char *path;
    if (size == 0)
        return 0;
    path = fuzz_write("input.csv", file, file_size);
    check(path != NULL);
    /* a plain file has no record after its last newline's next line */
    if (file_size >= 2 && file[0] == 0x1f && file[1] == 0x8b)
        max_line = 0;
    for (i = 0; max_line && i < file_size; i++)
        max_line += file[i] == '\n';
    direct = read_all(path, data[0], max_line, 0, 1);
    slow = read_all(path, data[0], max_line, 0, 0);
    check(slow.err == direct.err && slow.records == direct.records && slow.hash == direct.hash);
    if (data[0] & 0x20) {
        ahead = read_all(path, data[0], max_line, 1, 1);
        check(ahead.err == direct.err && ahead.records == direct.records &&
              ahead.hash == direct.hash);
    }
    return 0;
}
