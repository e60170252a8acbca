/*
 * stream.c - writing metrics.csv and metrics_public.csv on two threads
 * while the metric stage goes on computing.
 *
 * A state's run writes two files of over a gigabyte; formatting them and
 * copying them into the page cache costs more than computing the figures.
 * Each finished block of rows (one metric, detail and year) is copied into
 * a queue; one thread writes the full figures, the other the public ones,
 * each with its own line writer. The queue is bounded, so memory stays
 * small, and blocks are written in the order they were queued, so the
 * files are byte-identical to a single-threaded write.
 */
#if defined(__linux__)
#define _GNU_SOURCE /* sync_file_range */
#include <fcntl.h>
#endif
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "report/stream.h"

#define MAX_PENDING 16
#define WRITEBACK_EVERY (64u << 20)

typedef struct node {
    struct node *next;
    rcm_metric_row *rows;
    uint8_t *status;
    size_t n;
    const char *detail;
    int done;                 /* consumers finished with it */
} node;

typedef struct {
    rcm_csv_stream *s;
    rcm_csv_writer *w;
    FILE *f;
    int public_out;
    node *cursor;             /* last node written; NULL before the first */
    long last_kick;           /* file offset of the last writeback request */
    int direct;               /* the writer writes with direct I/O */
    rcm_err err;
    pthread_t thread;
} consumer;

struct rcm_csv_stream {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    node *head, *tail;        /* queue of blocks not yet written by both */
    size_t pending;
    int closing;
    consumer c[2];
    int started;
};

static node *next_of(consumer *c)
{
    return c->cursor ? c->cursor->next : c->s->head;
}

/* Ask the kernel to start writing what is in the page cache, so the fsync
 * before the final rename finds little left to do (SPEC 8.7 flushes every
 * output to disk). Only a hint: errors surface at fsync. Direct I/O leaves
 * nothing in the page cache to start. */
static void start_writeback(consumer *c)
{
#if defined(__linux__)
    /* the writer's own byte count: ftell would cost a syscall per block */
    long pos = (long)rcm_csv_writer_bytes(c->w);
    if (c->direct || pos - c->last_kick < (long)WRITEBACK_EVERY)
        return;
    sync_file_range(fileno(c->f), 0, 0, SYNC_FILE_RANGE_WRITE);
    c->last_kick = pos;
#else
    (void)c;
#endif
}

/* The file's last bytes, flushed to disk here (SPEC 8.7) so that the two
 * files' fsyncs run at once, each on its writer's thread; the caller's own
 * flush before the rename then finds nothing left to write. */
static void flush_to_disk(consumer *c, rcm_err failed)
{
    int bad;
    if (failed)
        return;
    bad = rcm_csv_writer_finish(c->w) != 0;
    if (!bad && fsync(fileno(c->f)) != 0 && errno != EINVAL)
        bad = 1;
    if (bad) {
        pthread_mutex_lock(&c->s->lock);
        c->err = RCM_ERR_IO;
        pthread_mutex_unlock(&c->s->lock);
    }
}

static void *consume(void *arg)
{
    consumer *c = arg;
    rcm_csv_stream *s = c->s;
    rcm_err failed = RCM_OK;
    for (;;) {
        node *n;
        pthread_mutex_lock(&s->lock);
        while (!(n = next_of(c)) && !s->closing)
            pthread_cond_wait(&s->changed, &s->lock);
        pthread_mutex_unlock(&s->lock);
        if (!n) { /* closing and nothing left */
            flush_to_disk(c, failed);
            return NULL;
        }
        if (!failed) {
            failed = rcm_report_csv_block(c->w, n->detail, n->rows, n->n,
                                          c->public_out ? n->status : NULL);
            if (!failed)
                start_writeback(c);
        }
        pthread_mutex_lock(&s->lock);
        c->err = failed; /* read by the producer under the lock */
        c->cursor = n;
        n->done++;
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->lock);
    }
}

/* Free blocks both writers are done with (called with the lock held).
 * A consumer's cursor may still point at the last node it wrote, so the
 * tail of the queue is never freed here. */
static void reap(rcm_csv_stream *s)
{
    while (s->head && s->head->done == 2 && s->head->next) {
        node *n = s->head;
        s->head = n->next;
        if (s->c[0].cursor == n)
            s->c[0].cursor = NULL;
        if (s->c[1].cursor == n)
            s->c[1].cursor = NULL;
        free(n->rows);
        free(n);
        s->pending--;
    }
}

rcm_err rcm_csv_stream_start(const rcm_config *cfg, const rcm_cohort *cohort, FILE *full,
                             FILE *public_csv, rcm_csv_stream **out)
{
    rcm_csv_stream *s = rcm_calloc(1, sizeof *s);
    int i;
    *out = NULL;
    if (!s)
        return RCM_ERR_NOMEM;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->changed, NULL);
    for (i = 0; i < 2; i++) {
        s->c[i].s = s;
        s->c[i].f = i ? public_csv : full;
        s->c[i].public_out = i;
        if (rcm_csv_writer_new(cfg, cohort, &s->c[i].w)) {
            rcm_csv_stream_finish(s, NULL);
            return RCM_ERR_NOMEM;
        }
        /* The line writer writes to the descriptor itself, from its own
         * buffer; nothing goes through the FILE. Direct I/O: the files are
         * flushed to disk before the commit anyway, and copying gigabytes
         * into the page cache first cost more than formatting them. */
        if (rcm_report_csv_header(s->c[i].w, fileno(s->c[i].f))) {
            rcm_csv_stream_finish(s, NULL);
            return RCM_ERR_NOMEM;
        }
        s->c[i].direct = rcm_csv_writer_direct(s->c[i].w);
    }
    for (i = 0; i < 2; i++)
        if (pthread_create(&s->c[i].thread, NULL, consume, &s->c[i]) != 0) {
            rcm_csv_stream_finish(s, NULL);
            return RCM_ERR_NOMEM;
        } else {
            s->started = i + 1;
        }
    *out = s;
    return RCM_OK;
}

rcm_err rcm_csv_stream_push(rcm_csv_stream *s, const char *detail, const rcm_metric_row *rows,
                            size_t n, const uint8_t *status)
{
    node *b = rcm_calloc(1, sizeof *b);
    rcm_err err;
    if (!b || !(b->rows = rcm_malloc(n * (sizeof *rows + 1) + 1))) {
        free(b);
        return RCM_ERR_NOMEM;
    }
    memcpy(b->rows, rows, n * sizeof *rows);
    b->status = (uint8_t *)(b->rows + n);
    memcpy(b->status, status, n);
    b->n = n;
    b->detail = detail;
    pthread_mutex_lock(&s->lock);
    reap(s);
    while (s->pending >= MAX_PENDING && !s->c[0].err && !s->c[1].err) {
        pthread_cond_wait(&s->changed, &s->lock);
        reap(s);
    }
    if (s->tail)
        s->tail->next = b;
    else
        s->head = b;
    s->tail = b;
    s->pending++;
    err = s->c[0].err ? s->c[0].err : s->c[1].err;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    return err;
}

rcm_err rcm_csv_stream_finish(rcm_csv_stream *s, rcm_csv_digest *out)
{
    rcm_err err = RCM_OK;
    int i;
    if (!s)
        return RCM_OK;
    pthread_mutex_lock(&s->lock);
    s->closing = 1;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    for (i = 0; i < s->started; i++)
        pthread_join(s->c[i].thread, NULL);
    for (i = 0; i < 2; i++) {
        if (!err)
            err = s->c[i].err;
        if (out && s->c[i].w)
            rcm_csv_writer_digest(s->c[i].w, out[i].sha256, &out[i].bytes);
        rcm_csv_writer_free(s->c[i].w);
    }
    while (s->head) {
        node *n = s->head;
        s->head = n->next;
        free(n->rows);
        free(n);
    }
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    free(s);
    return err;
}
