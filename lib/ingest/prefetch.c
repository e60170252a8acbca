/*
 * prefetch.c - reading and parsing a CSV file on a second thread.
 *
 * Reading, inflating, hashing and libcsv's parse of a state's exports are
 * about as costly as validating the rows; on two cores they can overlap.
 * The read-ahead thread runs the direct reader (csv.c) and copies records
 * into batches of up to BATCH_RECORDS records; the consumer (the ingest
 * stage) takes batches in order from a small bounded queue, so records,
 * line numbers and errors are exactly those of the direct reader, in the
 * same order, and memory stays bounded.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/parse.h"
#include "ingest/ingest_internal.h"

/* Batches start small, so the validating thread has records to work on
 * within microseconds of the start of a file (a district's whole export
 * is a few thousand records), and double up to BATCH_RECORDS, where the
 * hand-over costs nothing next to the work. */
#define FIRST_BATCH_RECORDS 128
#define BATCH_RECORDS 4096
#define QUEUE_BATCHES 4

typedef struct {
    uint64_t line;
    size_t first, n;          /* fields[first .. first+n) */
    unsigned flags;           /* rcm_csv_record.flags */
    uint64_t key_hash;        /* see rcm_prefetch_peek_key */
} rec_ref;

typedef struct batch {
    struct batch *next;
    char *bytes;              /* fields back to back, each NUL-terminated */
    size_t len, cap;
    size_t *lens;
    const char **ptrs;
    size_t n_fields, fields_cap, ptrs_cap;
    rec_ref *recs;
    size_t n_recs, recs_cap;
    uint64_t bytes_read;      /* the source's progress when sealed */
    uint64_t estimate;        /* records in the file, estimated when sealed */
    int last;                 /* no batch follows */
    rcm_err err;              /* the reader's error, on the last batch */
    char message[sizeof(((rcm_diag *)0)->message)];
} batch;

/* The producer's counter and the consumer's cursor are written once per
 * record, each on its own core: kept a cache line apart (RCM_CACHE_LINE),
 * or every record would move that line between the cores. */
struct rcm_prefetch {
    rcm_csv_reader *r;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    batch *full_head, *full_tail, *free_list;
    size_t n_full;
    int stop, started;
    size_t batch_limit;       /* records in the next batch (producer) */
    size_t key_field;         /* hashed per record, SIZE_MAX: none (producer) */
    char prev_key[64];        /* the previous record's key (producer) */
    size_t prev_key_len;      /* SIZE_MAX: none remembered */
    char pad0[RCM_CACHE_LINE];
    uint64_t parsed;          /* records handed out by the direct reader (producer) */
    char pad1[RCM_CACHE_LINE];
    batch *cur;               /* the consumer's batch */
    size_t cur_rec;
    rcm_csv_record rec;
    char pad2[RCM_CACHE_LINE];
};

static void batch_free(batch *b)
{
    if (!b)
        return;
    free(b->bytes);
    free(b->lens);
    free(b->ptrs);
    free(b->recs);
    free(b);
}

/* Copy one record into the batch; -1 when out of memory. */
/* The hash of rec's key field for the validating thread's lookahead (it
 * then needs no string access and no hashing of its own): 0 when the key
 * equals the previous record's (the usual case in an export sorted by
 * student) or is missing. */
static uint64_t key_hash(rcm_prefetch *p, const rcm_csv_record *rec)
{
    const char *s;
    size_t n;
    if (p->key_field >= rec->n_fields) {
        p->prev_key_len = SIZE_MAX;
        return 0;
    }
    s = rec->fields[p->key_field];
    n = rec->lens[p->key_field];
    if (!(rec->flags & RCM_REC_TRIMMED))
        rcm_trim(&s, &n);
    if (n == p->prev_key_len && memcmp(s, p->prev_key, n) == 0)
        return 0;
    p->prev_key_len = n <= sizeof p->prev_key ? n : SIZE_MAX;
    if (n <= sizeof p->prev_key)
        memcpy(p->prev_key, s, n);
    return n ? rcm_hash_bytes(s, n) : 0;
}

/* The direct reader leaves a record's fields back to back, each followed
 * by its NUL (rcm_csv_next_direct), so they are copied in one piece; the
 * field pointers are made from the lengths when the batch is sealed. */
static int append(batch *b, const rcm_csv_record *rec, uint64_t key)
{
    size_t i, nf = rec->n_fields, total = 0;
    for (i = 0; i < nf; i++)
        total += rec->lens[i] + 1;
    if (rcm_grow((void **)&b->bytes, &b->cap, b->len + total, 1) ||
        rcm_grow((void **)&b->recs, &b->recs_cap, b->n_recs + 1, sizeof *b->recs) ||
        rcm_grow((void **)&b->lens, &b->fields_cap, b->n_fields + nf, sizeof *b->lens))
        return -1;
    b->recs[b->n_recs].line = rec->line;
    b->recs[b->n_recs].first = b->n_fields;
    b->recs[b->n_recs].n = nf;
    b->recs[b->n_recs].flags = rec->flags;
    b->recs[b->n_recs].key_hash = key;
    b->n_recs++;
    if (nf)
        memcpy(b->bytes + b->len, rec->fields[0], total);
    memcpy(b->lens + b->n_fields, rec->lens, nf * sizeof *b->lens);
    b->n_fields += nf;
    b->len += total;
    return 0;
}

/* Field pointers are made once the byte buffer no longer moves. */
static int seal(batch *b)
{
    const char *p = b->bytes;
    size_t i;
    if (rcm_grow((void **)&b->ptrs, &b->ptrs_cap, b->n_fields + 1, sizeof *b->ptrs))
        return -1;
    for (i = 0; i < b->n_fields; i++) {
        b->ptrs[i] = p;
        p += b->lens[i] + 1;
    }
    return 0;
}

static batch *take_free(rcm_prefetch *p)
{
    batch *b;
    pthread_mutex_lock(&p->lock);
    while (!p->stop && p->n_full >= QUEUE_BATCHES)
        pthread_cond_wait(&p->changed, &p->lock);
    b = p->free_list;
    if (b)
        p->free_list = b->next;
    pthread_mutex_unlock(&p->lock);
    if (!b)
        b = rcm_calloc(1, sizeof *b);
    if (b) {
        b->next = NULL;
        b->len = b->n_fields = b->n_recs = 0;
        b->last = 0;
        b->err = RCM_OK;
    }
    return b;
}

static void publish(rcm_prefetch *p, batch *b)
{
    pthread_mutex_lock(&p->lock);
    if (p->full_tail)
        p->full_tail->next = b;
    else
        p->full_head = b;
    p->full_tail = b;
    p->n_full++;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

/* Fill one batch from the direct reader; returns 1 when it is the last. */
static int fill(rcm_prefetch *p, batch *b)
{
    rcm_diag d;
    const rcm_csv_record *rec;
    memset(&d, 0, sizeof d);
    while (b->n_recs < p->batch_limit) {
        rcm_err err = rcm_csv_next_direct(p->r, &rec, &d);
        if (err || !rec) {
            b->err = err;
            memcpy(b->message, d.message, sizeof b->message);
            return 1;
        }
        p->parsed++;
        if (append(b, rec, key_hash(p, rec))) {
            b->err = rcm_fail(&d, RCM_ERR_NOMEM, "%s: out of memory", rcm_csv_display(p->r));
            memcpy(b->message, d.message, sizeof b->message);
            return 1;
        }
    }
    return 0;
}

static int stopping(rcm_prefetch *p)
{
    int stop;
    pthread_mutex_lock(&p->lock);
    stop = p->stop;
    pthread_mutex_unlock(&p->lock);
    return stop;
}

static void *produce(void *arg)
{
    rcm_prefetch *p = arg;
    for (;;) {
        batch *b = take_free(p);
        int last;
        if (!b) { /* no memory for a batch: tell the consumer through a static one */
            pthread_mutex_lock(&p->lock);
            p->stop = 2;
            pthread_cond_broadcast(&p->changed);
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        last = fill(p, b) || stopping(p);
        if (p->batch_limit < BATCH_RECORDS)
            p->batch_limit *= 2;
        if (seal(b)) { /* no field pointers: hand out no record of this batch */
            b->n_recs = 0;
            if (!b->err) {
                rcm_diag d;
                memset(&d, 0, sizeof d);
                b->err = rcm_fail(&d, RCM_ERR_NOMEM, "%s: out of memory",
                                  rcm_csv_display(p->r));
                memcpy(b->message, d.message, sizeof b->message);
            }
            last = 1;
        }
        b->last = last;
        b->bytes_read = rcm_csv_bytes_read_direct(p->r);
        b->estimate = rcm_csv_estimate_direct(p->r, p->parsed);
        publish(p, b);
        if (last)
            return NULL;
    }
}

rcm_err rcm_prefetch_start(rcm_csv_reader *r, rcm_prefetch **out)
{
    rcm_prefetch *p = rcm_calloc(1, sizeof *p);
    *out = NULL;
    if (!p)
        return RCM_ERR_NOMEM;
    p->r = r;
    p->batch_limit = FIRST_BATCH_RECORDS;
    p->key_field = rcm_csv_key_field(r);
    p->prev_key_len = SIZE_MAX;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (pthread_create(&p->thread, NULL, produce, p) != 0) {
        rcm_prefetch_stop(p);
        return RCM_ERR_NOMEM;
    }
    p->started = 1;
    *out = p;
    return RCM_OK;
}

/* Give the consumer's finished batch back to the producer. */
static void recycle(rcm_prefetch *p)
{
    if (!p->cur)
        return;
    pthread_mutex_lock(&p->lock);
    p->cur->next = p->free_list;
    p->free_list = p->cur;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    p->cur = NULL;
}

/* The next batch in order, waiting for the producer; NULL when it could
 * not allocate one. */
static batch *next_batch(rcm_prefetch *p)
{
    batch *b;
    pthread_mutex_lock(&p->lock);
    while (!p->full_head && p->stop != 2)
        pthread_cond_wait(&p->changed, &p->lock);
    b = p->full_head;
    if (b) {
        p->full_head = b->next;
        if (!p->full_head)
            p->full_tail = NULL;
        p->n_full--;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return b;
}

rcm_err rcm_prefetch_next(rcm_prefetch *p, const rcm_csv_record **rec, rcm_diag *diag)
{
    *rec = NULL;
    while (!p->cur || p->cur_rec == p->cur->n_recs) {
        if (p->cur && p->cur->last) {
            if (p->cur->err)
                memcpy(diag->message, p->cur->message, sizeof diag->message);
            return p->cur->err ? (diag->err = p->cur->err) : RCM_OK;
        }
        recycle(p);
        if (!(p->cur = next_batch(p)))
            return rcm_fail(diag, RCM_ERR_NOMEM, "%s: out of memory", rcm_csv_display(p->r));
        p->cur_rec = 0;
    }
    {
        const rec_ref *ref = &p->cur->recs[p->cur_rec++];
        p->rec.line = ref->line;
        p->rec.flags = ref->flags;
        p->rec.n_fields = ref->n;
        p->rec.fields = p->cur->ptrs + ref->first;
        p->rec.lens = p->cur->lens + ref->first;
    }
    *rec = &p->rec;
    return RCM_OK;
}

int rcm_prefetch_peek_key(const rcm_prefetch *p, size_t ahead, uint64_t *hash)
{
    size_t i;
    /* cur_rec already points past the record being checked */
    if (!p->cur || !ahead || (i = p->cur_rec - 1 + ahead) >= p->cur->n_recs)
        return 0;
    *hash = p->cur->recs[i].key_hash;
    return 1;
}

uint64_t rcm_prefetch_bytes_read(const rcm_prefetch *p) { return p->cur ? p->cur->bytes_read : 0; }

uint64_t rcm_prefetch_estimate(const rcm_prefetch *p) { return p->cur ? p->cur->estimate : 0; }

void rcm_prefetch_stop(rcm_prefetch *p)
{
    batch *b;
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    if (!p->stop)
        p->stop = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    /* take_free and fill end promptly once stop is set */
    if (p->started)
        pthread_join(p->thread, NULL);
    batch_free(p->cur);
    while ((b = p->full_head)) {
        p->full_head = b->next;
        batch_free(b);
    }
    while ((b = p->free_list)) {
        p->free_list = b->next;
        batch_free(b);
    }
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
