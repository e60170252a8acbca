/*
 * ingest_internal.h - pieces shared by the files of the ingest stage.
 *
 * source.c  the byte source: a file on disk, plain or gzip (by magic bytes),
 *           with the SHA-256 of the raw bytes as read;
 * csv.c     the libcsv record reader on top of it (rcm_csv_*, ingest.h);
 * ingest.c  file discovery, header mapping, accounting (rcm_ingest_read);
 * rows.c    value rules per file, reject and warning lines;
 * dedupe.c  the exact-duplicate set.
 *
 * Nothing here is visible outside lib/ingest.
 */
#ifndef RCM_INGEST_INTERNAL_H
#define RCM_INGEST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "core/diag.h"
#include "core/prefault.h"
#include "ingest/ingest.h"

/* SPEC / STYLE caps: a field over 64 KiB or a record over 1 MiB is a data
 * error naming the line, never an unbounded buffer. */
#define RCM_CSV_FIELD_MAX 65536u
#define RCM_CSV_RECORD_MAX 1048576u
#define RCM_CSV_DEFAULT_CHUNK ((size_t)1 << 20)

/* ------------------------------------------------------------------ source */

typedef struct {
    int fd;
    const char *display;     /* not owned */
    size_t chunk;            /* bytes per read() and per block handed out */
    uint64_t size;           /* st_size from fstat */
    uint64_t raw_read;       /* bytes read from disk so far */
    int raw_eof;             /* read() returned 0 */
    int gzip;                /* magic bytes 1f 8b */
    int done;                /* every byte was handed out */

    unsigned char *raw;      /* raw (on-disk) bytes */
    size_t raw_len, raw_pos; /* plain: bytes in raw not yet handed out */

    z_stream z;              /* gzip only */
    int z_live;              /* inflateInit2 succeeded */
    int member_end;          /* Z_STREAM_END seen for the current member */
    unsigned char *out;      /* inflated bytes (chunk bytes) */
    uint64_t inflated, inflate_cap;

    EVP_MD_CTX *sha;
    int sha_final;
    char sha_hex[65];
} rcm_source;

/* Open `path` (display: the name used in messages) and sniff its first bytes.
 * Errors: RCM_ERR_NOINPUT (cannot open, a directory), RCM_ERR_IO (read
 * error), RCM_ERR_NOMEM. On error the source is released. */
rcm_err rcm_source_open(rcm_source *s, const char *path, const char *display, size_t chunk,
                        rcm_diag *diag);
/* Next block of content bytes: *data (owned by the source, valid until the
 * next call) and *len, 1..chunk bytes; *len = 0 at the end. Errors: RCM_ERR_IO
 * (read error, truncated or corrupt gzip), RCM_ERR_DATA (inflated size above
 * the cap), RCM_ERR_NOMEM. */
rcm_err rcm_source_next(rcm_source *s, const unsigned char **data, size_t *len, rcm_diag *diag);
/* Lowercase hex SHA-256 of the raw bytes read so far. */
void rcm_source_sha256(const rcm_source *s, char hex[65]);
/* Release everything; safe after a failed open and when already closed. */
void rcm_source_close(rcm_source *s);
/* Size and SHA-256 of a whole file (the catalog, for the manifest).
 * Errors: RCM_ERR_NOINPUT, RCM_ERR_IO, RCM_ERR_NOMEM. */
rcm_err rcm_source_digest(const char *path, const char *display, uint64_t *bytes,
                          char hex[65], rcm_diag *diag);

/* Size on disk (fstat) of the file under a CSV reader. */
uint64_t rcm_csv_size(const rcm_csv_reader *r);
/* Records the whole file holds, estimated from the `records` read so far and
 * the share of its content they took (for gzip, scaled by the compression
 * seen so far); 0 when unknown. */
uint64_t rcm_csv_estimate_records(const rcm_csv_reader *r, uint64_t records);

/* Read and parse ahead on a second thread from now on (prefetch.c); the
 * records, lines and errors are the same as without. RCM_ERR_NOMEM. */
rcm_err rcm_csv_prefetch(rcm_csv_reader *r);
/* The direct reader underneath, used by the read-ahead thread only. */
/* Bytes apart that two threads' per-record fields are kept (a cache line),
 * so that neither thread's writes move the other's line between cores. */
#define RCM_CACHE_LINE 64

/* Allow (1, the default) or forbid the plain-line fast path of csv.c; for
 * tests that compare it with libcsv. Call before the first record. */
void rcm_csv_set_fast_path(rcm_csv_reader *r, int on);
rcm_err rcm_csv_next_direct(rcm_csv_reader *r, const rcm_csv_record **rec, rcm_diag *diag);
uint64_t rcm_csv_bytes_read_direct(const rcm_csv_reader *r);
uint64_t rcm_csv_estimate_direct(const rcm_csv_reader *r, uint64_t records);
const char *rcm_csv_display(const rcm_csv_reader *r);

/* The read-ahead thread of one reader (prefetch.c). */
typedef struct rcm_prefetch rcm_prefetch;
rcm_err rcm_prefetch_start(rcm_csv_reader *r, rcm_prefetch **out);
rcm_err rcm_prefetch_next(rcm_prefetch *p, const rcm_csv_record **rec, rcm_diag *diag);
/* The hash (rcm_hash_bytes, of the trimmed value) of the key field of the
 * record `ahead` records after the one last returned, computed by the
 * read-ahead thread: 0 when that record's key equals the record's before
 * it or it has none. Returns 0 when the record is not in the batch being
 * consumed yet. For lookahead hints only. */
int rcm_prefetch_peek_key(const rcm_prefetch *p, size_t ahead, uint64_t *hash);
/* The same on any reader: 0 without a read-ahead thread. */
int rcm_csv_peek_key(const rcm_csv_reader *r, size_t ahead, uint64_t *hash);
/* The field the read-ahead thread hashes for rcm_csv_peek_key (the student
 * id); set before rcm_csv_prefetch. */
void rcm_csv_set_key_field(rcm_csv_reader *r, size_t field);
size_t rcm_csv_key_field(const rcm_csv_reader *r);
/* Progress as of the batch being consumed. */
uint64_t rcm_prefetch_bytes_read(const rcm_prefetch *p);
uint64_t rcm_prefetch_estimate(const rcm_prefetch *p);
/* Stop and join the thread, free its batches; NULL is a no-op. */
void rcm_prefetch_stop(rcm_prefetch *p);

/* -------------------------------------------------------------------- rows */

/* Open-addressing set of row indices over the records of one file, 4 bytes
 * a slot: ~6-11 bytes per accepted row (load at most 0.7), laid out by
 * student. Layout in dedupe.c. */
typedef struct {
    uint32_t *slots;
    size_t n_slots;   /* power of two, or 0 before the first insert */
    unsigned bits;    /* low bits of a slot holding index + 1 */
    size_t count;     /* rows in slots and in over */
    uint8_t *marked;  /* a bit per line of slots: some row homed there is in over */
    uint32_t *over;   /* rows whose window was full, by hash alone */
    size_t n_over, over_count;
    uint32_t *spare;  /* the presized set, taken once its pages are in */
    size_t spare_slots;
} rcm_rowset;
void rcm_rowset_free(rcm_rowset *s);

/* Values up to this long are kept beside their interned id for the
 * same-as-last-row check. */
#define RCM_LAST_MAX 64

/* One pending warning (SPEC 3: an invalid optional enrollment field). */
typedef struct {
    int col;
    char reason[160];
    size_t value_off, value_len; /* the value as read, in note_buf */
} rcm_blank_note;

/* A row waiting for its duplicate lookup (rows.c). */
#define RCM_PENDING_ROWS 8
typedef struct {
    union {
        rcm_enrollment enr;
        rcm_credential cred;
        rcm_assessment test;
        rcm_program prog;
    } cand;
    uint64_t hash;
    uint64_t line;
    rcm_blank_note notes[ENR_COL_COUNT];
    int n_notes;
    char *note_buf;           /* raw values of its notes */
    size_t note_cap;
} rcm_pending_row;

/* State for reading one input file. */
typedef struct {
    const rcm_config *cfg;
    rcm_dataset *ds;
    rcm_reject_fn fn;         /* may be NULL */
    void *fn_ctx;
    rcm_diag *diag;
    rcm_file_kind kind;
    rcm_file_stats *st;
    const rcm_column_def *cols;
    size_t n_cols;
    int field_of[ENR_COL_COUNT]; /* header field index of each canonical column, -1 absent */
    size_t n_header;          /* fields in the header row */
    rcm_rowset seen;          /* accepted rows, for exact duplicates */
    uint32_t last_id[ENR_COL_COUNT]; /* interned id of the previous row's value, per column */
    /* a copy of that value when it is short (rows.c same_as_last) */
    struct {
        char s[RCM_LAST_MAX];
        size_t len;
    } last_val[ENR_COL_COUNT];
    /* the last code looked up per column and its result (rows.c) */
    struct {
        char value[16];
        uint8_t len;      /* 0: nothing remembered */
        int code;
    } last_code[ENR_COL_COUNT];
    size_t rows_cap;          /* capacity of the dataset array this file fills */

    /* the row being checked */
    const rcm_csv_record *rec;
    const char *val[ENR_COL_COUNT]; /* trimmed values; "" when absent */
    size_t len[ENR_COL_COUNT];
    int64_t num[ENR_COL_COUNT];     /* parsed values (dates, years, codes, ...) */
    rcm_blank_note notes[ENR_COL_COUNT];
    int n_notes;
    char reason[160];

    /* Rows that passed every check, waiting for their duplicate lookup
     * while the next rows are checked (rows.c: each lookup's cache miss
     * overlaps that work), oldest first. Their warnings and lines are kept
     * with them. */
    rcm_pending_row pend[RCM_PENDING_ROWS];
    unsigned pend_head, pend_n;
    rcm_prefault *prefault;   /* faulting in the row array and set ahead */
    const rcm_csv_reader *csv; /* for lookahead: NULL = none */
    uint64_t ahead_hash[16];   /* student id hashes of the rows ahead, by row */
    uint64_t n_ahead;          /* rows seen by the lookahead */
} rcm_file_reader;

/* Check one data row of f->kind and account for it: accepted (stored),
 * duplicate, or rejected (reject line written). Blanked warnings are written
 * only for accepted rows. Errors: RCM_ERR_IO (the reject sink failed),
 * RCM_ERR_NOMEM. */
rcm_err rcm_ingest_row(rcm_file_reader *f, const rcm_csv_record *rec);
/* Settle every pending row (after the last row). Errors as above. */
rcm_err rcm_ingest_flush(rcm_file_reader *f);
/* Free what rcm_ingest_row allocated (the duplicate set, note buffer). */
void rcm_ingest_release(rcm_file_reader *f);
/* Hash of `cand` (a record of f's kind) for the duplicate set; starts
 * fetching its slot into the cache. */
uint64_t rcm_ingest_hash_row(rcm_file_reader *f, const void *cand);
/* Store `cand` with hash h at the end of f's dataset array unless an equal
 * record is already there. Returns 1 for a duplicate, 0 when stored, -1
 * when out of memory. */
int rcm_ingest_add_unique(rcm_file_reader *f, const void *cand, uint64_t h);
/* Size the duplicate set (and the dataset array) for about expected_rows
 * accepted rows at once, instead of growing by doubling; best effort. */
void rcm_ingest_presize(rcm_file_reader *f, uint64_t expected_rows);

#endif
