/*
 * halves.h - one loop over [lo, hi) run as two halves on two threads.
 *
 * For per-student work whose results are summed (cohort rules, metric
 * counts): the first half runs on a helper thread with its own state, the
 * rest on the calling thread; the caller adds the helper's state to its
 * own afterwards, so the results equal one thread's.
 */
#ifndef RCM_CORE_HALVES_H
#define RCM_CORE_HALVES_H

#include <stdint.h>

/* Work on [lo, hi) with state ctx; 0, or nonzero on failure. */
typedef int (*rcm_range_fn)(void *ctx, uint32_t lo, uint32_t hi);

/* fn over [lo, hi): [lo, mid) on a helper thread with ctx1 and [mid, hi)
 * here with ctx0; or all of it here with ctx0 when the range is shorter
 * than `min`, while allocation failures are injected (their count must not
 * depend on thread timing), or when no thread starts. *split = 1 when
 * ctx1 was used. Returns the OR of the two results. */
int rcm_run_halves(rcm_range_fn fn, void *ctx0, void *ctx1, uint32_t lo, uint32_t hi,
                   uint32_t min, int *split);

#endif
