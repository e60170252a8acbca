/*
 * prefault.h - fault in memory a thread is about to fill, on a helper
 * thread, ahead of it.
 *
 * A fresh page costs a fault and a clear when first written; in a virtual
 * machine whose host gives memory back lazily the cost is several times
 * that of writing the page (about 1 s of the validating thread's 6 s at
 * 1.5M students). The helper takes that cost where the other core has
 * room. It only asks the kernel to map the pages writable
 * (MADV_POPULATE_WRITE): the contents are unchanged, so it is a hint that
 * can be stopped, fail, or be missing (before Linux 5.14) without effect
 * on results.
 */
#ifndef RCM_CORE_PREFAULT_H
#define RCM_CORE_PREFAULT_H

#include <stddef.h>

typedef struct rcm_prefault rcm_prefault;

/* A range of memory to fault in. */
typedef struct {
    void *p;
    size_t len;
} rcm_range;

#define RCM_PREFAULT_MAX_RANGES 8

/* Start faulting in the ranges r[0..n) in order (n <= RCM_PREFAULT_MAX_RANGES;
 * ranges under 8 MiB are skipped). NULL when there is nothing worth doing,
 * no support, or no thread: the caller then simply writes to cold pages. */
rcm_prefault *rcm_prefault_start(const rcm_range *r, int n);
/* 1 when range i and those before it are faulted in, or the helper has
 * given up or ended (NULL: 1): a caller may wait for this before it writes
 * at random into range i, which would otherwise fault its pages itself. */
int rcm_prefault_done(rcm_prefault *pf, int i);
/* Stop and join the helper; call before the ranges are freed or moved.
 * NULL: no-op. */
void rcm_prefault_stop(rcm_prefault *pf);

#endif
