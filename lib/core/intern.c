/*
 * intern.c - string interning with open addressing.
 *
 * Strings are copied into an arena (stable pointers); the table stores ids
 * and a copy of each hash so that growing never rehashes the bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/intern.h"

struct rcm_intern {
    rcm_arena *arena;
    const char **str;   /* str[id] */
    uint32_t *len;      /* len[id] */
    uint32_t *hash32;   /* hash32[id] */
    size_t cap_ids;
    uint32_t count;
    uint32_t *slots;    /* 0 = empty, else id */
    size_t n_slots;     /* power of two */
};

uint64_t rcm_hash_bytes(const void *p, size_t len)
{
    /* eight bytes at a time with a multiply-xorshift mix, then a final
     * avalanche; ids are short, so this is a few multiplies per string */
    const unsigned char *s = p;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len, w;
    for (; len >= 8; s += 8, len -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
    }
    if (len) {
        w = 0;
        memcpy(&w, s, len);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
    }
    h ^= h >> 32;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 29;
    return h;
}

rcm_intern *rcm_intern_new(void)
{
    rcm_intern *t = rcm_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->arena = rcm_arena_new();
    t->n_slots = 1024;
    t->slots = rcm_calloc(t->n_slots, sizeof *t->slots);
    if (!t->arena || !t->slots || rcm_grow((void **)&t->str, &t->cap_ids, 1, sizeof *t->str)) {
        rcm_intern_free(t);
        return NULL;
    }
    t->len = rcm_calloc(t->cap_ids, sizeof *t->len);
    t->hash32 = rcm_calloc(t->cap_ids, sizeof *t->hash32);
    if (!t->len || !t->hash32) {
        rcm_intern_free(t);
        return NULL;
    }
    t->str[0] = "";
    return t;
}

void rcm_intern_free(rcm_intern *t)
{
    if (!t)
        return;
    rcm_arena_free(t->arena);
    free(t->str);
    free(t->len);
    free(t->hash32);
    free(t->slots);
    free(t);
}

static int rehash(rcm_intern *t)
{
    size_t n = t->n_slots * 2, i;
    uint32_t *slots = rcm_calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (i = 1; i <= t->count; i++) {
        size_t j = t->hash32[i] & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)i;
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = n;
    return 0;
}

static size_t probe(const rcm_intern *t, const char *s, size_t len, uint32_t h)
{
    size_t j = h & (t->n_slots - 1);
    for (;;) {
        uint32_t id = t->slots[j];
        if (!id || (t->hash32[id] == h && t->len[id] == len && memcmp(t->str[id], s, len) == 0))
            return j;
        j = (j + 1) & (t->n_slots - 1);
    }
}

uint32_t rcm_intern_find(const rcm_intern *t, const char *s, size_t len)
{
    if (!len)
        return 0;
    return t->slots[probe(t, s, len, (uint32_t)rcm_hash_bytes(s, len))];
}

static int grow_ids(rcm_intern *t)
{
    size_t cap = t->cap_ids, need = (size_t)t->count + 2;
    size_t c1 = cap, c2 = cap;
    if (need <= cap)
        return 0;
    if (rcm_grow((void **)&t->str, &c1, need, sizeof *t->str) ||
        rcm_grow((void **)&t->len, &c2, need, sizeof *t->len))
        return -1;
    c2 = cap;
    if (rcm_grow((void **)&t->hash32, &c2, need, sizeof *t->hash32))
        return -1;
    t->cap_ids = c1;
    return 0;
}

int rcm_intern_put(rcm_intern *t, const char *s, size_t len, uint32_t *id)
{
    uint32_t h;
    size_t j;
    char *copy;
    if (!len || len > UINT32_MAX) {
        *id = 0;
        return len ? -1 : 0;
    }
    h = (uint32_t)rcm_hash_bytes(s, len);
    j = probe(t, s, len, h);
    if (t->slots[j]) {
        *id = t->slots[j];
        return 0;
    }
    if (t->count == UINT32_MAX - 2 || grow_ids(t))
        return -1;
    copy = rcm_arena_strndup(t->arena, s, len);
    if (!copy)
        return -1;
    t->count++;
    t->str[t->count] = copy;
    t->len[t->count] = (uint32_t)len;
    t->hash32[t->count] = h;
    t->slots[j] = t->count;
    *id = t->count;
    if ((size_t)t->count * 2 > t->n_slots && rehash(t))
        return -1;
    return 0;
}

const char *rcm_intern_str(const rcm_intern *t, uint32_t id)
{
    return id <= t->count ? t->str[id] : "";
}

size_t rcm_intern_len(const rcm_intern *t, uint32_t id)
{
    return id && id <= t->count ? t->len[id] : 0;
}

uint32_t rcm_intern_count(const rcm_intern *t) { return t->count; }

static const rcm_intern *sort_table;

static int cmp_ids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    size_t lx = sort_table->len[x], ly = sort_table->len[y];
    int c = memcmp(sort_table->str[x], sort_table->str[y], lx < ly ? lx : ly);
    if (c)
        return c;
    return lx < ly ? -1 : lx > ly;
}

uint32_t *rcm_intern_ranks(const rcm_intern *t)
{
    uint32_t n = t->count, i;
    uint32_t *ids = rcm_malloc(((size_t)n + 1) * sizeof *ids);
    uint32_t *ranks = rcm_calloc((size_t)n + 1, sizeof *ranks);
    if (!ids || !ranks) {
        free(ids);
        free(ranks);
        return NULL;
    }
    for (i = 0; i < n; i++)
        ids[i] = i + 1;
    /* qsort has no context argument in C11; the table is read-only here. */
    sort_table = t;
    qsort(ids, n, sizeof *ids, cmp_ids);
    sort_table = NULL;
    for (i = 0; i < n; i++)
        ranks[ids[i]] = i;
    free(ids);
    return ranks;
}
