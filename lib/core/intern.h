/*
 * intern.h - string interning: each distinct byte string gets a dense id.
 *
 * Ids start at 1 in order of first appearance; 0 is reserved for "empty /
 * absent", so a zeroed struct field means no value. Strings live in the
 * table's own arena until rcm_intern_free. Used for student ids, district and
 * school ids, names and course ids so per-row records stay fixed-size.
 */
#ifndef RCM_CORE_INTERN_H
#define RCM_CORE_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef struct rcm_intern rcm_intern;

rcm_intern *rcm_intern_new(void);
void rcm_intern_free(rcm_intern *t);
/* Id of s[0..len), adding it when new. len 0 gives id 0. Returns 0 on
 * success, -1 when out of memory. */
int rcm_intern_put(rcm_intern *t, const char *s, size_t len, uint32_t *id);
/* Id of s[0..len) or 0 when absent. */
uint32_t rcm_intern_find(const rcm_intern *t, const char *s, size_t len);
/* Start loading what a lookup of a string with hash h (rcm_hash_bytes)
 * will read, one step per call, in a pipeline a few rows ahead of the
 * lookup: step 1 the slot; step 2 (the slot already loaded) the id's entry;
 * step 3 (the entry loaded) the string. A hint: no effect on results. */
void rcm_intern_prefetch(const rcm_intern *t, uint64_t h, int step);
/* The NUL-terminated string of an id ("" for 0). */
/* No more new strings for a while: stop faulting in memory for growth and
 * free what was made ready for it (puts still work, and grow as needed). */
void rcm_intern_settle(rcm_intern *t);
const char *rcm_intern_str(const rcm_intern *t, uint32_t id);
size_t rcm_intern_len(const rcm_intern *t, uint32_t id);
/* Number of ids handed out (the largest id). */
uint32_t rcm_intern_count(const rcm_intern *t);
/* ranks[id] = position of string id in byte order (0-based), for ids
 * 1..count; ranks[0] is unused. Caller owns the returned array (free()).
 * NULL when out of memory. */
uint32_t *rcm_intern_ranks(const rcm_intern *t);

/* 64-bit hash of a byte string (FNV-1a folded), used by the hash tables. */
uint64_t rcm_hash_bytes(const void *p, size_t len);

#endif
