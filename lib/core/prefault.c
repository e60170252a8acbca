/*
 * prefault.c - see prefault.h.
 */
#if defined(__linux__)
#define _GNU_SOURCE /* MADV_POPULATE_WRITE, SCHED_IDLE */
#endif
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/prefault.h"

/* Below this a range is not worth a thread. */
#define MIN_RANGE ((size_t)8 << 20)
/* Faulted in per call, so a stop takes effect soon. */
#define STEP ((size_t)4 << 20)

#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
struct rcm_prefault {
    pthread_t thread;
    atomic_int stop;
    atomic_int done;    /* ranges finished (all of them once the thread ends) */
    int n;
    struct {
        uintptr_t lo, hi;
    } range[RCM_PREFAULT_MAX_RANGES];
};

static void *run(void *arg)
{
    rcm_prefault *pf = arg;
    int i;
#if defined(SCHED_IDLE)
    /* only the idle time of the cores: never ahead of the threads doing
     * the work, which fault their pages themselves when it falls behind */
    struct sched_param none = {0};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &none);
#endif
    for (i = 0; i < pf->n; i++) {
        uintptr_t p;
        for (p = pf->range[i].lo; p < pf->range[i].hi; p += STEP) {
            size_t n = pf->range[i].hi - p < STEP ? pf->range[i].hi - p : STEP;
            if (atomic_load_explicit(&pf->stop, memory_order_relaxed) ||
                madvise((void *)p, n, MADV_POPULATE_WRITE) != 0)
                goto out;
        }
        atomic_store_explicit(&pf->done, i + 1, memory_order_release);
    }
out:
    atomic_store_explicit(&pf->done, RCM_PREFAULT_MAX_RANGES, memory_order_release);
    return NULL;
}

/* Whole pages inside [p, p+len). */
static void page_range(rcm_prefault *pf, int i, void *p, size_t len)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t hi = ((uintptr_t)p + len) & ~(page - 1);
    pf->range[i].lo = lo;
    pf->range[i].hi = p && len >= MIN_RANGE && hi > lo ? hi : lo;
}

rcm_prefault *rcm_prefault_start(const rcm_range *r, int n)
{
    rcm_prefault *pf;
    int i, worth = 0;
    for (i = 0; i < n && i < RCM_PREFAULT_MAX_RANGES; i++)
        worth |= r[i].p && r[i].len >= MIN_RANGE;
    if (!worth || !(pf = calloc(1, sizeof *pf)))
        return NULL;
    atomic_init(&pf->stop, 0);
    atomic_init(&pf->done, 0);
    for (i = 0; i < n && i < RCM_PREFAULT_MAX_RANGES; i++)
        page_range(pf, pf->n++, r[i].p, r[i].len);
    if (pthread_create(&pf->thread, NULL, run, pf) != 0) {
        free(pf);
        return NULL;
    }
    return pf;
}

int rcm_prefault_done(rcm_prefault *pf, int i)
{
    return !pf || atomic_load_explicit(&pf->done, memory_order_acquire) > i;
}

void rcm_prefault_stop(rcm_prefault *pf)
{
    if (!pf)
        return;
    atomic_store_explicit(&pf->stop, 1, memory_order_relaxed);
    pthread_join(pf->thread, NULL);
    free(pf);
}
#else
rcm_prefault *rcm_prefault_start(const rcm_range *r, int n)
{
    (void)r, (void)n;
    return NULL;
}

int rcm_prefault_done(rcm_prefault *pf, int i)
{
    (void)pf, (void)i;
    return 1;
}

void rcm_prefault_stop(rcm_prefault *pf) { (void)pf; }
#endif
