/*
 * arena.h - region allocator: many allocations, one free.
 *
 * Used for interned strings, parsed config values and other data that lives
 * as long as a run. Blocks grow geometrically; nothing is freed one by one.
 * All returned memory is owned by the arena and freed by rcm_arena_free.
 */
#ifndef RCM_CORE_ARENA_H
#define RCM_CORE_ARENA_H

#include <stddef.h>

typedef struct rcm_arena rcm_arena;

/* New empty arena, or NULL when out of memory. */
rcm_arena *rcm_arena_new(void);
/* Free the arena and everything allocated from it. NULL is a no-op. */
void rcm_arena_free(rcm_arena *a);
/* size bytes aligned to 16, zero-filled; NULL when out of memory. */
void *rcm_arena_alloc(rcm_arena *a, size_t size);
/* Copy of s[0..len) with a terminating NUL; NULL when out of memory. */
char *rcm_arena_strndup(rcm_arena *a, const char *s, size_t len);
/* Bytes handed out so far (for the memory log line). */
size_t rcm_arena_used(const rcm_arena *a);

/*
 * Checked heap allocation used everywhere instead of malloc/realloc, so that
 * tests can make the Nth allocation fail (rcm_alloc_fail_at) and check that
 * every stage returns RCM_ERR_NOMEM cleanly.
 */
void *rcm_malloc(size_t size);
void *rcm_calloc(size_t n, size_t size);
void *rcm_realloc(void *p, size_t size);
/* Grow *p (holding *cap elements of elem bytes) to hold at least `need`
 * elements; returns 0, or -1 when out of memory (then *p is unchanged). */
int rcm_grow(void **p, size_t *cap, size_t need, size_t elem);
/* Make allocation number n (1-based, counted from now) and all later ones
 * fail; 0 turns failure injection off. For tests. */
void rcm_alloc_fail_at(unsigned long n);
/* Whether failure injection is on (stages then stay single-threaded so the
 * failing allocation is the same on every run). */
int rcm_alloc_injection_armed(void);

#endif
