/*
 * halves.c - see halves.h.
 */
#include <pthread.h>

#include "core/arena.h"
#include "core/halves.h"

typedef struct {
    rcm_range_fn fn;
    void *ctx;
    uint32_t lo, hi;
    int result;
} half;

static void *run_half(void *arg)
{
    half *h = arg;
    h->result = h->fn(h->ctx, h->lo, h->hi);
    return NULL;
}

int rcm_run_halves(rcm_range_fn fn, void *ctx0, void *ctx1, uint32_t lo, uint32_t hi,
                   uint32_t min, int *split)
{
    uint32_t mid = lo + (hi - lo) / 2;
    half first = {fn, ctx1, lo, mid, 0};
    pthread_t t;
    int rest;
    *split = 0;
    if (!ctx1 || hi - lo < min || rcm_alloc_injection_armed() ||
        pthread_create(&t, NULL, run_half, &first) != 0)
        return fn(ctx0, lo, hi);
    *split = 1;
    rest = fn(ctx0, mid, hi);
    pthread_join(t, NULL);
    return first.result | rest;
}
