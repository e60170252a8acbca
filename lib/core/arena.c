/*
 * arena.c - region allocator and the checked allocation wrappers.
 */
#if defined(__linux__)
#define _DEFAULT_SOURCE /* madvise */
#include <sys/mman.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

typedef struct block {
    struct block *next;
    size_t size, used;
    /* data follows, 16-byte aligned */
} block;

struct rcm_arena {
    block *head;
    size_t total;
};

#define HDR ((sizeof(block) + 15) & ~(size_t)15)

/* Failure injection: allocation number fail_at (counted by alloc_count)
 * and later ones return NULL. Atomic: the writer threads allocate too. */
static _Atomic unsigned long fail_at;
static _Atomic unsigned long alloc_count;

void rcm_alloc_fail_at(unsigned long n)
{
    fail_at = n;
    alloc_count = 0;
}

int rcm_alloc_injection_armed(void) { return fail_at != 0; }

static int injected_failure(void)
{
    if (!fail_at)
        return 0;
    return ++alloc_count >= fail_at; /* atomic increment */
}

/*
 * The big tables (row arrays, the duplicate set, per-student state) are
 * read in random order; with 4 KiB pages nearly every probe of a 64 MiB
 * table also misses the TLB. Ask for transparent huge pages on the 2 MiB
 * aligned interior of any block of 8 MiB or more. Only a hint: the kernel
 * may refuse (THP "never"), and nothing depends on it.
 */
#define HUGE_MIN ((size_t)8 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

static void *hint_huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (p && size >= HUGE_MIN) {
        uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        uintptr_t hi = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);
        if (hi > lo)
            (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
#else
    (void)size;
#endif
    return p;
}

void *rcm_malloc(size_t size)
{
    if (injected_failure())
        return NULL;
    return hint_huge(malloc(size ? size : 1), size);
}

void *rcm_calloc(size_t n, size_t size)
{
    if (injected_failure())
        return NULL;
    return hint_huge(calloc(n ? n : 1, size ? size : 1), n && size <= SIZE_MAX / n ? n * size : 0);
}

void *rcm_realloc(void *p, size_t size)
{
    if (injected_failure())
        return NULL;
    return hint_huge(realloc(p, size ? size : 1), size);
}

int rcm_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t n = *cap ? *cap : 16;
    void *q;
    if (need <= *cap)
        return 0;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    q = rcm_realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

rcm_arena *rcm_arena_new(void) { return rcm_calloc(1, sizeof(rcm_arena)); }

void rcm_arena_free(rcm_arena *a)
{
    block *b, *next;
    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

static void *arena_raw(rcm_arena *a, size_t size)
{
    block *b = a->head;
    size = (size + 15) & ~(size_t)15;
    if (!b || b->size - b->used < size) {
        size_t bs = b ? b->size * 2 : 64 * 1024;
        if (bs > 64u << 20)
            bs = 64u << 20;
        if (bs < size)
            bs = size;
        b = rcm_malloc(HDR + bs);
        if (!b)
            return NULL;
        b->size = bs;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->total += bs;
    }
    {
        char *p = (char *)b + HDR + b->used;
        b->used += size;
        return p;
    }
}

void *rcm_arena_alloc(rcm_arena *a, size_t size)
{
    void *p = arena_raw(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *rcm_arena_strndup(rcm_arena *a, const char *s, size_t len)
{
    char *p = arena_raw(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

size_t rcm_arena_used(const rcm_arena *a) { return a ? a->total : 0; }
