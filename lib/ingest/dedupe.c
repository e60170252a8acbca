/*
 * dedupe.c - exact duplicates (SPEC 3.6): a row whose canonical values equal
 * an earlier accepted row of the same file is merged, not stored.
 *
 * Accepted rows are compact fixed-size records, zeroed before they are
 * filled, so two rows have the same canonical values exactly when their
 * bytes are equal outside the fields that are not values (the enrollment's
 * order, the credential's line). The set holds only row indices into the
 * dataset arrays: 4 bytes a slot, ~6-11 bytes per accepted row.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "ingest/ingest_internal.h"

/* Which bytes of a record are its canonical values: all but
 * [skip_off, skip_off + skip_len) (the enrollment's order, the credential's
 * line). Records are zeroed before filling, so padding compares equal. */
typedef struct {
    size_t elem, skip_off, skip_len;
} row_key;

static uint64_t hash_bytes(uint64_t h, const unsigned char *p, size_t n)
{
    uint64_t w;
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 31;
    }
    if (n) {
        w = 0;
        memcpy(&w, p, n);
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 31;
    }
    return h;
}

static uint64_t key_hash(const row_key *k, const void *row)
{
    const unsigned char *p = row;
    size_t tail = k->skip_off + k->skip_len;
    uint64_t h = hash_bytes(0x243f6a8885a308d3ULL, p, k->skip_off);
    h = hash_bytes(h, p + tail, k->elem - tail);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static int key_eq(const row_key *k, const void *a, const void *b)
{
    const unsigned char *x = a, *y = b;
    size_t tail = k->skip_off + k->skip_len;
    return memcmp(x, y, k->skip_off) == 0 && memcmp(x + tail, y + tail, k->elem - tail) == 0;
}

/*
 * Slot layout: a slot is 0 when free, else (tag << bits) | (index + 1), where
 * bits = log2(n_slots) + 1 leaves room for any index below the 0.7 load and
 * the tag is the top 32 - bits bits of the row's hash (7 bits at 6 million
 * rows). Comparing tags first means a probe touches a stored row only when
 * the tags agree, so an insert usually costs one cache miss, not three.
 */
#define MAX_SLOTS ((size_t)1 << 31)

static unsigned slot_bits(size_t n_slots)
{
    unsigned b = 1;
    while (((size_t)1 << (b - 1)) < n_slots)
        b++;
    return b;
}

static uint32_t slot_tag(uint64_t h, unsigned bits)
{
    return bits >= 32 ? 0 : (uint32_t)(h >> 32) >> bits;
}

static void slot_put(uint32_t *slots, size_t n_slots, unsigned bits, uint64_t h, size_t index)
{
    size_t j = h & (n_slots - 1);
    while (slots[j])
        j = (j + 1) & (n_slots - 1);
    slots[j] = (bits >= 32 ? 0 : slot_tag(h, bits) << bits) | (uint32_t)(index + 1);
}

/* The slots a set needs for `want` rows at a load of at most 0.7 (at
 * least `from`); 0 when that is more than MAX_SLOTS. */
static size_t slots_for(size_t want, size_t from)
{
    size_t n_slots = from ? from : 1024;
    while (want * 10 > n_slots * 7 && n_slots <= MAX_SLOTS)
        n_slots *= 2;
    return n_slots > MAX_SLOTS ? 0 : n_slots;
}

/* Move the n stored rows into `slots` (zeroed) and make it the set. */
static void rowset_adopt(rcm_rowset *s, const row_key *k, const unsigned char *rows, size_t n,
                         uint32_t *slots, size_t n_slots)
{
    unsigned bits = slot_bits(n_slots);
    size_t i;
    for (i = 0; i < n; i++)
        slot_put(slots, n_slots, bits, key_hash(k, rows + i * k->elem), i);
    free(s->slots);
    s->slots = slots;
    s->n_slots = n_slots;
    s->bits = bits;
}

/* Make room for `want` rows at a load of at most 0.7: rehash the n stored
 * rows into enough slots. */
static int rowset_reserve(rcm_rowset *s, const row_key *k, const unsigned char *rows, size_t n,
                          size_t want)
{
    size_t n_slots;
    uint32_t *slots;
    if (want * 10 <= s->n_slots * 7)
        return 0;
    if (!(n_slots = slots_for(want, s->n_slots)) ||
        !(slots = rcm_calloc(n_slots, sizeof *slots)))
        return -1;
    rowset_adopt(s, k, rows, n, slots, n_slots);
    return 0;
}


static const row_key row_keys[RCM_FILE_COUNT] = {
    {sizeof(rcm_enrollment), offsetof(rcm_enrollment, order), sizeof(uint32_t)},
    {sizeof(rcm_credential), offsetof(rcm_credential, line), sizeof(uint32_t)},
    {sizeof(rcm_assessment), 0, 0},
    {sizeof(rcm_program), 0, 0},
};

/* The dataset array that f's file fills, and its length. */
static void rows_of(rcm_file_reader *f, void ***rows, size_t **n)
{
    rcm_dataset *ds = f->ds;
    switch (f->kind) {
    case RCM_FILE_ENROLLMENTS: *rows = (void **)&ds->enr; *n = &ds->n_enr; return;
    case RCM_FILE_CREDENTIALS: *rows = (void **)&ds->cred; *n = &ds->n_cred; return;
    case RCM_FILE_ASSESSMENTS: *rows = (void **)&ds->test; *n = &ds->n_test; return;
    case RCM_FILE_PROGRAMS:
    case RCM_FILE_COUNT: break;
    }
    *rows = (void **)&ds->prog;
    *n = &ds->n_prog;
}

/*
 * Presizing: the row array grows to the expected rows and a set for them is
 * allocated, and a helper faults both in (the set first). Rows go on into
 * the small set until the large one's pages are in: filled at once, its
 * random writes would fault in every page of it on this thread (tens of
 * megabytes cleared while the other core has room).
 */
void rcm_ingest_presize(rcm_file_reader *f, uint64_t expected_rows)
{
    rcm_rowset *s = &f->seen;
    void **rows;
    size_t *n, n_slots;
    rcm_range r[2];
    if (expected_rows > (uint64_t)MAX_SLOTS / 2)
        expected_rows = (uint64_t)MAX_SLOTS / 2;
    rows_of(f, &rows, &n);
    /* a failure here is not an error: the set and array grow as they go */
    if (f->prefault || s->spare || (n_slots = slots_for((size_t)expected_rows, 0)) <= s->n_slots ||
        rcm_grow(rows, &f->rows_cap, (size_t)expected_rows, row_keys[f->kind].elem) != 0 ||
        !(s->spare = rcm_calloc(n_slots, sizeof *s->spare)))
        return;
    s->spare_slots = n_slots;
    r[0].p = s->spare;
    r[0].len = n_slots * sizeof *s->spare;
    r[1].p = (unsigned char *)*rows + *n * row_keys[f->kind].elem;
    r[1].len = ((size_t)expected_rows - *n) * row_keys[f->kind].elem;
    /* under injected allocation failures the set is taken at once: when a
     * small set grows must not depend on a thread's timing */
    if (!rcm_alloc_injection_armed())
        f->prefault = rcm_prefault_start(r, 2);
}

/* The helper faults in the arrays where they are: stop it before the row
 * array or the set in use moves to a larger allocation. A presized set
 * still waiting is taken once the helper is done with it, or stopped. */
static void before_growth(rcm_file_reader *f, size_t n)
{
    rcm_rowset *s = &f->seen;
    if (f->prefault && (n + 1 > f->rows_cap || (!s->spare && (s->count + 1) * 10 > s->n_slots * 7))) {
        rcm_prefault_stop(f->prefault);
        f->prefault = NULL;
    }
    if (s->spare && rcm_prefault_done(f->prefault, 0)) {
        void **rows;
        size_t *count;
        rows_of(f, &rows, &count);
        if (*count * 10 <= s->spare_slots * 7) /* else the estimate was far off */
            rowset_adopt(s, &row_keys[f->kind], *rows, *count, s->spare, s->spare_slots);
        else
            free(s->spare);
        s->spare = NULL;
    }
}

uint64_t rcm_ingest_hash_row(rcm_file_reader *f, const void *cand)
{
    uint64_t h = key_hash(&row_keys[f->kind], cand);
#if defined(__GNUC__)
    /* the set is far larger than the cache: start loading the home slot now,
     * it is read once the next row has been parsed */
    if (f->seen.n_slots)
        __builtin_prefetch(&f->seen.slots[h & (f->seen.n_slots - 1)]);
#endif
    return h;
}

int rcm_ingest_add_unique(rcm_file_reader *f, const void *cand, uint64_t h)
{
    const row_key *k = &row_keys[f->kind];
    rcm_rowset *s = &f->seen;
    const unsigned char *base;
    void **rows;
    size_t *n, j;
    unsigned bits;
    uint32_t tag, mask;
    rows_of(f, &rows, &n);
    before_growth(f, *n);
    if (*n >= UINT32_MAX - 1 || rowset_reserve(s, k, *rows, *n, s->count + 1))
        return -1;
    bits = s->bits;
    tag = slot_tag(h, bits);
    mask = bits >= 32 ? UINT32_MAX : ((uint32_t)1 << bits) - 1;
    base = *rows;
    for (j = h & (s->n_slots - 1); s->slots[j]; j = (j + 1) & (s->n_slots - 1)) {
        uint32_t slot = s->slots[j];
        if ((bits >= 32 ? 0 : slot >> bits) == tag &&
            key_eq(k, base + (size_t)((slot & mask) - 1) * k->elem, cand))
            return 1;
    }
    if (rcm_grow(rows, &f->rows_cap, *n + 1, k->elem))
        return -1;
    memcpy((unsigned char *)*rows + *n * k->elem, cand, k->elem);
    slot_put(s->slots, s->n_slots, bits, h, *n);
    s->count++;
    (*n)++;
    return 0;
}
