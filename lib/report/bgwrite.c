/*
 * bgwrite.c - in-order file writes on a background thread (bgwrite.h).
 *
 * Three buffers: the caller fills one while up to two wait for or are in
 * write(). One thread per file keeps the writes in file order without any
 * offset bookkeeping.
 */
#if defined(__linux__)
#define _GNU_SOURCE /* O_DIRECT */
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "report/bgwrite.h"

#define NBUF 3

typedef struct {
    char *buf;
    size_t len;
} item;

struct rcm_bgwrite {
    int fd;
    size_t cap;
    char *bufs[NBUF];
    char *idle[NBUF];   /* buffers free to fill */
    int n_idle;
    item q[NBUF];       /* handed over, in file order */
    int q_head, q_len;
    /* Changed only by the thread that writes: the caller before the
     * thread starts and after it stops, the thread in between (under the
     * lock, so the caller may read them). */
    int direct;
    int err;
    int stop;           /* finish: write what is queued, then end */
    int drop;           /* free: end without writing what is queued */
    int started;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

static void set_direct_off(rcm_bgwrite *b)
{
#if defined(O_DIRECT)
    int fl = fcntl(b->fd, F_GETFL);
    if (fl >= 0)
        fcntl(b->fd, F_SETFL, fl & ~O_DIRECT);
#endif
    pthread_mutex_lock(&b->lock);
    b->direct = 0;
    pthread_mutex_unlock(&b->lock);
}

static void set_err(rcm_bgwrite *b, int e)
{
    pthread_mutex_lock(&b->lock);
    if (!b->err)
        b->err = e;
    pthread_mutex_unlock(&b->lock);
}

/* Called only by the thread that writes, so b->direct and b->err are its
 * own to read without the lock. A filesystem that takes O_DIRECT at fcntl
 * may still refuse a write (EINVAL): the bytes then go through the page
 * cache. */
static void write_all(rcm_bgwrite *b, const char *p, size_t len)
{
    while (len && !b->err) {
        ssize_t k = write(b->fd, p, len);
        if (k < 0) {
            if (errno == EINVAL && b->direct)
                set_direct_off(b);
            else if (errno != EINTR)
                set_err(b, errno);
            continue;
        }
        p += k;
        len -= (size_t)k;
    }
}

static void *run(void *arg)
{
    rcm_bgwrite *b = arg;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        item it;
        while (!b->q_len && !b->stop && !b->drop)
            pthread_cond_wait(&b->cond, &b->lock);
        if (!b->q_len || b->drop)
            break;
        it = b->q[b->q_head];
        pthread_mutex_unlock(&b->lock);
        write_all(b, it.buf, it.len);
        pthread_mutex_lock(&b->lock);
        b->q_head = (b->q_head + 1) % NBUF;
        b->q_len--;
        b->idle[b->n_idle++] = it.buf;
        pthread_cond_broadcast(&b->cond);
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

rcm_bgwrite *rcm_bgwrite_new(int fd, size_t cap)
{
    rcm_bgwrite *b = calloc(1, sizeof *b);
    int i;
    if (!b)
        return NULL;
    b->fd = fd;
    b->cap = cap;
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->cond, NULL);
    for (i = 0; i < NBUF; i++)
        if (posix_memalign((void **)&b->bufs[i], RCM_BGWRITE_ALIGN, cap) != 0) {
            b->bufs[i] = NULL;
            rcm_bgwrite_free(b);
            return NULL;
        }
    for (i = 1; i < NBUF; i++)
        b->idle[b->n_idle++] = b->bufs[i];
    return b;
}

char *rcm_bgwrite_buffer(rcm_bgwrite *b) { return b->bufs[0]; }

int rcm_bgwrite_direct(rcm_bgwrite *b)
{
#if defined(O_DIRECT)
    int fl = fcntl(b->fd, F_GETFL);
    if (!b->started && fl >= 0 && fcntl(b->fd, F_SETFL, fl | O_DIRECT) == 0)
        b->direct = 1;
#endif
    return b->direct;
}

/* A field the writing thread may change, read from the caller's thread. */
static int read_locked(rcm_bgwrite *b, const int *field)
{
    int v;
    pthread_mutex_lock(&b->lock);
    v = *field;
    pthread_mutex_unlock(&b->lock);
    return v;
}

int rcm_bgwrite_is_direct(rcm_bgwrite *b) { return read_locked(b, &b->direct); }

int rcm_bgwrite_error(rcm_bgwrite *b) { return read_locked(b, &b->err); }

char *rcm_bgwrite_swap(rcm_bgwrite *b, char *buf, size_t len)
{
    char *next;
    if (!b->started) {
        if (pthread_create(&b->thread, NULL, run, b) != 0) {
            write_all(b, buf, len); /* no thread: write in turn */
            return buf;
        }
        b->started = 1;
    }
    pthread_mutex_lock(&b->lock);
    b->q[(b->q_head + b->q_len) % NBUF] = (item){buf, len};
    b->q_len++;
    pthread_cond_broadcast(&b->cond);
    while (!b->n_idle)
        pthread_cond_wait(&b->cond, &b->lock);
    next = b->idle[--b->n_idle];
    pthread_mutex_unlock(&b->lock);
    return next;
}

static void stop_thread(rcm_bgwrite *b, int drop)
{
    if (!b->started)
        return;
    pthread_mutex_lock(&b->lock);
    if (drop)
        b->drop = 1;
    b->stop = 1;
    pthread_cond_broadcast(&b->cond);
    pthread_mutex_unlock(&b->lock);
    pthread_join(b->thread, NULL);
    b->started = 0;
}

int rcm_bgwrite_finish(rcm_bgwrite *b, const char *buf, size_t len)
{
    stop_thread(b, 0);
    if (b->direct)
        set_direct_off(b);
    write_all(b, buf, len);
    return b->err;
}

void rcm_bgwrite_free(rcm_bgwrite *b)
{
    int i;
    if (!b)
        return;
    stop_thread(b, 1);
    for (i = 0; i < NBUF; i++)
        free(b->bufs[i]);
    pthread_cond_destroy(&b->cond);
    pthread_mutex_destroy(&b->lock);
    free(b);
}
