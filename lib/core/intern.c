/*
 * intern.c - string interning with open addressing.
 *
 * Strings are copied into an arena (stable pointers). A slot holds an id
 * and its string's 32-bit hash, so a probe reads a stored string only when
 * the hashes agree, and growing never rehashes the bytes; an id's pointer,
 * length and hash sit together, one cache line for same_as_last checks and
 * for the compare. The student table of a state has millions of ids and
 * far exceeds the cache: each avoided access is a miss saved.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/intern.h"
#include "core/prefault.h"

typedef struct {
    const char *s;
    uint32_t len;
    uint32_t hash32;
} entry;

struct rcm_intern {
    rcm_arena *arena;
    entry *e;           /* e[id]; e[0] is "" */
    size_t cap_ids;
    uint32_t count;
    uint64_t *slots;    /* 0 = empty, else hash32 << 32 | id */
    size_t n_slots;     /* power of two */
    uint64_t *spare;    /* the next slots (2 n_slots), zeroed, or NULL */
    rcm_prefault *pf_spare, *pf_e; /* faulting in spare, and e's new part */
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
    if (!t->arena || !t->slots || rcm_grow((void **)&t->e, &t->cap_ids, 1, sizeof *t->e)) {
        rcm_intern_free(t);
        return NULL;
    }
    t->e[0].s = "";
    t->e[0].len = 0;
    t->e[0].hash32 = 0;
    return t;
}

void rcm_intern_free(rcm_intern *t)
{
    if (!t)
        return;
    rcm_intern_settle(t);
    rcm_arena_free(t->arena);
    free(t->e);
    free(t->slots);
    free(t);
}

static uint64_t slot_of(uint32_t h, uint32_t id) { return (uint64_t)h << 32 | id; }

/*
 * A table of a state's students grows to 32 MiB of slots, filled at random:
 * every page of a new table would be faulted in (and cleared) by the thread
 * that fills it. So the next table is allocated when this one is 40% full
 * (it is replaced at 50%), and a helper faults it in where the other core
 * has room. A table that stops growing before then frees it at
 * rcm_intern_settle.
 */
static void prepare_spare(rcm_intern *t)
{
    rcm_range r;
    if (t->spare || t->n_slots * 2 * sizeof *t->spare < ((size_t)8 << 20) ||
        !(t->spare = rcm_calloc(t->n_slots * 2, sizeof *t->spare)))
        return;
    r.p = t->spare;
    r.len = t->n_slots * 2 * sizeof *t->spare;
    t->pf_spare = rcm_prefault_start(&r, 1);
}

/* The ids' array grows in place or moves: the helper stops first. A large
 * new part is faulted in ahead of the ids written into it. */
static int grow_ids(rcm_intern *t, size_t need)
{
    size_t old = t->cap_ids;
    rcm_range r;
    if (need <= t->cap_ids)
        return 0;
    rcm_prefault_stop(t->pf_e);
    t->pf_e = NULL;
    if (rcm_grow((void **)&t->e, &t->cap_ids, need, sizeof *t->e))
        return -1;
    r.p = t->e + old;
    r.len = (t->cap_ids - old) * sizeof *t->e;
    t->pf_e = rcm_prefault_start(&r, 1);
    return 0;
}

static int rehash(rcm_intern *t)
{
    size_t n = t->n_slots * 2, i;
    uint64_t *slots = t->spare;
    rcm_prefault_stop(t->pf_spare);
    t->pf_spare = NULL;
    t->spare = NULL;
    if (!slots && !(slots = rcm_calloc(n, sizeof *slots)))
        return -1;
    for (i = 1; i <= t->count; i++) {
        size_t j = t->e[i].hash32 & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = slot_of(t->e[i].hash32, (uint32_t)i);
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = n;
    return 0;
}

/* The slot holding s[0..len), or the empty slot where it would go. */
static size_t probe(const rcm_intern *t, const char *s, size_t len, uint32_t h)
{
    size_t j = h & (t->n_slots - 1);
    for (;;) {
        uint64_t slot = t->slots[j];
        if (!slot)
            return j;
        if ((uint32_t)(slot >> 32) == h) {
            const entry *x = &t->e[(uint32_t)slot];
            if (x->len == len && memcmp(x->s, s, len) == 0)
                return j;
        }
        j = (j + 1) & (t->n_slots - 1);
    }
}

void rcm_intern_prefetch(const rcm_intern *t, uint64_t h, int step)
{
#if defined(__GNUC__)
    uint32_t h32 = (uint32_t)h;
    const uint64_t *slot = &t->slots[h32 & (t->n_slots - 1)];
    if (step == 1) {
        __builtin_prefetch(slot);
        return;
    }
    /* only the home slot: a string further along the probe is rare */
    if (!*slot || (uint32_t)(*slot >> 32) != h32)
        return;
    if (step == 2)
        __builtin_prefetch(&t->e[(uint32_t)*slot]);
    else
        __builtin_prefetch(t->e[(uint32_t)*slot].s);
#else
    (void)t, (void)h, (void)step;
#endif
}

uint32_t rcm_intern_find(const rcm_intern *t, const char *s, size_t len)
{
    if (!len)
        return 0;
    return (uint32_t)t->slots[probe(t, s, len, (uint32_t)rcm_hash_bytes(s, len))];
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
        *id = (uint32_t)t->slots[j];
        return 0;
    }
    if (t->count == UINT32_MAX - 2 || grow_ids(t, (size_t)t->count + 2))
        return -1;
    copy = rcm_arena_strndup(t->arena, s, len);
    if (!copy)
        return -1;
    t->count++;
    t->e[t->count].s = copy;
    t->e[t->count].len = (uint32_t)len;
    t->e[t->count].hash32 = h;
    t->slots[j] = slot_of(h, t->count);
    *id = t->count;
    if ((size_t)t->count * 5 > t->n_slots * 2)
        prepare_spare(t);
    if ((size_t)t->count * 2 > t->n_slots && rehash(t))
        return -1;
    return 0;
}

void rcm_intern_settle(rcm_intern *t)
{
    if (!t)
        return;
    rcm_prefault_stop(t->pf_spare);
    rcm_prefault_stop(t->pf_e);
    t->pf_spare = t->pf_e = NULL;
    free(t->spare);
    t->spare = NULL;
}

const char *rcm_intern_str(const rcm_intern *t, uint32_t id)
{
    return id <= t->count ? t->e[id].s : "";
}

size_t rcm_intern_len(const rcm_intern *t, uint32_t id)
{
    return id && id <= t->count ? t->e[id].len : 0;
}

uint32_t rcm_intern_count(const rcm_intern *t) { return t->count; }

static const rcm_intern *sort_table;

static int cmp_ids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    size_t lx = sort_table->e[x].len, ly = sort_table->e[y].len;
    int c = memcmp(sort_table->e[x].s, sort_table->e[y].s, lx < ly ? lx : ly);
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
